"""SEN history: every change of provision and needs is a dated row; the current status is
the latest row. Every write of a pupil's SEN status or needs goes through `record`.
"""

from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _

from portal.extensions import db
from portal.models import (
    ChangeSource,
    NeedCode,
    Pupil,
    PupilNeed,
    SenChange,
    SenField,
    SenStatus,
    User,
    today,
)
from portal.records.codes import needs_from_value, needs_value


class SenHistoryError(ValueError):
    """A change that would make the history say something other than what was asked."""


def current(history: Iterable[SenChange]) -> tuple[SenStatus, list[NeedCode]]:
    """The provision and ranked needs the latest rows say, as of today."""
    status, needs = SenStatus.NONE, []
    provision_key = needs_key = None
    for position, change in enumerate(history):
        if change.effective_date > today():
            continue
        # Rows not yet written (no id) come after written ones of the same date, in order.
        key = (change.effective_date, change.id or 10**12 + position)
        if change.field is SenField.PROVISION and (provision_key is None or key >= provision_key):
            provision_key, status = key, SenStatus(change.to_value)
        elif change.field is SenField.NEEDS and (needs_key is None or key >= needs_key):
            needs_key, needs = key, needs_from_value(change.to_value)
    return status, needs


def last_date(history: Iterable[SenChange], field: SenField) -> date | None:
    dates = [c.effective_date for c in history if c.field is field]
    return max(dates) if dates else None


def check_effective(pupil: Pupil, effective: date) -> str | None:
    """Why a change on this date cannot be recorded, or None."""
    if effective > today():
        return _("The date of the change cannot be in the future.")
    latest = max(
        (c.effective_date for c in pupil.sen_history if pupil.id is not None), default=None
    )
    if latest is not None and effective < latest:
        return _(
            "The date of the change cannot be before the last recorded change (%(date)s).",
            date=latest.strftime("%d/%m/%Y"),
        )
    return None


def record(
    pupil: Pupil,
    *,
    status: SenStatus,
    needs: list[NeedCode],
    by: User | None,
    source: ChangeSource,
    effective: date | None = None,
    reason: str | None = None,
    history: list[SenChange] | None = None,
) -> list[SenChange]:
    """Add a dated row for each of provision and needs that changes, then make the pupil's
    status and needs say what the history says. The caller commits.

    `history` is the pupil's rows so far, if the caller has them (imports load them in bulk;
    an empty list for a pupil just created). Without it they are loaded, and a pupil whose
    record predates SEN history first gets rows saying what it held.
    """
    if history is None:
        history = list(pupil.sen_history) if pupil.id is not None else []
        if not history and pupil.id is not None:
            history = backfill(pupil)
    history = list(history)
    effective = effective or today()
    latest = max((c.effective_date for c in history), default=None)
    if latest is not None and effective < latest:
        # A change cannot take effect before the last recorded one, or it would not be current.
        effective = latest
    reason = (reason or "").strip()[:500] or None
    new_pupil = not history
    old_status, old_needs = current(history) if history else (None, [])
    added = []
    if new_pupil or status is not old_status:
        added.append(
            SenChange(
                pupil_id=pupil.id,
                field=SenField.PROVISION,
                from_value=old_status.value if old_status else None,
                to_value=status.value,
                effective_date=effective,
                recorded_by_id=_id(by),
                source=source,
                reason=reason,
            )
        )
    if needs != old_needs:
        added.append(
            SenChange(
                pupil_id=pupil.id,
                field=SenField.NEEDS,
                from_value=needs_value(old_needs) if not new_pupil else None,
                to_value=needs_value(needs),
                effective_date=effective,
                recorded_by_id=_id(by),
                source=source,
                reason=reason,
            )
        )
    db.session.add_all(added)
    sync(pupil, history + added)
    return added


def backfill(pupil: Pupil) -> list[SenChange]:
    """Rows saying what a pupil's record held before SEN history was kept, if it has none."""
    when = pupil.created_at.date() if pupil.created_at else today()
    rows = [
        SenChange(
            pupil_id=pupil.id,
            field=SenField.PROVISION,
            to_value=pupil.sen_status.value,
            effective_date=when,
            source=ChangeSource.EARLIER,
        )
    ]
    if pupil.needs:
        rows.append(
            SenChange(
                pupil_id=pupil.id,
                field=SenField.NEEDS,
                to_value=needs_value(n.code for n in pupil.needs),
                effective_date=when,
                source=ChangeSource.EARLIER,
            )
        )
    db.session.add_all(rows)
    return rows


def add_rows(pupil: Pupil, rows: list[SenChange], history: list[SenChange]) -> list[SenChange]:
    """Add history rows that came from a file (a CTF's own history), skipping ones already
    recorded, then make the pupil's status and needs say what the history says."""
    have = {(c.field, c.effective_date, c.to_value) for c in history}
    added = []
    for row in sorted(rows, key=lambda r: r.effective_date):
        key = (row.field, row.effective_date, row.to_value)
        if key in have:
            continue
        have.add(key)
        row.pupil_id = pupil.id
        added.append(row)
    db.session.add_all(added)
    sync(pupil, history + added)
    return added


def sync(pupil: Pupil, history: list[SenChange]) -> None:
    """Set the pupil's SEN status and needs to what their history says today."""
    status, needs = current(history)
    pupil.sen_status = status
    if [n.code for n in pupil.needs] != needs:
        if pupil.needs:
            pupil.needs.clear()
            db.session.flush()
        pupil.needs.extend(PupilNeed(code=code, rank=rank) for rank, code in enumerate(needs, 1))


def chain(rows: list[SenChange]) -> list[SenChange]:
    """Fill in each row's `from` from the row before it of the same kind (for file history)."""
    previous: dict[SenField, str | None] = {}
    for row in sorted(rows, key=lambda r: (r.effective_date, r.field.value)):
        row.from_value = previous.get(row.field)
        previous[row.field] = row.to_value
    return rows


def _id(user: User | None) -> int | None:
    return user.id if user is not None and getattr(user, "is_authenticated", True) else None
