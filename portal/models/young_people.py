"""A young person's own choices: from 16, whether their parents see their views.

Asked once (the views form asks when there is no row yet) and changeable at any time.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.pupil import Pupil
from portal.models.user import User


class ViewsSharing(Base):
    __tablename__ = "views_sharing"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), unique=True)
    parents_see_views: Mapped[bool]
    chosen_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    chosen_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    pupil: Mapped[Pupil] = relationship()
    chosen_by: Mapped[User | None] = relationship()
