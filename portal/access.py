"""The one access rule, and one loader for every kind of object a route takes by id.

A parent reaches only pupils linked to them; a pupil only themself; a teacher only the
pupils linked to them at a school where they teach; a SENCO every pupil of their own
school. Nobody reaches another school's data. Someone else's object answers 404, so an id
reveals nothing.

Every loader here finds its object through that rule, in the query itself (never by
loading first and checking after), audits the read of the pupil's record, and answers 404
for anything else. Routes pass `options` for what their page needs loaded with it.
tests/test_access_matrix.py fails for any route taking an id that has no row saying who
may reach what. (One file on purpose: the rule and every use of
it read together.)
"""

from collections.abc import Iterable
from functools import wraps

import sqlalchemy as sa
from flask import abort, g, session
from flask import request as current_request
from flask_login import current_user, login_required
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from werkzeug.exceptions import Conflict

from portal import audit
from portal.extensions import db
from portal.models import (
    AnnualReview,
    Concern,
    ConcernStatus,
    Contact,
    EarlierRecord,
    Invitation,
    Meeting,
    MeetingRecord,
    Membership,
    OutOfDateReport,
    ParentLink,
    Plan,
    PlanQuestion,
    PlanStatus,
    PossibleLeaver,
    Pupil,
    RecordImport,
    Respondent,
    Role,
    SafeguardingLead,
    SafetyAlert,
    School,
    SenChange,
    Service,
    StoredFile,
    SubjectAccessRequest,
    TeacherLink,
    TranslationRequest,
    User,
    UserSession,
    Views,
    ViewsRequest,
    ViewsStatus,
    Worry,
    WorryStatus,
)
from portal.models.local_offer import VISIBLE_STATUSES
from portal.models.worries import FeelsSafe

STAFF_ROLES = (Role.SENCO, Role.TEACHER)
# Who may sit with a pupil without an account and fill in their views form with them.
SUPPORTER_ROLES = (Role.TEACHER, Role.SENCO, Role.PARENT)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def active_memberships(user: User) -> list[Membership]:
    # The installation's administrator holds no role at any school, even if a row says so.
    if user.is_platform_admin:
        return []
    return [m for m in user.memberships if m.active]


def schools_where(user: User, role: Role) -> list[int]:
    return [m.school_id for m in active_memberships(user) if m.role is role]


def current_membership() -> Membership | None:
    """The role the signed-in person is acting in now (chosen if they hold several)."""
    if "membership" in g:
        return g.membership
    membership = None
    if current_user.is_authenticated:
        memberships = active_memberships(current_user)
        chosen = session.get("membership_id")
        membership = next((m for m in memberships if m.id == chosen), None)
        if membership is None and memberships:
            membership = memberships[0]
    g.membership = membership
    return membership


def select_role_for(school_id: int, role: Role) -> None:
    """Act in this role at this school from now on, if the person holds it."""
    for membership in active_memberships(current_user):
        if membership.school_id == school_id and membership.role is role:
            session["membership_id"] = membership.id
            g.pop("membership", None)
            return


def current_school() -> School | None:
    membership = current_membership()
    return membership.school if membership is not None else getattr(g, "school", None)


def reach_clause(user: User, roles: Iterable[Role]) -> sa.ColumnElement[bool]:
    """A WHERE clause on Pupil: the pupils this user may reach in any of these roles."""
    clauses = []
    for role in roles:
        schools = schools_where(user, role)
        if not schools:
            continue
        in_school = Pupil.school_id.in_(schools)
        # A parent's or teacher's pupils as a list drawn from their links (IN), not a test
        # of each pupil of the school (EXISTS): the database starts from the few links and
        # fetches those pupils, where a correlated EXISTS read every pupil of the school.
        if role is Role.PARENT:
            linked = Pupil.id.in_(
                sa.select(ParentLink.pupil_id).where(ParentLink.user_id == user.id)
            )
            clauses.append(sa.and_(in_school, linked))
        elif role is Role.PUPIL:
            clauses.append(sa.and_(in_school, Pupil.user_id == user.id))
        elif role is Role.TEACHER:
            linked = Pupil.id.in_(
                sa.select(TeacherLink.pupil_id).where(TeacherLink.user_id == user.id)
            )
            clauses.append(sa.and_(in_school, linked))
        elif role is Role.SENCO:
            clauses.append(in_school)
    return sa.or_(*clauses) if clauses else sa.false()


