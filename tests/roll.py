"""Add made-up pupils to a school, for tests of long lists."""

from datetime import date

from portal.extensions import db
from portal.models import Pupil, SenStatus


def add_pupils(
    app, school_id: int, count: int, *, name: str = "Many", sen_status=SenStatus.NONE, year=4
) -> None:
    """`count` pupils called Many00, Many01, … Pupil, all in one year group."""
    with app.app_context():
        for n in range(count):
            db.session.add(
                Pupil(
                    school_id=school_id,
                    given_name=f"{name}{n:02d}",
                    family_name="Pupil",
                    date_of_birth=date(2018, 1, 1 + n % 28),
                    year_group=year,
                    sen_status=sen_status,
                )
            )
        db.session.commit()
