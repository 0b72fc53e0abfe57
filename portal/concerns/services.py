"""Parents' concerns: a few short steps saved as a draft, a reference, and a thread of replies.

The Code (6.20, 6.45) asks schools to take every concern seriously, record it and compare it
with their own assessment: each concern keeps the family's words and the broad area of need
they map to, and lands in the SENCO's inbox and on the pupil's timeline.
"""

import functools
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import load_only

from portal import audit, drafts, mail
from portal.extensions import db
from portal.forms_common import HOME_LANGUAGES
from portal.i18n import DEFAULT_LOCALE, LANGUAGES
from portal.models import (
    BroadArea,
    Concern,
    ConcernMessage,
    ConcernStatus,
    Pupil,
    User,
    utcnow,
)
from portal.paging import paged, run_paged
from portal.people import sencos


@dataclass(frozen=True)
class Area:
    label: object
    broad_area: BroadArea | None


# The family's words, mapped to the four broad areas of need (Code 6.28 to 6.35).
AREAS = {
    "talking": Area(
        _l("Talking, listening or understanding what people say"), BroadArea.COMMUNICATION
    ),
    "social": Area(
        _l("Playing and mixing with other children, or coping with changes to routine"),
        BroadArea.COMMUNICATION,
    ),
    "learning": Area(_l("Reading, writing, maths or learning new things"), BroadArea.COGNITION),
    "feelings": Area(_l("Feelings, worries or behaviour"), BroadArea.SEMH),
    "senses": Area(
        _l("Seeing, hearing, moving, or coping with noise, light or touch"),
        BroadArea.SENSORY_PHYSICAL,
    ),
    "other": Area(_l("Something else, or I am not sure"), None),
}

SINCE = {
    "weeks": _l("In the last few weeks"),
    "months": _l("In the last few months"),
    "year": _l("About a year ago or longer"),
    "always": _l("For as long as I can remember"),
    "not_sure": _l("I am not sure"),
}

CONTACT = {
    "portal": _l("A message here in the portal"),
    "phone": _l("A phone call"),
    "email": _l("An email"),
    "meeting": _l("A meeting at school"),
}

# The school replies to a concern within this many school days (Monday to Friday).
REPLY_WITHIN_SCHOOL_DAYS = 5

# The steps, one question each, in order. "language" is reached from the check page.
STEPS = ["area", "noticed", "since", "at_home", "would_like", "contact"]
ALL_STEPS = STEPS + ["language"]
REQUIRED = {"area", "noticed", "since", "at_home", "would_like", "contact"}
MAX_TEXT = 5000


def draft_for(parent: User, pupil: Pupil) -> Concern | None:
    return drafts.draft_of(Concern, ConcernStatus.DRAFT, pupil, parent)


def start(parent: User, pupil: Pupil, language: str) -> Concern:
    """Resume this parent's unsent concern about this child, or start one."""
    return drafts.resume_or_start(
        Concern,
        ConcernStatus.DRAFT,
        pupil,
        parent,
        language=language,
        step=STEPS[0],
        action="concern.start",
    )


def save_step(concern: Concern, step: str, data: dict, by: User) -> None:
    """Keep what this step's page holds, valid or not yet, so nothing typed is lost."""
    if concern.status is not ConcernStatus.DRAFT:
        raise ValueError("A sent concern is not edited; add a message instead")
    if step == "area":
        concern.area = data.get("area") if data.get("area") in AREAS else concern.area
    elif step in ("noticed", "at_home", "would_like"):
        setattr(concern, step, (data.get(step) or "").strip()[:MAX_TEXT] or None)
    elif step == "since":
        concern.since = data.get("since") if data.get("since") in SINCE else concern.since
    elif step == "contact":
        if data.get("contact_by") in CONTACT:
            concern.contact_by = data["contact_by"]
        concern.contact_note = (data.get("contact_note") or "").strip()[:200] or None
        # A number is kept only for a phone call: nothing is held that is not needed.
        phone = " ".join((data.get("contact_phone") or "").split())[:40] or None
        concern.contact_phone = phone if concern.contact_by == "phone" else None
    elif step == "language":
        # Only a language the form offers: anything else would be shown to the school.
        language = data.get("language")
        concern.language = language if language in HOME_LANGUAGES else concern.language
    concern.step = step
    audit.record(by, "concern.update", pupil=concern.pupil, obj=concern)
    db.session.commit()


