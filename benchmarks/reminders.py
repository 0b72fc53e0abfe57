"""The reminder run with a school of 1,000 pupils and 300 meetings in the coming week.

    .venv/bin/python benchmarks/reminders.py [--pupils 1000] [--meetings 300] [--database-url URL]

Builds the school (a fifth of the pupils with SEN, each meeting with a parent and a member
of staff invited, views asked of the parents two days before, reviews falling due, EHC
annual reviews, concerns waiting for a reply), works out independently which reminders are
due at 10:00 on a school day, then runs `send-reminders` twice, sending each email over
real SMTP to a server in this process. It checks that every due reminder went exactly once
and prints how long each run took.

Uses a temporary SQLite file unless --database-url (an empty PostgreSQL database) is given.
"""

import argparse
import socket
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import sqlalchemy as sa  # noqa: E402

from portal import create_app  # noqa: E402
from portal.config import for_tests  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import (  # noqa: E402
    AnnualReview,
    Concern,
    ConcernStatus,
    EhcPlan,
    EmailMessage,
    FormVersion,
    InviteeRole,
    Meeting,
    MeetingInvitee,
    MeetingKind,
    Membership,
    Plan,
    PlanStatus,
    Pupil,
    Respondent,
    Role,
    School,
    SenStatus,
    SentReminder,
    TeacherLink,
    User,
    ViewsRequest,
)
from portal.school.calendar import Calendar, local_zone, utc_midnight  # noqa: E402


def school_day_at_ten(app) -> datetime:
    """A school day at least a week ahead, at 10:00 local time, in UTC."""
    with app.app_context():
        calendar = Calendar(school_id=0)
        day = date.today() + timedelta(days=7)
        while not calendar.is_school_day(day) or not calendar.is_school_day(day + timedelta(1)):
            day += timedelta(days=1)
        local = datetime(day.year, day.month, day.day, 10, 0, tzinfo=local_zone())
        return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def build(app, pupils: int, meetings: int, now: datetime) -> int:
    """The school; returns how many reminders are due at `now`, counted from what was made."""
    expected = 0
    with app.app_context():
        today = now.replace(tzinfo=ZoneInfo("UTC")).astimezone(local_zone()).date()
        school = School(slug="bench", name="Bench Academy")
        db.session.add(school)
        db.session.flush()
        senco = User(email="senco@bench.example", full_name="Sam Senco", locale="en")
        teachers = [
            User(email=f"teacher{n}@bench.example", full_name=f"Teacher {n}", locale="en")
            for n in range(30)
        ]
        db.session.add_all([senco, *teachers])
        db.session.flush()
        db.session.add(Membership(user_id=senco.id, school_id=school.id, role=Role.SENCO))
        db.session.add_all(
            Membership(user_id=t.id, school_id=school.id, role=Role.TEACHER) for t in teachers
        )
        locales = ["en", "en", "en", "pl", "ur", "ro", "pa", "bn"]
        parents = [
            User(
                email=f"parent{n}@families.example", full_name=f"Parent {n}", locale=locales[n % 8]
            )
            for n in range(pupils)
        ]
        db.session.add_all(parents)
        roll = []
        for n in range(pupils):
            status = SenStatus.SEN_SUPPORT if n % 5 == 0 else SenStatus.NONE
            if n % 50 == 0:
                status = SenStatus.EHC_PLAN
            roll.append(
                Pupil(
                    school_id=school.id,
                    given_name=f"Pupil{n}",
                    family_name="Bench",
                    date_of_birth=date(2015, 1, 1),
                    year_group=n % 7,
                    sen_status=status,
                )
            )
        db.session.add_all(roll)
        db.session.flush()
        db.session.add_all(
            TeacherLink(user_id=teachers[n % 30].id, pupil_id=p.id) for n, p in enumerate(roll)
        )
        sen = [p for p in roll if p.sen_status is not SenStatus.NONE]
        # Meetings over the coming week; views asked of the parents, due two days before.
        for n in range(meetings):
            pupil = sen[n % len(sen)]
            index = roll.index(pupil)
            day = today + timedelta(days=n % 7)
            starts = utc_midnight(day) + timedelta(hours=15 + n % 3)
            meeting = Meeting(
                school_id=school.id,
                pupil_id=pupil.id,
                kind=MeetingKind.SEN_SUPPORT_REVIEW,
                starts_at=starts,
                interpreter_needed=n % 4 == 0,
                interpreter_language="pl" if n % 4 == 0 else None,
            )
            meeting.invitees = [
                MeetingInvitee(
                    user_id=parents[index].id, role=InviteeRole.PARENT, name=f"Parent {index}"
                ),
                MeetingInvitee(
                    user_id=teachers[index % 30].id, role=InviteeRole.STAFF, name="Teacher"
                ),
            ]
            db.session.add(meeting)
            db.session.flush()
            due_on = day - timedelta(days=2)
            db.session.add(
                ViewsRequest(
                    school_id=school.id,
                    pupil_id=pupil.id,
                    meeting_id=meeting.id,
                    respondent=Respondent.PARENT,
                    user_id=parents[index].id,
                    form_version=FormVersion.PARENT,
                    due_on=due_on,
                )
            )
            if day == today + timedelta(days=1):
                expected += 2  # the parent and the teacher, the day before
            if today <= due_on <= today + timedelta(days=2) and starts > now:
                expected += 1
        # Plans with reviews over the next two months: the SENCO and the linked teacher.
        for n, pupil in enumerate(sen):
            review = today + timedelta(days=n % 60)
            db.session.add(
                Plan(pupil_id=pupil.id, status=PlanStatus.SHARED, review_date=review, shared_at=now)
            )
            if review <= today + timedelta(days=14):
                expected += 2
        # EHC plans: annual reviews due over the next months; advice and papers steps.
        for n, pupil in enumerate(p for p in sen if p.sen_status is SenStatus.EHC_PLAN):
            plan = EhcPlan(
                pupil_id=pupil.id, issued_on=today - timedelta(days=300), local_authority="LA"
            )
            db.session.add(plan)
            db.session.flush()
            due = today + timedelta(days=10 + n * 3)
            db.session.add(AnnualReview(pupil_id=pupil.id, ehc_plan_id=plan.id, due_on=due))
            # Advice and papers fall due two weeks before the due date (no meeting yet),
            # the meeting on it: each due within a week, or overdue, is a reminder.
            expected += sum(
                1
                for step_due in (due - timedelta(14), due - timedelta(14), due)
                if step_due <= today + timedelta(days=7)
            )
        # Concerns: a third sent a month ago and not answered.
        for n, pupil in enumerate(sen[:60]):
            old = n % 3 == 0
            db.session.add(
                Concern(
                    school_id=school.id,
                    pupil_id=pupil.id,
                    raised_by_id=parents[roll.index(pupil)].id,
                    status=ConcernStatus.RECEIVED,
                    submitted_at=now - timedelta(days=30 if old else 1),
                    reference=f"CN-B{n:05d}",
                )
            )
            expected += 1 if old else 0
        db.session.commit()
    return expected


