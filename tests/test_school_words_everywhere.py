"""Every text the school writes that a family reads is marked with its language, can be asked
for in the family's language, translated by the school, and shown beside the original on
the family's page and in its PDF (issue 14): what the pupil finds hard, the views written
into the plan, progress notes, the review's notes, an outcome's review and the pupil's own
words for it, a concern's closing summary, what a meeting is for, and each action agreed at
a meeting (one model, a bank phrase or written). The pupil's goals page shows the same
words in the pupil's language.
"""

import io
import re
from datetime import timedelta
from html import unescape

import sqlalchemy as sa
from markupsafe import escape
from plans_helpers import plan_of
from pypdf import PdfReader
from test_demo_and_migrations import empty_database_url  # noqa: F401  (a fixture)

from portal.extensions import db
from portal.languages.phrases import bank
from portal.models import (
    Concern,
    ConcernStatus,
    Meeting,
    MeetingRecord,
    Outcome,
    Plan,
    PlanStatus,
    ProgressNote,
    Pupil,
    RecordAction,
    SchoolTranslation,
    TranslatedKind,
    TranslationRequest,
    User,
    today,
    utcnow,
)

SENCO = "senco@oakfield.example"
POLISH = "rodzic@oakfield.example"
URDU = "ami@oakfield.example"

ASK_FORM = re.compile(
    r'<form class="school-words__ask[^"]*"[^>]*action="([^"]+)"[^>]*>(.*?)</form>', re.S
)
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _asks(html: str) -> dict[tuple[str, int], tuple[str, dict]]:
    """The page's "Ask for this in my language" forms, by (kind, subject id)."""
    found = {}
    for action, body in ASK_FORM.findall(html):
        fields = {name: unescape(value) for name, value in HIDDEN.findall(body)}
        found[(fields["kind"], int(fields["subject_id"]))] = (unescape(action), fields)
    return found


