"""The school's words in the family's language, through HTTP: the phrase bank in the plan and
record editors and on the family's pages and PDFs, "ask for this in my language" reaching
the SENCO's inbox and the typed translation shown beside the original, replies in the
family's language, and the SEN information report's translated sections."""

import io
import re
from datetime import date, timedelta
from html import unescape as html_unescape

import sqlalchemy as sa
from flask_babel import force_locale, gettext
from plans_helpers import plan_of, scalar
from pypdf import PdfReader

from portal.extensions import db
from portal.i18n import LANGUAGES, language_name, offered_languages
from portal.languages.phrases import bank
from portal.models import (
    Concern,
    ConcernMessage,
    Meeting,
    MeetingRecord,
    Outcome,
    Plan,
    PlanStatus,
    Provision,
    RecordAction,
    SchoolTranslation,
    TranslatedKind,
    TranslationRequest,
)

SENCO = "senco@oakfield.example"
POLISH = "rodzic@oakfield.example"
URDU = "ami@oakfield.example"
ARABIC = "baba@riverside.example"


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _flat(html: str) -> str:
    return " ".join(html.split())


def _share_plan(app, senco, plan_id: int) -> None:
    version = scalar(app, sa.select(Plan.version).where(Plan.id == plan_id))
    url = f"/senco/plans/{plan_id}"
    response = senco.submit(f"{url}/share", {"version": str(version)}, page=url)
    assert response.status_code == 302


