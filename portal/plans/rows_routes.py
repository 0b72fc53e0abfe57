"""The plan editor's rows: outcomes, provision and specialist advice, edited in place with
htmx or each on its own page without JavaScript.
"""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from htmx_flask import make_response

from portal import access, web
from portal.models import Outcome, Plan, Provision, SpecialistAdvice
from portal.plans import bp, pages, rows, services
from portal.plans.forms import (
    GOOD_OUTCOME_EXAMPLE,
    AdviceForm,
    OutcomeForm,
    ProvisionForm,
    RemoveForm,
)


@dataclass(frozen=True)
class RowKind:
    """One kind of row in the plan editor, edited in place with htmx or on its own page."""

    name: str
    key: str
    model: type
    form: type


ROWS = {
    "outcomes": RowKind("outcome", "outcomes", Outcome, OutcomeForm),
    "provision": RowKind("provision", "provision", Provision, ProvisionForm),
    "advice": RowKind("advice", "advice", SpecialistAdvice, AdviceForm),
}


def _kind(kind: str) -> RowKind:
    if kind not in ROWS:
        abort(404)
    return ROWS[kind]


def _row(plan: Plan, kind: RowKind, row_id: int):
    row = next(
        (r for r in getattr(plan, rows.ROW_SPECS[kind.model].collection) if r.id == row_id),
        None,
    )
    if row is None:
        abort(404)
    return row


def _row_form(kind: RowKind, plan: Plan, row=None, *, formdata=None, **data):
    prefix = f"{kind.name}-{row.id}" if row is not None else f"new-{kind.name}"
    if row is not None and formdata is None and not data:
        data = _row_data(kind, row)
    form = kind.form(formdata=formdata, prefix=prefix, data=data or None)
    if hasattr(form, "set_outcomes"):
        form.set_outcomes(plan.outcomes)
    return form


def _row_data(kind: RowKind, row) -> dict:
    data = {"version": row.version}
    for name in kind.form.__dict__:
        if name in ("version", "keep_wording") or name.startswith("_"):
            continue
        if hasattr(row, name):
            value = getattr(row, name)
            data[name] = value.value if hasattr(value, "value") else value
    if kind.name == "provision":
        data["outcome_id"] = str(row.outcome_id or "")
    return data


def _saved_by(plan: Plan) -> str:
    """The plan's "last saved by" line, swapped in out of band after a row changes."""
    return render_template("plans/_saved_by.html", plan=plan, oob=True)


def new_row_forms(plan: Plan) -> dict:
    return {key: _row_form(kind, plan) for key, kind in ROWS.items()}


def _render_row_form(plan, kind, form, row=None, conflict=None, status=200, adding=False):
    context = {
        "plan": plan,
        "pupil": plan.pupil,
        "kind": kind,
        "form": form,
        "row": row,
        "conflict": conflict,
        "adding": adding,
        "example": GOOD_OUTCOME_EXAMPLE,
    }
    if web.partial_wanted():
        # htmx swaps only successful answers: the form with its messages comes back as 200.
        html = render_template("plans/_row_form.html", **context)
        if adding:
            return make_response(html, retarget=f"#new-{kind.name}", reswap="outerHTML")
        return html
    return render_template("plans/row_page.html", **context), status


@bp.route("/senco/plans/<int:plan_id>/<kind>/new", methods=["GET", "POST"])
@access.senco_only
def add_row(plan_id: int, kind: str):
    row_kind = _kind(kind)
    plan = pages.senco_plan(plan_id, action="plan.view" if request.method == "GET" else "")
    if request.method == "GET" and not plan.is_draft:
        return pages.not_editable(plan)
    form = _row_form(row_kind, plan, formdata=request.form if request.method == "POST" else None)
    if request.method == "GET" or not plan.is_draft:
        conflict = None if plan.is_draft else services.EditConflict(plan, reason="not_draft")
        return _render_row_form(plan, row_kind, form, conflict=conflict, adding=True)
    if form.validate_on_submit() and not getattr(form, "needs_activity_prompt", False):
        row = rows.add_row(plan, row_kind.model, form.cleaned(), current_user)
        if web.partial_wanted():
            return render_template(
                "plans/_row_added.html",
                plan=plan,
                kind=row_kind,
                row=row,
                new_form=_row_form(row_kind, plan),
                provision_form=_row_form(ROWS["provision"], plan),
                example=GOOD_OUTCOME_EXAMPLE,
            )
        flash(_("Added to the plan."), "success")
        return redirect(url_for("plans.plan", plan_id=plan.id) + f"#{row_kind.name}-{row.id}")
    return _render_row_form(plan, row_kind, form, status=400 if form.errors else 200, adding=True)


@bp.route("/senco/plans/<int:plan_id>/<kind>/<int:row_id>", methods=["GET", "POST"])
@access.senco_only
def edit_row(plan_id: int, kind: str, row_id: int):
    row_kind = _kind(kind)
    plan = pages.senco_plan(plan_id, action="plan.view" if request.method == "GET" else "")
    row = _row(plan, row_kind, row_id)
    if request.method == "GET":
        if web.partial_wanted() and request.args.get("cancel"):
            return render_template(
                f"plans/_{row_kind.name}_row.html", plan=plan, row=row, editable=plan.is_draft
            )
        if not plan.is_draft:
            return pages.not_editable(plan)
        return _render_row_form(plan, row_kind, _row_form(row_kind, plan, row), row)
    form = _row_form(row_kind, plan, row, formdata=request.form)
    if not plan.is_draft:
        conflict = services.EditConflict(plan, reason="not_draft")
        return _render_row_form(plan, row_kind, form, row, conflict=conflict, status=409)
    if form.validate_on_submit() and not getattr(form, "needs_activity_prompt", False):
        try:
            rows.update_row(row, form.cleaned(), version=form.started_from, by=current_user)
        except services.EditConflict as conflict:
            form.version.data = row.version
            return _render_row_form(plan, row_kind, form, row, conflict=conflict, status=409)
        if web.partial_wanted():
            return render_template(
                f"plans/_{row_kind.name}_row.html",
                plan=plan,
                row=row,
                editable=True,
                saved=True,
            ) + _saved_by(plan)
        flash(_("The change has been saved."), "success")
        return redirect(url_for("plans.plan", plan_id=plan.id) + f"#{row_kind.name}-{row.id}")
    return _render_row_form(plan, row_kind, form, row, status=400 if form.errors else 200)


@bp.post("/senco/plans/<int:plan_id>/<kind>/<int:row_id>/remove")
@access.senco_only
def remove_row(plan_id: int, kind: str, row_id: int):
    row_kind = _kind(kind)
    plan = pages.senco_plan(plan_id, action="")
    row = _row(plan, row_kind, row_id)
    form = RemoveForm(prefix=f"{row_kind.name}-{row.id}")
    if not form.validate_on_submit():
        abort(400)
    try:
        rows.remove_row(row, version=form.started_from, by=current_user)
    except services.EditConflict as conflict:
        edit_form = _row_form(row_kind, plan, row)
        return _render_row_form(plan, row_kind, edit_form, row, conflict=conflict, status=409)
    if web.partial_wanted():
        if row_kind.name == "outcome":
            # The provision form's list of outcomes loses this one too.
            return render_template(
                "plans/_outcome_choices.html", provision_form=_row_form(ROWS["provision"], plan)
            ) + _saved_by(plan)
        return _saved_by(plan)
    flash(_("Removed from the plan."), "success")
    return redirect(url_for("plans.plan", plan_id=plan.id) + f"#{row_kind.key}")
