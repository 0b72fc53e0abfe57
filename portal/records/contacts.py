"""A pupil's parents and carers, with or without an account, and inviting them."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import event

from portal import audit
from portal.auth import services as accounts
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.models import (
    Contact,
    Invitation,
    ParentLink,
    Pupil,
    Role,
    School,
    User,
    utcnow,
)

FIELDS = (
    "title",
    "given_name",
    "family_name",
    "relationship_to_pupil",
    "parental_responsibility",
    "email",
    "phone",
    "language",
    "interpreter_needed",
    "contact_order",
)


def of_pupil(pupil_id: int) -> list[Contact]:
    return db.session.scalars(
        sa.select(Contact)
        .where(Contact.pupil_id == pupil_id)
        .order_by(Contact.contact_order, Contact.id)
    ).all()


def save(contact: Contact, data: dict, by: User) -> Contact:
    """Create or change a contact; link the account with the same email, if there is one."""
    creating = contact.id is None
    for name in FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            value = value.strip() or None
        setattr(contact, name, value)
    contact.email = (contact.email or "").lower() or None
    contact.relationship_to_pupil = contact.relationship_to_pupil or "parent"
    if contact.user_id is None and contact.email:
        contact.user_id = _linked_account(contact.pupil_id, contact.email)
    db.session.add(contact)
    db.session.flush()
    audit.record(
        by, "contact.create" if creating else "contact.update", pupil=contact.pupil, obj=contact
    )
    db.session.commit()
    return contact


def _linked_account(pupil_id: int, email: str) -> int | None:
    return db.session.scalar(
        sa.select(User.id)
        .join(ParentLink, ParentLink.user_id == User.id)
        .where(ParentLink.pupil_id == pupil_id, User.email == email.lower())
    )


@event.listens_for(ParentLink, "after_insert")
def _link_contact(mapper, connection, link: ParentLink) -> None:
    """When a parent's account is linked to a pupil (an invitation accepted), the contact
    with the same email becomes that account's contact."""
    users = User.__table__
    contacts = Contact.__table__
    email = sa.select(users.c.email).where(users.c.id == link.user_id).scalar_subquery()
    connection.execute(
        contacts.update()
        .where(
            contacts.c.pupil_id == link.pupil_id,
            contacts.c.user_id.is_(None),
            sa.func.lower(contacts.c.email) == email,
        )
        .values(user_id=link.user_id)
    )


@dataclass
class InvitePlan:
    to_invite: list[Contact]
    waiting: list[Contact]  # invited already, the invitation still usable
    no_email: int


def invite_plan(school: School) -> InvitePlan:
    """Contacts with an email and no account, in two queries."""
    contacts = db.session.scalars(
        sa.select(Contact)
        .join(Contact.pupil)
        .where(
            Pupil.school_id == school.id,
            Pupil.left_at.is_(None),
            Contact.user_id.is_(None),
        )
        .order_by(Pupil.family_name, Pupil.given_name, Contact.contact_order)
    ).all()
    open_invitations = {
        (pupil_id, email)
        for pupil_id, email in db.session.execute(
            sa.select(Invitation.pupil_id, Invitation.email).where(
                Invitation.school_id == school.id,
                Invitation.role == Role.PARENT,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
        )
    }
    plan = InvitePlan([], [], 0)
    for contact in contacts:
        if not contact.email:
            plan.no_email += 1
        elif (contact.pupil_id, contact.email) in open_invitations:
            plan.waiting.append(contact)
        else:
            plan.to_invite.append(contact)
    return plan


def invitation_locale(contact: Contact, school: School) -> str:
    return contact.language if contact.language in LANGUAGES else school.default_locale


def invite_all(school: School, by: User) -> int:
    """Invite every contact with an email and no account, each in their own language."""
    plan = invite_plan(school)
    for contact in plan.to_invite:
        accounts.invite(
            school=school,
            invited_by=by,
            email=contact.email,
            full_name=contact.full_name,
            role=Role.PARENT,
            pupil=contact.pupil,
            relationship=contact.relationship_to_pupil,
            locale=invitation_locale(contact, school),
        )
    return len(plan.to_invite)
