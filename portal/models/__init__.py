"""The portal's domain model. Import models from here."""

from portal.models.account import Invitation, LoginAttempt, PasswordReset
from portal.models.audit import AuditEvent, EmailMessage
from portal.models.base import Base, today, utcnow
from portal.models.local_offer import (
    AccessRoute,
    OutOfDateReport,
    ReportSection,
    SenInformationReport,
    Service,
    ServiceCategory,
    ServiceCategoryLink,
    ServiceContact,
    ServiceCost,
    ServiceLocation,
    ServiceNeed,
    ServiceOrganisation,
    ServiceSource,
    ServiceStatus,
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
    "AccessRoute",
    "AuditEvent",
    "Base",
    "BroadArea",
    "EmailMessage",
    "Invitation",
    "LoginAttempt",
    "Membership",
    "NeedCode",
    "OutOfDateReport",
    "ParentLink",
    "PasswordReset",
    "Pupil",
    "PupilNeed",
    "ReportSection",
    "Role",
    "School",
    "SenInformationReport",
    "SenStatus",
    "Service",
    "ServiceCategory",
    "ServiceCategoryLink",
    "ServiceContact",
    "ServiceCost",
    "ServiceLocation",
    "ServiceNeed",
    "ServiceOrganisation",
    "ServiceSource",
    "ServiceStatus",
    "TeacherLink",
    "User",
    "today",
    "utcnow",
    "year_group_label",
]
