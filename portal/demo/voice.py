"""Every pupil can say it: each demo school's designated safeguarding lead; what Tyler said
about his goals in the views he sent; a worry he told David Okafor, read and answered; and
every demo meeting on a school day.

Oakfield's lead is its headteacher, Helen Price, who joins the demo here; Riverside's is
its SENCO, David Okafor. Safe to run again: it puts them back as described.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from portal.auth.passwords import hash_password, verify_password
from portal.demo import people
from portal.demo.context import Demo
from portal.extensions import db
from portal.models import (
    FeelsSafe,
    Meeting,
    Membership,
    Respondent,
    Role,
    SafeguardingLead,
    User,
    Views,
    ViewsRequest,
    ViewsStatus,
    Worry,
    WorryStatus,
    utcnow,
)
from portal.pupil_views.goals import plan_being_worked_on, symbol_for
from portal.safeguarding.services import add_lead

# How Tyler said each goal of his plan is going, in the order of the plan: a face, and
# whether the help helps (his second goal has no help of its own).
TYLER_GOALS = [("happy", "yes"), ("ok", None), ("sad", "a_bit")]
TYLER_WORRY = {
    "about": ["crowds", "lunch"],
    "text": "The canteen is too loud and busy. I do not eat lunch some days.",
    "reply": (
        "Thank you for telling me, Tyler. From Monday you can eat in the library at lunch "
        "with two friends. Come and see me on Monday morning if you want to talk."
    ),
}

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

    _school_days(demo)
    _tyler_goals(demo)
    _tyler_worry(demo)


def _school_days(demo: Demo) -> None:
    """Move any demo meeting on a Saturday or Sunday (where the school is) to a school day:
    one still to come to the Monday after, one held to the Friday before."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/London")
    schools = [demo.school("oakfield").id, demo.school("riverside").id]
    now = utcnow()
    for meeting in db.session.scalars(sa.select(Meeting).where(Meeting.school_id.in_(schools))):
        local = meeting.starts_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
        if local.weekday() < 5:
            continue
        if meeting.starts_at >= now:
            local += timedelta(days=7 - local.weekday())
        else:
            local -= timedelta(days=local.weekday() - 4)
        meeting.starts_at = local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
        for request in db.session.scalars(
            sa.select(ViewsRequest).where(ViewsRequest.meeting_id == meeting.id)
        ):
            request.due_on = (meeting.starts_at - timedelta(days=3)).date()


def _tyler_goals(demo: Demo) -> None:
    """Tyler's sent views say how each goal of his shared plan is going."""
    tyler = demo.pupil("Tyler", "Brooks")
    plan = plan_being_worked_on(tyler.id)
    views = db.session.scalar(
        sa.select(Views)
        .where(
            Views.pupil_id == tyler.id,
            Views.respondent == Respondent.PUPIL,
            Views.status.in_((ViewsStatus.SUBMITTED, ViewsStatus.READ)),
        )
        .order_by(Views.id.desc())
        .limit(1)
    )
    if plan is None or views is None:
        return
    answers = dict(views.answers or {})
    if any(key.startswith("goal-") for key in answers):
        return
    for position, (outcome, (feeling, helps)) in enumerate(
        zip(plan.outcomes, TYLER_GOALS, strict=False)
    ):
        answer = {
            "outcome": outcome.id,
            "goal": outcome.pupil_words or outcome.description,
            "symbol": symbol_for(outcome),
            "position": position,
            "feeling": feeling,
        }
        if helps:
            answer["help"] = helps
        answers[f"goal-{outcome.id}"] = answer
    views.answers = answers


def _tyler_worry(demo: Demo) -> None:
    """Tyler told David Okafor a worry about lunchtimes; David read it and answered."""
    tyler = demo.pupil("Tyler", "Brooks")
    if db.session.scalar(sa.select(Worry.id).where(Worry.pupil_id == tyler.id).limit(1)):
        return
    david = demo.user("senco@riverside.example")
    sent = utcnow() - timedelta(days=4, hours=3)
    db.session.add(
        Worry(
            school_id=tyler.school_id,
            pupil_id=tyler.id,
            raised_by_id=tyler.user_id,
            to_id=david.id,
            status=WorryStatus.SENT,
            about=list(TYLER_WORRY["about"]),
            text=TYLER_WORRY["text"],
            feels_safe=FeelsSafe.SAFE,
            language="en",
            created_at=sent - timedelta(minutes=6),
            sent_at=sent,
            read_at=sent + timedelta(hours=2),
            read_by_id=david.id,
            reply=TYLER_WORRY["reply"],
            replied_at=sent + timedelta(hours=2, minutes=10),
            replied_by_id=david.id,
        )
    )
