"""Plans in the SENCO's inbox and on each pupil's timeline (see portal/feeds.py).

The inbox gets parents' questions about plans; the timeline gets each step of every plan,
meeting records and progress notes. Each source loads its rows in a fixed number of queries.
"""

from datetime import datetime, time

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from portal.extensions import db
from portal.feeds import InboxQuery, Item, inbox, sort_keys, tally, timeline
from portal.i18n import language_name
from portal.models import MeetingRecord, Plan, PlanQuestion, ProgressNote, Pupil, User
from portal.plans.display import shorten


def _question_item(item: PlanQuestion) -> Item:
    pupil = item.pupil
    if item.replied_at:
        status = _("Replied")
    elif item.read_at:
        status = _("Read, not replied to yet")
    else:
        status = _("Not read yet")
    if item.disagrees:
        title = _("The family does not agree with the review for %(name)s", name=pupil.full_name)
    elif item.about_review:
        title = _("Reply to the review for %(name)s", name=pupil.full_name)
    else:
        title = _("Question about the plan for %(name)s", name=pupil.full_name)
    return Item(
        kind="plan_question",
        when=item.asked_at,
        title=title,
        subject=item,
        pupil=pupil,
        unread=item.read_at is None,
        status=status,
        detail=_(
            "From %(parent)s · written in %(language)s",
            parent=item.asked_by.full_name if item.asked_by else _("a parent"),
            language=language_name(item.language) or _("a language not recorded"),
        ),
    )


UNREAD = PlanQuestion.read_at.is_(None)


def _inbox_statement(query: InboxQuery) -> sa.Select:
    statement = (
        sa.select(PlanQuestion).join(PlanQuestion.pupil).where(Pupil.school_id == query.school_id)
    )
    return query.narrow(statement, PlanQuestion.replied_at.is_(None))


def inbox_plan_questions(query: InboxQuery) -> list[Item]:
    statement = _inbox_statement(query).options(
        contains_eager(PlanQuestion.pupil), joinedload(PlanQuestion.asked_by)
    )
    statement = query.first(statement, UNREAD, PlanQuestion.asked_at, PlanQuestion.id)
    return [_question_item(q) for q in db.session.scalars(statement)]


def count_plan_questions(query: InboxQuery) -> sa.Select:
    return tally(_inbox_statement(query), UNREAD)


def plan_question_keys(query: InboxQuery) -> sa.Select:
    return sort_keys(_inbox_statement(query), PlanQuestion.id, PlanQuestion.asked_at, UNREAD)


def timeline_plan_questions(pupil: Pupil, viewer: User) -> list[Item]:
    found = db.session.scalars(
        sa.select(PlanQuestion)
        .where(PlanQuestion.pupil_id == pupil.id)
        .options(selectinload(PlanQuestion.asked_by))
    ).all()
    for item in found:
        set_committed_value(item, "pupil", pupil)
    return [_question_item(q) for q in found]


def timeline_plans(pupil: Pupil, viewer: User) -> list[Item]:
    """Each step of each plan: started, shared, agreed by the family, reviewed."""
    plans = db.session.scalars(
        sa.select(Plan)
        .where(Plan.pupil_id == pupil.id)
        .options(selectinload(Plan.family_agreed_by))
        .order_by(Plan.id)
    ).all()
    items = []
    for plan in plans:
        kind = str(plan.kind.label)
        steps = [(plan.created_at, _("%(plan)s started", plan=kind), None)]
        if plan.shared_at:
            steps.append((plan.shared_at, _("%(plan)s shared with the family", plan=kind), None))
        if plan.family_agreed_at:
            who = plan.family_agreed_by.full_name if plan.family_agreed_by else _("The family")
            steps.append(
                (plan.family_agreed_at, _("%(name)s agreed with the plan", name=who), None)
            )
        if plan.reviewed_at:
            steps.append(
                (
                    plan.reviewed_at,
                    _("%(review)s recorded", review=plan.kind.review_label),
                    _("Next step: %(step)s.", step=plan.next_step.label),
                )
            )
        for when, title, detail in steps:
            items.append(
                Item(
                    kind="plan",
                    when=when,
                    title=title,
                    subject=plan,
                    pupil=pupil,
                    status=str(plan.status.label),
                    detail=detail,
                )
            )
    return items


def timeline_records(pupil: Pupil, viewer: User) -> list[Item]:
    records = db.session.scalars(
        sa.select(MeetingRecord)
        .where(MeetingRecord.pupil_id == pupil.id)
        .options(selectinload(MeetingRecord.meeting))
    ).all()
    return [
        Item(
            kind="meeting_record",
            when=record.shared_at or record.updated_at,
            title=_("Record of the meeting: %(meeting)s", meeting=record.meeting.kind.label),
            subject=record,
            pupil=pupil,
            status=_("Shared with the family") if record.shared_at else _("Draft"),
        )
        for record in records
    ]


def timeline_progress_notes(pupil: Pupil, viewer: User) -> list[Item]:
    notes = db.session.scalars(
        sa.select(ProgressNote)
        .where(ProgressNote.pupil_id == pupil.id)
        .options(selectinload(ProgressNote.author), selectinload(ProgressNote.outcome))
    ).all()
    return [
        Item(
            kind="progress_note",
            # Dated by the day it is about; entered later in the day than any meeting.
            when=datetime.combine(note.noted_on, time(23, 59)),
            title=_("Progress note: %(outcome)s", outcome=shorten(note.outcome.description)),
            subject=note,
            pupil=pupil,
            detail=_(
                "%(note)s (%(author)s)",
                note=shorten(note.note, 140),
                author=note.author.full_name if note.author else _("Former member of staff"),
            ),
        )
        for note in notes
    ]


def register() -> None:
    inbox.add(
        "plan_question",
        _l("Questions about plans"),
        inbox_plan_questions,
        order=40,
        item_label=_l("Question about a plan"),
        count=count_plan_questions,
        keys=plan_question_keys,
    )
    timeline.add(
        "plan_question",
        _l("Questions about plans"),
        timeline_plan_questions,
        order=45,
        item_label=_l("Question about a plan"),
    )
    timeline.add("plan", _l("Plans"), timeline_plans, order=40, item_label=_l("Plan"))
    timeline.add(
        "meeting_record",
        _l("Meeting records"),
        timeline_records,
        order=35,
        item_label=_l("Record of the meeting"),
    )
    timeline.add(
        "progress_note",
        _l("Progress notes"),
        timeline_progress_notes,
        order=50,
        item_label=_l("Progress note"),
    )