def pupils_query(user: User, *roles: Role) -> sa.Select:
    """All pupils this user reaches in these roles, for lists."""
    return sa.select(Pupil).where(reach_clause(user, roles))


def can_reach(user: User, pupil: Pupil, *roles: Role) -> bool:
    found = db.session.scalar(
        sa.select(Pupil.id).where(Pupil.id == pupil.id, reach_clause(user, roles))
    )
    return found is not None


def staff_school(user: User, school_id: int, *roles: Role) -> bool:
    return any(school_id in schools_where(user, role) for role in roles)


def is_senco_for(user: User, pupil: Pupil) -> bool:
    return staff_school(user, pupil.school_id, Role.SENCO)


def _found(obj, user: User, action: str, pupil: Pupil | None = None):
    """404 for nothing found; otherwise audit the read of the pupil's record (unless the
    route audits the change it is about to make instead, action="")."""
    if obj is None:
        abort(404)
    if action:
        audit.record_read(user, action, pupil=pupil if pupil is not None else obj.pupil)
    return obj


def _about_reached_pupil(kind, user: User, roles: Iterable[Role], *where, options: Iterable = ()):
    """The one object of this kind matching `where`, about a pupil this user reaches in one
    of these roles (the rule in the query itself, joined through the object's pupil)."""
    return db.session.scalar(
        sa.select(kind).join(kind.pupil).where(*where, reach_clause(user, roles)).options(*options)
    )


# Pupils --------------------------------------------------------------------------------


class LeaverReadOnly(Conflict):
    """A change to the record of a pupil who has left: it is kept, but read-only."""


def pupil_for(
    user: User,
    pupil_id: int,
    *roles: Role,
    action: str = "pupil.view",
    leaver_writes: bool = False,
) -> Pupil:
    """Load one pupil the user may reach in one of these roles, audit the read, or 404.

    A leaver's record is read-only: a POST that loads one is refused (409), unless the
    route is one that deals with leavers themselves (`leaver_writes`).
    """
    pupil = db.session.scalar(
        sa.select(Pupil)
        .where(Pupil.id == pupil_id, reach_clause(user, roles))
        .options(joinedload(Pupil.school))  # every pupil page names the school
    )
    if (
        pupil is not None
        and pupil.left_at is not None
        and not leaver_writes
        and current_request.method not in SAFE_METHODS
    ):
        raise LeaverReadOnly()
    return _found(pupil, user, action, pupil)


def own_pupil(user: User, action: str = "pupil.view") -> Pupil:
    """The pupil record of the pupil signed in."""
    pupil = db.session.scalar(pupils_query(user, Role.PUPIL).limit(1))
    return _found(pupil, user, action, pupil)


def teacher_link_for(user: User, pupil_id: int, link_id: int) -> TeacherLink:
    """A member of staff's link to a pupil of the SENCO's school."""
    link = _about_reached_pupil(
        TeacherLink,
        user,
        [Role.SENCO],
        TeacherLink.id == link_id,
        TeacherLink.pupil_id == pupil_id,
        options=[selectinload(TeacherLink.user)],
    )
    return _found(link, user, "")


# Concerns ------------------------------------------------------------------------------


def concern_for_family(user: User, concern_id: int, action: str = "concern.view") -> Concern:
    """A concern this parent raised, about a child still linked to them."""
    concern = _about_reached_pupil(
        Concern,
        user,
        [Role.PARENT],
        Concern.id == concern_id,
        Concern.raised_by_id == user.id,
        options=[selectinload(Concern.messages)],
    )
    return _found(concern, user, action)


