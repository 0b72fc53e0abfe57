"""Who may reach which object, for every route that takes an id: built from app.url_map.

A route with an id converter (`<int:...>`) must have a row in MATRIX below, or
test_every_route_with_an_id_has_a_row fails: a new page cannot ship without saying who may
open which object through it. Each row names the role the route serves and, for demo
objects, who may reach them. Everyone else signed in is answered 404, whether they act in
that role or hold no such role at all (issue 9; issue 11 for the SENCO's records pages): the
id tells them nothing, not even that the object exists. Anyone not signed in is sent to sign
in, except on public pages.

Long on purpose: the matrix is one table, one row a route, read as a whole.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa
from signing_in import DEMO_ROLES, SECOND_STEP_SECRET, signed_in_client
from snapshots import demo_snapshot
from werkzeug.routing import IntegerConverter

from portal.auth import sessions
from portal.demo.records import DATA as DEMO_DATA
from portal.extensions import db
from portal.models import (
    AlertSource,
    AnnualReview,
    Concern,
    Contact,
    EarlierRecord,
    FormVersion,
    ImportKind,
    Invitation,
    LeaverReason,
    Meeting,
    MeetingRecord,
    Membership,
    Outcome,
    OutOfDateReport,
    Plan,
    PlanQuestion,
    PlanStatus,
    PossibleLeaver,
    Pupil,
    RecordImport,
    Respondent,
    Role,
    SenChange,
    Service,
    ServiceStatus,
    SubjectAccessRequest,
    TeacherLink,
    TranslatedKind,
    TranslationRequest,
    User,
    Views,
    ViewsRequest,
    ViewsStatus,
    Worry,
    utcnow,
)

EVERYONE = ("anon", *DEMO_ROLES)


@dataclass(frozen=True)
class Row:
    group: (
        str  # senco, staff, parent, pupil, pupil_form, keepers, admin, account, overseers, public
    )
    cases: tuple  # (values for the rule, who may reach them)


def case(allowed, **values):
    return (values, frozenset(allowed))


def row(group, *cases):
    return Row(group, cases)


SENCO, TEACHER, SARAH, KASIA, TYLER = "senco", "teacher", "parent", "polish_parent", "pupil"

MATRIX = {
    # Signing in: a person's own sessions; the second step of someone they oversee
    "/account/sessions/<int:session_id>/end": row(
        "account", case({SENCO}, session_id="senco_other_session")
    ),
    "/security/people/<int:user_id>/second-step/remove": row(
        "overseers",
        case({SENCO, "admin"}, user_id="tom"),  # a teacher at Oakfield with a second step
        case({"admin"}, user_id="senco_user"),  # nobody removes their own
        case(set(), user_id="admin_user"),  # a SENCO never removes the administrator's
        case(set(), user_id="sarah"),  # no second step to remove
    ),
    # The installation's admin
    "/admin/schools/<int:school_id>": row("admin", case({"admin"}, school_id="oakfield_school")),
    "/admin/schools/<int:school_id>/senco": row(
        "admin", case({"admin"}, school_id="oakfield_school")
    ),
    # A family's child
    "/families/children/<int:pupil_id>": row("parent", case({SARAH}, pupil_id="amelia")),
    "/families/children/<int:pupil_id>/concerns/new": row(
        "parent", case({SARAH}, pupil_id="amelia")
    ),
    "/families/children/<int:pupil_id>/services": row("parent", case({SARAH}, pupil_id="amelia")),
    "/families/children/<int:pupil_id>/plan": row("parent", case({SARAH}, pupil_id="amelia")),
    "/families/children/<int:pupil_id>/plans/<int:plan_id>": row(
        "parent",
        case({SARAH}, pupil_id="amelia", plan_id="amelia_plan"),
        case(set(), pupil_id="amelia", plan_id="yusuf_plan"),  # another child's plan
        case(set(), pupil_id="zofia", plan_id="zofia_draft"),  # a draft is never the family's
    ),
    "/families/children/<int:pupil_id>/plans/<int:plan_id>/agree": row(
        "parent", case({SARAH}, pupil_id="amelia", plan_id="amelia_plan")
    ),
    "/families/children/<int:pupil_id>/plans/<int:plan_id>/plan.pdf": row(
        "parent", case({SARAH}, pupil_id="amelia", plan_id="amelia_plan")
    ),
    "/families/children/<int:pupil_id>/plans/<int:plan_id>/question": row(
        "parent", case({SARAH}, pupil_id="amelia", plan_id="amelia_plan")
    ),
    "/families/children/<int:pupil_id>/meetings/<int:meeting_id>/record": row(
        "parent", case({SARAH}, pupil_id="amelia", meeting_id="amelia_past_meeting")
    ),
    "/families/children/<int:pupil_id>/meetings/<int:meeting_id>/record.pdf": row(
        "parent", case({SARAH}, pupil_id="amelia", meeting_id="amelia_past_meeting")
    ),
    # "Ask for this in my language" (which of the child's texts is in the form)
    "/families/children/<int:pupil_id>/translation-requests": row(
        "parent", case({SARAH}, pupil_id="amelia")
    ),
    # A parent's concern
    "/families/concerns/<int:concern_id>": row("parent", case({SARAH}, concern_id="concern")),
    "/families/concerns/<int:concern_id>/<step>": row(
        "parent", case({SARAH}, concern_id="concern", step="noticed")
    ),
    "/families/concerns/<int:concern_id>/<step>/autosave": row(
        "parent", case({SARAH}, concern_id="concern", step="noticed")
    ),
    "/families/concerns/<int:concern_id>/check": row("parent", case({SARAH}, concern_id="concern")),
    "/families/concerns/<int:concern_id>/messages": row(
        "parent", case({SARAH}, concern_id="concern")
    ),
    "/families/concerns/<int:concern_id>/sent": row("parent", case({SARAH}, concern_id="concern")),
    # A parent's own views
    "/families/views/<int:request_id>": row("parent", case({SARAH}, request_id="sarah_request")),
    "/families/views/<int:request_id>/check": row(
        "parent", case({SARAH}, request_id="sarah_request")
    ),
    "/families/views/<int:request_id>/q/<key>": row(
        "parent", case({SARAH}, request_id="sarah_request", key="going_well")
    ),
    "/families/views/<int:request_id>/q/<key>/autosave": row(
        "parent", case({SARAH}, request_id="sarah_request", key="going_well")
    ),
    "/families/views/given/<int:views_id>": row(
        "parent",
        case({SARAH}, views_id="sarah_views"),
        # Tyler's own views: his parent reads them (he is under 16; from 16 he decides)
        case({"other_parent"}, views_id="tyler_views"),
    ),
    # The directory's keepers (SENCOs and school administrators of the school)
    "/local-offer/manage/<int:service_id>": row(
        "keepers",
        case({SENCO}, service_id="oakfield_service"),
        case({"other_senco"}, service_id="riverside_service"),
    ),
    "/local-offer/manage/<int:service_id>/checked": row(
        "keepers", case({SENCO}, service_id="oakfield_service")
    ),
    "/local-offer/manage/<int:service_id>/reports/<int:report_id>/resolve": row(
        "keepers",
        case({SENCO}, service_id="reported_service", report_id="report"),
        case(set(), service_id="oakfield_service", report_id="report"),  # not its report
    ),
    # Anyone: a school's public directory
    "/schools/<slug>/local-offer/services/<int:service_id>": row(
        "public",
        case(EVERYONE, slug="oakfield", service_id="oakfield_service"),
        case(set(), slug="oakfield", service_id="riverside_service"),
        case(set(), slug="oakfield", service_id="hidden_service"),
    ),
    "/schools/<slug>/local-offer/services/<int:service_id>/out-of-date": row(
        "public",
        case(EVERYONE, slug="oakfield", service_id="oakfield_service"),
        case(set(), slug="riverside", service_id="oakfield_service"),
    ),
    # The SENCO
    "/senco/concerns/<int:concern_id>": row(
        "senco",
        case({SENCO}, concern_id="concern"),
        case(set(), concern_id="draft_concern"),  # not sent yet: only its writer sees it
    ),
    "/senco/concerns/<int:concern_id>/close": row("senco", case({SENCO}, concern_id="concern")),
    "/senco/concerns/<int:concern_id>/reply": row("senco", case({SENCO}, concern_id="concern")),
    "/senco/invitations/<int:invitation_id>/revoke": row(
        "senco", case({SENCO}, invitation_id="invitation")
    ),
    # Meetings and their records: the SENCO, and the class teacher linked to the pupil (6.51)
    "/senco/meetings/<int:meeting_id>": row(
        "staff",
        case({SENCO, TEACHER}, meeting_id="amelia_meeting"),
        case({"other_senco"}, meeting_id="tyler_meeting"),
        case({SENCO}, meeting_id="yusuf_meeting"),  # Tom is not linked to Yusuf
    ),
    "/senco/meetings/<int:meeting_id>/cancel": row(
        "staff", case({SENCO, TEACHER}, meeting_id="amelia_meeting")
    ),
    "/senco/meetings/<int:meeting_id>/edit": row(
        "staff", case({SENCO, TEACHER}, meeting_id="amelia_meeting")
    ),
    "/senco/meetings/<int:meeting_id>/outcome": row(
        "staff", case({SENCO, TEACHER}, meeting_id="amelia_past_meeting")
    ),
    "/senco/meetings/<int:meeting_id>/views": row(
        "staff", case({SENCO, TEACHER}, meeting_id="amelia_meeting")
    ),
    "/senco/meetings/<int:meeting_id>/record": row(
        "staff", case({SENCO, TEACHER}, meeting_id="amelia_past_meeting")
    ),
    "/senco/meetings/<int:meeting_id>/record.pdf": row(
        "staff", case({SENCO, TEACHER}, meeting_id="amelia_past_meeting")
    ),
    "/senco/meetings/<int:meeting_id>/record/share": row(
        "staff", case({SENCO, TEACHER}, meeting_id="amelia_past_meeting")
    ),
    # EHC plans and their annual reviews
    "/senco/annual-reviews/<int:review_id>": row("senco", case({SENCO}, review_id="jayden_review")),
    "/senco/annual-reviews/<int:review_id>/complete": row(
        "senco", case({SENCO}, review_id="jayden_review")
    ),
    "/senco/annual-reviews/<int:review_id>/report": row(
        "senco", case({SENCO}, review_id="jayden_review")
    ),
    "/senco/annual-reviews/<int:review_id>/report.pdf": row(
        "senco", case({SENCO}, review_id="jayden_review")
    ),
    "/senco/annual-reviews/<int:review_id>/steps": row(
        "senco", case({SENCO}, review_id="jayden_review")
    ),
    "/senco/pupils/<int:pupil_id>/ehc-plan": row("senco", case({SENCO}, pupil_id="jayden")),
    # Telling a family their child starts or stops SEN support (6.43)
    "/senco/records/sen-changes/<int:change_id>/tell": row(
        "senco",
        case({"other_senco"}, change_id="harvey_change"),
        case(set(), change_id="amelia_change"),  # no family to tell of this change
    ),
    "/senco/records/sen-changes/<int:change_id>/letter.pdf": row(
        "senco", case({"other_senco"}, change_id="harvey_change")
    ),
    "/staff/plans/<int:plan_id>/review-draft": row(
        "staff",
        case({SENCO, TEACHER}, plan_id="amelia_plan"),
        case({SENCO}, plan_id="yusuf_plan"),
    ),
    "/families/children/<int:pupil_id>/plans/<int:plan_id>/review-reply": row(
        "parent", case({SARAH}, pupil_id="amelia", plan_id="amelia_reviewed_plan")
    ),
    "/senco/plans/<int:plan_id>": row(
        "senco",
        case({SENCO}, plan_id="zofia_draft"),
        case({"other_senco"}, plan_id="tyler_plan"),
    ),
    "/senco/plans/<int:plan_id>/<kind>/<int:row_id>": row(
        "senco", case({SENCO}, plan_id="zofia_draft", kind="outcomes", row_id="zofia_outcome")
    ),
    "/senco/plans/<int:plan_id>/<kind>/<int:row_id>/remove": row(
        "senco", case({SENCO}, plan_id="zofia_draft", kind="outcomes", row_id="zofia_outcome")
    ),
    "/senco/plans/<int:plan_id>/<kind>/new": row(
        "senco", case({SENCO}, plan_id="zofia_draft", kind="outcomes")
    ),
    "/senco/plans/<int:plan_id>/details": row("senco", case({SENCO}, plan_id="zofia_draft")),
    "/senco/plans/<int:plan_id>/plan.pdf": row("senco", case({SENCO}, plan_id="amelia_plan")),
    "/senco/plans/<int:plan_id>/questions/<int:question_id>": row(
        "senco",
        case({SENCO}, plan_id="amelia_plan", question_id="question"),
        case(set(), plan_id="zofia_draft", question_id="question"),  # not that plan's
    ),
    "/senco/plans/<int:plan_id>/review": row("senco", case({SENCO}, plan_id="amelia_plan")),
    "/senco/plans/<int:plan_id>/share": row("senco", case({SENCO}, plan_id="zofia_draft")),
    "/senco/pupils/<int:pupil_id>/edit": row("senco", case({SENCO}, pupil_id="amelia")),
    "/senco/pupils/<int:pupil_id>/invite": row("senco", case({SENCO}, pupil_id="amelia")),
    "/senco/pupils/<int:pupil_id>/meetings/new": row(
        "staff",
        case({SENCO, TEACHER}, pupil_id="amelia"),
        case({SENCO}, pupil_id="yusuf"),
    ),
    "/senco/pupils/<int:pupil_id>/plan": row("senco", case({SENCO}, pupil_id="amelia")),
    "/senco/pupils/<int:pupil_id>/plans": row("senco", case({SENCO}, pupil_id="amelia")),
    "/senco/pupils/<int:pupil_id>/staff": row("senco", case({SENCO}, pupil_id="amelia")),
    "/senco/pupils/<int:pupil_id>/staff/<int:link_id>/remove": row(
        "senco",
        case({SENCO}, pupil_id="amelia", link_id="tom_amelia"),
        case(set(), pupil_id="zofia", link_id="tom_amelia"),  # a link of another pupil
    ),
    "/senco/pupils/<int:pupil_id>/timeline": row("senco", case({SENCO}, pupil_id="amelia")),
    # The SENCO's school records
    "/senco/records/earlier/<int:record_id>.pdf": row(
        "senco", case({SENCO}, record_id="amelia_earlier")
    ),
    "/senco/records/imports/<int:import_id>": row(
        "senco",
        case({SENCO}, import_id="oakfield_import"),
        case({"other_senco"}, import_id="riverside_import"),
    ),
    "/senco/records/imports/<int:import_id>/cancel": row(
        "senco", case({SENCO}, import_id="oakfield_import")
    ),
    "/senco/records/imports/<int:import_id>/columns": row(
        "senco", case({SENCO}, import_id="oakfield_import")
    ),
    "/senco/records/imports/<int:import_id>/confirm": row(
        "senco", case({SENCO}, import_id="oakfield_import")
    ),
    "/senco/records/leavers/<int:candidate_id>": row(
        "senco",
        case({SENCO}, candidate_id="possible_leaver"),
        case(set(), candidate_id="decided_leaver"),  # already decided: nothing left to say
    ),
    "/senco/records/people/<int:user_id>/subject-access.zip": row(
        "senco",
        case({SENCO}, user_id="sarah"),
        case({"other_senco"}, user_id="riverside_parent"),
        case(set(), user_id="tom"),  # a teacher is not a parent of the school
    ),
    "/senco/records/pupils/<int:pupil_id>/contacts": row(
        "senco", case({SENCO}, pupil_id="amelia"), case({"other_senco"}, pupil_id="tyler")
    ),
    "/senco/records/pupils/<int:pupil_id>/contacts/<int:contact_id>": row(
        "senco",
        case({SENCO}, pupil_id="amelia", contact_id="amelia_contact"),
        case(set(), pupil_id="zofia", contact_id="amelia_contact"),  # another pupil's contact
    ),
    "/senco/records/pupils/<int:pupil_id>/contacts/new": row(
        "senco", case({SENCO}, pupil_id="amelia")
    ),
    "/senco/records/pupils/<int:pupil_id>/left": row("senco", case({SENCO}, pupil_id="amelia")),
    "/senco/records/pupils/<int:pupil_id>/returned": row("senco", case({SENCO}, pupil_id="amelia")),
    "/senco/records/pupils/<int:pupil_id>/subject-access.zip": row(
        "senco", case({SENCO}, pupil_id="zofia")
    ),
    "/senco/records/pupils/<int:pupil_id>/transition-pack.zip": row(
        "senco", case({SENCO}, pupil_id="zofia")
    ),
    "/senco/records/subject-access/<int:request_id>": row(
        "senco", case({SENCO}, request_id="nadia_request")
    ),
    "/senco/records/subject-access/<int:request_id>/answered": row(
        "senco", case({SENCO}, request_id="nadia_request")
    ),
    "/senco/translation-requests/<int:request_id>": row(
        "senco", case({SENCO}, request_id="translation_request")
    ),
    "/senco/staff/<int:membership_id>/active": row(
        "senco",
        case({SENCO}, membership_id="tom_membership"),
        case(set(), membership_id="sarah_membership"),  # a parent is not staff
    ),
    "/safeguarding/leads/<int:membership_id>": row(
        "senco",
        case({SENCO}, membership_id="tom_membership"),
        case(set(), membership_id="sarah_membership"),  # a parent is not staff
    ),
    # Staff: the SENCO and the teachers linked to a pupil
    "/staff/pupils/<int:pupil_id>": row("staff", case({SENCO, TEACHER}, pupil_id="amelia")),
    "/staff/pupils/<int:pupil_id>/plan": row("staff", case({SENCO, TEACHER}, pupil_id="amelia")),
    # All of one history section of the pupil page: as the page (the family's concerns are
    # the SENCO's only)
    "/staff/pupils/<int:pupil_id>/<any(meetings, views, concerns, 'sen-history'):section>": row(
        "staff",
        case({SENCO, TEACHER}, pupil_id="amelia", section="meetings"),
        case({SENCO}, pupil_id="amelia", section="concerns"),
        case({"other_senco"}, pupil_id="tyler", section="views"),
    ),
    "/staff/plans/<int:plan_id>/notes": row("staff", case({SENCO, TEACHER}, plan_id="amelia_plan")),
    "/staff/pupils/<int:pupil_id>/views/<int:views_id>": row(
        "staff",
        case({SENCO}, pupil_id="amelia", views_id="sarah_views"),  # a parent's: SENCO only
        case({"other_senco"}, pupil_id="tyler", views_id="tyler_views"),
        case(set(), pupil_id="amelia", views_id="tyler_views"),  # not this pupil's
    ),
    # The pupil's views form: the pupil, or an adult beside a pupil with no account
    # Zofia's views were started with her teacher at school: her mother helps her at home
    # only with views of her own (finding 7); Amelia's have not been started.
    "/views/<int:request_id>/": row(
        "pupil_form",
        case({SENCO, TEACHER}, request_id="zofia_request"),
        case({SENCO, TEACHER, SARAH}, request_id="amelia_pupil_request"),
        case({TYLER}, request_id="tyler_request"),  # he has an account: only he opens it
    ),
    "/views/<int:request_id>/check": row(
        "pupil_form",
        case({SENCO, TEACHER}, request_id="zofia_request"),
        case({SENCO, TEACHER, SARAH}, request_id="amelia_pupil_request"),
    ),
    "/views/<int:request_id>/helped": row(
        "pupil_form",
        case({SENCO, TEACHER}, request_id="zofia_request"),
        case({SENCO, TEACHER, SARAH}, request_id="amelia_pupil_request"),
    ),
    "/views/<int:request_id>/q/<key>": row(
        "pupil_form",
        case({SENCO, TEACHER}, request_id="zofia_request", key="good_at"),
        case({SENCO, TEACHER, SARAH}, request_id="amelia_pupil_request", key="good_at"),
    ),
    "/views/<int:request_id>/q/<key>/autosave": row(
        "pupil_form", case({SENCO, TEACHER}, request_id="zofia_request", key="good_at")
    ),
    "/views/<int:request_id>/thanks/<int:views_id>": row(
        "pupil_form", case({TYLER}, request_id="tyler_request", views_id="tyler_views")
    ),
    "/views/given/<int:views_id>": row("pupil", case({TYLER}, views_id="tyler_views")),
    # Whether parents see a young person's views: asked only of a pupil of 16 or over with
    # their own account (Tyler is younger: nobody reaches it for him)
    "/views/<int:request_id>/sharing": row("pupil", case(set(), request_id="tyler_request")),
    # Like the form itself: Kasia may not open the views Zofia's teacher gathers at school
    # (issue 9, finding 7); Sarah helps Amelia at home.
    "/views/<int:request_id>/talk-now": row(
        "pupil_form",
        case({SENCO, TEACHER}, request_id="zofia_request"),
        case({SENCO, TEACHER, SARAH}, request_id="amelia_pupil_request"),
    ),
    # What a member of staff heard in a recording: staff who may read the pupil's views
    "/staff/pupils/<int:pupil_id>/views/<int:views_id>/files/<int:file_id>/transcript": row(
        "staff",
        case({"other_senco"}, pupil_id="tyler", views_id="tyler_views", file_id="tyler_file"),
        case(set(), pupil_id="tyler", views_id="tyler_views", file_id="amelia_file"),
    ),
    # A pupil's worry: the pupil who told it; the adult it was sent to (David Okafor)
    "/me/worries/<int:worry_id>": row("pupil", case({TYLER}, worry_id="tyler_worry")),
    "/me/worries/<int:worry_id>/who": row("pupil", case({TYLER}, worry_id="tyler_worry")),
    "/me/worries/<int:worry_id>/what": row("pupil", case({TYLER}, worry_id="tyler_worry")),
    "/me/worries/<int:worry_id>/safe": row("pupil", case({TYLER}, worry_id="tyler_worry")),
    "/worries/<int:worry_id>": row("staff", case({"other_senco"}, worry_id="tyler_worry")),
    # A pupil's recorded or drawn answer: the pupil, staff who read their views, their parents
    "/files/<int:file_id>": row(
        "pupil_form",
        case({TYLER, "other_senco", "other_parent"}, file_id="tyler_file"),
        case({SENCO, TEACHER, SARAH}, file_id="amelia_file"),
    ),
    # A safety alert: only the school's designated safeguarding leads (Riverside's is its
    # SENCO; Oakfield's is its headteacher, who plays no part in the matrix)
    "/safeguarding/alerts/<int:alert_id>": row(
        "staff",
        case({"other_senco"}, alert_id="tyler_alert"),
        case(set(), alert_id="amelia_alert"),
    ),
}


def _id_rules(app):
    return {
        rule.rule: rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
    }


def test_every_route_with_an_id_has_a_row(app):
    missing = sorted(set(_id_rules(app)) - set(MATRIX))
    assert not missing, f"Say who may reach these routes' objects in MATRIX: {missing}"
    assert not sorted(set(MATRIX) - set(_id_rules(app))), "MATRIX names routes that are gone"


# -- The demo school, with the few objects it lacks, and everyone signed in --------------


class World:
    """Ids of the objects the matrix names, and a signed-in session for each person."""

    def __init__(self, ids, cookies, tokens):
        self.ids, self.cookies, self.tokens = ids, cookies, tokens


def _one(statement):
    return db.session.scalars(statement).first()


def _add_missing_objects() -> dict:
    """What the demo school lacks for the matrix: a parent's sent views and a draft, a
    question about a plan, a draft concern, an invitation; then every id by name."""
    pupil = {p.given_name.lower(): p for p in db.session.scalars(sa.select(Pupil))}
    user = {u.email: u for u in db.session.scalars(sa.select(User))}
    sarah = user[DEMO_ROLES["parent"]]
    amelia_request = _one(
        sa.select(ViewsRequest).where(
            ViewsRequest.pupil_id == pupil["amelia"].id, ViewsRequest.user_id == sarah.id
        )
    )
    sent = Views(
        school_id=amelia_request.school_id,
        pupil_id=amelia_request.pupil_id,
        request=amelia_request,
        respondent=Respondent.PARENT,
        form_version=FormVersion.PARENT,
        language="en",
        answers={"going_well": {"text": "Reading at bedtime."}},
        feelings={},
        author_id=sarah.id,
        status=ViewsStatus.SUBMITTED,
        submitted_at=utcnow(),
    )
    db.session.add(sent)
    jayden_request = _one(
        sa.select(ViewsRequest).where(
            ViewsRequest.pupil_id == pupil["jayden"].id, ViewsRequest.user_id == sarah.id
        )
    )
    draft = Views(
        school_id=jayden_request.school_id,
        pupil_id=jayden_request.pupil_id,
        request=jayden_request,
        respondent=Respondent.PARENT,
        form_version=FormVersion.PARENT,
        language="en",
        answers={},
        feelings={},
        author_id=sarah.id,
    )
    db.session.add(draft)

    amelia_plan = _one(
        sa.select(Plan).where(Plan.pupil_id == pupil["amelia"].id, Plan.status == PlanStatus.SHARED)
    )
    question = PlanQuestion(
        plan=amelia_plan,
        pupil_id=amelia_plan.pupil_id,
        asked_by_id=sarah.id,
        question="What does phonics mean?",
        language="en",
    )
    draft_concern = Concern(
        school_id=pupil["jayden"].school_id,
        pupil=pupil["jayden"],
        raised_by=sarah,
        language="en",
        step="area",
    )
    oakfield = pupil["amelia"].school_id
    invitation = Invitation(
        school_id=oakfield,
        email="new.teacher@oakfield.example",
        full_name="New Teacher",
        role=Role.TEACHER,
        token_hash="0" * 64,
        expires_at=utcnow() + timedelta(days=14),
    )
    db.session.add_all([question, draft_concern, invitation])
    # School records: a file from Riverside's MIS, an earlier record from another school,
    # a possible leaver waiting for the SENCO and one already decided.
    riverside = pupil["tyler"].school_id
    riverside_import = RecordImport(
        school_id=riverside,
        kind=ImportKind.CSV,
        filename="riverside.csv",
        content=(DEMO_DATA / "oakfield-roll.csv").read_bytes(),
        full_roll=False,
    )
    earlier = EarlierRecord(
        pupil_id=pupil["amelia"].id,
        kind="plan",
        title="Support plan",
        from_school="Hillside Primary",
        pdf=b"%PDF-1.7\n%%EOF\n",
    )
    waiting = PossibleLeaver(
        school_id=oakfield, pupil_id=pupil["zofia"].id, reason=LeaverReason.END_OF_SCHOOL
    )
    decided = PossibleLeaver(
        school_id=oakfield,
        pupil_id=pupil["yusuf"].id,
        reason=LeaverReason.END_OF_SCHOOL,
        decided_at=utcnow(),
        left=False,
    )
    db.session.add_all([riverside_import, earlier, waiting, decided])
    # Signing in: the SENCO signed in on a second device; a teacher who chose a second step.
    senco = user[DEMO_ROLES["senco"]]
    other_session, _key = sessions.new_record(senco, "Firefox on Linux", utcnow())
    user[DEMO_ROLES["teacher"]].totp_secret = SECOND_STEP_SECRET
    db.session.commit()

    import io

    from PIL import Image

    from portal.files import services as files
    from portal.models import SafetyAlert

    drawing = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(drawing, "PNG")
    tyler_file = files.keep_picture(pupil["tyler"], drawing.getvalue(), user[DEMO_ROLES["pupil"]])
    tyler_views = _one(sa.select(Views).where(Views.pupil_id == pupil["tyler"].id))
    tyler_views.answers = {**tyler_views.answers, "good_at": {"picture": tyler_file.id}}
    amelia_file = files.keep_picture(
        pupil["amelia"], drawing.getvalue(), user[DEMO_ROLES["teacher"]]
    )
    alerts = [
        SafetyAlert(school_id=p.school_id, pupil_id=p.id, source=AlertSource.FEELING_UNSAFE)
        for p in (pupil["tyler"], pupil["amelia"])
    ]
    db.session.add_all(alerts)
    asked = TranslationRequest(
        school_id=pupil["amelia"].school_id,
        pupil_id=pupil["amelia"].id,
        kind=TranslatedKind.OUTCOME,
        subject_id=amelia_plan.outcomes[0].id,
        language="pl",
        requested_by_id=sarah.id,
    )
    db.session.add(asked)
    db.session.commit()

    services = {
        school: db.session.scalars(
            sa.select(Service).where(Service.school_id == school).order_by(Service.id)
        ).all()
        for school in (oakfield, pupil["tyler"].school_id)
    }
    hidden = services[oakfield][-1]
    hidden.status = ServiceStatus.INACTIVE  # withdrawn: no longer in the public directory
    db.session.commit()
    report = _one(sa.select(OutOfDateReport).where(OutOfDateReport.resolved_at.is_(None)))
    plans = {p.pupil_id: p for p in db.session.scalars(sa.select(Plan).order_by(Plan.id))}
    zofia_draft = plans[pupil["zofia"].id]
    record = _one(
        sa.select(MeetingRecord)
        .where(MeetingRecord.pupil_id == pupil["amelia"].id)
        .order_by(MeetingRecord.id)
    )
    tom = user[DEMO_ROLES["teacher"]]
    return {
        "oakfield_school": oakfield,
        "amelia": pupil["amelia"].id,
        "zofia": pupil["zofia"].id,
        "tyler": pupil["tyler"].id,
        "amelia_plan": amelia_plan.id,
        "yusuf_plan": plans[pupil["yusuf"].id].id,
        "zofia_draft": zofia_draft.id,
        "tyler_plan": plans[pupil["tyler"].id].id,
        "zofia_outcome": _one(
            sa.select(Outcome.id).where(Outcome.plan_id == zofia_draft.id).order_by(Outcome.id)
        ),
        "question": question.id,
        "amelia_meeting": amelia_request.meeting_id,
        "amelia_past_meeting": record.meeting_id,
        "tyler_meeting": _one(sa.select(Meeting.id).where(Meeting.pupil_id == pupil["tyler"].id)),
        "yusuf_meeting": _one(sa.select(Meeting.id).where(Meeting.pupil_id == pupil["yusuf"].id)),
        "yusuf": pupil["yusuf"].id,
        "jayden": pupil["jayden"].id,
        "jayden_review": _one(
            sa.select(AnnualReview.id).where(AnnualReview.pupil_id == pupil["jayden"].id)
        ),
        "harvey_change": _one(
            sa.select(SenChange.id).where(
                SenChange.family_notice_needed.is_(True), SenChange.pupil_id == pupil["harvey"].id
            )
        ),
        "amelia_change": _one(
            sa.select(SenChange.id).where(SenChange.pupil_id == pupil["amelia"].id)
        ),
        "amelia_reviewed_plan": _one(
            sa.select(Plan.id)
            .where(Plan.pupil_id == pupil["amelia"].id, Plan.reviewed_at.is_not(None))
            .order_by(Plan.id)
        ),
        "concern": _one(  # the demo's sent concern; the draft added above comes later
            sa.select(Concern.id).where(Concern.raised_by_id == sarah.id).order_by(Concern.id)
        ),
        "draft_concern": draft_concern.id,
        "sarah_request": jayden_request.id,
        "sarah_views": sent.id,
        "zofia_request": _one(
            sa.select(ViewsRequest.id).where(
                ViewsRequest.pupil_id == pupil["zofia"].id,
                ViewsRequest.respondent == Respondent.PUPIL,
            )
        ),
        "amelia_pupil_request": _one(
            sa.select(ViewsRequest.id).where(
                ViewsRequest.pupil_id == pupil["amelia"].id,
                ViewsRequest.respondent == Respondent.PUPIL,
            )
        ),
        "tyler_request": _one(
            sa.select(ViewsRequest.id).where(
                ViewsRequest.pupil_id == pupil["tyler"].id,
                ViewsRequest.respondent == Respondent.PUPIL,
            )
        ),
        "tyler_views": _one(sa.select(Views.id).where(Views.pupil_id == pupil["tyler"].id)),
        "tom_amelia": _one(
            sa.select(TeacherLink.id).where(
                TeacherLink.pupil_id == pupil["amelia"].id, TeacherLink.user_id == tom.id
            )
        ),
        "tom_membership": _one(sa.select(Membership.id).where(Membership.user_id == tom.id)),
        "sarah_membership": _one(sa.select(Membership.id).where(Membership.user_id == sarah.id)),
        "invitation": invitation.id,
        "translation_request": asked.id,
        "oakfield_service": services[oakfield][0].id,
        "riverside_service": services[pupil["tyler"].school_id][0].id,
        "hidden_service": hidden.id,
        "reported_service": report.service_id,
        "report": report.id,
        "oakfield_import": _one(
            sa.select(RecordImport.id).where(RecordImport.school_id == oakfield)
        ),
        "riverside_import": riverside_import.id,
        "amelia_earlier": earlier.id,
        "possible_leaver": waiting.id,
        "decided_leaver": decided.id,
        "amelia_contact": _one(sa.select(Contact.id).where(Contact.pupil_id == pupil["amelia"].id)),
        "nadia_request": _one(sa.select(SubjectAccessRequest.id)),
        "sarah": sarah.id,
        "tom": tom.id,
        "senco_user": senco.id,
        "admin_user": user[DEMO_ROLES["admin"]].id,
        "senco_other_session": other_session.id,
        "riverside_parent": user[DEMO_ROLES["other_parent"]].id,
        "tyler_file": tyler_file.id,
        "amelia_file": amelia_file.id,
        "tyler_alert": alerts[0].id,
        "tyler_worry": _one(sa.select(Worry.id).where(Worry.pupil_id == pupil["tyler"].id)),
        "amelia_alert": alerts[1].id,
    }


@pytest.fixture(scope="module")
def world(app):
    snapshots = app.extensions["test_snapshots"]
    if "access_matrix" not in snapshots:
        snapshots.restore(demo_snapshot(app))
        with app.app_context():
            ids = _add_missing_objects()
        app.extensions["access_matrix_ids"] = ids
        cookies, tokens = {}, {}
        for person in EVERYONE:
            client = app.test_client()
            if person != "anon":
                client = signed_in_client(app, DEMO_ROLES[person])
            tokens[person] = client.csrf_token("/account" if person != "anon" else "/login")
            cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
            cookies[person] = cookie.value if cookie else None
        app.extensions["access_matrix_sessions"] = (cookies, tokens)
        snapshots.take("access_matrix")
    cookies, tokens = app.extensions["access_matrix_sessions"]
    return World(app.extensions["access_matrix_ids"], cookies, tokens)


def _expected(group: str, person: str, allowed) -> str:
    if person in allowed:
        return "reached"
    return "sign in" if person == "anon" and group != "public" else "404"


def _outcome(response) -> str:
    if response.status_code == 404:
        return "404"
    if response.status_code == 403:
        return "403"
    if response.status_code == 302 and "/login" in response.headers.get("Location", ""):
        return "sign in"
    assert response.status_code < 500, response.status_code
    return "reached"


@pytest.mark.parametrize("rule", sorted(MATRIX))
def test_who_reaches_what_through_each_route(app, world, rule):
    spec = MATRIX[rule]
    url_rule = _id_rules(app)[rule]
    method = "GET" if "GET" in url_rule.methods else "POST"
    snapshots = app.extensions["test_snapshots"]
    wrong = []
    for values, allowed in spec.cases:
        args = {
            name: world.ids[value] if isinstance(value, str) and value in world.ids else value
            for name, value in values.items()
        }
        with app.test_request_context():
            url = url_rule.build(args, append_unknown=False)[1]
        snapshots.restore("access_matrix")
        for person in EVERYONE:
            client = app.test_client()
            if world.cookies[person]:
                client.set_cookie(app.config["SESSION_COOKIE_NAME"], world.cookies[person])
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data={"csrf_token": world.tokens[person]})
            expected, got = _expected(spec.group, person, allowed), _outcome(response)
            if method == "POST" and got == "reached":
                snapshots.restore("access_matrix")  # what it changed must not decide the next
            if got != expected:
                wrong.append(f"{person} {method} {url}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)
