"""Meeting records: written by the SENCO after a meeting and shared with the family (6.71)."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal import audit
from portal.extensions import db
from portal.languages.services import record_actions, set_record_actions
from portal.models import (
    Meeting,
    MeetingInvitee,
    MeetingRecord,
    Plan,
    PlanStatus,
    User,
    utcnow,
)
from portal.plans.locking import EditConflict, touch, versioned
from portal.plans.services import email_parents

FIELDS = ("attended", "discussed", "agreed", "actions", "support")


def bank_action_keys(record: MeetingRecord | None) -> list[str]:
    """The phrases from the bank the record's actions were picked from."""
    if record is None:
        return []
    return [a.phrase_key for a in record_actions(record.id) if a.phrase_key]


def meeting_options() -> tuple:
    """What the record's page shows with its meeting: who was invited (for access.meeting_for)."""
    return (selectinload(Meeting.invitees).selectinload(MeetingInvitee.user),)


def record_for(meeting_id: int) -> MeetingRecord | None:
    return db.session.scalar(
        sa.select(MeetingRecord)
        .where(MeetingRecord.meeting_id == meeting_id)
        .options(selectinload(MeetingRecord.updated_by), selectinload(MeetingRecord.shared_by))
    )


def draft_values(meeting: Meeting) -> dict:
    """What a new record starts with: who was invited, and the plan's review date."""
    plan = db.session.scalar(
        sa.select(Plan)
        .where(Plan.pupil_id == meeting.pupil_id, Plan.status != PlanStatus.SUPERSEDED)
        .order_by(Plan.id.desc())
        .limit(1)
    )
    return {
        "attended": "\n".join(invitee.name for invitee in meeting.invitees),
        "next_review": plan.review_date if plan and not plan.reviewed_at else None,
    }


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
    touch(record, by)
    db.session.flush()
    if "bank_actions" in data:
        set_record_actions(record, data["bank_actions"] or [], by)
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


def shared_records(pupil_id: int) -> list[MeetingRecord]:
    """Every record given to the family, newest meeting first, with its meeting."""
    return db.session.scalars(
        sa.select(MeetingRecord)
        .join(MeetingRecord.meeting)
        .where(MeetingRecord.pupil_id == pupil_id, MeetingRecord.shared_at.is_not(None))
        .options(selectinload(MeetingRecord.meeting))
        .order_by(Meeting.starts_at.desc())
    ).all()
