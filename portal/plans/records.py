"""Meeting records: written after a meeting by the class teacher or the SENCO and shared
with the family (6.71). A record is not shared without what was agreed, the actions (what,
who, by when) and the help agreed: a statutory record never goes out empty."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal import audit
from portal.extensions import db
from portal.models import (
    Meeting,
    MeetingInvitee,
    MeetingRecord,
    Plan,
    PlanStatus,
    RecordAction,
    User,
    utcnow,
)
from portal.plans.locking import EditConflict, touch, versioned
from portal.plans.phrase_fields import action_phrase_text
from portal.plans.services import email_parents

FIELDS = ("attended", "discussed", "agreed", "support")


def meeting_options() -> tuple:
    """What the record's page shows with its meeting: who was invited and who came (for
    access.meeting_for)."""
    return (
        selectinload(Meeting.invitees).selectinload(MeetingInvitee.user),
        selectinload(Meeting.attendees),
    )


def record_for(meeting_id: int) -> MeetingRecord | None:
    return db.session.scalar(
        sa.select(MeetingRecord)
        .where(MeetingRecord.meeting_id == meeting_id)
        .options(
            selectinload(MeetingRecord.updated_by),
            selectinload(MeetingRecord.shared_by),
            selectinload(MeetingRecord.action_items),
        )
    )


def draft_values(meeting: Meeting) -> dict:
    """What a new record starts with: who came (or, before that is said, who was invited),
    and the plan's review date."""
    plan = db.session.scalar(
        sa.select(Plan)
        .where(Plan.pupil_id == meeting.pupil_id, Plan.status != PlanStatus.SUPERSEDED)
        .order_by(Plan.id.desc())
        .limit(1)
    )
    people = meeting.attendees or meeting.invitees
    return {
        "attended": "\n".join(person.name for person in people),
        "next_review": plan.review_date if plan and not plan.reviewed_at else None,
    }


def record_values(record: MeetingRecord) -> dict:
    """The saved record as the form's values, the actions as numbered rows."""
    values = {name: getattr(record, name) for name in FIELDS}
    values["next_review"] = record.next_review
    values["version"] = record.version
    for i, action in enumerate(record.action_items):
        values[f"action_{i}_phrase"] = action.phrase_key or ""
        values[f"action_{i}_what"] = action.what
        values[f"action_{i}_who"] = action.who
        values[f"action_{i}_due"] = action.due_on
    return values


# What a record must say before the family is given it, and the field each is written in.
NEEDED_TO_SHARE = {
    "agreed": _l("Write what was agreed: at least one outcome or decision."),
    "actions": _l("Add at least one action: what will be done, who will do it and by when."),
    "support": _l("Write the help that was agreed (the support in place)."),
}


def missing_before_sharing(record: MeetingRecord) -> list[str]:
    """Which of NEEDED_TO_SHARE the record still lacks."""
    missing = []
    if not (record.agreed or "").strip():
        missing.append("agreed")
    if not any(_complete(a) for a in record.action_items):
        missing.append("actions")
    if not (record.support or "").strip():
        missing.append("support")
    return missing


def _complete(action: RecordAction) -> bool:
    """A written action says what, who and by when; one from the bank says who in itself."""
    if not action.what.strip():
        return False
    return bool(action.phrase_key) or bool(action.who.strip() and action.due_on)


def save_record(
    meeting: Meeting, record: MeetingRecord | None, data: dict, *, version: int | None, by: User
) -> MeetingRecord:
    """Create or change the record; refuse if someone else saved since this form was opened."""
    try:
        return _save_record(meeting, record, data, version=version, by=by)
    except StaleDataError:
        db.session.rollback()
        raise EditConflict(record_for(meeting.id)) from None


def _save_record(meeting, record, data, *, version, by) -> MeetingRecord:
    if record is None:
        if version is not None:
            # The form was opened on a record that has since gone: never silently recreate.
            raise EditConflict(None)
        existing = record_for(meeting.id)
        if existing is not None:
            raise EditConflict(existing)
        record = MeetingRecord(meeting=meeting, pupil_id=meeting.pupil_id, created_by_id=by.id)
        record.plan_id = db.session.scalar(
            sa.select(Plan.id)
            .where(Plan.pupil_id == meeting.pupil_id, Plan.status != PlanStatus.SUPERSEDED)
            .order_by(Plan.id.desc())
            .limit(1)
        )
        db.session.add(record)
        action = "meeting_record.create"
    else:
        if record.is_shared:
            raise EditConflict(record, reason="not_draft")
        if version is None or record.version != version:
            raise EditConflict(record)
        action = "meeting_record.update"
    for field in FIELDS:
        setattr(record, field, (data.get(field) or "").strip())
    record.next_review = data.get("next_review")
    rows = []
    for a in data.get("actions") or []:
        key = a.get("phrase_key") if action_phrase_text(a.get("phrase_key")) else None
        what = a.get("what") or (action_phrase_text(key) if key else "") or ""
        if not what or not (key or (a["who"] and a["due_on"])):
            continue
        rows.append(
            RecordAction(
                position=len(rows),
                phrase_key=key,
                what=what,
                who=(a.get("who") or "")[:200],
                due_on=a.get("due_on"),
            )
        )
    record.action_items = rows
    touch(record, by)
    db.session.flush()
    audit.record(by, action, pupil=meeting.pupil, obj=record)
    db.session.commit()
    return record


@versioned
def share_record(record: MeetingRecord, *, version: int | None, by: User) -> None:
    """Give the record to the family: they are emailed and see it on their child's page."""
    if record.is_shared:
        raise EditConflict(record, reason="not_draft")
    if version is None or record.version != version:
        raise EditConflict(record)
    if missing_before_sharing(record):
        raise EditConflict(record, reason="incomplete")
    record.shared_at, record.shared_by_id = utcnow(), by.id
    touch(record, by)
    audit.record(by, "meeting_record.share", pupil=record.pupil, obj=record)
    email_parents(
        record.pupil,
        kind="record_shared",
        template="email/record_shared.txt",
        about=record,
    )
    db.session.commit()


_SHARED_RECORDS = (  # built once: a family's child and plan pages run it on every request
    sa.select(MeetingRecord.meeting_id, Meeting.kind, Meeting.starts_at)
    .join(MeetingRecord.meeting)
    .where(MeetingRecord.pupil_id == sa.bindparam("pupil_id"), MeetingRecord.shared_at.is_not(None))
    .order_by(Meeting.starts_at.desc())
)


def shared_records(pupil_id: int) -> list[sa.Row]:
    """Every record given to the family, newest meeting first, as their list shows each:
    its meeting's id, kind and start (the record itself is read on its own page)."""
    return db.session.execute(_SHARED_RECORDS, {"pupil_id": pupil_id}).all()