def _add_bank_rows_to_zofias_draft(app, demo, senco):
    zofia = demo.pupil("Zofia", "Nowak")
    draft = plan_of(app, zofia.id, PlanStatus.DRAFT)
    url = f"/senco/plans/{draft.id}/outcomes/new"
    response = senco.submit(
        url,
        {
            "new-outcome-phrase_key": "comm-retell-story",
            "new-outcome-description": "",
            "new-outcome-area": "communication",
            "new-outcome-target_date": (date.today() + timedelta(days=60)).isoformat(),
            "new-outcome-measure": "Checked by the class teacher each half term.",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    response = senco.submit(
        f"/senco/plans/{draft.id}/provision/new",
        {"new-provision-phrase_key": "comm-therapy-programme", "new-provision-outcome_id": ""},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return zofia, draft


def test_a_bank_phrase_is_saved_with_its_key_and_its_usual_amounts(app, login, demo):
    senco = login(SENCO)
    _zofia, draft = _add_bank_rows_to_zofias_draft(app, demo, senco)
    with app.app_context():
        outcome = db.session.scalars(
            sa.select(Outcome).where(
                Outcome.plan_id == draft.id, Outcome.phrase_key == "comm-retell-story"
            )
        ).one()
        assert outcome.description == bank().get("comm-retell-story").text
        help_ = db.session.scalars(
            sa.select(Provision).where(
                Provision.plan_id == draft.id, Provision.phrase_key == "comm-therapy-programme"
            )
        ).one()
        assert (help_.sessions_per_week, help_.minutes_per_session) == (3, 15)
        assert help_.group_size.value == "one_to_one"
        assert help_.delivered_by == "Teaching assistant"


def test_writing_freely_after_picking_a_phrase_keeps_the_words_and_drops_the_phrase(
    app, login, demo
):
    senco = login(SENCO)
    zofia = demo.pupil("Zofia", "Nowak")
    draft = plan_of(app, zofia.id, PlanStatus.DRAFT)
    response = senco.submit(
        f"/senco/plans/{draft.id}/outcomes/new",
        {
            "new-outcome-phrase_key": "comm-retell-story",
            "new-outcome-description": "Retell the story of the Gruffalo using the puppets",
            "new-outcome-area": "communication",
            "new-outcome-target_date": (date.today() + timedelta(days=60)).isoformat(),
            "new-outcome-measure": "The class teacher listens.",
        },
    )
    assert response.status_code == 302
    key = scalar(
        app,
        sa.select(Outcome.phrase_key).where(Outcome.description.like("%Gruffalo%")),
    )
    assert key is None


def test_a_phrase_that_is_not_in_the_bank_is_refused_and_the_words_kept(app, login, demo):
    senco = login(SENCO)
    draft = plan_of(app, demo.pupil("Zofia", "Nowak").id, PlanStatus.DRAFT)
    response = senco.submit(
        f"/senco/plans/{draft.id}/outcomes/new",
        {
            "new-outcome-phrase_key": "no-such-phrase",
            "new-outcome-description": "My own words here",
            "new-outcome-area": "communication",
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "My own words here" in html and "error-summary" in html


def test_the_polish_family_reads_bank_phrases_in_polish_on_the_page_and_in_the_pdf(
    app, login, demo
):
    senco = login(SENCO)
    zofia, draft = _add_bank_rows_to_zofias_draft(app, demo, senco)
    _share_plan(app, senco, draft.id)
    outcome_pl = bank().get("comm-retell-story").in_language("pl")
    help_pl = bank().get("comm-therapy-programme").in_language("pl")

    parent = login(POLISH)
    page = parent.get(f"/families/children/{zofia.id}/plan")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="pl"' in html
    assert re.search(rf'lang="pl" dir="ltr">{re.escape(outcome_pl)}<', html)
    assert re.search(rf'lang="pl" dir="ltr">{re.escape(help_pl)}<', html)
    # The English stays beside it, marked as English, for talking to the school.
    assert re.search(
        rf'lang="en" dir="ltr">{re.escape(bank().get("comm-retell-story").text)}<', html
    )
    # What the school wrote freely is marked English, with the button to ask for it.
    assert 'lang="en" dir="ltr">Small group language sessions using pictures.<' in html
    assert f'action="/families/children/{zofia.id}/translation-requests"' in html

    pdf = parent.get(f"/families/children/{zofia.id}/plans/{draft.id}/plan.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = _pdf_text(pdf.data)
    assert " ".join(outcome_pl.split()) in text
    assert " ".join(help_pl.split()) in text


def test_bank_actions_in_a_meeting_record_reach_the_family_in_polish(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    with app.app_context():
        meeting_id = db.session.scalar(
            sa.select(Meeting.id)
            .outerjoin(MeetingRecord, MeetingRecord.meeting_id == Meeting.id)
            .where(Meeting.pupil_id == zofia.id, MeetingRecord.id.is_(None))
            .limit(1)
        )
    assert meeting_id is not None
    senco = login(SENCO)
    url = f"/senco/meetings/{meeting_id}/record"
    form = senco.get(url).get_data(as_text=True)
    assert 'name="action_0_phrase"' in form
    response = senco.submit(
        url,
        {
            "attended": "Katarzyna Nowak\nPriya Shah, SENCO",
            "discussed": "How Zofia is getting on with the language group.",
            "agreed": "Zofia keeps going to the language group.",
            # Two actions from the bank (one with a date), and one of its own words.
            "action_0_phrase": "act-interpreter",
            "action_1_phrase": "act-family-reading",
            "action_1_due": "2030-02-28",
            "action_2_what": "Priya: ask Mrs Khan for the story pictures.",
            "action_2_who": "Priya Shah",
            "action_2_due": "2030-01-31",
            "support": "The language group, twice a week.",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        record = db.session.scalars(
            sa.select(MeetingRecord).where(MeetingRecord.meeting_id == meeting_id)
        ).one()
        rows = db.session.execute(
            sa.select(RecordAction.phrase_key, RecordAction.what, RecordAction.who)
            .where(RecordAction.record_id == record.id)
            .order_by(RecordAction.position)
        ).all()
        version = record.version
    # One table: the bank's phrases (their English kept) and the written action.
    assert [r.phrase_key for r in rows] == ["act-interpreter", "act-family-reading", None]
    assert rows[0].what == bank().get("act-interpreter").text
    assert rows[2].who == "Priya Shah"
    # Opening the editor again selects what was picked.
    again = senco.get(url).get_data(as_text=True)
    assert re.search(
        r'selected[^>]*value="act-interpreter"|value="act-interpreter"[^>]*selected', again
    )
    response = senco.submit(f"{url}/share", {"version": str(version)}, page=url)
    assert response.status_code == 302

    parent = login(POLISH)
    page = parent.get(f"/families/children/{zofia.id}/meetings/{meeting_id}/record")
    html = page.get_data(as_text=True)
    interpreter_pl = bank().get("act-interpreter").in_language("pl")
    assert page.status_code == 200
    assert re.search(rf'lang="pl" dir="ltr">{re.escape(interpreter_pl)}<', html)
    assert 'lang="en" dir="ltr">Priya: ask Mrs Khan for the story pictures.<' in html
    pdf = parent.get(f"/families/children/{zofia.id}/meetings/{meeting_id}/record.pdf")
    assert " ".join(interpreter_pl.split()) in _pdf_text(pdf.data)


def test_the_demo_record_shows_its_typed_polish_translation_beside_the_english(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    with app.app_context():
        record = db.session.scalars(
            sa.select(MeetingRecord)
            .join(SchoolTranslation, SchoolTranslation.subject_id == MeetingRecord.id)
            .where(
                MeetingRecord.pupil_id == zofia.id,
                SchoolTranslation.kind == TranslatedKind.MEETING_RECORD,
                SchoolTranslation.language == "pl",
                SchoolTranslation.field == "agreed",
            )
        ).first()
        polish = db.session.scalar(
            sa.select(SchoolTranslation.text).where(
                SchoolTranslation.subject_id == record.id,
                SchoolTranslation.kind == TranslatedKind.MEETING_RECORD,
                SchoolTranslation.field == "agreed",
            )
        )
        english = record.agreed
        meeting_id = record.meeting_id
    parent = login(POLISH)
    html = parent.get(f"/families/children/{zofia.id}/meetings/{meeting_id}/record").get_data(
        as_text=True
    )
    assert f'lang="en" dir="ltr">{english}<' in html
    assert f'lang="pl" dir="ltr">{polish}<' in html
    assert "Anna Kowalska, interpreter" in html
    text = _pdf_text(
        parent.get(f"/families/children/{zofia.id}/meetings/{meeting_id}/record.pdf").data
    )
    assert " ".join(polish.split()) in text and " ".join(english.split()) in text


def _ask(client, pupil_id: int, kind: str, subject_id: int, language: str = "ur"):
    return client.submit(
        f"/families/children/{pupil_id}/translation-requests",
        {
            "kind": kind,
            "subject_id": str(subject_id),
            "language": language,
            "next": f"/families/children/{pupil_id}/plan#who-does-what",
        },
        page=f"/families/children/{pupil_id}/plan",
    )


def test_ask_for_this_in_my_language_reaches_the_inbox_and_the_translation_comes_back(
    app, login, demo
):
    yusuf = demo.pupil("Yusuf", "Rahman")
    plan = plan_of(app, yusuf.id, PlanStatus.SHARED)
    parent = login(URDU)
    before = parent.get(f"/families/children/{yusuf.id}/plan").get_data(as_text=True)
    assert f'name="subject_id" value="{plan.id}"' in before
    response = _ask(parent, yusuf.id, "plan", plan.id)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/families/children/{yusuf.id}/plan#who-does-what"
    )
    with app.app_context():
        asked = db.session.scalars(sa.select(TranslationRequest)).one()
        assert (asked.kind, asked.subject_id, asked.language) == (
            TranslatedKind.PLAN,
            plan.id,
            "ur",
        )
        asked_id = asked.id
    # Asking twice makes no second request; the page now says it was asked for.
    assert _ask(parent, yusuf.id, "plan", plan.id).status_code == 302
    assert scalar(app, sa.select(sa.func.count(TranslationRequest.id))) == 1
    after = parent.get(f"/families/children/{yusuf.id}/plan").get_data(as_text=True)
    asks_for_plan = (
        rf'name="kind" value="plan">\s*<input type="hidden" name="subject_id" value="{plan.id}"'
    )
    assert not re.search(asks_for_plan, after)

    senco = login(SENCO)
    inbox = senco.get("/senco/inbox").get_data(as_text=True)
    assert f"/senco/translation-requests/{asked_id}" in inbox
    url = f"/senco/translation-requests/{asked_id}"
    response = senco.submit(
        url,
        {
            "text_at_home": "جب ممکن ہو، ہفتے کے آخر میں کسی ہم جماعت کو پارک میں بلائیں۔",
            "translator_name": "Farah Iqbal",
        },
    )
    assert response.status_code == 302
    page = parent.get(f"/families/children/{yusuf.id}/plan").get_data(as_text=True)
    assert (
        'lang="ur" dir="rtl">جب ممکن ہو، ہفتے کے آخر میں کسی ہم جماعت کو پارک میں بلائیں۔<' in page
    )
    assert (
        'lang="en" dir="ltr">Invite a classmate to the park at the weekend when possible.<' in page
    )
    assert "Farah Iqbal" in page


def test_asking_answers_404_for_another_familys_child_or_thing(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    amelia = demo.pupil("Amelia", "Clarke")
    yusuf_plan = plan_of(app, yusuf.id, PlanStatus.SHARED)
    amelia_plan = plan_of(app, amelia.id, PlanStatus.SHARED)
    # Another school's parent, about Yusuf.
    assert _ask(login(ARABIC), yusuf.id, "plan", yusuf_plan.id, "ar").status_code == 404
    nadia = login(URDU)
    # Nadia's own child in the address, another child's plan in the form.
    assert _ask(nadia, yusuf.id, "plan", amelia_plan.id).status_code == 404
    # A draft the family cannot see.
    zofia_draft = plan_of(app, demo.pupil("Zofia", "Nowak").id, PlanStatus.DRAFT)
    assert (
        _ask(login(POLISH), zofia_draft.pupil_id, "plan", zofia_draft.id, "pl").status_code == 404
    )
    assert scalar(app, sa.select(sa.func.count(TranslationRequest.id))) == 0


def test_another_schools_senco_cannot_open_a_request(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    plan = plan_of(app, yusuf.id, PlanStatus.SHARED)
    assert _ask(login(URDU), yusuf.id, "plan", plan.id).status_code == 302
    asked_id = scalar(app, sa.select(TranslationRequest.id))
    other = login("senco@riverside.example")
    assert other.get(f"/senco/translation-requests/{asked_id}").status_code == 404
    response = other.submit(
        f"/senco/translation-requests/{asked_id}",
        {"text_at_home": "x"},
        page="/senco/inbox",
    )
    assert response.status_code == 404


def test_a_reply_to_a_concern_can_be_written_in_the_familys_language(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    with app.app_context():
        concern_id = db.session.scalar(
            sa.select(Concern.id).where(Concern.pupil_id == zofia.id, Concern.language == "pl")
        )
    senco = login(SENCO)
    page = senco.get(f"/senco/concerns/{concern_id}").get_data(as_text=True)
    # The family wrote in Polish: the reply is offered in Polish first.
    assert re.search(r'<option selected value="pl">|<option value="pl" selected>', page)
    response = senco.submit(
        f"/senco/concerns/{concern_id}/reply",
        {"language": "pl", "body": "Dziękujemy. Zapraszamy na spotkanie we wtorek o 9:00."},
    )
    assert response.status_code == 302
    language = scalar(
        app, sa.select(ConcernMessage.language).order_by(ConcernMessage.id.desc()).limit(1)
    )
    assert language == "pl"
    parent = login(POLISH)
    html = parent.get(f"/families/concerns/{concern_id}").get_data(as_text=True)
    assert 'lang="pl" dir="ltr"><p>Dziękujemy.' in html


def test_a_reply_in_arabic_is_marked_right_to_left(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    with app.app_context():
        concern_id = db.session.scalar(sa.select(Concern.id).where(Concern.pupil_id == zofia.id))
    senco = login(SENCO)
    response = senco.submit(
        f"/senco/concerns/{concern_id}/reply", {"language": "ar", "body": "شكرا لكم"}
    )
    assert response.status_code == 302
    html = senco.get(f"/senco/concerns/{concern_id}").get_data(as_text=True)
    assert 'lang="ar" dir="rtl"><p>شكرا لكم</p>' in _flat(html)
    # A language the portal does not have is refused, and the words are kept.
    response = senco.submit(
        f"/senco/concerns/{concern_id}/reply", {"language": "xx", "body": "Kept words"}
    )
    assert response.status_code == 400 and "Kept words" in response.get_data(as_text=True)


def test_the_sen_report_shows_translated_sections_and_names_the_english_only_ones(
    app, login, demo, client
):
    senco = login(SENCO)
    listing = senco.get("/local-offer/report/translations")
    assert listing.status_code == 200
    assert 'href="/local-offer/report/translations/pl"' in listing.get_data(as_text=True)
    polish = "Pomagamy dzieciom, które mają trudności w mówieniu, czytaniu lub zachowaniu."
    response = senco.submit(
        "/local-offer/report/translations/pl",
        {"text_kinds_of_need": polish, "translator_name": "Anna Kowalska"},
    )
    assert response.status_code == 302
    assert "1 of" in senco.get("/local-offer/report/translations").get_data(as_text=True)
    # Opened again, the page shows what was saved; sent with nothing typed, it says so.
    again = senco.get("/local-offer/report/translations/pl").get_data(as_text=True)
    assert polish in again and 'value="Anna Kowalska"' in again
    empty = senco.submit(
        "/local-offer/report/translations/pl", {"text_kinds_of_need": " ", "translator_name": ""}
    )
    assert empty.status_code == 400
    assert "Type the translation of at least one part" in empty.get_data(as_text=True)

    page = client.get("/schools/oakfield/sen-information-report", headers={"Accept-Language": "pl"})
    html = page.get_data(as_text=True)
    assert '<html lang="pl"' in html
    assert f'lang="pl" dir="ltr">{polish}<' in html
    # The sections not translated are listed, and each says it is in English only.
    with app.app_context():
        from portal.local_offer.services import sen_report
        from portal.models import ReportSection

        report = sen_report(demo.school("oakfield").id)
        written = [s for s in ReportSection if report.text(s).strip()]
    english_only = [s for s in written if s.value != "kinds_of_need"]
    notice = html.split('id="in-your-language"', 1)[1].split("</div>", 1)[0]
    assert notice.count("<li>") == len(english_only)
    # In English, nothing is said about translations.
    english = client.get(
        "/schools/oakfield/sen-information-report", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    assert 'id="in-your-language"' not in english and polish not in english
    # The school's Local Offer page says how much of the report is in Polish.
    school = client.get("/schools/oakfield", headers={"Accept-Language": "pl"}).get_data(
        as_text=True
    )
    with app.test_request_context(), force_locale("pl"):
        expected = gettext(
            "Sections in %(language)s: %(done)d of %(total)d. The rest are in English only.",
            language=language_name("pl"),
            done=1,
            total=len(written),
        )
    assert expected in html_unescape(school)


def test_only_the_schools_keepers_translate_its_report(app, login, demo):
    assert login(POLISH).get("/local-offer/report/translations/pl").status_code in (403, 404)
    senco = login(SENCO)
    assert senco.get("/local-offer/report/translations/en").status_code == 404
    assert senco.get("/local-offer/report/translations/xx").status_code == 404
    # Riverside's SENCO translates Riverside's report, never Oakfield's.
    other = login("senco@riverside.example")
    other.submit("/local-offer/report/translations/pl", {"text_kinds_of_need": "Riverside PL"})
    with app.app_context():
        rows = db.session.scalars(
            sa.select(SchoolTranslation).where(SchoolTranslation.kind == TranslatedKind.SEN_REPORT)
        ).all()
        assert rows and all(r.school_id == demo.school("riverside").id for r in rows)


def test_each_offered_language_is_negotiated_on_the_family_and_public_pages(
    app, login, demo, client
):
    """Every language the portal has: the browser's choice gives that page language when the
    catalog is complete (offered), English otherwise; never something in between."""
    offered = offered_languages()
    for code in LANGUAGES:
        html = client.get(
            "/schools/oakfield/sen-information-report",
            headers={"Accept-Language": f"{code},en;q=0.5"},
        ).get_data(as_text=True)
        expected = code if code in offered else "en"
        assert re.search(rf'<html lang="{expected}(-[A-Z]+)?"', html), code


def test_a_family_page_with_bank_phrases_takes_a_fixed_number_of_queries(app, login, demo):
    from plans_helpers import count_queries

    yusuf = demo.pupil("Yusuf", "Rahman")
    parent = login(URDU)
    url = f"/families/children/{yusuf.id}/plan"
    parent.get(url)
    with count_queries(app) as first:
        parent.get(url)
    plan = plan_of(app, yusuf.id, PlanStatus.SHARED)
    # Two more outcomes, to see the count stays put.
    with app.app_context():
        for n in range(2):
            db.session.add(
                Outcome(plan_id=plan.id, position=5 + n, description=f"Outcome {n}", measure="m")
            )
        db.session.commit()
    with count_queries(app) as second:
        parent.get(url)
    assert len(second) == len(first)


def test_a_family_asks_for_an_english_reply_in_their_language_and_reads_it(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    with app.app_context():
        message = db.session.scalars(
            sa.select(ConcernMessage)
            .join(Concern)
            .where(Concern.pupil_id == zofia.id, ConcernMessage.from_school.is_(True))
        ).first()
        message_id, concern_id, body = message.id, message.concern_id, message.body
    parent = login(POLISH)
    page = f"/families/concerns/{concern_id}"
    html = parent.get(page).get_data(as_text=True)
    assert f'name="subject_id" value="{message_id}"' in html
    response = parent.submit(
        f"/families/children/{zofia.id}/translation-requests",
        {
            "kind": "concern_message",
            "subject_id": str(message_id),
            "language": "pl",
            "next": f"{page}#message-{message_id}",
        },
        page=page,
    )
    assert response.status_code == 302
    asked_id = scalar(app, sa.select(TranslationRequest.id))
    senco = login(SENCO)
    senco.submit(
        f"/senco/translation-requests/{asked_id}",
        {"text_body": "Dziękujemy za wiadomość o Zofii."},
    )
    html = parent.get(page).get_data(as_text=True)
    assert 'lang="pl" dir="ltr">Dziękujemy za wiadomość o Zofii.<' in html
    assert body.split("\n")[0][:30] in html
