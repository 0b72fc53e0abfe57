"""Booking meetings, asking for views before them, and telling the family."""

import functools
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, load_only, selectinload

from portal import audit, mail
from portal.extensions import db
from portal.models import (
    FormVersion,
    InviteeRole,
    Meeting,
    MeetingInvitee,
    MeetingKind,
    Pupil,
    Respondent,
    User,
    Views,
    ViewsRequest,
    ViewsStatus,
    utcnow,
)
from portal.paging import paged, rows_of, run_paged
from portal.people import parents_of, teachers_of

PUPIL_INVITEE = "pupil"


def invitee_options(pupil: Pupil, booked_by: User | None = None) -> list[tuple[str, str]]:
    """Who can be ticked as invited: the pupil's parents, the pupil, their staff."""
    options: list[tuple[str, str]] = []
    for link in parents_of(pupil):
        options.append((f"user:{link.user_id}", _label(link.user.full_name, _l("parent or carer"))))
    options.append((PUPIL_INVITEE, _label(pupil.full_name, _l("the pupil"))))
    seen = {int(value[5:]) for value, _ in options if value.startswith("user:")}
    staff = [link.user for link in teachers_of(pupil)]
    if booked_by is not None:
        staff.append(booked_by)
    for user in staff:
        if user.id not in seen:
            seen.add(user.id)
            options.append((f"user:{user.id}", _label(user.full_name, _l("staff"))))
    return options


def _label(name: str, role) -> str:
    return _("%(name)s (%(role)s)", name=name, role=role)


def default_invitees(pupil: Pupil, booked_by: User) -> list[str]:
    values = [f"user:{link.user_id}" for link in parents_of(pupil)]
    values += [PUPIL_INVITEE, f"user:{booked_by.id}"]
    return values


def book(pupil: Pupil, data: dict, by: User) -> Meeting:
    """Book a meeting, invite people, ask for views if wanted, and email the family."""
    meeting = Meeting(school_id=pupil.school_id, pupil=pupil, booked_by=by)
    _apply(meeting, data)
    db.session.add(meeting)
    _set_invitees(meeting, data.get("invitees") or [], data.get("others") or "")
    db.session.flush()
    audit.record(by, "meeting.create", pupil=pupil, obj=meeting)
    from portal.ehc.services import link_meeting

    link_meeting(meeting)
    requests = _request_views(meeting, data, by)
    _notify(meeting, "booked", requests)
    db.session.commit()
    return meeting


def update(meeting: Meeting, data: dict, by: User) -> Meeting:
    before = (meeting.starts_at, meeting.place, meeting.video_link)
    _apply(meeting, data)
    _set_invitees(meeting, data.get("invitees") or [], data.get("others") or "")
    db.session.flush()
    audit.record(by, "meeting.update", pupil=meeting.pupil, obj=meeting)
    if (meeting.starts_at, meeting.place, meeting.video_link) != before:
        _notify(meeting, "changed", [])
    db.session.commit()
    return meeting


def cancel(meeting: Meeting, by: User) -> None:
    meeting.cancelled_at = utcnow()
    audit.record(by, "meeting.cancel", pupil=meeting.pupil, obj=meeting)
    _notify(meeting, "cancelled", [])
    db.session.commit()


def ask_for_views(
    meeting: Meeting,
    *,
    parents: bool,
    pupil: bool,
    due_on: date | None,
    form_version: str,
    by: User,
) -> list[ViewsRequest]:
    """Ask again, or for the first time, after the meeting was booked."""
    data = {
        "ask_parents": parents,
        "ask_pupil": pupil,
        "due_on": due_on,
        "form_version": form_version,
    }
    requests = _request_views(meeting, data, by)
    for request in requests:
        if request.user is not None:
            _send(request.user, meeting, "views_requested", "email/views_requested.txt", request)
    db.session.commit()
    return requests