def concern_for_school(user: User, concern_id: int, action: str = "concern.view") -> Concern:
    """A sent concern about a pupil of a school where this person is the SENCO."""
    concern = _about_reached_pupil(
        Concern,
        user,
        [Role.SENCO],
        Concern.id == concern_id,
        Concern.status != ConcernStatus.DRAFT,
        options=[selectinload(Concern.messages), selectinload(Concern.raised_by)],
    )
    return _found(concern, user, action)


# Meetings, views requests and views ---------------------------------------------------


def meeting_for(
    user: User, meeting_id: int, *roles: Role, options: Iterable = (), action="meeting.view"
) -> Meeting:
    """A meeting about a pupil this person reaches in one of these roles."""
    meeting = _about_reached_pupil(Meeting, user, roles, Meeting.id == meeting_id, options=options)
    return _found(meeting, user, action)


def views_request_for_parent(user: User, request_id: int) -> ViewsRequest:
    """A request for this parent's own views, for a meeting that still stands."""
    request = db.session.scalar(
        sa.select(ViewsRequest)
        .join(ViewsRequest.pupil)
        .join(ViewsRequest.meeting)
        .where(
            ViewsRequest.id == request_id,
            ViewsRequest.respondent == Respondent.PARENT,
            ViewsRequest.user_id == user.id,
            Meeting.cancelled_at.is_(None),
            reach_clause(user, [Role.PARENT]),
        )
        .options(selectinload(ViewsRequest.views))
    )
    return _found(request, user, "views_request.view")


def views_request_for_pupil_form(user: User, request_id: int) -> tuple[ViewsRequest, bool]:
    """A request for a pupil's views, and whether an adult is filling it in with them.

    The pupil opens their own. An adult who reaches the pupil (linked teacher, SENCO,
    parent) opens it only for a pupil without an account: one with an account speaks for
    themself. A parent opens it only while every views given for it are their own: what
    the child said at school with a teacher (or at the other parent's home) is not theirs
    to read, change or send.
    """
    by_someone_else = sa.exists().where(
        Views.request_id == ViewsRequest.id,
        sa.or_(Views.author_id.is_(None), Views.author_id != user.id),
    )
    request = db.session.scalar(
        sa.select(ViewsRequest)
        .join(ViewsRequest.pupil)
        .join(ViewsRequest.meeting)
        .where(
            ViewsRequest.id == request_id,
            ViewsRequest.respondent == Respondent.PUPIL,
            Meeting.cancelled_at.is_(None),
            sa.or_(
                reach_clause(user, [Role.PUPIL]),
                sa.and_(reach_clause(user, STAFF_ROLES), Pupil.user_id.is_(None)),
                sa.and_(
                    reach_clause(user, [Role.PARENT]), Pupil.user_id.is_(None), ~by_someone_else
                ),
            ),
        )
        .options(selectinload(ViewsRequest.views))
    )
    _found(request, user, "views_request.view")
    return request, request.pupil.user_id != user.id


_WITH_MEETING = selectinload(Views.request).selectinload(ViewsRequest.meeting)


def views_for_staff(user: User, pupil_id: int, views_id: int, action: str = "views.view") -> Views:
    """Sent views about a pupil: teachers linked to the pupil read the pupil's own views;
    the SENCO reads the parents' views too."""
    views = db.session.scalar(
        sa.select(Views)
        .join(Views.pupil)
        .where(
            Views.id == views_id,
            Views.pupil_id == pupil_id,
            Views.status != ViewsStatus.DRAFT,
            sa.or_(
                reach_clause(user, [Role.SENCO]),
                sa.and_(reach_clause(user, [Role.TEACHER]), Views.respondent == Respondent.PUPIL),
            ),
        )
        .options(_WITH_MEETING)
    )
    return _found(views, user, action)


