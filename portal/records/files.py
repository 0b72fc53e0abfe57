"""Opening an import file safely: size, emptiness, binary files, text encodings.

A file is read as a stream, more than once if need be (a first pass finds duplicate UPNs),
so its size in memory never grows with the number of pupils in it.
"""

import codecs
import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from flask import current_app, has_app_context
from flask_babel import gettext as _

CHUNK = 64 * 1024
DEFAULT_MAX_MB = 20

Opener = Callable[[], BinaryIO]


class FileProblem(Exception):
    """A file that cannot be imported, with a message for the SENCO. Nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    mb = (
        current_app.config.get("RECORDS_MAX_UPLOAD_MB", DEFAULT_MAX_MB)
        if has_app_context()
        else DEFAULT_MAX_MB
    )
    return int(mb) * 1024 * 1024


def from_bytes(content: bytes) -> Opener:
    return lambda: io.BytesIO(content)


def from_path(path: str | Path) -> Opener:
    path = Path(path)
    if not path.is_file():
        raise FileProblem(_("There is no file at %(path)s.", path=str(path)))
    return lambda: path.open("rb")


def size_of(opener: Opener) -> int:
    with opener() as stream:
        stream.seek(0, io.SEEK_END)
        return stream.tell()


def check_size(opener: Opener) -> None:
    size = size_of(opener)
    if size == 0:
        raise FileProblem(_("The file is empty."))
    limit = max_bytes()
    if size > limit:
        raise FileProblem(
            _(
                "The file is larger than %(mb)d MB. Export fewer pupils at a time, or ask the "
                "portal's administrator to raise the limit.",
                mb=limit // (1024 * 1024),
            )
        )


def head(opener: Opener, size: int = 8192) -> bytes:
    with opener() as stream:
        return stream.read(size)


def refuse_zipped_or_binary(start: bytes, *, expected: str) -> None:
    """Refuse spreadsheets, archives and other binary files named as text."""
    if start.startswith(b"PK\x03\x04"):
        raise FileProblem(
            _(
                "This is a zipped file (an Excel workbook, or a ZIP), not a %(kind)s. "
                "Save or export it as %(kind)s and upload that.",
                kind=expected,
            )
        )
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            _(
                "This is an old Excel workbook, not a %(kind)s. In Excel choose Save as and "
                "pick CSV UTF-8.",
                kind=expected,
            )
        )
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if b"\x00" in start or _control_share(start) > 0.05:
        raise FileProblem(_("This file is not text, so it cannot be a %(kind)s.", kind=expected))


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    control = sum(1 for b in data if b < 32 and b not in (9, 10, 13))
    return control / len(data)


def detect_encoding(opener: Opener) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with its mark, or Windows-1252."""
    start = head(opener, 4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    with opener() as stream:
        try:
            while chunk := stream.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def text_stream(opener: Opener, encoding: str) -> io.TextIOWrapper:
    # newline="" lets the csv module see line breaks inside quoted cells.
    return io.TextIOWrapper(opener(), encoding=encoding, errors="replace", newline="")