def value_for(concern: Concern, step: str):
    return {
        "area": concern.area,
        "noticed": concern.noticed,
        "since": concern.since,
        "at_home": concern.at_home,
        "would_like": concern.would_like,
        "contact": concern.contact_by,
        "language": concern.language,
    }[step]


def missing_step(concern: Concern) -> str | None:
    """The first step still to answer, or None when the concern can be sent."""
    for step in STEPS:
        if step in REQUIRED and not value_for(concern, step):
            return step
        if step == "contact" and concern.contact_by == "phone" and not concern.contact_phone:
            return step
    return None


def looks_like_phone(value: str) -> bool:
    """A phone number someone could ring: 10 to 15 digits, with spaces, brackets, dashes
    or a leading +."""
    text = (value or "").strip()
    digits = [ch for ch in text if ch.isdigit()]
    allowed = set("0123456789 +()-.")
    return 10 <= len(digits) <= 15 and all(ch in allowed for ch in text) and "+" not in text[1:]


def reply_due(concern: Concern) -> date | None:
    """The day the school will have replied by: REPLY_WITHIN_SCHOOL_DAYS school days
    (Monday to Friday) after the concern was sent."""
    if concern.submitted_at is None:
        return None
    day, left = concern.submitted_at.date(), REPLY_WITHIN_SCHOOL_DAYS
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def submit(concern: Concern, by: User) -> Concern:
    """Send it: give a reference, map the area, tell the SENCO by email."""
    concern.reference = new_reference()
    concern.status = ConcernStatus.RECEIVED
    concern.submitted_at = utcnow()
    concern.broad_area = AREAS[concern.area].broad_area if concern.area in AREAS else None
    concern.step = None
    audit.record(by, "concern.submit", pupil=concern.pupil, obj=concern)
    _tell_sencos(concern, "concern_new")
    db.session.commit()
    return concern


REFERENCE_LETTERS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to read out


def new_reference() -> str:
    while True:
        chars = "".join(secrets.choice(REFERENCE_LETTERS) for _ in range(6))
        reference = f"CN-{chars[:3]}-{chars[3:]}"
        if db.session.scalar(sa.select(Concern.id).where(Concern.reference == reference)) is None:
            return reference


def mark_read(concern: Concern, by: User) -> None:
    """The SENCO opened it: the family sees that it has been read."""
    if concern.status is ConcernStatus.RECEIVED:
        concern.status = ConcernStatus.READ
        concern.read_at = utcnow()
        concern.read_by_id = by.id
        audit.record(by, "concern.read", pupil=concern.pupil, obj=concern)
        db.session.commit()


def reply_language(concern: Concern) -> str:
    """What a reply is offered in first: the family's language if the portal has it."""
    if concern.language in LANGUAGES:
        return concern.language
    return concern.school.default_locale or DEFAULT_LOCALE


def reply(concern: Concern, by: User, body: str, language: str | None = None) -> ConcernMessage:
    message = ConcernMessage(
        concern=concern,
        author=by,
        from_school=True,
        body=body.strip(),
        language=language if language in LANGUAGES else concern.school.default_locale,
    )
    db.session.add(message)
    if concern.read_at is None:
        concern.read_at, concern.read_by_id = utcnow(), by.id
    concern.status = ConcernStatus.REPLIED
    db.session.flush()
    audit.record(by, "concern.reply", pupil=concern.pupil, obj=concern)
    _tell_family(concern, "concern_reply")
    db.session.commit()
    return message