def _apply(meeting: Meeting, data: dict) -> None:
    from flask_babel import to_utc

    meeting.kind = MeetingKind(data["kind"])
    meeting.starts_at = to_utc(datetime.combine(data["day"], data["time"])).replace(tzinfo=None)
    meeting.duration_minutes = int(data["duration"])
    meeting.place = (data.get("place") or "").strip() or None
    meeting.video_link = (data.get("video_link") or "").strip() or None
    meeting.purpose = (data.get("purpose") or "").strip() or None
    meeting.interpreter_needed = bool(data.get("interpreter_needed"))
    meeting.interpreter_language = (
        data.get("interpreter_language") or None if meeting.interpreter_needed else None
    )


def _set_invitees(meeting: Meeting, chosen: list[str], others: str) -> None:
    pupil = meeting.pupil
    parent_ids = {link.user_id for link in parents_of(pupil)}
    users = {}
    ids = [int(v[5:]) for v in chosen if v.startswith("user:") and v[5:].isdigit()]
    if ids:
        users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
    wanted: list[tuple[int | None, InviteeRole, str]] = []
    for user_id in ids:
        if user_id in users:
            role = InviteeRole.PARENT if user_id in parent_ids else InviteeRole.STAFF
            wanted.append((user_id, role, users[user_id].full_name))
    if PUPIL_INVITEE in chosen:
        wanted.append((pupil.user_id, InviteeRole.PUPIL, pupil.full_name))
    for line in others.splitlines():
        if line.strip():
            wanted.append((None, InviteeRole.OTHER, line.strip()[:200]))

    def key(user_id, role, name):
        return (user_id, role, name) if user_id is None else (user_id,)

    keep = {key(*w) for w in wanted}
    for invitee in list(meeting.invitees):
        if key(invitee.user_id, invitee.role, invitee.name) not in keep:
            meeting.invitees.remove(invitee)
    have = {key(i.user_id, i.role, i.name) for i in meeting.invitees}
    for user_id, role, name in wanted:
        if key(user_id, role, name) not in have:
            have.add(key(user_id, role, name))
            meeting.invitees.append(MeetingInvitee(user_id=user_id, role=role, name=name))


def _request_views(meeting: Meeting, data: dict, by: User) -> list[ViewsRequest]:
    pupil = meeting.pupil
    existing = db.session.scalars(
        sa.select(ViewsRequest).where(ViewsRequest.meeting_id == meeting.id)
    ).all()
    asked = {(r.respondent, r.user_id) for r in existing}
    version = FormVersion(data["form_version"]) if data.get("form_version") else None
    made: list[ViewsRequest] = []
    targets: list[tuple[Respondent, User | None]] = []
    if data.get("ask_parents"):
        targets += [(Respondent.PARENT, link.user) for link in parents_of(pupil)]
    if data.get("ask_pupil"):
        targets.append((Respondent.PUPIL, pupil.user))
    for respondent, user in targets:
        if (respondent, user.id if user else None) in asked:
            continue
        request = ViewsRequest(
            school_id=meeting.school_id,
            pupil=pupil,
            meeting=meeting,
            respondent=respondent,
            user=user,
            form_version=version if respondent is Respondent.PUPIL else FormVersion.PARENT,
            due_on=data.get("due_on"),
            requested_by_id=by.id,
        )
        db.session.add(request)
        made.append(request)
    db.session.flush()
    for request in made:
        audit.record(by, "views_request.create", pupil=pupil, obj=request)
    return made


def _notify(meeting: Meeting, change: str, requests: list[ViewsRequest]) -> None:
    """Email the family members with an account: parents and the pupil who are invited or
    whose views are asked for."""
    asked = {r.user_id for r in requests if r.user_id}
    asked |= {r.user_id for r in meeting.views_requests if r.user_id}
    people = {
        i.user_id
        for i in meeting.invitees
        if i.user_id and i.role in (InviteeRole.PARENT, InviteeRole.PUPIL)
    } | asked
    if not people:
        return
    users = db.session.scalars(sa.select(User).where(User.id.in_(people), User.active)).all()
    for user in sorted(users, key=lambda u: u.id):
        request = next((r for r in requests if r.user_id == user.id), None)
        _send(user, meeting, f"meeting_{change}", "email/meeting.txt", request, change=change)