def _click_ask(client, page: str, kind: str, subject_id: int):
    """Press the button as the family would: the form's own fields, from the page."""
    html = client.get(page).get_data(as_text=True)
    asks = _asks(html)
    assert (kind, subject_id) in asks, (kind, subject_id, sorted(asks))
    action, fields = asks[(kind, subject_id)]
    response = client.submit(action, fields, page=page)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def _translate(app, senco, kind: TranslatedKind, subject_id: int, texts: dict[str, str]):
    """The SENCO opens the request from the inbox and types in the translation."""
    with app.app_context():
        request_id = db.session.scalar(
            sa.select(TranslationRequest.id).where(
                TranslationRequest.kind == kind,
                TranslationRequest.subject_id == subject_id,
                TranslationRequest.done_at.is_(None),
            )
        )
    assert request_id is not None, kind
    url = f"/senco/translation-requests/{request_id}"
    assert url in senco.get("/senco/inbox").get_data(as_text=True)
    form = senco.get(url).get_data(as_text=True)
    for name in texts:
        assert f'id="text_{name}"' in form, (kind, name)
    data = {f"text_{name}": text for name, text in texts.items()}
    data["translator_name"] = "Anna Kowalska"
    response = senco.submit(url, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        assert db.session.get(TranslationRequest, request_id).done_at is not None, kind


def _marked(html: str, text: str, lang: str) -> bool:
    """The text is printed in an element marked with its language."""
    printed = re.escape(str(escape(text)))
    return re.search(rf'lang="{lang}" dir="(ltr|rtl)"[^>]*>{printed}<', html) is not None


# --- The plan: needs, views, progress notes, the review, the pupil's words -----------------


def _zofias_plan_with_everything(app, demo) -> dict:
    """Zofia's draft, shared, reviewed, with a progress note shared with the family."""
    zofia = demo.pupil("Zofia", "Nowak")
    draft = plan_of(app, zofia.id, PlanStatus.DRAFT)
    with app.app_context():
        plan = db.session.get(Plan, draft.id)
        senco = db.session.scalar(sa.select(User).where(User.email == SENCO))
        plan.pupil_views = "I like the picture stories. Talking in class is hard."
        plan.status = PlanStatus.REVIEWED
        plan.shared_at = utcnow() - timedelta(days=40)
        plan.shared_by_id = senco.id
        plan.reviewed_at = utcnow() - timedelta(days=1)
        plan.reviewed_by_id = senco.id
        plan.review_note = "Zofia made a good start. We keep the language group."
        outcome = plan.outcomes[0]
        outcome.result_note = "She retold two stories in short sentences."
        from portal.models import OutcomeResult

        outcome.result = OutcomeResult.PARTLY
        note = ProgressNote(
            outcome_id=outcome.id,
            plan_id=plan.id,
            pupil_id=zofia.id,
            author_id=senco.id,
            noted_on=today() - timedelta(days=3),
            note="Zofia used a five-word sentence in group today.",
            share_with_family=True,
        )
        db.session.add(note)
        db.session.commit()
        need = next(n for n in plan.area_needs if n.summary.strip())
        return {
            "pupil": zofia.id,
            "plan": plan.id,
            "need": (need.id, need.summary),
            "outcome": (outcome.id, outcome.pupil_words, outcome.result_note),
            "note": (note.id, note.note),
            "views": (plan.pupil_views, plan.parent_views),
            "review": plan.review_note,
        }


def test_the_plans_own_words_are_marked_askable_and_shown_translated(app, login, demo):
    z = _zofias_plan_with_everything(app, demo)
    parent = login(POLISH)
    page = f"/families/children/{z['pupil']}/plan"
    html = parent.get(page).get_data(as_text=True)
    # Each of the school's texts is marked as English, with a button to ask for it.
    assert _marked(html, z["need"][1], "en")
    assert _marked(html, z["views"][0], "en") and _marked(html, z["views"][1], "en")
    assert _marked(html, z["note"][1], "en")
    assert _marked(html, z["review"], "en")
    assert _marked(html, z["outcome"][1], "en") and _marked(html, z["outcome"][2], "en")
    asks = _asks(html)
    for key in (
        ("plan_need", z["need"][0]),
        ("plan_views", z["plan"]),
        ("plan_review", z["plan"]),
        ("progress_note", z["note"][0]),
        ("outcome", z["outcome"][0]),
    ):
        assert key in asks, key

    for kind, subject in (
        ("plan_need", z["need"][0]),
        ("plan_views", z["plan"]),
        ("plan_review", z["plan"]),
        ("progress_note", z["note"][0]),
    ):
        _click_ask(parent, page, kind, subject)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(TranslationRequest.id))) == 4
    # Asked for: the page says so instead of offering the button again.
    after = _asks(parent.get(page).get_data(as_text=True))
    assert ("plan_need", z["need"][0]) not in after

    senco = login(SENCO)
    polish = {
        "need": "Zofia rozumie więcej, niż potrafi powiedzieć.",
        "pupil_views": "Lubię historyjki obrazkowe. Mówienie w klasie jest trudne.",
        "parent_views": "Zofia dużo mówi w domu po polsku, ale krótkimi zdaniami.",
        "review": "Zofia dobrze zaczęła. Zostaje w grupie językowej.",
        "note": "Zofia powiedziała dziś w grupie zdanie z pięciu słów.",
    }
    _translate(app, senco, TranslatedKind.PLAN_NEED, z["need"][0], {"summary": polish["need"]})
    _translate(
        app,
        senco,
        TranslatedKind.PLAN_VIEWS,
        z["plan"],
        {"pupil_views": polish["pupil_views"], "parent_views": polish["parent_views"]},
    )
    _translate(app, senco, TranslatedKind.PLAN_REVIEW, z["plan"], {"review_note": polish["review"]})
    _translate(app, senco, TranslatedKind.PROGRESS_NOTE, z["note"][0], {"note": polish["note"]})

    html = parent.get(page).get_data(as_text=True)
    for text in polish.values():
        assert _marked(html, text, "pl"), text
    # Beside the originals, which stay.
    assert _marked(html, z["need"][1], "en") and _marked(html, z["review"], "en")
    assert "Anna Kowalska" in html
    pdf = parent.get(f"/families/children/{z['pupil']}/plans/{z['plan']}/plan.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = _pdf_text(pdf.data)
    for words in polish.values():
        assert " ".join(words.split()) in text, words


def test_the_pupils_goals_page_shows_the_schools_words_in_the_pupils_language(app, login, demo):
    tyler = demo.pupil("Tyler", "Brooks")
    with app.app_context():
        plan = db.session.scalars(
            sa.select(Plan)
            .where(Plan.pupil_id == tyler.id, Plan.shared_at.is_not(None))
            .order_by(Plan.id.desc())
        ).first()
        outcome = next(o for o in plan.outcomes if o.pupil_words)
        phrase = bank().get("semh-lunchtime-club")
        help_row = plan.provisions[0]
        help_row.description, help_row.phrase_key = phrase.text, phrase.key
        db.session.add(
            SchoolTranslation(
                school_id=tyler.school_id,
                pupil_id=tyler.id,
                kind=TranslatedKind.OUTCOME,
                subject_id=outcome.id,
                field="pupil_words",
                language="pl",
                original=outcome.pupil_words,
                text="Sam pojadę autobusem do miasta.",
            )
        )
        db.session.get(Pupil, tyler.id).user.locale = "pl"
        db.session.commit()
        words = outcome.pupil_words
    html = login("tyler@riverside.example").get("/me/goals").get_data(as_text=True)
    assert re.search(r'lang="en" dir="ltr" data-say>' + re.escape(words) + "<", html)
    assert re.search(r'lang="pl" dir="ltr" data-say>Sam pojadę autobusem do miasta\.<', html)
    assert _marked(html, phrase.in_language("pl"), "pl")


# --- A concern's closing summary, a meeting's purpose ---------------------------------------


def test_a_concerns_closing_summary_can_be_asked_for_and_translated(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    with app.app_context():
        concern = db.session.scalars(
            sa.select(Concern).where(
                Concern.pupil_id == zofia.id, Concern.status != ConcernStatus.DRAFT
            )
        ).first()
        concern.status = ConcernStatus.CLOSED
        concern.closed_at = utcnow()
        concern.closing_summary = "We have booked a review and started the language group."
        db.session.commit()
        concern_id, summary = concern.id, concern.closing_summary
    parent = login(POLISH)
    page = f"/families/concerns/{concern_id}"
    html = parent.get(page).get_data(as_text=True)
    assert _marked(html, summary, "en")
    _click_ask(parent, page, "concern", concern_id)
    polish = "Umówiliśmy przegląd i zaczęliśmy grupę językową."
    _translate(app, login(SENCO), TranslatedKind.CONCERN, concern_id, {"closing_summary": polish})
    html = parent.get(page).get_data(as_text=True)
    assert _marked(html, polish, "pl") and _marked(html, summary, "en")

    # Zofia's other parent does not see Katarzyna's concern, so may not ask about it.
    with app.app_context():
        from portal.models import ParentLink

        nadia = db.session.scalar(sa.select(User).where(User.email == URDU))
        db.session.add(ParentLink(user_id=nadia.id, pupil_id=zofia.id))
        db.session.commit()
    other = login(URDU)
    response = other.submit(
        f"/families/children/{zofia.id}/translation-requests",
        {"kind": "concern", "subject_id": str(concern_id), "language": "ur", "next": "/"},
        page="/families/",
    )
    assert response.status_code == 404


def test_what_a_meeting_is_for_can_be_asked_for_and_translated(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    with app.app_context():
        meeting = db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.pupil_id == zofia.id, Meeting.starts_at > utcnow())
            .order_by(Meeting.starts_at)
        ).first()
        meeting.purpose = "To look at Zofia's plan together and agree what comes next."
        db.session.commit()
        meeting_id, purpose = meeting.id, meeting.purpose
    parent = login(POLISH)
    page = f"/families/children/{zofia.id}"
    assert _marked(parent.get(page).get_data(as_text=True), purpose, "en")
    _click_ask(parent, page, "meeting", meeting_id)
    polish = "Aby razem omówić plan Zofii i ustalić, co dalej."
    _translate(app, login(SENCO), TranslatedKind.MEETING, meeting_id, {"purpose": polish})
    html = parent.get(page).get_data(as_text=True)
    assert _marked(html, polish, "pl") and _marked(html, purpose, "en")


# --- Actions agreed at a meeting: one model, from the bank or written ------------------------


def _zofias_record(app, demo) -> MeetingRecord:
    zofia = demo.pupil("Zofia", "Nowak")
    with app.app_context():
        return db.session.scalars(
            sa.select(MeetingRecord)
            .where(MeetingRecord.pupil_id == zofia.id, MeetingRecord.shared_at.is_not(None))
            .order_by(MeetingRecord.id.desc())
        ).first()


def test_the_demo_record_has_bank_actions_and_a_typed_translation_in_polish(app, login, demo):
    """Katarzyna Nowak reads Zofia's shared record: the bank's actions in Polish (the English
    beside them), the written ones marked as English, the interpreter's Polish of the record
    and of the action she is to do; and the same in the PDF."""
    zofia = demo.pupil("Zofia", "Nowak")
    record = _zofias_record(app, demo)
    url = f"/families/children/{zofia.id}/meetings/{record.meeting_id}/record"
    html = login(POLISH).get(url).get_data(as_text=True)
    for key in ("act-share-strategies", "act-book-review"):
        assert _marked(html, bank().get(key).in_language("pl"), "pl"), key
        assert _marked(html, bank().get(key).text, "en"), key
    assert _marked(html, "Draft a plan and share it with the family", "en")
    polish_action = "Proszę powiedzieć szkole, co pomaga, gdy Zofia opowiada historie po polsku"
    assert _marked(html, polish_action, "pl")
    assert _marked(html, "Szkoła zapewni wsparcie SEN i napisze plan razem z panią Nowak.", "pl")
    pdf = _pdf_text(login(POLISH).get(url + ".pdf").data)
    assert " ".join(bank().get("act-book-review").in_language("pl").split()) in pdf
    assert polish_action in pdf


def test_a_written_action_can_be_asked_for_and_translated(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    record = _zofias_record(app, demo)
    with app.app_context():
        action = db.session.scalars(
            sa.select(RecordAction).where(
                RecordAction.record_id == record.id,
                RecordAction.what == "Draft a plan and share it with the family",
            )
        ).one()
        action_id, who = action.id, action.who
        bank_ids = db.session.scalars(
            sa.select(RecordAction.id).where(
                RecordAction.record_id == record.id, RecordAction.phrase_key.is_not(None)
            )
        ).all()
    parent = login(POLISH)
    page = f"/families/children/{zofia.id}/meetings/{record.meeting_id}/record"
    asks = _asks(parent.get(page).get_data(as_text=True))
    # A bank phrase is in Polish already: nothing to ask for.
    assert not any(("meeting_action", i) in asks for i in bank_ids)
    _click_ask(parent, page, "meeting_action", action_id)
    polish = "Przygotować plan i udostępnić go rodzinie"
    _translate(
        app,
        login(SENCO),
        TranslatedKind.MEETING_ACTION,
        action_id,
        {"what": polish},
    )
    html = parent.get(page).get_data(as_text=True)
    assert _marked(html, polish, "pl") and _marked(html, who, "en")
    # Translated: nothing left to ask for (who does it is a name, shown as written).
    assert ("meeting_action", action_id) not in _asks(html)
    pdf = _pdf_text(parent.get(page + ".pdf").data)
    assert polish in pdf


def meeting_with_no_record(app, pupil) -> int:
    """A meeting of the pupil's with no record written yet, for the record editor."""
    with app.app_context():
        return db.session.scalar(
            sa.select(Meeting.id)
            .outerjoin(MeetingRecord, MeetingRecord.meeting_id == Meeting.id)
            .where(Meeting.pupil_id == pupil.id, MeetingRecord.id.is_(None))
            .limit(1)
        )


def test_the_record_editor_keeps_a_bank_action_and_a_written_one_in_one_list(app, login, demo):
    """A bank row needs no who or date; a written row needs all three; the phrase must be the
    bank's. What was typed is kept when the form is refused."""
    zofia = demo.pupil("Zofia", "Nowak")
    meeting_id = meeting_with_no_record(app, zofia)
    senco = login(SENCO)
    url = f"/senco/meetings/{meeting_id}/record"
    base = {
        "attended": "Katarzyna Nowak",
        "discussed": "The language group.",
        "agreed": "Keep going.",
        "support": "The language group.",
    }
    refused = senco.submit(
        url,
        {
            **base,
            "action_0_phrase": "not-a-phrase",
            "action_1_what": "Send the story pictures home",
        },
    )
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert 'href="#action_0_phrase"' in text and "choose a phrase from the list" in text
    assert "Action 2: say who will do it" in text
    assert 'value="Send the story pictures home"' in text
    saved = senco.submit(
        url,
        {
            **base,
            "action_0_phrase": "act-weekly-note",
            "action_1_what": "Send the story pictures home",
            "action_1_who": "Mrs Khan",
            "action_1_due": (today() + timedelta(days=7)).isoformat(),
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        rows = db.session.execute(
            sa.select(RecordAction.phrase_key, RecordAction.what, RecordAction.due_on)
            .join(MeetingRecord)
            .where(MeetingRecord.meeting_id == meeting_id)
            .order_by(RecordAction.position)
        ).all()
    assert rows[0] == ("act-weekly-note", bank().get("act-weekly-note").text, None)
    assert rows[1].phrase_key is None and rows[1].what == "Send the story pictures home"


def test_a_record_with_only_bank_actions_can_be_shared(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    meeting_id = meeting_with_no_record(app, zofia)
    senco = login(SENCO)
    url = f"/senco/meetings/{meeting_id}/record"
    senco.submit(
        url,
        {
            "attended": "Katarzyna Nowak",
            "discussed": "The language group.",
            "agreed": "Keep going.",
            "support": "The language group.",
            "action_0_phrase": "act-family-reading",
        },
    )
    with app.app_context():
        version = db.session.scalar(
            sa.select(MeetingRecord.version).where(MeetingRecord.meeting_id == meeting_id)
        )
    shared = senco.submit(f"{url}/share", {"version": str(version)}, page=url)
    assert shared.status_code == 302
    with app.app_context():
        assert db.session.scalar(
            sa.select(MeetingRecord.shared_at).where(MeetingRecord.meeting_id == meeting_id)
        )


# --- Nadia Rahman's plan in Urdu (the demo) ---------------------------------------------------


def test_nadias_shared_plan_shows_bank_phrases_in_urdu(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    with app.app_context():
        plan = db.session.scalars(
            sa.select(Plan)
            .where(Plan.pupil_id == yusuf.id, Plan.shared_at.is_not(None))
            .order_by(Plan.shared_at.desc())
        ).first()
        keys = [o.phrase_key for o in plan.outcomes] + [p.phrase_key for p in plan.provisions]
    keys = [k for k in keys if k]
    assert keys, "Yusuf's shared plan has no phrase from the bank"
    html = login(URDU).get(f"/families/children/{yusuf.id}/plan").get_data(as_text=True)
    for key in keys:
        assert _marked(html, bank().get(key).in_language("ur"), "ur"), key


def test_asking_for_something_not_shared_is_404(app, login, demo):
    """A draft plan's need, or a note not shared with the family, cannot be asked for."""
    zofia = demo.pupil("Zofia", "Nowak")
    draft = plan_of(app, zofia.id, PlanStatus.DRAFT)
    with app.app_context():
        need_id = db.session.scalars(
            sa.select(Outcome.id).where(Outcome.plan_id == draft.id)
        ).first()
        note = ProgressNote(
            outcome_id=need_id,
            plan_id=draft.id,
            pupil_id=zofia.id,
            noted_on=today(),
            note="Not for the family.",
        )
        db.session.add(note)
        db.session.commit()
        note_id = note.id
    parent = login(POLISH)
    for kind, subject in (("plan_views", draft.id), ("progress_note", note_id)):
        response = parent.submit(
            f"/families/children/{zofia.id}/translation-requests",
            {"kind": kind, "subject_id": str(subject), "language": "pl", "next": "/families/"},
            page="/families/",
        )
        assert response.status_code == 404, kind


# --- The migration that made the two kinds of action one ------------------------------------


def _filler(column, ids: dict):
    """A value for a required column of a row made only to hang others on."""
    import datetime as dt

    for fk in column.foreign_keys:
        return ids[fk.column.table.name]
    kind = column.type
    if isinstance(kind, sa.Enum):
        return kind.enums[0]
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, sa.DateTime):
        return dt.datetime(2026, 1, 5, 9)
    if isinstance(kind, sa.Date):
        return dt.date(2026, 1, 5)
    if isinstance(kind, sa.JSON):
        return {}
    return "x"


def _insert(connection, metadata, table: str, ids: dict, **values) -> int:
    t = metadata.tables[table]
    row = {
        c.name: _filler(c, ids)
        for c in t.columns
        if not c.nullable and not c.primary_key and c.server_default is None
    }
    row.update(values)
    new_id = connection.execute(t.insert().values(**row)).inserted_primary_key[0]
    ids.setdefault(table, new_id)
    return new_id


def test_the_migration_moves_bank_actions_and_their_translations(empty_database_url):  # noqa: F811
    """0012_lang3: the phrase bank's actions join the record's own, first, as they were
    shown; a translation and a request about one follow it to its new id; and back."""
    from flask_migrate import downgrade, upgrade

    from portal import create_app, kept
    from portal.config import for_tests

    app = create_app(for_tests(empty_database_url))
    with app.app_context():
        upgrade(revision="0010_cycle")
        metadata = sa.MetaData()
        metadata.reflect(db.engine)
        ids: dict = {}
        with db.engine.begin() as connection:
            kept.pause(connection)  # the data's version has no table before 0013_kept
            for table in ("school", "user_account", "pupil", "meeting", "meeting_record"):
                _insert(connection, metadata, table, ids)
            written = _insert(
                connection, metadata, "record_action", ids, position=0, what="Written", who="Tom"
            )
            bank_ids = [
                _insert(
                    connection,
                    metadata,
                    "meeting_record_action",
                    ids,
                    position=n,
                    phrase_key=key,
                    text=bank().get(key).text,
                )
                for n, key in enumerate(("act-interpreter", "act-weekly-note"))
            ]
            _insert(
                connection,
                metadata,
                "school_translation",
                ids,
                kind="meeting_action",
                subject_id=bank_ids[1],
                field="text",
                language="pl",
                original=bank().get("act-weekly-note").text,
                text="Po polsku",
            )
            _insert(
                connection,
                metadata,
                "translation_request",
                ids,
                kind="meeting_action",
                subject_id=bank_ids[1],
                language="pl",
            )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT id, position, phrase_key, what, who, due_on FROM record_action "
                    "ORDER BY position"
                )
            ).all()
            moved = connection.execute(
                sa.text("SELECT subject_id, field FROM school_translation")
            ).one()
            asked = connection.execute(sa.text("SELECT subject_id FROM translation_request")).one()
            tables = sa.inspect(connection).get_table_names()
        assert [(r.position, r.phrase_key) for r in rows] == [
            (0, "act-interpreter"),
            (1, "act-weekly-note"),
            (2, None),
        ]
        assert rows[2].id == written and rows[2].who == "Tom"
        assert rows[0].who == "" and rows[0].due_on is None
        assert tuple(moved) == (rows[1].id, "what") and asked.subject_id == rows[1].id
        assert "meeting_record_action" not in tables

        downgrade(revision="0010_cycle")
        with db.engine.connect() as connection:
            back = (
                connection.execute(
                    sa.text("SELECT phrase_key FROM meeting_record_action ORDER BY position")
                )
                .scalars()
                .all()
            )
            left = connection.execute(sa.text("SELECT what FROM record_action")).scalars().all()
            field = connection.execute(sa.text("SELECT field FROM school_translation")).scalar()
        assert back == ["act-interpreter", "act-weekly-note"] and left == ["Written"]
        assert field == "text"
        db.session.remove()
        db.engine.dispose()
