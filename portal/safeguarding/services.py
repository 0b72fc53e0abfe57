"""Designated safeguarding leads, and telling them at once when a pupil does not feel safe.

`raise_safety_alert` is called where a pupil says so (the views form's feeling-safe
question, a worry marked "I do not feel safe"). It records an alert and emails each lead of
the pupil's school a link and nothing more. With no lead named, the school's SENCOs are
told instead, so an alert never reaches nobody; the alert says so.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal import access, audit, kept, mail
from portal.extensions import db
from portal.models import (
    AlertSource,
    Membership,
    Pupil,
    Role,
    SafeguardingLead,
    SafetyAlert,
    School,
    User,
    utcnow,
)
from portal.people import sencos, teachers_of

log = logging.getLogger("portal.safeguarding")

# The face that raises an alert on "How safe do you feel at school?": the lowest of five.
UNSAFE_FEELING = "very_sad"
ALERT_SUBJECT = _l("Safeguarding: a pupil may not feel safe. Please look now.")


def _staff_at(school_id: int) -> sa.ColumnElement[bool]:
    return sa.exists().where(
        Membership.user_id == User.id,
        Membership.school_id == school_id,
        Membership.role.in_(access.LEAD_ROLES),
        Membership.active.is_(True),
    )


def safeguarding_leads(school: School) -> list[User]:
    """The school's designated safeguarding leads who can act now (active staff there)."""
    return list(
        db.session.scalars(
            sa.select(User)
            .join(SafeguardingLead, SafeguardingLead.user_id == User.id)
            .where(
                SafeguardingLead.school_id == school.id,
                User.active.is_(True),
                _staff_at(school.id),
            )
            .order_by(User.full_name, User.id)
        )
    )


def is_lead(user: User, school_id: int) -> bool:
    return school_id in access.lead_school_ids(user)


def add_lead(school: School, user: User, by: User | None) -> SafeguardingLead:
    """Name a member of staff as a safeguarding lead; the caller commits."""
    if not db.session.scalar(sa.select(_staff_at(school.id)).where(User.id == user.id)):
        raise ValueError("A safeguarding lead must be on the school's staff")
    lead = db.session.scalar(
        sa.select(SafeguardingLead).where(
            SafeguardingLead.school_id == school.id, SafeguardingLead.user_id == user.id
        )
    )
    if lead is None:
        lead = SafeguardingLead(
            school_id=school.id, user_id=user.id, added_by_id=by.id if by else None
        )
        db.session.add(lead)
        db.session.flush()
        audit.record(by, "safeguarding_lead.add", school_id=school.id, obj=lead)
    return lead


def remove_lead(school: School, user: User, by: User | None) -> None:
    """The caller commits."""
    lead = db.session.scalar(
        sa.select(SafeguardingLead).where(
            SafeguardingLead.school_id == school.id, SafeguardingLead.user_id == user.id
        )
    )
    if lead is not None:
        audit.record(by, "safeguarding_lead.remove", school_id=school.id, obj=lead)
        db.session.delete(lead)


def raise_safety_alert(
    pupil: Pupil,
    source: AlertSource,
    *,
    source_id: int | None = None,
    raised_by: User | None = None,
) -> SafetyAlert:
    """Tell the pupil's school's safeguarding leads at once, and keep an alert for them.

    An alert still open for the same answer is not raised twice. Commits."""
    open_alert = db.session.scalar(
        sa.select(SafetyAlert).where(
            SafetyAlert.pupil_id == pupil.id,
            SafetyAlert.source == source,
            SafetyAlert.source_id.is_(None)
            if source_id is None
            else SafetyAlert.source_id == source_id,
            SafetyAlert.dealt_with_at.is_(None),
        )
    )
    if open_alert is not None:
        return open_alert
    alert = SafetyAlert(
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        source=source,
        source_id=source_id,
        raised_by_id=raised_by.id if raised_by is not None else None,
    )
    db.session.add(alert)
    db.session.flush()
    audit.record(raised_by, "safety_alert.raise", pupil=pupil, obj=alert)
    school = pupil.school
    people = safeguarding_leads(school)
    if not people:
        # Nobody named: the SENCO hears instead, and the alert says so, so it is fixed.
        log.warning(
            "School %s has no safeguarding lead: alert %s went to its SENCOs", school.id, alert.id
        )
        alert.sent_to_sencos = True
        people = sencos(school.id)
    for person in people:
        mail.send(
            to=person.email,
            kind="safety_alert",
            subject=ALERT_SUBJECT,
            template="email/safety_alert.txt",
            user=person,
            school=school,
            name=person.full_name,
            link_to=(alert, "school"),
            to_senco=alert.sent_to_sencos,
        )
    db.session.commit()
    return alert


