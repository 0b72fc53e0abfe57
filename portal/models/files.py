"""Recordings and pictures a pupil gives as answers, kept behind the storage interface.

The row says whose file it is and what it holds; the bytes live in the configured storage
(a folder under instance/, or S3-compatible object storage) under a random key. Nothing
about a file is ever at a public URL: it is served only through the access rule
(portal/access.py file_for). No file name is kept: a name a phone gives can hold a person's name.
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.pupil import Pupil
from portal.models.user import User


class FileKind(enum.Enum):
    AUDIO = "audio"
    IMAGE = "image"


class StoredFile(Base):
    __tablename__ = "stored_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    # Whose answer it is: access, subject access exports and retention all go by the pupil.
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    kind: Mapped[FileKind]
    # Found from the bytes themselves, never from the name or the browser's claim.
    content_type: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    # Recordings: how long, in milliseconds. Pictures: their size in pixels after re-encoding.
    duration_ms: Mapped[int | None]
    width: Mapped[int | None]
    height: Mapped[int | None]
    # What was said in a recording, typed by staff who listened to it.
    transcript: Mapped[str | None] = mapped_column(sa.Text)
    transcribed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    transcribed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The pupil, or the adult sitting with a pupil who has no account.
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)

    pupil: Mapped[Pupil] = relationship()
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    transcribed_by: Mapped[User | None] = relationship(foreign_keys=[transcribed_by_id])

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.content_type, "bin")

    def __repr__(self) -> str:
        return f"<StoredFile {self.id}>"


EXTENSIONS = {
    "audio/webm": "webm",
    "audio/mp4": "m4a",
    "audio/mpeg": "mp3",
    "image/jpeg": "jpg",
    "image/png": "png",
}
