"""A pupil's worry: the draft kept at each step, sending it to the adult they chose, the
adult reading and replying; and the safeguarding lead told at once when the pupil says they
do not feel safe.

Who reads a worry: the adult it was sent to; and, when the pupil said they do not feel
safe, the school's designated safeguarding leads. Nobody else: not the pupil's parents
(a worry can be about home), not other staff.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal import access, audit, drafts, kept, mail, symbol_banks
from portal.extensions import db
from portal.models import (
    AlertSource,
    FeelsSafe,
    Membership,
    Pupil,
    Role,
    SafetyAlert,
    User,
    Worry,
    WorryStatus,
    utcnow,
)
from portal.people import school_contacts, teachers_of
from portal.safeguarding.services import raise_safety_alert, safeguarding_leads

MAX_TEXT = 5000
SUBJECT = _l("A pupil has sent you a worry. Please read it.")
STAFF = (Role.TEACHER, Role.SENCO)


def adults_for(pupil: Pupil) -> list[tuple[User, str]]:
    """The adults at school a pupil can choose to tell, each with their role: the SENCO,
    the staff who work with them, and the safeguarding leads."""
    chosen: dict[int, tuple[User, str]] = {}
    for membership in school_contacts(pupil.school_id):
        chosen.setdefault(membership.user_id, (membership.user, membership.title or "SENCO"))
    titles = _titles(pupil.school_id)
    for link in teachers_of(pupil):
        if link.user.active and link.user_id in titles:
            chosen.setdefault(link.user_id, (link.user, titles[link.user_id]))
    for lead in safeguarding_leads(pupil.school):
        chosen.setdefault(lead.id, (lead, titles.get(lead.id, "")))
    return list(chosen.values())


def _titles(school_id: int) -> dict[int, str]:
    """Active staff of a school, with the title they go by."""
    rows = db.session.execute(
        sa.select(Membership.user_id, Membership.title, Membership.role).where(
            Membership.school_id == school_id,
            Membership.role.in_(STAFF),
            Membership.active.is_(True),
        )
    ).all()
    return {user_id: title or str(role.label) for user_id, title, role in rows}


def draft_of(pupil: Pupil, by: User) -> Worry | None:
    return drafts.draft_of(Worry, WorryStatus.DRAFT, pupil, by)


def start(pupil: Pupil, by: User, language: str) -> Worry:
    """The pupil's worry not sent yet, or a new one. Commits."""
    return drafts.resume_or_start(
        Worry, WorryStatus.DRAFT, pupil, by, language=language, step="who", action="worry.start"
    )


def _check_draft(worry: Worry) -> None:
    if worry.status is not WorryStatus.DRAFT:
        raise ValueError("A sent worry is not changed")


def save_to(worry: Worry, to: User, by: User) -> None:
    _check_draft(worry)
    if to.id not in {user.id for user, _ in adults_for(worry.pupil)}:
        raise ValueError("Not an adult this pupil can choose")
    worry.to_id = to.id
    worry.step = "what"
    audit.record(by, "worry.update", pupil=worry.pupil, obj=worry)
    db.session.commit()


def save_about(worry: Worry, *, cards: list[str], text: str | None, by: User) -> None:
    _check_draft(worry)
    keys = {c.key for c in symbol_banks.WORRY_CARDS}
    worry.about = [c.key for c in symbol_banks.WORRY_CARDS if c.key in set(cards) & keys]
    worry.text = (text or "").strip()[:MAX_TEXT] or None
    worry.step = "safe"
    audit.record(by, "worry.update", pupil=worry.pupil, obj=worry)
    db.session.commit()


def about_cards(worry: Worry) -> list[symbol_banks.Card]:
    wanted = set(worry.about or [])
    return [c for c in symbol_banks.WORRY_CARDS if c.key in wanted]


def send(worry: Worry, feels_safe: FeelsSafe | None, by: User) -> SafetyAlert | None:
    """Send the worry to the adult chosen (an email with only a link). "I do not feel
    safe" tells the safeguarding leads at once. Commits."""
    _check_draft(worry)
    if worry.to is None:
        raise ValueError("Choose who to tell first")
    worry.feels_safe = feels_safe
    worry.status = WorryStatus.SENT
    worry.sent_at = utcnow()
    worry.step = None
    audit.record(by, "worry.send", pupil=worry.pupil, obj=worry)
    mail.send(
        to=worry.to.email,
        kind="worry",
        subject=SUBJECT,
        template="email/worry.txt",
        user=worry.to,
        school=worry.pupil.school,
        name=worry.to.full_name,
        link_to=(worry, "school"),
    )
    db.session.commit()
    if worry.unsafe:
        return raise_safety_alert(
            worry.pupil, AlertSource.WORRY_UNSAFE, source_id=worry.id, raised_by=by
        )
    return None


def may_read(user: User, worry: Worry) -> bool:
    """The adult it was sent to; a safeguarding lead of the school when the pupil said they
    do not feel safe."""
    if worry.status is not WorryStatus.SENT:
        return False
    if worry.to_id == user.id:
        return True
    return worry.unsafe and worry.school_id in access.lead_school_ids(user)


def mark_read(worry: Worry, by: User) -> None:
    """The adult it was sent to opened it: the pupil sees when. Commits."""
    if worry.to_id == by.id and worry.read_at is None:
        worry.read_at = utcnow()
        worry.read_by_id = by.id
        audit.record(by, "worry.read", pupil=worry.pupil, obj=worry)
        db.session.commit()


def reply(worry: Worry, text: str, by: User) -> None:
    """The adult's answer, shown to the pupil on their page. Commits."""
    if worry.read_at is None:
        worry.read_at = utcnow()
        worry.read_by_id = by.id
    worry.reply = text.strip()[:MAX_TEXT]
    worry.replied_at = utcnow()
    worry.replied_by_id = by.id
    audit.record(by, "worry.reply", pupil=worry.pupil, obj=worry)
    db.session.commit()


def worries_of(pupil: Pupil, by: User) -> list[Worry]:
    """A pupil's own worries, newest first (a draft first of all)."""
    return db.session.scalars(
        sa.select(Worry)
        .where(Worry.pupil_id == pupil.id, Worry.raised_by_id == by.id)
        .options(selectinload(Worry.to), selectinload(Worry.replied_by))
        .order_by(Worry.status == WorryStatus.SENT, Worry.sent_at.desc(), Worry.id.desc())
    ).all()


def readable_by(user: User) -> sa.ColumnElement[bool]:
    """Sent worries this person may read (see may_read)."""
    return sa.and_(
        Worry.status == WorryStatus.SENT,
        sa.or_(
            Worry.to_id == user.id,
            sa.and_(
                Worry.feels_safe == FeelsSafe.NOT_SAFE,
                Worry.school_id.in_(access.lead_schools(user)),
            ),
        ),
    )


def for_staff(user: User, school_id: int, limit: int = 100) -> list[Worry]:
    """The worries this person may read at this school: not replied to first, newest first."""
    return db.session.scalars(
        sa.select(Worry)
        .where(readable_by(user), Worry.school_id == school_id)
        .options(selectinload(Worry.pupil), selectinload(Worry.to))
        .order_by(Worry.replied_at.is_not(None), Worry.sent_at.desc())
        .limit(limit)
    ).all()


def has_any(user: User) -> bool:
    """Whether this person has worries to read: the menu asks on every staff page, so the
    answer is kept until the data changes (portal.kept)."""
    return kept.result(
        ("has worries", user.id),
        lambda: bool(db.session.scalar(sa.select(sa.exists().where(readable_by(user))))),
    )
