"""The school's own words in the family's language: a family asks, the SENCO's inbox has
it, the SENCO types in an interpreter's translation, and an old translation is never shown
beside words that have changed since."""

import re

import sqlalchemy as sa

from portal.extensions import db
from portal.languages import services
from portal.models import (
    AuditEvent,
    Outcome,
    Plan,
    PlanStatus,
    SchoolTranslation,
    TranslatedKind,
    TranslationRequest,
)
from tests.querycount import count_queries


def _outcome_of(app, pupil_id: int, status=PlanStatus.SHARED) -> Outcome:
    with app.app_context():
        plan = db.session.scalars(
            sa.select(Plan)
            .where(Plan.pupil_id == pupil_id, Plan.status == status)
            .order_by(Plan.id.desc())
        ).first()
        outcome = plan.outcomes[0]
        db.session.expunge_all()
        return outcome


def _ask(client, pupil_id, outcome_id, **extra):
    url = f"/families/children/{pupil_id}/translation-requests"
    data = {"kind": "outcome", "subject_id": str(outcome_id), "next": "/families/", **extra}
    return client.submit(url, data, page="/families/")


def test_a_family_asks_for_an_outcome_in_their_language_and_the_senco_sees_it(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    outcome = _outcome_of(app, yusuf.id)
    nadia = login("ami@oakfield.example")  # reads the portal in Urdu
    response = _ask(nadia, yusuf.id, outcome.id)
    assert response.status_code == 302 and response.headers["Location"] == "/families/"
    assert _ask(nadia, yusuf.id, outcome.id).status_code == 302  # asking twice: one request
    with app.app_context():
        asked = db.session.scalars(
            sa.select(TranslationRequest).where(TranslationRequest.kind == TranslatedKind.OUTCOME)
        ).one()
        assert (asked.language, asked.kind, asked.subject_id) == (
            "ur",
            TranslatedKind.OUTCOME,
            outcome.id,
        )
        assert db.session.scalar(
            sa.select(AuditEvent.id).where(AuditEvent.action == "translation.ask")
        )
    inbox = login("senco@oakfield.example").get("/senco/inbox").text
    assert "Yusuf Rahman&#39;s family asked for a translation into Urdu" in inbox
    assert "An outcome in the plan · from Nadia Rahman" in inbox
    assert f'href="/senco/translation-requests/{asked.id}"' in inbox
    only = login("senco@oakfield.example").get("/senco/inbox?kind=translation_request").text
    assert "asked for a translation" in only and "Concern about" not in only


def test_only_the_childs_own_shared_words_can_be_asked_for(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    zofia = demo.pupil("Zofia", "Nowak")
    nadia = login("ami@oakfield.example")
    outcome = _outcome_of(app, yusuf.id)
    draft = _outcome_of(app, zofia.id, PlanStatus.DRAFT)
    katarzyna = login("rodzic@oakfield.example")
    assert _ask(katarzyna, yusuf.id, outcome.id).status_code == 404  # not her child
    assert _ask(katarzyna, zofia.id, outcome.id).status_code == 404  # not her child's outcome
    assert _ask(katarzyna, zofia.id, draft.id).status_code == 404  # a draft the family can't see
    assert _ask(nadia, yusuf.id, outcome.id, kind="sen_report").status_code == 404
    assert _ask(nadia, yusuf.id, outcome.id, kind="nonsense").status_code == 400
    assert _ask(nadia, yusuf.id, outcome.id, language="en").status_code == 302  # page: Urdu
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(TranslationRequest.language).where(
                    TranslationRequest.kind == TranslatedKind.OUTCOME
                )
            )
            == "ur"
        )