SUBJECTS = {
    "meeting_booked": _l("A meeting has been booked"),
    "meeting_changed": _l("A meeting has changed"),
    "meeting_cancelled": _l("A meeting has been cancelled"),
    "views_requested": _l("We would like your views before a meeting"),
}


def _send(
    user: User,
    meeting: Meeting,
    kind: str,
    template: str,
    request: ViewsRequest | None,
    **context,
) -> None:
    is_pupil = meeting.pupil.user_id == user.id
    mail.send(
        to=user.email,
        kind=kind,
        subject=SUBJECTS[kind],
        template=template,
        user=user,
        school=meeting.school,
        link_to=(meeting, "pupil" if is_pupil else "family"),
        asked=request is not None,
        due_on=request.due_on if request else None,
        for_pupil=is_pupil,
        **context,
    )


# What a family's pages read of each views given for a meeting: where it stands
# (pupil_views.services.state, changing) and who wrote it (given_by_others); never the answers.
_VIEWS_STATE = (
    Views.status,
    Views.author_id,
    Views.supersedes_id,
    Views.submitted_at,
    Views.read_at,
)


def _family_meetings_statement(with_invitees: bool) -> sa.Select:
    options = [
        selectinload(Meeting.views_requests)
        .joinedload(ViewsRequest.views)
        .options(load_only(*_VIEWS_STATE))
    ]
    if with_invitees:
        options.append(joinedload(Meeting.invitees))
    return (
        sa.select(Meeting)
        .where(
            Meeting.pupil_id.in_(sa.bindparam("pupil_ids", expanding=True)),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= sa.bindparam("today"),
        )
        .options(*options)
        .order_by(Meeting.starts_at, Meeting.id)
    )


# Built once (a family's pages run them on every request), their values bound as they run.
_FAMILY_MEETINGS = {invitees: _family_meetings_statement(invitees) for invitees in (False, True)}
_MEETING_TIMES = sa.select(Meeting).options(
    load_only(Meeting.starts_at, Meeting.duration_minutes, Meeting.cancelled_at)
)
_NEXT_MEETINGS = {  # True: of the kinds given
    kinds: _MEETING_TIMES.where(
        Meeting.pupil_id == sa.bindparam("pupil_id"),
        Meeting.kind.in_(sa.bindparam("kinds", expanding=True)) if kinds else sa.true(),
        Meeting.cancelled_at.is_(None),
        Meeting.starts_at >= sa.bindparam("today"),
    ).order_by(Meeting.starts_at, Meeting.id)
    for kinds in (False, True)
}


def family_meetings(pupil: Pupil) -> list[Meeting]:
    """The pupil's meetings still to come, with what was asked of whom, in two queries."""
    return family_meetings_for([pupil.id], with_invitees=True).get(pupil.id, [])


def family_meetings_for(
    pupil_ids: list[int], *, with_invitees: bool = False
) -> dict[int, list[Meeting]]:
    """Several children's meetings still to come, soonest first, with what was asked of
    whom: the same two queries however many children (who is invited joined into the
    first; each request's views into the second, a few each)."""
    if not pupil_ids:
        return {}
    found: dict[int, list[Meeting]] = {}
    for meeting in db.session.scalars(
        _FAMILY_MEETINGS[with_invitees], {"pupil_ids": pupil_ids, "today": _start_of_today()}
    ).unique():
        found.setdefault(meeting.pupil_id, []).append(meeting)
    return found


def next_meeting_start(pupil_id: int, kinds=None) -> datetime | None:
    """When the soonest meeting still to come (of these kinds) starts, reading only when
    each meeting from today on starts and ends."""
    values = {"pupil_id": pupil_id, "today": _start_of_today()}
    if kinds is not None:
        values["kinds"] = list(kinds)
    for meeting in db.session.scalars(_NEXT_MEETINGS[kinds is not None], values):
        if meeting.is_upcoming:
            return meeting.starts_at
    return None


