"""Bringing the school's roll in from the MIS: preview first, then one transaction.

Pupils are matched by UPN, so importing the same file twice changes nothing. Nobody is
deleted: pupils missing from a full roll are listed as possible leavers for the SENCO to
confirm. The file is streamed: a first pass finds UPNs given twice, a second checks and
compares each pupil (and, when confirming, writes it).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    AuditEvent,
    ChangeSource,
    Contact,
    ImportKind,
    LeaverReason,
    ParentLink,
    PossibleLeaver,
    Pupil,
    PupilDetails,
    School,
    SenChange,
    SenField,
    User,
    today,
    utcnow,
)
from portal.records import csv_import, ctf_import, files, sen_history
from portal.records.codes import dfe_language, needs_value
from portal.records.incoming import PupilIn, check, refuse_duplicate

SHOWN = 200  # pupils listed by name in each part of a preview; the counts cover them all
BATCH = 200


@dataclass
class Source:
    """An import file, opened and checked, ready to be read as many times as needed."""

    kind: ImportKind
    opener: files.Opener
    csv: csv_import.CsvFile | None = None
    mapping: dict = field(default_factory=dict)
    header: ctf_import.CtfHeader | None = None

    def upns(self) -> Iterator[tuple[str, str]]:
        if self.kind is ImportKind.CSV:
            return csv_import.upns(self.csv, self.mapping)
        return ctf_import.upns(self.opener)

    def incoming(self) -> Iterator[PupilIn]:
        if self.kind is ImportKind.CSV:
            return csv_import.pupils(self.csv, self.mapping)
        return ctf_import.pupils(self.opener)


def open_source(kind: ImportKind, opener: files.Opener, remembered: dict | None = None) -> Source:
    """Open a CSV or CTF; raises files.FileProblem with a reason the SENCO understands."""
    if kind is ImportKind.CSV:
        csv_file = csv_import.open_csv(opener)
        return Source(
            kind,
            opener,
            csv=csv_file,
            mapping=csv_import.guess_mapping(csv_file.headings, remembered),
        )
    return Source(kind, opener, header=ctf_import.open_ctf(opener))


@dataclass
class Change:
    label: str
    what: list[str]
    pupil_id: int | None = None


@dataclass
class Preview:
    full: bool
    rows: int = 0
    new: list[str] = field(default_factory=list)
    new_count: int = 0
    changed: list[Change] = field(default_factory=list)
    changed_count: int = 0
    unchanged: int = 0
    refused: list[tuple[str, str, list[str]]] = field(default_factory=list)  # where, label, why
    notes: list[tuple[str, str, list[str]]] = field(default_factory=list)
    leavers: list[Pupil] = field(default_factory=list)

    @property
    def importable(self) -> int:
        return self.new_count + self.changed_count

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "new": self.new_count,
            "changed": self.changed_count,
            "unchanged": self.unchanged,
            "refused": len(self.refused),
            "leavers": len(self.leavers),
        }


def other_school(source: Source, settings) -> str | None:
    """The DfE number of the school a CTF was made for, if that is not this school."""
    if source.header is None or source.header.destination is None:
        return None
    ours = settings.dfe_number if settings is not None else None
    if ours and source.header.destination.replace(" ", "") == ours:
        return None
    return source.header.destination


def preview(school: School, source: Source, *, full: bool) -> Preview:
    """What confirming would do, without writing anything."""
    return _walk(school, source, full=full, by=None, write=False)


def confirm(school: School, source: Source, *, full: bool, by: User | None) -> Preview:
    """Write every pupil the preview accepts, in one transaction. The caller commits."""
    return _walk(school, source, full=full, by=by, write=True)


class _Existing:
    """The school's pupils, loaded once, with what a comparison and a write need."""

    def __init__(self, school: School, write: bool):
        options = [selectinload(Pupil.needs), selectinload(Pupil.sen_history)]
        # populate_existing: the session keeps objects across commits (extensions.py), and a
        # second import in the same session must see the history the first one wrote.
        pupils = db.session.scalars(
            sa.select(Pupil)
            .where(Pupil.school_id == school.id)
            .options(*options)
            .execution_options(populate_existing=True)
        ).all()
        self.by_upn = {p.upn: p for p in pupils if p.upn}
        self.current = [p for p in pupils if p.left_at is None]
        ids = [p.id for p in pupils]
        self.details = (
            {
                d.pupil_id: d
                for d in db.session.scalars(
                    sa.select(PupilDetails).where(PupilDetails.pupil_id.in_(ids))
                )
            }
            if ids
            else {}
        )
        self.contacts: dict[int, list[Contact]] = {}
        if ids:
            for contact in db.session.scalars(
                sa.select(Contact).where(Contact.pupil_id.in_(ids)).order_by(Contact.contact_order)
            ):
                self.contacts.setdefault(contact.pupil_id, []).append(contact)
        self.accounts: dict[tuple[int, str], int] = {}
        if write and ids:
            rows = db.session.execute(
                sa.select(ParentLink.pupil_id, User.email, User.id)
                .join(User, User.id == ParentLink.user_id)
                .where(ParentLink.pupil_id.in_(ids))
            )
            self.accounts = {(pid, email.lower()): uid for pid, email, uid in rows}