def close(concern: Concern, by: User, summary: str) -> None:
    concern.status = ConcernStatus.CLOSED
    concern.closed_at = utcnow()
    concern.closed_by_id = by.id
    concern.closing_summary = summary.strip()
    if concern.read_at is None:
        concern.read_at, concern.read_by_id = utcnow(), by.id
    audit.record(by, "concern.close", pupil=concern.pupil, obj=concern)
    _tell_family(concern, "concern_closed")
    db.session.commit()


def add_family_message(concern: Concern, by: User, body: str, language: str) -> ConcernMessage:
    """The family adds to an open concern: it waits in the SENCO's inbox again, unread."""
    if not concern.is_open:
        raise ValueError("Only an open concern takes new messages")
    message = ConcernMessage(
        concern=concern, author=by, from_school=False, body=body.strip(), language=language
    )
    db.session.add(message)
    concern.status = ConcernStatus.RECEIVED
    db.session.flush()
    audit.record(by, "concern.message", pupil=concern.pupil, obj=concern)
    _tell_sencos(concern, "concern_message")
    db.session.commit()
    return message


SUBJECTS = {
    "concern_new": _l("A parent has raised a concern (%(reference)s)"),
    "concern_message": _l("A parent has added to a concern (%(reference)s)"),
    "concern_reply": _l("The school has replied to your concern (%(reference)s)"),
    "concern_closed": _l("The school has closed your concern (%(reference)s)"),
}


class _Subject:
    """A subject translated in the recipient's language when the email is rendered."""

    def __init__(self, kind: str, reference: str):
        self.kind, self.reference = kind, reference

    def __str__(self) -> str:
        return str(SUBJECTS[self.kind]) % {"reference": self.reference}


def _tell_sencos(concern: Concern, kind: str) -> None:
    for senco in sencos(concern.school_id):
        _tell(senco, concern, kind, "school")


def _tell_family(concern: Concern, kind: str) -> None:
    if concern.raised_by.active:
        _tell(concern.raised_by, concern, kind, "family")


def _tell(person: User, concern: Concern, kind: str, side: str) -> None:
    """Email one person a link to the concern, as the school or the family sees it."""
    mail.send(
        to=person.email,
        kind=kind,
        subject=_Subject(kind, concern.reference),
        template=f"email/concern_{side}.txt",
        user=person,
        school=concern.school,
        reference=concern.reference,
        link_to=(concern, side),
        change=kind,
    )


_FAMILY_CONCERNS = (  # built once: the child's page runs it on every request
    sa.select(Concern)
    .where(
        Concern.pupil_id == sa.bindparam("pupil_id"),
        Concern.raised_by_id == sa.bindparam("parent_id"),
    )
    # What the child's page lists of each; the details are read on the concern's page.
    .options(load_only(Concern.reference, Concern.status, Concern.created_at, Concern.submitted_at))
    .order_by(Concern.created_at.desc(), Concern.id.desc())
)


def family_concerns(parent: User, pupil: Pupil) -> list[Concern]:
    """This parent's concerns about this child, drafts included, newest first."""
    return db.session.scalars(
        _FAMILY_CONCERNS, {"pupil_id": pupil.id, "parent_id": parent.id}
    ).all()


@functools.cache
def _pupil_concerns_statement() -> sa.Select:
    return paged(
        sa.select(
            Concern.id,
            Concern.reference,
            Concern.status,
            Concern.submitted_at,
            User.full_name.label("raised_by_name"),
        )
        .join(Concern.raised_by)
        .where(Concern.pupil_id == sa.bindparam("pupil_id"), Concern.status != ConcernStatus.DRAFT)
        .order_by(Concern.submitted_at.desc(), Concern.id.desc())
    )


def pupil_concerns_page(pupil_id: int, limit: int, offset: int = 0) -> tuple[int, list[sa.Row]]:
    """One page of the sent concerns about a pupil, for the school, newest first, and how
    many there are, in one query: rows of id, reference, status, submitted_at and
    raised_by_name."""
    return run_paged(_pupil_concerns_statement(), {"pupil_id": pupil_id}, limit, offset)