def smtp_server():
    from aiosmtpd.controller import Controller

    class Count:
        received = 0

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            Count.received += 1
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port, Count


def run(app, now: datetime) -> tuple[float, str]:
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=["send-reminders", "--now", now.isoformat()])
    assert result.exit_code == 0, result.output
    return time.perf_counter() - started, result.output.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--meetings", type=int, default=300)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        app = create_app(for_tests(url))
        controller, port, received = smtp_server()
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        import logging

        logging.getLogger("portal").setLevel(logging.WARNING)
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd, every line
        try:
            with app.app_context():
                db.drop_all()
                db.create_all()
            now = school_day_at_ten(app)
            started = time.perf_counter()
            expected = build(app, args.pupils, args.meetings, now)
            print(
                f"Built {args.pupils} pupils and {args.meetings} meetings in a week "
                f"in {time.perf_counter() - started:.1f} s; {expected} reminders due."
            )
            first, output = run(app, now)
            print(f"First run:  {first:.2f} s  {output}")
            second, output = run(app, now + timedelta(minutes=15))
            print(f"Second run: {second:.2f} s  {output}")
            with app.app_context():
                rows = db.session.scalar(sa.select(sa.func.count(SentReminder.id)))
                sent = db.session.scalar(
                    sa.select(sa.func.count(SentReminder.id)).where(
                        SentReminder.sent_at.is_not(None)
                    )
                )
                emails = db.session.scalar(
                    sa.select(sa.func.count(EmailMessage.id)).where(
                        EmailMessage.kind.like("reminder_%")
                    )
                )
                keys = db.session.scalar(sa.select(sa.func.count(sa.distinct(SentReminder.key))))
            print(
                f"Reminders recorded: {rows} ({keys} distinct); sent: {sent}; emails: {emails}; "
                f"received by the SMTP server: {received.received}."
            )
            ok = rows == keys == sent == emails == received.received == expected
            print("Every due reminder sent exactly once." if ok else "MISMATCH: see above.")
            print(f"{first / max(sent, 1) * 1000:.1f} ms a reminder in the first run.")
            if not ok:
                sys.exit(1)
        finally:
            controller.stop()
            with app.app_context():
                db.session.remove()
                if args.database_url:
                    db.drop_all()
                db.engine.dispose()


if __name__ == "__main__":
    main()
