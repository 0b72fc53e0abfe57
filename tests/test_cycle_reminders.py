"""Reminders (`flask --app portal send-reminders`): each sent once, in the person's language,
with no personal details, never at night, by email or text as each person chose; texts go
through GOV.UK Notify's client to a local server that answers as Notify does."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from cycle_helpers import add_meeting, one, rows, utc
from notify_server import API_KEY, SECRET, SERVICE_ID, TEMPLATE_ID, FakeNotify

from portal.extensions import db
from portal.models import (
    Channel,
    Concern,
    EmailMessage,
    InviteeRole,
    Meeting,
    MeetingInvitee,
    ReminderPreference,
    Respondent,
    SentReminder,
    ViewsRequest,
    utcnow,
)


def run(app, at):
    result = app.test_cli_runner().invoke(args=["send-reminders", "--now", at.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def reminders(app):
    return rows(
        app,
        sa.select(EmailMessage.kind, EmailMessage.to_address, EmailMessage.locale)
        .where(EmailMessage.kind.like("reminder_%"))
        .order_by(EmailMessage.id),
    )


@pytest.fixture
def ten_oclock():
    return utc(date.today(), 10, 0)


def _meeting_tomorrow_for_zofia(app, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    kasia = demo.user("rodzic@oakfield.example")
    tom = demo.user("teacher@oakfield.example")
    meeting_id = add_meeting(
        app,
        zofia,
        starts_at=utc(date.today() + timedelta(days=1), 15, 30),
        parents=[kasia],
        interpreter_needed=True,
        interpreter_language="pl",
    )
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.invitees.append(
            MeetingInvitee(user_id=tom.id, role=InviteeRole.STAFF, name=tom.full_name)
        )
        db.session.commit()
    return meeting_id


def test_each_reminder_goes_once_in_the_persons_language(app, demo, mailbox, ten_oclock):
    meeting_id = _meeting_tomorrow_for_zofia(app, demo)
    first = run(app, ten_oclock)
    sent = reminders(app)
    tomorrow = [r for r in sent if r.kind == "reminder_meeting_tomorrow"]
    # Katarzyna chose texts, but the school has no Notify key: she is emailed, in Polish.
    assert ("reminder_meeting_tomorrow", "rodzic@oakfield.example", "pl") in tomorrow
    assert ("reminder_meeting_tomorrow", "teacher@oakfield.example", "en") in tomorrow
    # Jayden's annual review is due in 10 days: the SENCO is reminded, and of the papers
    # step falling due within the week.
    assert ("reminder_review_due", "senco@oakfield.example", "en") in sent
    assert ("reminder_ehc_step", "senco@oakfield.example", "en") in sent
    message = next(m for m in mailbox.to("rodzic@oakfield.example"))
    body = mailbox.body(message)
    assert "Zofia" not in body and "Nowak" not in body  # no personal details
    assert message["Content-Language"] == "pl"
    assert mailbox.link(message, "/families/")
    # Tom's reminder notes the interpreter, in his language.
    tom = mailbox.body(mailbox.to("teacher@oakfield.example")[0])
    assert "An interpreter for Polish will be there." in tom
    assert "Reminders due:" in first
    # Again a quarter of an hour later: nothing more is sent.
    again = run(app, ten_oclock + timedelta(minutes=15))
    assert reminders(app) == sent
    assert "sent now: 0" in again
    keys = rows(
        app,
        sa.select(SentReminder.key).where(
            SentReminder.key.like(f"meeting_tomorrow:{meeting_id}:%")
        ),
    )
    assert len(keys) == 2


def test_nothing_is_sent_at_night(app, demo, mailbox):
    _meeting_tomorrow_for_zofia(app, demo)
    late = run(app, utc(date.today(), 21, 30))
    assert "Quiet hours" in late and mailbox.messages == [] and reminders(app) == []
    early = run(app, utc(date.today() + timedelta(days=1), 6, 45))
    assert "Quiet hours" in early and reminders(app) == []


def test_views_due_in_two_days_and_a_concern_unanswered_for_five_school_days(
    app, demo, mailbox, ten_oclock
):
    amelia = demo.pupil("Amelia", "Clarke")
    with app.app_context():
        request = db.session.scalar(
            sa.select(ViewsRequest).where(
                ViewsRequest.pupil_id == amelia.id, ViewsRequest.respondent == Respondent.PARENT
            )
        )
        request.due_on = date.today() + timedelta(days=2)
        # Sarah's concern was sent 3 days ago: not five school days yet.
        db.session.commit()
    run(app, ten_oclock)
    sent = reminders(app)
    assert ("reminder_views_due", "parent@oakfield.example", "en") in sent
    assert not any(r.kind == "reminder_concern_unanswered" for r in sent)
    with app.app_context():
        concern = db.session.scalar(sa.select(Concern).where(Concern.reference == "CN-A7K-3PQ"))
        concern.submitted_at = utcnow() - timedelta(days=40)
        db.session.commit()
    run(app, ten_oclock + timedelta(minutes=15))
    assert ("reminder_concern_unanswered", "senco@oakfield.example", "en") in reminders(app)
    message = mailbox.to("senco@oakfield.example")[-1]
    assert "Amelia" not in mailbox.body(message) and "CN-A7K-3PQ" not in mailbox.body(message)


def test_people_who_want_no_reminders_get_none(app, demo, mailbox, ten_oclock):
    _meeting_tomorrow_for_zofia(app, demo)
    with app.app_context():
        kasia = demo.user("rodzic@oakfield.example")
        pref = db.session.scalar(
            sa.select(ReminderPreference).where(ReminderPreference.user_id == kasia.id)
        )
        pref.channel = Channel.NONE
        db.session.commit()
    run(app, ten_oclock)
    assert mailbox.to("rodzic@oakfield.example") == []
    row = one(
        app,
        sa.select(SentReminder).where(SentReminder.key.like("meeting_tomorrow:%:" + str(kasia.id))),
    )
    assert row.channel is Channel.NONE and row.sent_at is None


def test_a_text_through_notify(app, demo, mailbox, ten_oclock):
    _meeting_tomorrow_for_zofia(app, demo)
    saved = {
        k: app.config.get(k)
        for k in ("NOTIFY_API_KEY", "NOTIFY_SMS_TEMPLATE_ID", "NOTIFY_BASE_URL")
    }
    with FakeNotify() as notify:
        app.config.update(
            NOTIFY_API_KEY=API_KEY, NOTIFY_SMS_TEMPLATE_ID=TEMPLATE_ID, NOTIFY_BASE_URL=notify.url
        )
        try:
            run(app, ten_oclock)
        finally:
            app.config.update(saved)
    assert notify.refused == []
    assert len(notify.sent) == 1
    text = notify.sent[0]
    assert text["phone_number"] == "07700 900103" and text["template_id"] == TEMPLATE_ID
    body = text["personalisation"]["body"]
    assert "Zofia" not in body and "http://localhost/families/" in body
    assert text["reference"].startswith("reminder-")
    assert mailbox.to("rodzic@oakfield.example") == []  # the text, not an email
    row = one(app, sa.select(SentReminder).where(SentReminder.channel == Channel.TEXT))
    assert row.sent_at is not None
    assert SERVICE_ID in API_KEY and SECRET in API_KEY


def test_a_text_notify_refuses_is_tried_again_later(app, demo, mailbox, ten_oclock):
    # The staff's reminders go by email over SMTP; only Katarzyna's text fails.
    _meeting_tomorrow_for_zofia(app, demo)
    saved = {
        k: app.config.get(k)
        for k in ("NOTIFY_API_KEY", "NOTIFY_SMS_TEMPLATE_ID", "NOTIFY_BASE_URL")
    }
    with FakeNotify() as notify:
        app.config.update(
            NOTIFY_API_KEY=API_KEY, NOTIFY_SMS_TEMPLATE_ID=TEMPLATE_ID, NOTIFY_BASE_URL=notify.url
        )
        try:
            notify.answer_status = 500
            run(app, ten_oclock)
            failed = one(app, sa.select(SentReminder).where(SentReminder.error.is_not(None)))
            assert failed.error == "Notify500" and failed.sent_at is None
            notify.answer_status = 201
            run(app, ten_oclock + timedelta(minutes=15))
        finally:
            app.config.update(saved)
    assert len(notify.sent) == 1
    row = one(app, sa.select(SentReminder).where(SentReminder.key == failed.key))
    assert row.sent_at is not None and row.attempts == 2 and row.error is None
    # The emails that went the first time are not sent again with the retried text.
    assert len(mailbox.to("teacher@oakfield.example")) == 1


def test_the_reminder_choice_page(app, login, demo):
    sarah = login("parent@oakfield.example")
    assert "Choose how we remind you" in sarah.get("/account").text
    page = sarah.get("/account/reminders").text
    assert "This school does not send text messages yet" in page
    missing = sarah.submit("/account/reminders", {"channel": "text", "mobile": ""})
    assert missing.status_code == 400 and "Enter your mobile number for texts" in missing.text
    wrong = sarah.submit("/account/reminders", {"channel": "text", "mobile": "12345"})
    assert wrong.status_code == 400 and "Enter a UK mobile number" in wrong.text
    assert 'value="12345"' in wrong.text  # what was typed is kept
    ok = sarah.submit("/account/reminders", {"channel": "text", "mobile": "+44 7700 900101"})
    assert ok.status_code == 302
    sarah_id = demo.user("parent@oakfield.example").id
    pref = one(app, sa.select(ReminderPreference).where(ReminderPreference.user_id == sarah_id))
    assert pref.channel is Channel.TEXT and pref.mobile == "+44 7700 900101"


def test_a_pupil_is_reminded_of_their_own_views_in_pupil_words(app, demo, mailbox, ten_oclock):
    """Tyler has his own account: a request for his views due in two days reminds him, in
    the words of the pupils' pages, once."""
    tyler = demo.pupil("Tyler", "Brooks")
    account = demo.user("tyler@riverside.example")
    meeting_id = add_meeting(app, tyler, starts_at=utc(date.today() + timedelta(days=6), 11, 0))
    with app.app_context():
        db.session.add(
            ViewsRequest(
                school_id=tyler.school_id,
                pupil_id=tyler.id,
                meeting_id=meeting_id,
                respondent=Respondent.PUPIL,
                user_id=account.id,
                due_on=date.today() + timedelta(days=2),
            )
        )
        db.session.commit()
    run(app, ten_oclock)
    run(app, ten_oclock + timedelta(minutes=15))
    sent = mailbox.to("tyler@riverside.example")
    assert len(sent) == 1
    body = mailbox.body(sent[0])
    assert "Please tell us what you think before your meeting." in body
    assert "Tyler" not in body and "Brooks" not in body
    assert mailbox.link(sent[0], "/me/")