def _walk(school: School, source: Source, *, full: bool, by: User | None, write: bool) -> Preview:
    places: dict[str, list[str]] = {}
    for where, upn in source.upns():
        if upn:
            places.setdefault(upn, []).append(where)
    existing = _Existing(school, write)
    result = Preview(full=full)
    writer = _Writer(school, existing, source.kind, by) if write else None
    for pupil in source.incoming():
        result.rows += 1
        check(pupil)
        refuse_duplicate(pupil, places)
        match = existing.by_upn.get(pupil.upn)
        if match is not None and match.left_at is not None and not pupil.refusals:
            pupil.refusals.append(
                _(
                    "This pupil left on %(date)s and their record is read-only. If they are "
                    "back, undo their leaving on the Leavers page first.",
                    date=match.left_at.strftime("%d/%m/%Y"),
                )
            )
        if pupil.refusals:
            result.refused.append((pupil.where, pupil.label, pupil.refusals))
            continue
        if pupil.notes:
            result.notes.append((pupil.where, pupil.label, pupil.notes))
        if match is None:
            result.new_count += 1
            if len(result.new) < SHOWN:
                result.new.append(pupil.label)
            if writer:
                writer.create(pupil)
            continue
        what = differences(match, pupil, existing)
        if not what:
            result.unchanged += 1
            continue
        result.changed_count += 1
        if len(result.changed) < SHOWN:
            result.changed.append(Change(pupil.label, what, match.id))
        if writer:
            writer.update(match, pupil)
    if full:
        result.leavers = [p for p in existing.current if not p.upn or p.upn not in places]
        result.leavers.sort(key=lambda p: (p.year_group, p.family_name, p.given_name))
    if writer:
        writer.finish(result)
    return result


def differences(pupil: Pupil, incoming: PupilIn, existing: _Existing) -> list[str]:
    """What would change, in words, field by field."""
    what = []
    details = existing.details.get(pupil.id)

    def differs(label, old, new):
        if new is not None and old != new:
            what.append(_("%(field)s: %(old)s → %(new)s", field=label, old=old or "–", new=new))

    differs(_("Legal forename"), pupil.given_name, incoming.given_name)
    differs(_("Legal surname"), pupil.family_name, incoming.family_name)
    differs(_("Preferred forename"), pupil.preferred_name, incoming.preferred_given_name)
    differs(
        _("Preferred surname"),
        details.preferred_family_name if details else None,
        incoming.preferred_family_name,
    )
    if incoming.dob != pupil.date_of_birth:
        differs(_("Date of birth"), pupil.date_of_birth.isoformat(), incoming.dob.isoformat())
    differs(_("Year group"), str(pupil.year_group), str(incoming.year_group))
    differs(_("Sex"), details.sex if details else None, incoming.sex)
    differs(_("SEN provision"), pupil.sen_status.value, incoming.provision.value)
    differs(
        _("Needs"),
        needs_value(n.code for n in pupil.needs) or "–",
        needs_value(incoming.needs) or "–",
    )
    if incoming.language_code or incoming.home_language:
        differs(
            _("Home language"),
            (details.language_code if details else None) or dfe_language(pupil.home_language),
            incoming.language_code or dfe_language(incoming.home_language),
        )
    have = {c_key(c): c for c in existing.contacts.get(pupil.id, [])}
    for contact in incoming.contacts:
        old = have.get(contact.key)
        if old is None:
            what.append(
                _("New contact: %(name)s", name=f"{contact.given_name} {contact.family_name}")
            )
        elif contact_differs(old, contact):
            what.append(_("Contact details changed: %(name)s", name=old.full_name))
    if incoming.history:
        recorded = {(c.field.value, c.effective_date, c.to_value) for c in pupil.sen_history}
        extra = [h for h in incoming.history if (h.field, h.effective, h.value) not in recorded]
        if extra:
            what.append(_("SEN history: %(n)d dated entries to add", n=len(extra)))
    return what


def c_key(contact: Contact) -> tuple[str, str]:
    return (contact.given_name.strip().lower(), contact.family_name.strip().lower())


def contact_differs(contact: Contact, given) -> bool:
    return any(
        value is not None and getattr(contact, name) != value
        for name, value in given.values().items()
    )


