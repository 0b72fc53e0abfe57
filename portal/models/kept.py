"""The version of the school's data that results kept between requests are filed under."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base


class DataVersion(Base):
    """One row. Every commit that changes what pages show gives `token` a new random value
    (portal.kept), so a result worked out under one token is never shown after a change,
    by this instance or any other on the same database."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(32))


sa.event.listen(
    DataVersion.__table__,
    "after_create",
    sa.DDL("INSERT INTO data_version (id, token) VALUES (1, 'new')"),
)
