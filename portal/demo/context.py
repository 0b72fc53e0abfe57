"""Lookups the demo steps share."""

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Pupil, School, User


class Demo:
    def school(self, slug: str) -> School:
        return db.session.scalars(sa.select(School).where(School.slug == slug)).one()

    def user(self, email: str) -> User:
        return db.session.scalars(sa.select(User).where(User.email == email)).one()

    def pupil(self, given_name: str, family_name: str) -> Pupil:
        return db.session.scalars(
            sa.select(Pupil).where(Pupil.given_name == given_name, Pupil.family_name == family_name)
        ).one()
