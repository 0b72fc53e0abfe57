"""From 16, a young person with their own account decides whether their parents see their views."""

from datetime import date

import sqlalchemy as sa

from portal import young_people
from portal.extensions import db
from portal.models import AuditEvent, Pupil, User, ViewsSharing


def test_age_counts_the_birthday_itself():
    born = date(2010, 3, 14)
    assert young_people.age_on(born, date(2026, 3, 13)) == 15
    assert young_people.age_on(born, date(2026, 3, 14)) == 16
    leap = date(2008, 2, 29)
    assert young_people.age_on(leap, date(2024, 2, 28)) == 15
    assert young_people.age_on(leap, date(2024, 2, 29)) == 16


def test_who_decides_for_themself(app, demo):
    day = date(2026, 11, 30)
    with app.app_context():
        tyler = db.session.scalars(sa.select(Pupil).where(Pupil.given_name == "Tyler")).one()
        harvey = db.session.scalars(sa.select(Pupil).where(Pupil.given_name == "Harvey")).one()
        assert not young_people.decides_for_themself(tyler, day)  # 15
        tyler.date_of_birth = date(2010, 11, 30)
        assert young_people.decides_for_themself(tyler, day)  # 16 today, own account
        harvey.date_of_birth = date(2008, 1, 1)
        assert not young_people.decides_for_themself(harvey, day)  # no account of his own


def test_parents_see_a_young_persons_views_only_if_they_say_so(app, demo):
    day = date(2026, 11, 30)
    with app.app_context():
        tyler = db.session.scalars(sa.select(Pupil).where(Pupil.given_name == "Tyler")).one()
        father = db.session.scalars(
            sa.select(User).where(User.email == "parent@riverside.example")
        ).one()
        stranger = db.session.scalars(
            sa.select(User).where(User.email == "parent@oakfield.example")
        ).one()
        assert young_people.may_parent_see_views(father, tyler, day)  # under 16
        assert not young_people.may_parent_see_views(stranger, tyler, day)
        assert not young_people.needs_to_choose(tyler, day)

        tyler.date_of_birth = date(2010, 1, 1)
        assert young_people.needs_to_choose(tyler, day)  # asked once
        assert not young_people.may_parent_see_views(father, tyler, day)  # not said yet

        young_people.choose(tyler, True, by=tyler.user)
        db.session.commit()
        assert not young_people.needs_to_choose(tyler, day)
        assert young_people.may_parent_see_views(father, tyler, day)
        assert not young_people.may_parent_see_views(stranger, tyler, day)

        young_people.choose(tyler, False, by=tyler.user)  # changeable
        db.session.commit()
        assert not young_people.may_parent_see_views(father, tyler, day)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ViewsSharing)) == 1
        choices = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "views_sharing.choose")
        ).all()
        assert len(choices) == 2 and {c.pupil_id for c in choices} == {tyler.id}
