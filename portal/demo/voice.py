"""Every pupil can say it: each demo school's designated safeguarding lead.

Oakfield's lead is its headteacher, Helen Price, who joins the demo here; Riverside's is
its SENCO, David Okafor. Safe to run again: it puts them back as described.
"""

import sqlalchemy as sa

from portal.auth.passwords import hash_password, verify_password
from portal.demo import people
from portal.demo.context import Demo
from portal.extensions import db
from portal.models import Membership, Role, SafeguardingLead, User
from portal.safeguarding.services import add_lead

HEAD = ("head@oakfield.example", "Helen Price", "oakfield", "Headteacher")
LEADS = [("oakfield", "head@oakfield.example"), ("riverside", "senco@riverside.example")]

ACCOUNT = ("head@oakfield.example", "Helen Price, headteacher and safeguarding lead, Oakfield")
if ACCOUNT not in people.ACCOUNT_LIST:
    people.ACCOUNT_LIST.insert(2, ACCOUNT)


def seed(demo: Demo) -> None:
    email, name, slug, title = HEAD
    school = demo.school(slug)
    head = db.session.scalars(sa.select(User).where(User.email == email)).one_or_none()
    if head is None:
        head = User(email=email, full_name=name)
        db.session.add(head)
    head.full_name, head.locale, head.active = name, "en", True
    if not verify_password(head.password_hash, people.PASSWORD):
        head.password_hash = hash_password(people.PASSWORD)
    db.session.flush()
    membership = db.session.scalars(
        sa.select(Membership).where(
            Membership.user_id == head.id,
            Membership.school_id == school.id,
            Membership.role == Role.TEACHER,
        )
    ).one_or_none()
    if membership is None:
        membership = Membership(user=head, school_id=school.id, role=Role.TEACHER)
        db.session.add(membership)
    membership.title, membership.active = title, True
    db.session.flush()

    for school_slug, lead_email in LEADS:
        lead_school = demo.school(school_slug)
        wanted = demo.user(lead_email)
        for lead in db.session.scalars(
            sa.select(SafeguardingLead).where(SafeguardingLead.school_id == lead_school.id)
        ):
            if lead.user_id != wanted.id:
                db.session.delete(lead)
        add_lead(lead_school, wanted, by=None)
