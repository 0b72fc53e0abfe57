"""The rows a draft plan holds: outcomes, provision and specialist advice; adding,
changing and removing them, each change checked against the version it started from."""

from dataclasses import dataclass

from portal import audit
from portal.extensions import db
from portal.models import Outcome, Plan, Provision, SpecialistAdvice, User
from portal.plans.locking import EditConflict, check_version, touch, touch_plan, versioned


@dataclass(frozen=True)
class RowSpec:
    """A kind of row a draft plan holds: its name in the audit log, the plan's list of
    them, and the fields a form sets."""

    name: str
    collection: str
    fields: tuple[str, ...]


ROW_SPECS = {
    Outcome: RowSpec(
        "outcome",
        "outcomes",
        (
            "description",
            "area",
            "target_date",
            "measure",
            "pupil_words",
            "preparing_for_adulthood",
            "phrase_key",
        ),
    ),
    Provision: RowSpec(
        "provision",
        "provisions",
        (
            "description",
            "outcome_id",
            "group_size",
            "sessions_per_week",
            "minutes_per_session",
            "delivered_by",
            "starts_on",
            "ends_on",
            "phrase_key",
        ),
    ),
    SpecialistAdvice: RowSpec("advice", "advice", ("adviser", "given_on", "summary")),
}

# Optional text that is stored as NULL when left empty.
_NULLABLE = {"pupil_words", "phrase_key"}


def _apply(obj, data: dict, fields) -> None:
    """Copy cleaned form data (enums, numbers and dates already converted) onto a row."""
    for field in fields:
        value = data.get(field)
        if isinstance(value, str):
            value = value.strip()
            if not value and field in _NULLABLE:
                value = None
        setattr(obj, field, value)


def add_row(plan: Plan, model: type, data: dict, by: User):
    """Add an outcome, a piece of provision or specialist advice to a draft plan."""
    if not plan.is_draft:
        raise EditConflict(plan, reason="not_draft")
    spec = ROW_SPECS[model]
    row = model(updated_by_id=by.id)
    if model is Outcome:
        row.position = len(plan.outcomes)
    _apply(row, data, spec.fields)
    getattr(plan, spec.collection).append(row)
    db.session.flush()
    touch_plan(plan, by)
    audit.record(by, f"plan.{spec.name}.create", pupil=plan.pupil, obj=row)
    db.session.commit()
    return row


@versioned
def update_row(row, data: dict, *, version: int | None, by: User):
    """Change a row of a draft plan, if nobody else has since it was opened."""
    check_version(row, version, row.plan)
    spec = ROW_SPECS[type(row)]
    _apply(row, data, spec.fields)
    touch(row, by)
    db.session.flush()
    touch_plan(row.plan, by)
    audit.record(by, f"plan.{spec.name}.update", pupil=row.plan.pupil, obj=row)
    db.session.commit()
    return row


@versioned
def remove_row(row, *, version: int | None, by: User) -> None:
    """Remove a row of a draft plan, if nobody has changed it since it was shown."""
    plan = row.plan
    check_version(row, version, plan)
    spec = ROW_SPECS[type(row)]
    if isinstance(row, Outcome):
        for provision in plan.provisions:
            if provision.outcome_id == row.id:
                provision.outcome = None
    audit.record(by, f"plan.{spec.name}.delete", pupil=plan.pupil, obj=row)
    getattr(plan, spec.collection).remove(row)
    db.session.flush()
    touch_plan(plan, by)
    db.session.commit()
