"""Helpers the graduated-approach tests share: school days, demo rows, a past meeting."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from portal.extensions import db
from portal.models import InviteeRole, Meeting, MeetingInvitee, MeetingKind
from portal.school.calendar import academic_year_of, bank_holidays, typical_terms

LONDON = ZoneInfo("Europe/London")


def is_typical_school_day(day: date) -> bool:
    if day.weekday() >= 5 or day in bank_holidays(day.year):
        return False
    return any(t.has_day(day) for t in typical_terms(academic_year_of(day)))


def school_day(after: date, *, days: int = 0) -> date:
    """The first school day (England's typical terms) at least `days` after this one."""
    day = after + timedelta(days=days)
    while not is_typical_school_day(day):
        day += timedelta(days=1)
    return day


def weekend_day(after: date) -> date:
    day = after
    while day.weekday() != 5:
        day += timedelta(days=1)
    return day


def utc(day: date, hour: int = 15, minute: int = 30) -> datetime:
    """A local time as the database stores it (UTC, no tzinfo)."""
    local = datetime.combine(day, time(hour, minute), tzinfo=LONDON)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def add_meeting(app, pupil, *, starts_at: datetime, parents=(), kind=MeetingKind.OTHER, **fields):
    """A meeting about this pupil with these parents invited; returns its id."""
    with app.app_context():
        meeting = Meeting(
            school_id=pupil.school_id,
            pupil_id=pupil.id,
            kind=kind,
            starts_at=starts_at,
            place="The library",
            **fields,
        )
        meeting.invitees = [
            MeetingInvitee(user_id=p.id, role=InviteeRole.PARENT, name=p.full_name) for p in parents
        ]
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def one(app, statement):
    with app.app_context():
        row = db.session.scalars(statement).first()
        if row is not None and hasattr(row, "_sa_instance_state"):
            db.session.expunge(row)
        return row


def rows(app, statement):
    with app.app_context():
        return db.session.execute(statement).all()


def section(html: str, key: str) -> str:
    """One list of the attention panel, from its heading to the end of its rows."""
    marker = f'<h3 id="{key}">'
    if marker not in html:
        return ""
    return html.split(marker, 1)[1].split("</ul>", 1)[0]