def pupil_meetings(pupil: Pupil) -> list[Meeting]:
    """Every meeting about this pupil, soonest to come first, then the past."""
    return db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.pupil_id == pupil.id)
        .options(selectinload(Meeting.views_requests).selectinload(ViewsRequest.views))
        .order_by(Meeting.starts_at.desc())
    ).all()


@functools.cache
def _pupil_meetings_statement() -> sa.Select:
    return paged(
        sa.select(Meeting)
        .where(Meeting.pupil_id == sa.bindparam("pupil_id"))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )


def pupil_meetings_page(pupil_id: int, limit: int, offset: int = 0) -> tuple[int, list[Meeting]]:
    """One page of the meetings about a pupil (latest first, as `pupil_meetings`), and how
    many there are in all, in one query: the staff pupil page shows the latest few."""
    total, found = run_paged(
        _pupil_meetings_statement(), {"pupil_id": pupil_id}, limit, offset, objects=True
    )
    return total, [row[0] for row in found]


@functools.cache
def _views_sent_and_asked_statement() -> sa.Select:
    sent = sa.exists().where(Views.request_id == ViewsRequest.id, Views.status != ViewsStatus.DRAFT)
    return (
        sa.select(
            ViewsRequest.meeting_id,
            sa.func.sum(sa.case((sent, 1), else_=0)),
            sa.func.count(),
        )
        .where(ViewsRequest.meeting_id.in_(sa.bindparam("meeting_ids", expanding=True)))
        .group_by(ViewsRequest.meeting_id)
    )


def views_sent_and_asked(meeting_ids: list[int]) -> dict[int, tuple[int, int]]:
    """For each meeting, how many of the views asked for have been sent, and how many were
    asked for (meetings with none asked are left out), counted by the database."""
    if not meeting_ids:
        return {}
    return {
        meeting_id: (int(sent or 0), asked)
        for meeting_id, sent, asked in rows_of(
            _views_sent_and_asked_statement(), {"meeting_ids": meeting_ids}
        )
    }


SCHOOL_MEETINGS_PAGE = 50  # the SENCO's list of the school's meetings, a page at a time


@functools.cache
def _school_meetings_statement(upcoming: bool) -> sa.Select:
    today = sa.bindparam("today")
    query = (
        sa.select(Meeting)
        .where(Meeting.school_id == sa.bindparam("school_id"))
        .options(joinedload(Meeting.pupil))
    )
    if upcoming:
        query = query.where(Meeting.starts_at >= today, Meeting.cancelled_at.is_(None))
        query = query.order_by(Meeting.starts_at, Meeting.id)
    else:
        query = query.where(sa.or_(Meeting.starts_at < today, Meeting.cancelled_at.is_not(None)))
        query = query.order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    return paged(query)


def school_meetings_page(
    school_id: int, *, upcoming: bool = True, page: int = 1
) -> tuple[int, list[Meeting]]:
    """One page of the school's meetings still to come (soonest first) or past and
    cancelled (latest first), each with its pupil, and how many there are in all. The past
    grows by a few hundred meetings a year: listed whole, it cost 340 ms after three years."""
    total, found = run_paged(
        _school_meetings_statement(upcoming),
        {"school_id": school_id, "today": _start_of_today()},
        SCHOOL_MEETINGS_PAGE,
        (page - 1) * SCHOOL_MEETINGS_PAGE,
        objects=True,
    )
    return total, [row[0] for row in found]


def page_options() -> tuple:
    """What the SENCO's meeting page shows with a meeting: who is invited, who was asked
    for views and what they sent (for access.meeting_for)."""
    return (
        selectinload(Meeting.invitees),
        selectinload(Meeting.views_requests).selectinload(ViewsRequest.views),
        selectinload(Meeting.views_requests).selectinload(ViewsRequest.user),
    )


def _start_of_today() -> datetime:
    now = utcnow()
    return datetime(now.year, now.month, now.day)


def latest_views(request: ViewsRequest) -> Views | None:
    """The newest views given for this request, sent or still a draft."""
    return request.views[-1] if request.views else None