def views_for_family(user: User, views_id: int) -> Views:
    """Views a parent wrote (their own, or their child's with them), a pupil's own, or, for
    a parent, their child's views where the child's views are open to their parents (a
    young person from 16 decides: portal/young_people.py)."""
    views = _about_reached_pupil(
        Views,
        user,
        [Role.PARENT, Role.PUPIL],
        Views.id == views_id,
        Views.status != ViewsStatus.DRAFT,
        sa.or_(
            Views.author_id == user.id,
            sa.and_(Views.respondent == Respondent.PUPIL, Pupil.user_id == user.id),
            sa.and_(Views.respondent == Respondent.PUPIL, reach_clause(user, [Role.PARENT])),
        ),
        options=[_WITH_MEETING],
    )
    if views is not None and views.author_id != user.id and views.pupil.user_id != user.id:
        from portal.young_people import parents_see_views

        if not parents_see_views(views.pupil):
            views = None
    return _found(views, user, "views.view")


# Pupils' worries -----------------------------------------------------------------------


def worry_for_pupil(user: User, worry_id: int, action: str = "worry.view") -> Worry:
    """A worry this pupil told, from their own account."""
    worry = _about_reached_pupil(
        Worry, user, [Role.PUPIL], Worry.id == worry_id, Worry.raised_by_id == user.id
    )
    return _found(worry, user, action)


def worry_for_staff(user: User, worry_id: int, action: str = "worry.view") -> Worry:
    """A sent worry for the adult it was sent to; one where the pupil said they do not feel
    safe also for the school's safeguarding leads. Both must be on the school's staff now."""
    staff_at = schools_where(user, Role.TEACHER) + schools_where(user, Role.SENCO)
    lead_of = sa.select(SafeguardingLead.school_id).where(SafeguardingLead.user_id == user.id)
    worry = db.session.scalar(
        sa.select(Worry).where(
            Worry.id == worry_id,
            Worry.status == WorryStatus.SENT,
            Worry.school_id.in_(staff_at),
            sa.or_(
                Worry.to_id == user.id,
                sa.and_(Worry.feels_safe == FeelsSafe.NOT_SAFE, Worry.school_id.in_(lead_of)),
            ),
        )
    )
    return _found(worry, user, action)


# Stored files (a pupil's recordings and pictures) -------------------------------------

# A file is a pupil's answer. It opens for the pupil themself, for staff who may read that
# pupil's views (linked teachers, the school's SENCO), and for a parent linked to the pupil
# where the pupil's views are open to their parents (young_people.parents_see_views) or
# where that parent sent the file themself while helping a pupil who has no account.
FILE_OPENERS = (Role.PUPIL, Role.TEACHER, Role.SENCO)


def may_open(user: User, stored: StoredFile) -> bool:
    pupil = stored.pupil
    if can_reach(user, pupil, *FILE_OPENERS):
        return True
    if not can_reach(user, pupil, Role.PARENT):
        return False
    from portal.young_people import parents_see_views

    return stored.uploaded_by_id == user.id or parents_see_views(pupil)


def file_for(user: User, file_id: int, action: str = "file.view") -> StoredFile:
    """Load one file this person may open, audit the read (unless action=""), or 404."""
    stored = _about_reached_pupil(
        StoredFile, user, [*FILE_OPENERS, Role.PARENT], StoredFile.id == file_id
    )
    if stored is None or not may_open(user, stored):
        abort(404)
    if action:  # which file was opened, not only whose record
        audit.record_read(user, action, pupil=stored.pupil, obj=stored)
    return stored


# Safety alerts -------------------------------------------------------------------------

# A designated safeguarding lead acts while on the school's staff in one of these roles.
LEAD_ROLES = (Role.TEACHER, Role.SENCO, Role.ADMIN)


def lead_schools(user: User) -> sa.Select:
    """The schools where this person is a safeguarding lead and still on the staff."""
    return sa.select(SafeguardingLead.school_id).where(
        SafeguardingLead.user_id == user.id,
        sa.exists().where(
            Membership.user_id == user.id,
            Membership.school_id == SafeguardingLead.school_id,
            Membership.role.in_(LEAD_ROLES),
            Membership.active.is_(True),
        ),
    )


