"""Small factories: a school, a person in a role, a pupil with their family and staff.

Each returns the row detached, with its id, so a test can use it after the app context
closes. Everyone made here signs in with the same password as the demo people.
"""

from datetime import date

from signing_in import SECOND_STEP_SECRET

from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.models import (
    Membership,
    ParentLink,
    Pupil,
    PupilNeed,
    Role,
    School,
    SenStatus,
    TeacherLink,
    User,
)


class Factory:
    def __init__(self, app, password: str):
        self.app = app
        self.password = password
        self._hash: str | None = None

    def _save(self, *rows):
        db.session.add_all(rows)
        db.session.commit()
        for row in rows:
            db.session.refresh(row)
            db.session.expunge(row)
        return rows[0]

    def school(self, slug: str = "elmwood", name: str | None = None, **fields) -> School:
        with self.app.app_context():
            return self._save(
                School(slug=slug, name=name or f"{slug.title()} Primary School", **fields)
            )

    def person(
        self,
        email: str,
        role: Role,
        school: School | None = None,
        *,
        name: str | None = None,
        title: str | None = None,
        locale: str = "en",
    ) -> User:
        """A user acting in this role at this school (or a platform admin, with no school)."""
        with self.app.app_context():
            if self._hash is None:
                self._hash = hash_password(self.password)
            user = User(
                email=email,
                full_name=name or email.split("@")[0].title(),
                password_hash=self._hash,
                locale=locale,
                is_platform_admin=school is None,
                # SENCOs and administrators must use the second sign-in step.
                totp_secret=SECOND_STEP_SECRET
                if school is None or role in (Role.SENCO, Role.ADMIN)
                else None,
            )
            if school is not None:
                user.memberships.append(Membership(school_id=school.id, role=role, title=title))
            return self._save(user)

    def pupil(
        self,
        school: School,
        given: str = "Sam",
        family: str = "Pupil",
        *,
        year: int = 4,
        sen_status: SenStatus = SenStatus.NONE,
        needs=(),
        parents: tuple[User, ...] = (),
        teachers: tuple[User, ...] = (),
        account: User | None = None,
        born: date | None = None,
    ) -> Pupil:
        """A pupil, with their needs, linked to these parents and staff."""
        with self.app.app_context():
            pupil = Pupil(
                school_id=school.id,
                given_name=given,
                family_name=family,
                date_of_birth=born or date(2026 - year - 6, 9, 1),
                year_group=year,
                sen_status=sen_status,
                user_id=account.id if account else None,
            )
            pupil.needs = [PupilNeed(code=code, rank=rank) for rank, code in enumerate(needs, 1)]
            links = [ParentLink(user_id=p.id, pupil=pupil) for p in parents]
            links += [TeacherLink(user_id=t.id, pupil=pupil) for t in teachers]
            db.session.add_all(links)
            return self._save(pupil)