def alert_if_unsafe(pupil: Pupil, feelings: dict, *, views_id: int | None, by: User | None):
    """The views form's check: the lowest face for feeling safe raises an alert."""
    if feelings.get("safe") == UNSAFE_FEELING:
        return raise_safety_alert(
            pupil, AlertSource.FEELING_UNSAFE, source_id=views_id, raised_by=by
        )
    return None


# -- What leads see ----------------------------------------------------------------------------


def sees_alerts(user: User) -> bool:
    """Whether this person has an alerts page: a lead, or a SENCO who was sent one. One
    statement, kept until the data changes (portal.kept): the menu asks on every staff page."""

    def ask() -> bool:
        senco_of = access.schools_where(user, Role.SENCO)
        sent_to_senco = sa.exists().where(
            SafetyAlert.sent_to_sencos.is_(True), SafetyAlert.school_id.in_(senco_of)
        )
        lead = access.lead_schools(user).exists()
        return bool(db.session.scalar(sa.select(sa.or_(lead, sent_to_senco))))

    return kept.result(("sees alerts", user.id), ask)


def alerts_for(user: User) -> list[SafetyAlert]:
    """Open alerts first (newest first), then the last 50 dealt with."""
    base = (
        sa.select(SafetyAlert)
        .where(access.alerts_clause(user))
        .options(selectinload(SafetyAlert.pupil), selectinload(SafetyAlert.dealt_with_by))
    )
    still_open = db.session.scalars(
        base.where(SafetyAlert.dealt_with_at.is_(None)).order_by(SafetyAlert.raised_at.desc())
    ).all()
    done = db.session.scalars(
        base.where(SafetyAlert.dealt_with_at.is_not(None))
        .order_by(SafetyAlert.dealt_with_at.desc())
        .limit(50)
    ).all()
    return [*still_open, *done]


def mark_seen(alert: SafetyAlert, by: User) -> None:
    """The first time a lead (or SENCO) opens an alert is kept: the list says it was seen."""
    if alert.first_seen_at is None:
        alert.first_seen_at = utcnow()
        alert.first_seen_by_id = by.id
        db.session.commit()


def deal_with(alert: SafetyAlert, by: User, note: str) -> None:
    """The lead says what they did; the alert leaves the top of the list. Commits."""
    alert.dealt_with_at = utcnow()
    alert.dealt_with_by_id = by.id
    alert.action_note = note.strip()
    audit.record(by, "safety_alert.deal_with", pupil=alert.pupil, obj=alert)
    db.session.commit()


def people_to_talk_to(pupil: Pupil, limit: int = 4) -> list[str]:
    """Names a pupil knows at school, for "talk to an adult you trust": the staff who work
    with them, then the safeguarding leads, then the SENCOs."""
    names: list[str] = []
    for user in [
        *(link.user for link in teachers_of(pupil) if link.user.active),
        *safeguarding_leads(pupil.school),
        *sencos(pupil.school_id),
    ]:
        if user.full_name not in names:
            names.append(user.full_name)
    return names[:limit]
