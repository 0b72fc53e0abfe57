"""What a pupil may send as a picture or a recording, checked by what the bytes are.

A file's name and the type the browser claims are ignored: both are whatever the phone or
the sender says. Pictures are opened, verified and drawn again by Pillow, so what is kept
is a fresh JPEG or PNG with the right way up applied and no EXIF, GPS, XMP or camera data.
Recordings are kept as sent (re-encoding audio needs codecs this server does not have),
but only once their container and codec are recognised and they last at most two minutes.

Each refusal carries a message for the person, translated, saying what to do instead.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from mutagen import MutagenError
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.files.containers import ContainerError, mp4_summary, webm_summary

MB = 1024 * 1024

# Pictures: a phone photo is 2 to 12 MB; what is kept is at most 2,000 pixels a side.
PICTURE_MAX_BYTES = 20 * MB
PICTURE_MAX_PIXELS = 50_000_000  # a 50-megapixel camera's photo, before it is made smaller
PICTURE_MAX_SIDE = 2000
PICTURE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
JPEG_QUALITY = 85

# Recordings: two minutes. Measured with Chromium's MediaRecorder (benchmarks/recording.py):
# two minutes of Opus is 501,300 bytes in WebM (512,944 in MP4) at the 32 kbit/s the
# portal's recorder asks for, and 1,939,733 bytes (1.85 MB) at Chromium's default bit rate;
# a 256 kbit/s MP3 of two minutes, the richest a phone's recorder is likely to send, is
# 3.84 MB. 4 MB holds them all.
RECORDING_MAX_SECONDS = 120
RECORDING_GRACE_MS = 1000  # a recorder stopped by its own timer ends a few frames late
RECORDING_MAX_BYTES = 4 * MB
RECORDING_BITS_PER_SECOND = 32_000

AUDIO_TYPES = ("audio/webm", "audio/mp4", "audio/mpeg")
MP4_AUDIO_CODECS = {"mp4a", "Opus"}  # AAC (Safari, phones' voice memos) and Opus (Chromium)
PICTURE_ACCEPT = "image/jpeg,image/png,image/gif,image/webp"
RECORDING_ACCEPT = "audio/webm,audio/mp4,audio/mpeg,.webm,.m4a,.mp4,.mp3"

MESSAGES = {
    "empty": _l("The file is empty. Choose another one."),
    "picture_too_big": _l("This picture is too big. Choose one smaller than %(limit)s MB."),
    "picture_too_many_pixels": _l(
        "This picture is too big. Take the photo again at a smaller size, or choose another one."
    ),
    "not_a_picture": _l("This file is not a picture we can use. Choose a JPEG, PNG, GIF or WebP."),
    "damaged_picture": _l("This picture could not be opened. It may be damaged. Try another one."),
    "recording_too_big": _l("This recording is too big. It must be shorter than 2 minutes."),
    "recording_too_long": _l("This recording is longer than 2 minutes. Record a shorter one."),
    "not_a_recording": _l(
        "This file is not a recording we can use. Choose a WebM, M4A or MP3 sound file."
    ),
    "damaged_recording": _l("This recording could not be opened. It may be damaged. Try again."),
}


class Rejected(ValueError):
    """The file cannot be kept; `message` tells the person why and what to do."""

    def __init__(self, reason: str, **values):
        super().__init__(reason)
        self.reason = reason
        self.values = values

    @property
    def message(self) -> str:
        return (
            str(MESSAGES[self.reason]) % self.values if self.values else str(MESSAGES[self.reason])
        )


@dataclass(frozen=True)
class Checked:
    """A file fit to keep: the bytes to store and what they are."""

    data: bytes
    content_type: str
    sha256: str
    duration_ms: int | None = None
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.data)


def _checked(data: bytes, content_type: str, **meta) -> Checked:
    return Checked(data, content_type, hashlib.sha256(data).hexdigest(), **meta)


# -- Pictures ------------------------------------------------------------------------------


def check_picture(data: bytes) -> Checked:
    """A photo or drawing, opened by content and drawn again without its hidden data."""
    if not data:
        raise Rejected("empty")
    if len(data) > PICTURE_MAX_BYTES:
        raise Rejected("picture_too_big", limit=PICTURE_MAX_BYTES // MB)
    try:
        with warnings.catch_warnings():
            # Pillow warns, then refuses, past its own pixel limit: both mean "too big" here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in PICTURE_FORMATS:
                    raise Rejected("not_a_picture")
                width, height = probe.size
                if width * height > PICTURE_MAX_PIXELS:
                    raise Rejected("picture_too_many_pixels")
                probe.verify()  # structure and checksums, before anything is decoded
            with Image.open(io.BytesIO(data)) as picture:
                return _redraw(picture)
    except Rejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise Rejected("picture_too_many_pixels") from error
    except UnidentifiedImageError as error:
        raise Rejected("not_a_picture") from error
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        raise Rejected("damaged_picture") from error


def _redraw(picture: Image.Image) -> Checked:
    if picture.format == "JPEG":
        # Decode a big photo at a half, quarter or eighth of its size: far less memory.
        picture.draft("RGB", (PICTURE_MAX_SIDE, PICTURE_MAX_SIDE))
    picture.seek(0)  # the first frame of an animation
    picture.load()
    # The way up the camera recorded, applied to the pixels (the tag itself goes with EXIF).
    upright = ImageOps.exif_transpose(picture)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    if has_alpha:
        clean, fmt, content_type = upright.convert("RGBA"), "PNG", "image/png"
    else:
        clean, fmt, content_type = upright.convert("RGB"), "JPEG", "image/jpeg"
    clean.thumbnail((PICTURE_MAX_SIDE, PICTURE_MAX_SIDE), Image.Resampling.LANCZOS)
    # A copy carries no metadata of the original: EXIF, GPS, XMP, ICC, comments all stay behind.
    clean.info = {}
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return _checked(out.getvalue(), content_type, width=clean.width, height=clean.height)


# -- Recordings ----------------------------------------------------------------------------


def sniff_audio(data: bytes) -> str | None:
    """The kind of sound file by its first bytes, or None."""
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "audio/webm"
    if data[4:8] == b"ftyp":
        return "audio/mp4"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    return None


def check_recording(data: bytes) -> Checked:
    """A spoken answer of at most two minutes, in a container and codec browsers play."""
    if not data:
        raise Rejected("empty")
    if len(data) > RECORDING_MAX_BYTES:
        raise Rejected("recording_too_big")
    content_type = sniff_audio(data)
    if content_type is None:
        raise Rejected("not_a_recording")
    try:
        duration_ms = _duration_ms(content_type, data)
    except Rejected:
        raise
    except (ContainerError, MutagenError, ValueError, OSError, EOFError) as error:
        raise Rejected("damaged_recording") from error
    if duration_ms <= 0:
        raise Rejected("damaged_recording")
    if duration_ms > RECORDING_MAX_SECONDS * 1000 + RECORDING_GRACE_MS:
        raise Rejected("recording_too_long")
    return _checked(data, content_type, duration_ms=duration_ms)


def _duration_ms(content_type: str, data: bytes) -> int:
    if content_type == "audio/webm":
        summary = webm_summary(data)
        if summary.has_video or summary.codecs != ["A_OPUS"]:
            raise Rejected("not_a_recording")
        return summary.duration_ms
    if content_type == "audio/mp4":
        summary = mp4_summary(data)
        if summary.has_video or len(summary.codecs) != 1:
            raise Rejected("not_a_recording")
        if summary.codecs[0] not in MP4_AUDIO_CODECS:
            raise Rejected("not_a_recording")
        return summary.duration_ms
    from mutagen.mp3 import MP3

    info = MP3(io.BytesIO(data)).info
    if info.layer != 3:
        raise Rejected("not_a_recording")
    return round(info.length * 1000)