def lead_school_ids(user: User) -> list[int]:
    """The schools where this person is a safeguarding lead (and still on the staff)."""
    return list(db.session.scalars(lead_schools(user)))


def alerts_clause(user: User) -> sa.ColumnElement[bool]:
    """A WHERE clause on SafetyAlert: alerts of schools where this person is a lead; and,
    where no lead was named, their school's alerts if they are its SENCO."""
    return sa.or_(
        SafetyAlert.school_id.in_(lead_school_ids(user)),
        sa.and_(
            SafetyAlert.sent_to_sencos.is_(True),
            SafetyAlert.school_id.in_(schools_where(user, Role.SENCO)),
        ),
    )


def safety_alert_for(user: User, alert_id: int) -> SafetyAlert:
    """One alert this person may open (its read audited on the pupil's record), or 404."""
    alert = db.session.scalar(
        sa.select(SafetyAlert)
        .where(SafetyAlert.id == alert_id, alerts_clause(user))
        .options(selectinload(SafetyAlert.pupil), selectinload(SafetyAlert.raised_by))
    )
    if alert is None:
        abort(404)
    audit.record_read(user, "safety_alert.view", pupil=alert.pupil, obj=alert)
    return alert


# Plans and meeting records ------------------------------------------------------------


def plan_for(
    user: User, plan_id: int, *roles: Role, options: Iterable = (), action: str = "plan.view"
) -> Plan:
    """A plan, draft or not, of a pupil the school's staff reach in these roles."""
    plan = _about_reached_pupil(Plan, user, roles, Plan.id == plan_id, options=options)
    return _found(plan, user, action)


def shared_plan_for(
    user: User, pupil_id: int, plan_id: int, *, options: Iterable = (), action="plan.view"
) -> Plan:
    """A plan shared with the family of a child linked to this parent; never a draft."""
    plan = _about_reached_pupil(
        Plan,
        user,
        [Role.PARENT],
        Plan.id == plan_id,
        Plan.pupil_id == pupil_id,
        Plan.shared_at.is_not(None),
        Plan.status != PlanStatus.DRAFT,
        options=options,
    )
    return _found(plan, user, action)


def plan_question_for(user: User, plan_id: int, question_id: int) -> PlanQuestion:
    """A parent's question about a plan of a pupil at the SENCO's school."""
    item = _about_reached_pupil(
        PlanQuestion,
        user,
        [Role.SENCO],
        PlanQuestion.id == question_id,
        PlanQuestion.plan_id == plan_id,
        options=[selectinload(PlanQuestion.plan), selectinload(PlanQuestion.asked_by)],
    )
    return _found(item, user, "plan.view")


def shared_record_for(
    user: User, pupil_id: int, meeting_id: int, action: str = "meeting_record.view"
) -> MeetingRecord:
    """The record of a meeting, once shared with the family of a child linked to them."""
    record = _about_reached_pupil(
        MeetingRecord,
        user,
        [Role.PARENT],
        MeetingRecord.pupil_id == pupil_id,
        MeetingRecord.meeting_id == meeting_id,
        MeetingRecord.shared_at.is_not(None),
        options=[selectinload(MeetingRecord.meeting), selectinload(MeetingRecord.plan)],
    )
    return _found(record, user, action)


def annual_review_for(
    user: User, review_id: int, options: Iterable = (), action: str = "annual_review.view"
) -> AnnualReview:
    """An EHC plan's annual review, of a pupil at the SENCO's school."""
    review = _about_reached_pupil(
        AnnualReview, user, [Role.SENCO], AnnualReview.id == review_id, options=options
    )
    return _found(review, user, action)


def sen_change_for(user: User, change_id: int, action: str = "") -> SenChange:
    """A change of a pupil's SEN provision at the SENCO's school, whose family is to be told
    (or has been told) of it."""
    change = _about_reached_pupil(
        SenChange,
        user,
        [Role.SENCO],
        SenChange.id == change_id,
        SenChange.family_notice_needed.is_(True),
        options=[contains_eager(SenChange.pupil)],
    )
    return _found(change, user, action)


