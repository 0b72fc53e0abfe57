"""The portal's domain model. Import models from here."""

from portal.models.account import Invitation, LoginAttempt, PasswordReset
from portal.models.audit import AuditEvent, EmailMessage
from portal.models.base import Base, today, utcnow
from portal.models.plans import (
    GroupSize,
    NextStep,
    Outcome,
    OutcomeResult,
    Plan,
    PlanKind,
    PlanNeed,
    PlanQuestion,
    PlanStatus,
    ProgressNote,
    Provision,
    SpecialistAdvice,
)
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
    "GroupSize",
    "Invitation",
    "LoginAttempt",
    "Membership",
    "NeedCode",
    "NextStep",
    "Outcome",
    "OutcomeResult",
    "ParentLink",
    "PasswordReset",
    "Plan",
    "PlanKind",
    "PlanNeed",
    "PlanQuestion",
    "PlanStatus",
    "ProgressNote",
    "Provision",
    "Pupil",
    "PupilNeed",
    "Role",
    "School",
    "SenStatus",
    "SpecialistAdvice",
    "TeacherLink",
    "User",
    "today",
    "utcnow",
    "year_group_label",
]
