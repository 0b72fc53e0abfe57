"""The SENCO's school year: the term dates meetings are counted by (the school's own, or
England's typical ones), and the local services letters and family pages name."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.school import bp, calendar
from portal.school.calendar_forms import LocalSupportForm, terms_form, terms_prefix


def _term_values(terms) -> dict:
    values = {}
    for term in terms:
        values[f"{term.name.value}_starts"] = term.starts_on
        values[f"{term.name.value}_ends"] = term.ends_on
        if term.half_term:
            values[f"{term.name.value}_half_starts"] = term.half_term[0]
            values[f"{term.name.value}_half_ends"] = term.half_term[1]
    return values


def _years() -> tuple[int, int]:
    """The academic years whose term dates the page shows: this one and the next."""
    this_year = calendar.academic_year_of(calendar.local_today())
    return this_year, this_year + 1


def _page(school, *, forms=None, support_form=None, status=200):
    years = []
    for year in _years():
        terms = calendar.terms(school.id, year)
        form = (forms or {}).get(year) or terms_form(
            year, data={"academic_year": year, **_term_values(terms)}
        )
        years.append({"year": year, "terms": terms, "form": form})
    support = calendar.local_support(school.id)
    return render_template(
        "school/school_year.html",
        years=years,
        support_form=support_form or LocalSupportForm(obj=support, formdata=None),
        current=calendar.school_year(school.id, calendar.local_today()),
    ), status


@bp.get("/senco/school-year")
@access.senco_only
def school_year():
    return _page(access.current_school())


@bp.post("/senco/school-year/terms")
@access.senco_only
def save_terms():
    school = access.current_school()
    # Each year's form names its fields with its year (terms-2026-...): the one sent says
    # which year it is.
    sent = [year for year in _years() if f"{terms_prefix(year)}-academic_year" in request.form]
    if len(sent) != 1:
        abort(400)
    year = sent[0]
    form = terms_form(year, formdata=request.form)
    if form.validate_on_submit():
        calendar.save_terms(school.id, year, form.data, current_user)
        flash(_("The term dates have been saved."), "success")
        return redirect(url_for("school.school_year") + f"#year-{year}")
    return _page(school, forms={year: form}, status=400)


@bp.post("/senco/school-year/support")
@access.senco_only
def save_support():
    school = access.current_school()
    form = LocalSupportForm()
    if form.validate_on_submit():
        calendar.save_local_support(school.id, form.data, current_user)
        flash(_("The local services have been saved."), "success")
        return redirect(url_for("school.school_year") + "#support")
    return _page(school, support_form=form, status=400)
