"""The portal's domain model. Import models from here."""

from portal.models.account import Invitation, LoginAttempt, PasswordReset
from portal.models.audit import AuditEvent, EmailMessage
from portal.models.base import Base, today, utcnow
from portal.models.pupil import (
    BroadArea,
    NeedCode,
    ParentLink,
    Pupil,
    PupilNeed,
    SenStatus,
    TeacherLink,
    year_group_label,
)
from portal.models.school import School
from portal.models.user import Membership, Role, User

__all__ = [
    "AuditEvent",
    "Base",
    "BroadArea",
    "EmailMessage",
    "Invitation",
    "LoginAttempt",
    "Membership",
    "NeedCode",
    "ParentLink",
    "PasswordReset",
    "Pupil",
    "PupilNeed",
    "Role",
    "School",
    "SenStatus",
    "TeacherLink",
    "User",
    "today",
    "utcnow",
    "year_group_label",
]
