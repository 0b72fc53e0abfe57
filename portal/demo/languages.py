"""Demo: the school's words in the family's language.

Nadia Rahman's (Urdu) plan for Yusuf uses outcomes and help from the bank, so she reads
them in Urdu; the help in Zofia's draft plan is the bank's (running already, so Katarzyna
Nowak reads it in Polish on Zofia's page, and in the plan once Priya shares it); Zofia's
last meeting record, shared with Katarzyna, has two actions from the bank (in Polish
beside the written ones) and a Polish translation, typed in from an interpreter, of the
record and of the action Katarzyna is to do. (Families' requests are left out: one in
Priya Shah's inbox would change what every inbox test expects.)
"""

import sqlalchemy as sa

from portal.demo.context import Demo
from portal.extensions import db
from portal.languages.phrases import PhraseKind, bank, find_by_text
from portal.models import (
    MeetingRecord,
    Plan,
    PlanStatus,
    Provision,
    RecordAction,
    SchoolTranslation,
    TranslatedKind,
)

ZOFIA_RECORD_IN_POLISH = {
    "discussed": (
        "Pani Nowak i szkoła rozmawiały o mowie Zofii. Zofia dużo rozumie, ale mówi krótkimi "
        "zdaniami po angielsku i po polsku. Zaproponowano tłumacza; pani Nowak wolała "
        "rozmawiać po angielsku, z pomocą siostry."
    ),
    "agreed": "Szkoła zapewni wsparcie SEN i napisze plan razem z panią Nowak.",
    "support": "Zajęcia językowe w małej grupie trzy razy w tygodniu, zanim plan będzie gotowy.",
}
# The bank's actions agreed at Zofia's first meeting, after the written ones.
ZOFIA_BANK_ACTIONS = ("act-share-strategies", "act-book-review")
# The written action Katarzyna Nowak is to do, and its Polish.
ZOFIA_ACTION_IN_POLISH = (
    "Tell the school what works when Zofia tells stories in Polish",
    "Proszę powiedzieć szkole, co pomaga, gdy Zofia opowiada historie po polsku",
)


def seed(demo: Demo) -> None:
    priya = demo.user("senco@oakfield.example")
    yusuf = demo.pupil("Yusuf", "Rahman")
    zofia = demo.pupil("Zofia", "Nowak")

    for plan in db.session.scalars(sa.select(Plan).where(Plan.pupil_id == yusuf.id)):
        rows = [(o, PhraseKind.OUTCOME) for o in plan.outcomes]
        rows += [(p, PhraseKind.PROVISION) for p in plan.provisions]
        for row, kind in rows:
            phrase = find_by_text(row.description, kind)
            if row.phrase_key is None and phrase is not None:
                row.phrase_key = phrase.key

    _zofia_from_the_bank(zofia)

    record = _last_record(zofia.id)
    if record is None:
        return
    _bank_actions(record)
    # Rows made as the service makes them, but without an audit event: the demo's audit
    # log starts empty of pupils' records, as a new school's does.
    if not _translated(record):
        for field, text in ZOFIA_RECORD_IN_POLISH.items():
            db.session.add(
                _in_polish(zofia, priya, TranslatedKind.MEETING_RECORD, record, field, text)
            )
    english, polish = ZOFIA_ACTION_IN_POLISH
    action = next((a for a in record.action_items if a.what == english), None)
    if action is not None and not _translated(action, TranslatedKind.MEETING_ACTION):
        db.session.add(
            _in_polish(zofia, priya, TranslatedKind.MEETING_ACTION, action, "what", polish)
        )


def _in_polish(pupil, senco, kind, subject, field: str, text: str) -> SchoolTranslation:
    return SchoolTranslation(
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        kind=kind,
        subject_id=subject.id,
        field=field,
        language="pl",
        original=getattr(subject, field),
        text=text,
        translator_name="Anna Kowalska, interpreter",
        created_by_id=senco.id,
        updated_by_id=senco.id,
    )


def _bank_actions(record: MeetingRecord) -> None:
    """The record's actions from the bank, after its written ones (once)."""
    if any(a.phrase_key for a in record.action_items):
        return
    start = len(record.action_items)
    for offset, key in enumerate(ZOFIA_BANK_ACTIONS):
        record.action_items.append(
            RecordAction(position=start + offset, phrase_key=key, what=bank().get(key).text)
        )
    db.session.flush()


def _zofia_from_the_bank(zofia) -> None:
    """Zofia's draft plan's help is the bank's small-group language sessions, so Katarzyna
    Nowak reads it in Polish once Priya shares it."""
    phrase = bank().get("comm-language-group")
    plan = db.session.scalar(
        sa.select(Plan)
        .where(Plan.pupil_id == zofia.id, Plan.status == PlanStatus.DRAFT)
        .order_by(Plan.id.desc())
        .limit(1)
    )
    if plan is None:
        return
    # A plain UPDATE: the row stays at version 1, as if Priya had picked the phrase.
    db.session.flush()
    table = Provision.__table__
    db.session.execute(
        table.update()
        .where(
            table.c.plan_id == plan.id,
            table.c.description == "Language group with picture stories",
        )
        .values(description=phrase.text, phrase_key=phrase.key)
    )
    db.session.expire_all()


def _last_record(pupil_id: int) -> MeetingRecord | None:
    return db.session.scalar(
        sa.select(MeetingRecord)
        .where(MeetingRecord.pupil_id == pupil_id, MeetingRecord.shared_at.is_not(None))
        .order_by(MeetingRecord.id.desc())
        .limit(1)
    )


def _translated(subject, kind: TranslatedKind = TranslatedKind.MEETING_RECORD) -> bool:
    return (
        db.session.scalar(
            sa.select(SchoolTranslation.id).where(
                SchoolTranslation.kind == kind,
                SchoolTranslation.subject_id == subject.id,
            )
        )
        is not None
    )
