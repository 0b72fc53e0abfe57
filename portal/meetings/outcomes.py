"""After a meeting: what happened (held, rearranged, cancelled, the family did not come),
who came (each of the pupil's contacts, with or without an account, the pupil, staff and
anyone else), and whether the interpreter was used. Code 6.65 counts meetings held with
the parents, not invitations sent.
"""

from dataclasses import dataclass

from portal import audit
from portal.extensions import db
from portal.models import (
    InviteeRole,
    Meeting,
    MeetingAttendee,
    MeetingOutcome,
    User,
    utcnow,
)
from portal.people import parents_of
from portal.records import contacts as pupil_contacts


class OutcomeRefused(ValueError):
    """The meeting has not begun yet, or was cancelled before it."""


@dataclass(frozen=True)
class Person:
    value: str  # the form's value: "contact:3", "user:7", "pupil", "invitee:12"
    name: str
    role: InviteeRole
    contact_id: int | None = None
    user_id: int | None = None
    has_account: bool = False


def people_who_may_come(meeting: Meeting) -> list[Person]:
    """Who can be ticked as having come: the pupil's contacts (from the school's records,
    with or without an account), parents with an account but no contact row, the pupil,
    and the people invited."""
    people: list[Person] = []
    linked_users = set()
    for contact in pupil_contacts.of_pupil(meeting.pupil_id):
        people.append(
            Person(
                f"contact:{contact.id}",
                contact.full_name,
                InviteeRole.PARENT,
                contact_id=contact.id,
                user_id=contact.user_id,
                has_account=contact.user_id is not None,
            )
        )
        if contact.user_id:
            linked_users.add(contact.user_id)
    for link in parents_of(meeting.pupil):
        if link.user_id not in linked_users:
            linked_users.add(link.user_id)
            people.append(
                Person(
                    f"user:{link.user_id}",
                    link.user.full_name,
                    InviteeRole.PARENT,
                    user_id=link.user_id,
                    has_account=True,
                )
            )
    people.append(
        Person("pupil", meeting.pupil.full_name, InviteeRole.PUPIL, user_id=meeting.pupil.user_id)
    )
    for invitee in meeting.invitees:
        if invitee.role in (InviteeRole.STAFF, InviteeRole.OTHER):
            people.append(
                Person(
                    f"invitee:{invitee.id}",
                    invitee.name,
                    invitee.role,
                    user_id=invitee.user_id,
                    has_account=invitee.user_id is not None,
                )
            )
    return people


def attended_values(meeting: Meeting) -> list[str]:
    """The form's values for who came, from what was recorded (or, the first time, from who
    was invited)."""
    people = people_who_may_come(meeting)
    if meeting.outcome is not None:
        recorded = {(a.contact_id, a.user_id, a.role, a.name) for a in meeting.attendees}
        return [
            p.value
            for p in people
            if (p.contact_id, p.user_id, p.role, p.name) in recorded
            or (p.role is InviteeRole.PUPIL and any(a.role is p.role for a in meeting.attendees))
        ]
    invited_users = {i.user_id for i in meeting.invitees if i.user_id}
    invited_names = {i.name for i in meeting.invitees}
    return [
        p.value
        for p in people
        if (p.user_id and p.user_id in invited_users)
        or p.name in invited_names
        or (p.role is InviteeRole.PUPIL and any(i.role is p.role for i in meeting.invitees))
    ]


def may_record(meeting: Meeting) -> bool:
    """An outcome is recorded once the meeting has begun, unless it was cancelled before."""
    return meeting.cancelled_at is None and meeting.starts_at <= utcnow()


def record_outcome(
    meeting: Meeting,
    *,
    outcome: MeetingOutcome,
    attended: list[str],
    others: str,
    interpreter_used: bool | None,
    note: str,
    by: User,
) -> None:
    """Say what happened and who came; replaces what was recorded before."""
    if not may_record(meeting):
        raise OutcomeRefused()
    people = {p.value: p for p in people_who_may_come(meeting)}
    meeting.attendees.clear()
    if outcome is not MeetingOutcome.HELD:
        attended, others = [], ""
    for value in attended:
        person = people.get(value)
        if person is not None:
            meeting.attendees.append(
                MeetingAttendee(
                    role=person.role,
                    name=person.name[:200],
                    contact_id=person.contact_id,
                    user_id=person.user_id,
                )
            )
    for line in others.splitlines():
        if line.strip():
            meeting.attendees.append(
                MeetingAttendee(role=InviteeRole.OTHER, name=line.strip()[:200])
            )
    meeting.outcome = outcome
    meeting.outcome_note = note.strip() or None
    meeting.interpreter_used = (
        interpreter_used if outcome is MeetingOutcome.HELD and meeting.interpreter_needed else None
    )
    meeting.outcome_recorded_at, meeting.outcome_recorded_by_id = utcnow(), by.id
    db.session.flush()
    audit.record(by, "meeting.outcome", pupil=meeting.pupil, obj=meeting)
    db.session.commit()


def others_text(meeting: Meeting) -> str:
    """Attendees recorded by name only (not among those invited), one a line, for the form."""
    invited = {i.name for i in meeting.invitees if i.role is InviteeRole.OTHER}
    return "\n".join(
        a.name
        for a in meeting.attendees
        if a.role is InviteeRole.OTHER and a.user_id is None and a.name not in invited
    )