# A family's request for the school's words in their language ---------------------------


def translation_request_for_school(
    user: User, request_id: int, action: str = "translation_request.view"
) -> TranslationRequest:
    """A family's request at a school where this user is the SENCO; the read is audited."""
    request = db.session.scalar(
        sa.select(TranslationRequest)
        .where(
            TranslationRequest.id == request_id,
            TranslationRequest.school_id.in_(schools_where(user, Role.SENCO)),
        )
        .options(selectinload(TranslationRequest.pupil))
    )
    return _found(request, user, action)


# The school's own records: staff, invitations, the Local Offer -------------------------


def _acting_school_id() -> int | None:
    school = current_school()
    return school.id if school is not None else None


def _of_acting_school(kind, object_id: int, *where, options: Iterable = ()):
    """The object of this kind with this id kept by the school the person acts for now."""
    return db.session.scalar(
        sa.select(kind)
        .where(kind.id == object_id, kind.school_id == _acting_school_id(), *where)
        .options(*options)
    )


def staff_membership_for(user: User, membership_id: int) -> Membership:
    """A member of staff at the school the person is acting for now."""
    membership = _of_acting_school(
        Membership,
        membership_id,
        Membership.role.in_([Role.TEACHER, Role.SENCO, Role.ADMIN]),
        options=[selectinload(Membership.user)],
    )
    return _found(membership, user, "")


def invitation_for(user: User, invitation_id: int) -> Invitation:
    """An invitation sent for the school the person is acting for now."""
    invitation = _of_acting_school(Invitation, invitation_id)
    return _found(invitation, user, "")


def school_for_admin(user: User, school_id: int) -> School:
    """Any school, for the person who runs the installation."""
    school = db.session.get(School, school_id) if user.is_platform_admin else None
    return _found(school, user, "")


def service_for_staff(user: User, service_id: int, options: Iterable = ()) -> Service:
    """A Local Offer entry of the school the person keeps the directory for now."""
    entry = _of_acting_school(Service, service_id, options=options)
    return _found(entry, user, "")


def public_service(school: School, service_id: int, options: Iterable = ()) -> Service:
    """A Local Offer entry anyone may read: shown in this school's directory."""
    entry = db.session.scalar(
        sa.select(Service)
        .where(
            Service.id == service_id,
            Service.school_id == school.id,
            Service.status.in_(VISIBLE_STATUSES),
        )
        .options(*options)
    )
    if entry is None:
        abort(404)
    return entry


def out_of_date_report_for(user: User, service_id: int, report_id: int) -> OutOfDateReport:
    """A note, still open, that an entry of the person's school may be out of date."""
    report = db.session.scalar(
        sa.select(OutOfDateReport)
        .join(Service, Service.id == OutOfDateReport.service_id)
        .where(
            OutOfDateReport.id == report_id,
            OutOfDateReport.service_id == service_id,
            Service.school_id == _acting_school_id(),
            OutOfDateReport.resolved_at.is_(None),
        )
    )
    return _found(report, user, "")


# School records: imports from the MIS, contacts, leavers, earlier records, subject access


def record_import_for(user: User, import_id: int) -> RecordImport:
    """A file from the MIS uploaded for the school the SENCO is acting for now."""
    found = _of_acting_school(RecordImport, import_id)
    return _found(found, user, "")


def contact_for(user: User, pupil_id: int, contact_id: int, action: str = "") -> Contact:
    """A parent or carer recorded for a pupil of the SENCO's school."""
    contact = _about_reached_pupil(
        Contact, user, [Role.SENCO], Contact.id == contact_id, Contact.pupil_id == pupil_id
    )
    return _found(contact, user, action)


def possible_leaver_for(user: User, candidate_id: int) -> PossibleLeaver:
    """A pupil of the SENCO's school listed as a possible leaver, not yet decided."""
    candidate = _about_reached_pupil(
        PossibleLeaver,
        user,
        [Role.SENCO],
        PossibleLeaver.id == candidate_id,
        PossibleLeaver.school_id == _acting_school_id(),
        PossibleLeaver.decided_at.is_(None),
    )
    return _found(candidate, user, "")


