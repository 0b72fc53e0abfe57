"""The portal's domain model. Import models from here."""

from portal.models.account import Invitation, LoginAttempt, PasswordReset
from portal.models.audit import AuditEvent, EmailMessage
from portal.models.base import Base, today, utcnow
from portal.models.meetings import InviteeRole, Meeting, MeetingInvitee, MeetingKind
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
from portal.models.voices import (
    Concern,
    ConcernMessage,
    ConcernStatus,
    FormVersion,
    GatheringMethod,
    Respondent,
    Views,
    ViewsRequest,
    ViewsStatus,
)

__all__ = [
    "AuditEvent",
    "Base",
    "BroadArea",
    "Concern",
    "ConcernMessage",
    "ConcernStatus",
    "EmailMessage",
    "FormVersion",
    "GatheringMethod",
    "Invitation",
    "InviteeRole",
    "LoginAttempt",
    "Meeting",
    "MeetingInvitee",
    "MeetingKind",
    "Membership",
    "NeedCode",
    "ParentLink",
    "PasswordReset",
    "Pupil",
    "PupilNeed",
    "Respondent",
    "Role",
    "School",
    "SenStatus",
    "TeacherLink",
    "User",
    "Views",
    "ViewsRequest",
    "ViewsStatus",
    "today",
    "utcnow",
    "year_group_label",
]
