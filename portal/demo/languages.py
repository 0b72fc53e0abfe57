"""Demo: the school's words in the family's language.

Nadia Rahman's (Urdu) plan for Yusuf uses help from the bank, so it can be shown in her
language; the help in Zofia's draft plan is the bank's, for Katarzyna Nowak in Polish; and
Zofia's last meeting record has a Polish translation typed in from an interpreter.
(Families' requests are left out: one in Priya Shah's inbox would change what every inbox
test expects.)
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
    if record is not None and not _translated(record):
        # Rows made as the service makes them, but without an audit event: the demo's
        # audit log starts empty of pupils' records, as a new school's does.
        for field, text in ZOFIA_RECORD_IN_POLISH.items():
            db.session.add(
                SchoolTranslation(
                    school_id=zofia.school_id,
                    pupil_id=zofia.id,
                    kind=TranslatedKind.MEETING_RECORD,
                    subject_id=record.id,
                    field=field,
                    language="pl",
                    original=getattr(record, field),
                    text=text,
                    translator_name="Anna Kowalska, interpreter",
                    created_by_id=priya.id,
                    updated_by_id=priya.id,
                )
            )


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


def _translated(record: MeetingRecord) -> bool:
    return (
        db.session.scalar(
            sa.select(SchoolTranslation.id).where(
                SchoolTranslation.kind == TranslatedKind.MEETING_RECORD,
                SchoolTranslation.subject_id == record.id,
            )
        )
        is not None
    )
