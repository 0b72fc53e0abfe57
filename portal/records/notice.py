"""Telling the family formally that their child starts or stops receiving SEN support (Code
6.43: "schools must inform parents when they are making special educational provision for
a child").

A change of provision made in the portal from no SEN to SEN support, or back, is kept as
waiting until the SENCO chooses how the family is told: the letter emailed to every contact
with an email (a PDF in each contact's language), the letter printed and given or posted,
at a meeting, or by phone. The date and the way go on the SEN history row.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal import audit, mail
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.models import (
    Contact,
    FamilyTold,
    ParentLink,
    Pupil,
    SenChange,
    SenField,
    SenStatus,
    User,
    today,
)
from portal.people import school_contacts
from portal.records.pdf import render_pdf

STARTS = (SenStatus.NONE.value, SenStatus.SEN_SUPPORT.value)
STOPS = (SenStatus.SEN_SUPPORT.value, SenStatus.NONE.value)


def is_start_or_stop(change: SenChange) -> bool:
    """A change of provision from no SEN to SEN support, or from SEN support to none."""
    return change.field is SenField.PROVISION and (change.from_value, change.to_value) in (
        STARTS,
        STOPS,
    )


def waiting(pupil_id: int) -> list[SenChange]:
    """Changes of this pupil's SEN support whose family has not been told yet."""
    return db.session.scalars(
        sa.select(SenChange)
        .where(
            SenChange.pupil_id == pupil_id,
            SenChange.family_notice_needed.is_(True),
            SenChange.family_told_on.is_(None),
        )
        .order_by(SenChange.effective_date, SenChange.id)
    ).all()


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str | None
    locale: str
    contact: Contact | None = None
    user: User | None = None


def recipients(pupil: Pupil) -> list[Recipient]:
    """Who the letter is for: each contact of the pupil (with or without an account), and
    parents with an account who have no contact row; each in their own language."""
    found: list[Recipient] = []
    linked = set()
    contacts = db.session.scalars(
        sa.select(Contact)
        .where(Contact.pupil_id == pupil.id)
        .order_by(Contact.contact_order, Contact.id)
    ).all()
    users = {
        link.user_id: link.user
        for link in db.session.scalars(
            sa.select(ParentLink)
            .where(ParentLink.pupil_id == pupil.id)
            .options(selectinload(ParentLink.user))
        )
    }
    default = pupil.school.default_locale
    for contact in contacts:
        user = users.get(contact.user_id) if contact.user_id else None
        locale = _locale(contact.language, user.locale if user else None, default)
        email = contact.email or (user.email if user else None)
        found.append(Recipient(contact.full_name, email, locale, contact=contact, user=user))
        if contact.user_id:
            linked.add(contact.user_id)
    for user_id, user in users.items():
        if user_id not in linked and user.active:
            found.append(
                Recipient(user.full_name, user.email, _locale(user.locale, default), user=user)
            )
    return found


def _locale(*codes: str | None) -> str:
    return next((c for c in codes if c in LANGUAGES), "en")


def letter_context(change: SenChange) -> dict:
    from portal.school.calendar import local_support

    pupil = change.pupil
    return {
        "change": change,
        "pupil": pupil,
        "school": pupil.school,
        "starts": change.to_value == SenStatus.SEN_SUPPORT.value,
        "sencos": [m.user for m in school_contacts(pupil.school_id)],
        "support": local_support(pupil.school_id),
    }


def letter_pdf(change: SenChange, locale: str, recipient_name: str | None = None) -> bytes:
    """The letter as a PDF, in this language."""
    context = letter_context(change)
    with force_locale(locale):
        title = str(
            _l("SEN support for %(name)s", name=context["pupil"].full_name)
            if context["starts"]
            else _l("SEN support for %(name)s has ended", name=context["pupil"].full_name)
        )
        return render_pdf(
            "records/notice_letter.html",
            title=title,
            school_name=context["school"].name,
            made_on=today(),
            recipient_name=recipient_name,
            **context,
        )


def letter_filename(change: SenChange, locale: str) -> str:
    pupil = change.pupil
    return f"sen-support-{pupil.family_name}-{pupil.given_name}-{locale}.pdf".lower()


class NoEmail(ValueError):
    """The letter was to be emailed, but nobody has an email address."""


def tell_family(change: SenChange, how: FamilyTold, on: date, by: User) -> int:
    """Record how and when the family was told; for an emailed letter, send it to every
    recipient with an email, in their language. Returns how many letters were emailed."""
    sent = 0
    if how is FamilyTold.LETTER_EMAILED:
        people = [r for r in recipients(change.pupil) if r.email]
        if not people:
            raise NoEmail()
        for person in people:
            pdf = letter_pdf(change, person.locale, person.name)
            mail.send(
                to=person.email,
                kind="sen_support_letter",
                subject=_l("A letter from your child's school"),
                template="email/sen_support_letter.txt",
                user=person.user,
                school=change.pupil.school,
                locale=person.locale,
                name=person.name,
                attachments=[(letter_filename(change, person.locale), pdf, "application/pdf")],
            )
            sent += 1
    change.family_told_on = on
    change.family_told_how = how
    change.family_told_by_id = by.id
    audit.record(by, "sen_change.family_told", pupil=change.pupil, obj=change)
    db.session.commit()
    return sent