def earlier_record_for(user: User, record_id: int) -> EarlierRecord:
    """A PDF from another school's transition pack, about a pupil of the SENCO's school."""
    found = db.session.execute(
        sa.select(EarlierRecord, Pupil)
        .join(Pupil, Pupil.id == EarlierRecord.pupil_id)
        .where(
            EarlierRecord.id == record_id,
            EarlierRecord.pdf.is_not(None),
            reach_clause(user, [Role.SENCO]),
        )
    ).first()
    record, pupil = found if found is not None else (None, None)
    return _found(record, user, "earlier_record.view", pupil)


def subject_access_request_for(user: User, request_id: int) -> SubjectAccessRequest:
    """A parent's request for their information, made to the school the SENCO acts for."""
    found = _of_acting_school(
        SubjectAccessRequest,
        request_id,
        options=[selectinload(SubjectAccessRequest.requester)],
    )
    return _found(found, user, "")


def parent_at_school_for(user: User, user_id: int) -> User:
    """Someone linked as a parent to a pupil of the school the SENCO acts for now."""
    parent = db.session.scalar(
        sa.select(User).where(
            User.id == user_id,
            sa.exists().where(
                ParentLink.user_id == User.id,
                ParentLink.pupil_id == Pupil.id,
                Pupil.school_id == _acting_school_id(),
            ),
        )
    )
    return _found(parent, user, "")


# Accounts: a person's own sessions, and the staff whose second step someone oversees -----


def own_session_for(user: User, session_id: int) -> UserSession:
    """One of this person's own sessions, still open."""
    record = db.session.scalar(
        sa.select(UserSession).where(
            UserSession.id == session_id,
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
        )
    )
    return _found(record, user, "")


def overseen_person_for(user: User, user_id: int) -> User:
    """Someone else with a second step whom this person oversees: the installation's
    administrator oversees everyone; a SENCO, the active members of the school they act for
    now (never the installation's administrator)."""
    query = sa.select(User).where(
        User.id == user_id, User.id != user.id, User.totp_secret.is_not(None)
    )
    if not user.is_platform_admin:
        membership = current_membership()
        if membership is None or membership.role is not Role.SENCO:
            abort(404)
        query = query.where(
            User.is_platform_admin.is_(False),
            sa.exists().where(
                Membership.user_id == User.id,
                Membership.school_id == membership.school_id,
                Membership.active.is_(True),
            ),
        )
    return _found(db.session.scalar(query), user, "")


# Query arguments that name an object by its id (/senco/audit?pupil=12): an address with
# one names an object as surely as an id in its path does.
OBJECT_ARGS = frozenset({"pupil", "child"})


def refuse():
    """Refuse someone who acts in no role the page serves: 404 when its address names an
    object, in its path or its query (the id then tells them nothing, not even that it
    exists), 403 on a page without."""
    names_object = current_request.view_args or OBJECT_ARGS & current_request.args.keys()
    abort(404 if names_object else 403)


def role_required(*roles: Role):
    """Route guard: the person must be acting in one of these roles right now.

    The object-level check still happens when the object is loaded (pupil_for).
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            membership = current_membership()
            if membership is None or membership.role not in roles:
                # Someone holding the role elsewhere may switch to it; others are refused.
                switch_to = next(
                    (m for m in active_memberships(current_user) if m.role in roles), None
                )
                if switch_to is None:
                    refuse()
                session["membership_id"] = switch_to.id
                g.membership = switch_to
            return view(*args, **kwargs)

        return wrapped

    return decorator


senco_only = role_required(Role.SENCO)
parent_only = role_required(Role.PARENT)
pupil_only = role_required(Role.PUPIL)
staff_only = role_required(*STAFF_ROLES)


def platform_admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_platform_admin:
            refuse()
        return view(*args, **kwargs)

    return wrapped