def test_the_senco_types_in_a_translation_and_the_request_is_done(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    outcome = _outcome_of(app, yusuf.id)
    _ask(login("ami@oakfield.example"), yusuf.id, outcome.id)
    with app.app_context():
        request_id = db.session.scalar(
            sa.select(TranslationRequest.id).where(
                TranslationRequest.kind == TranslatedKind.OUTCOME
            )
        )
    senco = login("senco@oakfield.example")
    url = f"/senco/translation-requests/{request_id}"
    page = senco.get(url).text
    assert outcome.description in page
    box = re.search(r'<textarea[^>]*id="text_description"[^>]*>', page).group(0)
    assert 'lang="ur"' in box and 'dir="rtl"' in box  # the box types right to left
    with app.app_context():
        assert db.session.get(TranslationRequest, request_id).read_at is not None

    empty = senco.submit(url, {})
    assert empty.status_code == 400 and 'class="error-summary"' in empty.text
    assert "Type the translation of at least one part" in empty.text

    urdu = "ہفتے میں کم از کم 3 دن دوپہر کے وقفے میں ہم جماعتوں کے ساتھ کھیلنا"
    done = senco.submit(url, {"text_description": urdu, "translator_name": "Mrs Begum"})
    assert done.status_code == 302
    with app.app_context():
        row = db.session.scalars(
            sa.select(SchoolTranslation).where(SchoolTranslation.kind == TranslatedKind.OUTCOME)
        ).one()
        assert (row.text, row.language, row.translator_name) == (urdu, "ur", "Mrs Begum")
        assert row.original == outcome.description and row.pupil_id == yusuf.id
        asked = db.session.get(TranslationRequest, request_id)
        # The outcome's "how we will know" is not translated yet: still open.
        assert asked.done_at is None
    senco.submit(
        url, {"text_description": urdu, "text_measure": "لنچ ٹائم سپروائزر کا ہفتہ وار ریکارڈ"}
    )
    with app.app_context():
        # Yusuf's own words for his goal (his goals page) are not translated yet either.
        assert db.session.get(TranslationRequest, request_id).done_at is None
    senco.submit(url, {"text_pupil_words": "میں دوپہر کے کھانے پر دوستوں کے ساتھ کھیلوں گا۔"})
    with app.app_context():
        assert db.session.get(TranslationRequest, request_id).done_at is not None
        assert (
            db.session.scalar(
                sa.select(sa.func.count(SchoolTranslation.id)).where(
                    SchoolTranslation.kind == TranslatedKind.OUTCOME
                )
            )
            == 3
        )
    open_inbox = senco.get("/senco/inbox").text
    assert "An outcome in the plan · from Nadia Rahman" not in open_inbox
    assert "An outcome in the plan · from Nadia Rahman" in senco.get("/senco/inbox?show=all").text


def test_a_translation_of_words_changed_since_is_not_shown(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    outcome = _outcome_of(app, yusuf.id)
    with app.app_context():
        from portal.models import User

        priya = db.session.scalar(sa.select(User).where(User.email == "senco@oakfield.example"))
        row = db.session.get(Outcome, outcome.id)
        services.save_translations(
            TranslatedKind.OUTCOME, row, "pl", {"description": "Bawić się z kolegami"}, by=priya
        )
        found = services.translations_for([(TranslatedKind.OUTCOME, row.id)], "pl")
        assert services.current_translation(found, TranslatedKind.OUTCOME, row, "description")
        row.description = row.description + " and at break time"
        db.session.commit()
        assert (
            services.current_translation(found, TranslatedKind.OUTCOME, row, "description") is None
        )


def test_another_schools_senco_cannot_open_the_request(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    outcome = _outcome_of(app, yusuf.id)
    _ask(login("ami@oakfield.example"), yusuf.id, outcome.id)
    with app.app_context():
        request_id = db.session.scalar(
            sa.select(TranslationRequest.id).where(
                TranslationRequest.kind == TranslatedKind.OUTCOME
            )
        )
    other = login("senco@riverside.example")
    assert other.get(f"/senco/translation-requests/{request_id}").status_code == 404
    assert (
        login("teacher@oakfield.example")
        .get(f"/senco/translation-requests/{request_id}")
        .status_code
        == 404
    )


def test_translations_for_a_page_load_in_one_query_whatever_their_number(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    with app.app_context():
        from portal.models import User

        priya = db.session.scalar(sa.select(User).where(User.email == "senco@oakfield.example"))
        plans = db.session.scalars(sa.select(Plan).where(Plan.pupil_id == yusuf.id)).all()
        rows = [o for p in plans for o in p.outcomes] + [h for p in plans for h in p.provisions]
        for row in rows:
            kind = TranslatedKind.OUTCOME if isinstance(row, Outcome) else TranslatedKind.PROVISION
            services.save_translations(kind, row, "ur", {"description": "ترجمہ"}, by=priya)
        subjects = [
            (TranslatedKind.OUTCOME if isinstance(r, Outcome) else TranslatedKind.PROVISION, r.id)
            for r in rows
        ]
        with count_queries(db.engine) as statements:
            found = services.translations_for(subjects, "ur")
        assert len(found) == len(rows) and len(statements) == 1


def test_the_inbox_source_runs_a_fixed_number_of_queries(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    amelia = demo.pupil("Amelia", "Clarke")

    def inbox_queries():
        senco = login("senco@oakfield.example")
        with app.app_context(), count_queries(db.engine) as statements:
            assert senco.get("/senco/inbox?kind=translation_request").status_code == 200
        return len(statements)

    _ask(login("ami@oakfield.example"), yusuf.id, _outcome_of(app, yusuf.id).id)
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count(TranslationRequest.id)))
    one = inbox_queries()
    sarah = login("parent@oakfield.example")
    with app.app_context():
        plan = db.session.scalars(
            sa.select(Plan).where(Plan.pupil_id == amelia.id, Plan.status == PlanStatus.SHARED)
        ).first()
        ids = [o.id for o in plan.outcomes] + [p.id for p in plan.provisions]
        kinds = ["outcome"] * len(plan.outcomes) + ["provision"] * len(plan.provisions)
    for kind, subject_id in zip(kinds, ids, strict=True):
        _ask(sarah, amelia.id, subject_id, kind=kind, language="pl")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(TranslationRequest.id))) == before + len(
            ids
        )
    assert inbox_queries() == one
    assert re.search(r"Amelia Clarke", login("senco@oakfield.example").get("/senco/inbox").text)


def test_the_demo_has_a_typed_polish_translation_and_bank_phrases(app, login, demo):
    from portal.demo import seed
    from portal.models import MeetingRecord

    with app.app_context():
        seed()  # a second time: nothing doubles
        db.session.remove()
    zofia = demo.pupil("Zofia", "Nowak")
    with app.app_context():
        record = db.session.scalar(
            sa.select(MeetingRecord).where(MeetingRecord.pupil_id == zofia.id)
        )
        polish = db.session.scalars(
            sa.select(SchoolTranslation).where(SchoolTranslation.subject_id == record.id)
        ).all()
        assert {t.field for t in polish} == {"discussed", "agreed", "support"}
        assert all(t.language == "pl" and t.matches(getattr(record, t.field)) for t in polish)
        assert db.session.scalar(sa.select(sa.func.count(TranslationRequest.id))) == 0
        yusuf_rows = db.session.scalars(
            sa.select(Outcome.phrase_key).where(Outcome.phrase_key.is_not(None))
        ).all()
        from portal.models import Provision

        keys = set(db.session.scalars(sa.select(Provision.phrase_key)).all())
        assert {"semh-check-in", "semh-lunchtime-club", "comm-language-group"} <= keys
        assert yusuf_rows == []  # Yusuf's outcomes are the school's own words
