"""One small interface for keeping files: put, get, stream and delete by key.

Two kinds, chosen by the environment (README, "Configuration"):

- a folder (`FILE_STORAGE=local`, the default): `FILE_STORAGE_PATH`, else `instance/files`;
  files are written whole or not at all, readable only by the portal's own user;
- S3-compatible object storage (`FILE_STORAGE=s3`) for installations with several servers:
  `S3_BUCKET`, and `S3_ENDPOINT_URL` for a provider other than AWS (MinIO, Ceph, a UK
  cloud's object store), `S3_REGION`, `S3_PREFIX`; credentials come from boto3's usual
  places (`AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, or the server's role).

Keys are made by the portal (random, see services.new_key), never from what a person typed.
Nothing here knows who may read a file: that is portal/access.py's job (file_for).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

CHUNK = 64 * 1024
_KEY = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*(\.[a-z0-9]+)?$")


class FileMissing(LookupError):
    """No file is stored under this key."""


class StorageNotConfigured(RuntimeError):
    """The environment asks for a kind of storage it does not fully describe."""


def check_key(key: str) -> str:
    if not _KEY.match(key) or len(key) > 200:
        raise ValueError("a storage key is letters, digits, - and _ in folders separated by /")
    return key


class Storage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes: ...

    def stream(self, key: str) -> Iterator[bytes]: ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...


class LocalStorage:
    """Files in a folder on this server's disk."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Written beside its place and renamed: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as error:
            raise FileMissing(key) from error

    def stream(self, key: str) -> Iterator[bytes]:
        try:
            handle = self._path(key).open("rb")
        except FileNotFoundError as error:
            raise FileMissing(key) from error

        def chunks() -> Iterator[bytes]:
            with handle:
                while chunk := handle.read(CHUNK):
                    yield chunk

        return chunks()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()


class S3Storage:
    """Objects in an S3-compatible bucket, private (no public ACL is ever set)."""

    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        server_side_encryption: str | None = None,
        client=None,
    ):
        if client is None:
            import boto3
            from botocore.config import Config

            client = boto3.client(
                "s3",
                endpoint_url=endpoint_url,
                region_name=region,
                config=Config(
                    retries={"max_attempts": 3, "mode": "standard"},
                    connect_timeout=5,
                    read_timeout=30,
                ),
            )
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.server_side_encryption = server_side_encryption

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def _missing(self, error) -> bool:
        code = str(error.response.get("Error", {}).get("Code", ""))
        return code in {"NoSuchKey", "404", "NotFound"}

    def put(self, key: str, data: bytes, content_type: str) -> None:
        extra = {}
        if self.server_side_encryption:
            extra["ServerSideEncryption"] = self.server_side_encryption
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._key(key),
            Body=data,
            ContentType=content_type,
            ContentLength=len(data),
            **extra,
        )

    def _object(self, key: str):
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if self._missing(error):
                raise FileMissing(key) from error
            raise

    def get(self, key: str) -> bytes:
        body = self._object(key)["Body"]
        with body:
            return body.read()

    def stream(self, key: str) -> Iterator[bytes]:
        body = self._object(key)["Body"]

        def chunks() -> Iterator[bytes]:
            with body:
                yield from body.iter_chunks(CHUNK)

        return chunks()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if self._missing(error):
                return False
            raise
        return True


def from_config(config) -> Storage:
    """The storage the configuration describes."""
    kind = (config.get("FILE_STORAGE") or "local").lower()
    if kind == "local":
        return LocalStorage(config["FILE_STORAGE_PATH"])
    if kind == "s3":
        if not config.get("S3_BUCKET"):
            raise StorageNotConfigured("FILE_STORAGE=s3 needs S3_BUCKET (the bucket's name).")
        return S3Storage(
            config["S3_BUCKET"],
            prefix=config.get("S3_PREFIX") or "",
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            region=config.get("S3_REGION"),
            server_side_encryption=config.get("S3_SERVER_SIDE_ENCRYPTION"),
        )
    raise StorageNotConfigured(f"FILE_STORAGE must be 'local' or 's3', not {kind!r}.")


def init_app(app: Flask) -> None:
    """Fail at start-up, not at a pupil's first upload, if the storage is misdescribed."""
    app.extensions["file_storage"] = from_config(app.config)


def storage() -> Storage:
    return current_app.extensions["file_storage"]
