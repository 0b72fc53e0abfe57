"""Schools: each keeps its own people, pupils and branding apart from the others."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, utcnow


class School(Base):
    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # A brand colour as #rrggbb; the layout only uses it where contrast stays AA.
    brand_colour: Mapped[str | None] = mapped_column(sa.String(7))
    logo_url: Mapped[str | None] = mapped_column(sa.String(500))
    local_authority: Mapped[str | None] = mapped_column(sa.String(200))
    local_offer_url: Mapped[str | None] = mapped_column(sa.String(500))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    default_locale: Mapped[str] = mapped_column(sa.String(10), default="en")
    # Where the school is (WGS 84), typed by the school: families sort the Local Offer by
    # distance from it. Never looked up with an outside service.
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def location(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude

    def __repr__(self) -> str:
        return f"<School {self.slug}>"