class _Writer:
    """The writes of a confirmed import, batched so a thousand pupils take a few seconds."""

    def __init__(self, school: School, existing: _Existing, kind: ImportKind, by: User | None):
        self.school, self.existing, self.by = school, existing, by
        self.source = ChangeSource.CSV if kind is ImportKind.CSV else ChangeSource.CTF
        self.pending: list[tuple[Pupil, PupilIn]] = []
        self.audit: list[dict] = []

    def create(self, incoming: PupilIn) -> None:
        pupil = Pupil(school_id=self.school.id, upn=incoming.upn, needs=[])
        _set_fields(pupil, incoming)
        db.session.add(pupil)
        self.pending.append((pupil, incoming))
        if len(self.pending) >= BATCH:
            self._flush_new()

    def _flush_new(self) -> None:
        if not self.pending:
            return
        db.session.flush()
        for pupil, incoming in self.pending:
            details = PupilDetails(pupil_id=pupil.id)
            db.session.add(details)
            self._sen(pupil, incoming, history=[], details=details)
            self._contacts(pupil, incoming, have={})
            self._audit(pupil, "pupil.import_create")
        self.pending = []
        self._write_audit()

    def update(self, pupil: Pupil, incoming: PupilIn) -> None:
        _set_fields(pupil, incoming)
        details = self.existing.details.get(pupil.id)
        if details is None:
            details = self.existing.details[pupil.id] = PupilDetails(pupil_id=pupil.id)
            db.session.add(details)
        history = list(pupil.sen_history)
        if not history and not incoming.history:
            history = sen_history.backfill(pupil)
        self._sen(pupil, incoming, history=history, details=details)
        have = {c_key(c): c for c in self.existing.contacts.get(pupil.id, [])}
        self._contacts(pupil, incoming, have=have)
        self._audit(pupil, "pupil.import_update")

    def _sen(
        self, pupil: Pupil, incoming: PupilIn, history: list[SenChange], details: PupilDetails
    ) -> None:
        if incoming.sex:
            details.sex = incoming.sex
        if incoming.preferred_family_name is not None:
            details.preferred_family_name = incoming.preferred_family_name
        if incoming.language_code:
            details.language_code = incoming.language_code
        if incoming.history:
            rows = [
                SenChange(
                    field=SenField(h.field),
                    to_value=h.value,
                    effective_date=h.effective,
                    recorded_by_id=self.by.id if self.by else None,
                    source=self.source,
                    reason=_("Legacy code %(code)s in the file", code=h.legacy)
                    if h.legacy
                    else None,
                )
                for h in incoming.history
            ]
            sen_history.chain(rows)
            history = history + sen_history.add_rows(pupil, rows, history)
        status, needs = sen_history.current(history) if history else (None, None)
        if status is not incoming.provision or needs != incoming.needs:
            effective = incoming.sen_start
            latest = max((c.effective_date for c in history), default=None)
            if effective is None or (latest and effective < latest) or effective > today():
                effective = today()
            sen_history.record(
                pupil,
                status=incoming.provision,
                needs=incoming.needs,
                by=self.by,
                source=self.source,
                effective=effective,
                reason=_("Changed in the MIS"),
                history=history,
            )

    def _contacts(self, pupil: Pupil, incoming: PupilIn, have: dict) -> None:
        for given in incoming.contacts:
            contact = have.get(given.key)
            if contact is None:
                contact = Contact(pupil_id=pupil.id)
                db.session.add(contact)
            elif not contact_differs(contact, given):
                continue
            contact.given_name, contact.family_name = given.given_name, given.family_name
            for name, value in given.values().items():
                if value is not None:
                    setattr(contact, name, value)
            if contact.user_id is None and contact.email:
                contact.user_id = self.existing.accounts.get((pupil.id, contact.email))

    def _audit(self, pupil: Pupil, action: str) -> None:
        self.audit.append(
            {
                "at": utcnow(),
                "actor_id": self.by.id if self.by else None,
                "school_id": self.school.id,
                "pupil_id": pupil.id,
                "action": action,
                "object_type": "Pupil",
                "object_id": pupil.id,
            }
        )

    def _write_audit(self) -> None:
        if self.audit:
            db.session.execute(sa.insert(AuditEvent), self.audit)
            self.audit = []

    def finish(self, result: Preview) -> None:
        self._flush_new()
        if result.full and result.leavers:
            waiting = set(
                db.session.scalars(
                    sa.select(PossibleLeaver.pupil_id).where(
                        PossibleLeaver.school_id == self.school.id,
                        PossibleLeaver.decided_at.is_(None),
                    )
                )
            )
            for pupil in result.leavers:
                if pupil.id not in waiting:
                    db.session.add(
                        PossibleLeaver(
                            school_id=self.school.id,
                            pupil_id=pupil.id,
                            reason=LeaverReason.MISSING_FROM_IMPORT,
                        )
                    )
        db.session.flush()
        self._write_audit()


def _set_fields(pupil: Pupil, incoming: PupilIn) -> None:
    pupil.given_name, pupil.family_name = incoming.given_name, incoming.family_name
    if incoming.preferred_given_name is not None or pupil.id is None:
        pupil.preferred_name = incoming.preferred_given_name
    pupil.date_of_birth = incoming.dob
    pupil.year_group = incoming.year_group
    if incoming.home_language or incoming.language_code:
        pupil.home_language = incoming.home_language
        code = incoming.language_code
        pupil.eal = bool(code and code not in ("ENG", "ENB", "REF", "NOT")) or bool(
            incoming.home_language and incoming.home_language != "en"
        )
    if pupil.id is None:
        pupil.sen_status = incoming.provision
