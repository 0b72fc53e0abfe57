"""The Local Offer directory and the SEN information report.

Public pages (no sign-in) live under /schools/<slug>/ and show nothing about any pupil.
A parent reaches "services that may help" from a child's page; SENCOs and school
administrators keep the directory and the report up to date.
"""

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from portal import access, audit, kept, web
from portal.extensions import db
from portal.languages import services as languages_services
from portal.local_offer import bp, distance, importer, services
from portal.local_offer import directory as searching
from portal.local_offer.forms import (
    DirectoryFilterForm,
    ImportForm,
    OutOfDateForm,
    SenReportForm,
    ServiceForm,
)
from portal.models import Pupil, ReportSection, Role, School, Service, today
from portal.people import school_contacts
from portal.school.calendar import local_today

keepers_only = access.role_required(Role.SENCO, Role.ADMIN)  # who keeps the directory
FILTER_KEYS = ("q", "area", "age", "category", "free", "sort")


# Built once; the data's version comes along (portal.kept), so a public page kept whole
# costs this one statement.
_SCHOOL_BY_SLUG = sa.select(School, kept.VERSION).where(School.slug == sa.bindparam("slug"))


@bp.url_value_preprocessor
def load_school(endpoint, values):
    """Public pages name their school in the address; the layout then shows its name."""
    if values and "slug" in values:
        found = db.session.execute(_SCHOOL_BY_SLUG, {"slug": values.pop("slug")}).first()
        if found is None:
            abort(404)
        g.school, version = found
        kept.note_version(version)


def _filters(form: DirectoryFilterForm, school: School) -> dict:
    """The filters in force, as URL parameters, so links and pages keep them."""
    values = {
        "q": (form.q.data or "").strip() if not form.q.errors else "",
        "area": area.value if (area := form.area_value()) else "",
        "age": form.age.data if isinstance(form.age.data, int) else "",
        "category": category.value if (category := form.category_value()) else "",
        "free": "y" if form.free.data else "",
        "sort": "distance" if form.by_distance() and school.location else "",
    }
    return {key: value for key, value in values.items() if value != ""}


def _swap(context: dict, page: int, results: Markup):
    """The results alone for htmx (`results`, rendered with `oob_status`), with the address
    bar set to the filters that count."""
    params = dict(context["results_args"], **context["filters"])
    if page > 1:
        params["page"] = page
    response = make_response(results)
    response.headers["HX-Push-Url"] = url_for(context["results_endpoint"], **params)
    return response


# --- Public pages ------------------------------------------------------------------------


@bp.get("/schools/<slug>")
@web.public_page
def school_page():
    school = g.school
    report = services.sen_report(school.id)
    return render_template(
        "local_offer/school.html",
        this_school=school,
        report=report,
        report_language=_report_in_language(school, report),
        children=[],
    )


@bp.get("/schools/<slug>/local-offer")
@web.public_page
def directory():
    school = g.school
    form = DirectoryFilterForm(request.args)
    form.validate()
    query = searching.DirectoryQuery(
        q=(form.q.data or "") if not form.q.errors else "",
        language=web.page_language(),
        area=form.area_value(),
        age=form.age.data if isinstance(form.age.data, int) else None,
        category=form.category_value(),
        free_only=bool(form.free.data),
        page=web.page_number(),
        near=school.location,
        by_distance=form.by_distance(),
    )
    context = {
        "form": form,
        "filters": _filters(form, school),
        "results_endpoint": "local_offer.directory",
        "results_args": {"slug": school.slug},
        "this_school": school,
    }
    swap = web.partial_wanted()

    def results() -> tuple[int, Markup]:
        result = searching.directory(school.id, query)
        shown = render_template(
            "local_offer/_results.html", oob_status=swap, result=result, **context
        )
        return result.page, Markup(shown)

    # The same search shows the same services until the directory changes (portal.kept);
    # how fresh each entry is depends on the day.
    asked = (school.id, tuple(sorted(context["filters"].items())), query.page, swap, local_today())
    page, shown = kept.result(("directory", *asked, str(get_locale())), results)
    if swap:
        return _swap(context, page, shown)
    filters_form = web.kept_fragment(
        "local_offer/_directory_filters.html", (school.id, web.asked_in_address()), lambda: context
    )
    return render_template(
        "local_offer/directory.html", results=shown, filters_form=filters_form, **context
    )


@bp.get("/schools/<slug>/local-offer/services/<int:service_id>")
@web.public_page
def service(service_id: int):
    school = g.school
    entry = access.public_service(school, service_id, options=searching.FULL)
    back = {key: request.args[key] for key in FILTER_KEYS + ("page",) if request.args.get(key)}
    back_to = url_for("local_offer.directory", slug=school.slug, **back)
    # Opened from a child's list: back to that list, if the child is this parent's own.
    child_id = request.args.get("child", type=int)
    if child_id and _own_child(child_id, school):
        child_back = {k: v for k, v in back.items() if k in ("q", "category", "free", "sort")}
        if back.get("page"):
            child_back["page"] = back["page"]
        back_to = url_for("local_offer.child_services", pupil_id=child_id, **child_back)
    return render_template(
        "local_offer/service.html", service=entry, back_to=back_to, this_school=school
    )


def _own_child(pupil_id: int, school: School) -> bool:
    """Whether the person signed in is a parent of this child at this school."""
    if not current_user.is_authenticated:
        return False
    found = db.session.scalar(
        access.pupils_query(current_user, Role.PARENT)
        .where(Pupil.id == pupil_id, Pupil.school_id == school.id)
        .with_only_columns(Pupil.id)
    )
    return found is not None


@bp.route(
    "/schools/<slug>/local-offer/services/<int:service_id>/out-of-date", methods=["GET", "POST"]
)
def out_of_date(service_id: int):
    school = g.school
    entry = access.public_service(school, service_id, options=searching.FULL)
    form = OutOfDateForm()
    if form.validate_on_submit():
        if not services.out_of_date_flooded(
            school.id, current_app.config["OUT_OF_DATE_HOURLY_LIMIT"]
        ):
            services.report_out_of_date(entry, form.note.data, form.reply_email.data)
            flash(
                _("Thank you. We have told the school's staff, and they will check this entry."),
                "success",
            )
            return redirect(url_for("local_offer.service", slug=school.slug, service_id=entry.id))
        form.form_errors.append(
            _(
                "A lot of notes have reached the school in the last hour, so this one "
                "was not sent. Please try again later, or phone the school."
            )
        )
    status = 429 if form.form_errors else 400 if form.errors else 200
    return render_template(
        "local_offer/out_of_date.html", form=form, service=entry, this_school=school
    ), status


@bp.get("/schools/<slug>/sen-information-report")
@web.public_page
def sen_report():
    school = g.school
    report = services.sen_report(school.id)
    return render_template(
        "local_offer/sen_report.html",
        this_school=school,
        report=report,
        sections=list(ReportSection),
        in_language=_report_in_language(school, report),
        school_language=school.default_locale or "en",
    )


def _report_in_language(school, report):
    """The report's sections in the page's language, where the school has translated them."""
    return languages_services.report_in(report, web.page_language(), school.default_locale or "en")


# --- For parents -------------------------------------------------------------------------


@bp.get("/find-help")
@access.parent_only
def find_help():
    school = access.current_school()
    children = db.session.scalars(
        access.pupils_query(current_user, Role.PARENT)
        .where(Pupil.school_id == school.id)
        .order_by(Pupil.date_of_birth)
    ).all()
    audit.record_list(current_user, children, action="pupil.list.find_help")
    report = services.sen_report(school.id)
    return render_template(
        "local_offer/school.html",
        this_school=school,
        report=report,
        report_language=_report_in_language(school, report),
        children=children,
    )


@bp.get("/families/children/<int:pupil_id>/services")
@access.parent_only
def child_services(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.PARENT, action="pupil.local_offer")
    form = DirectoryFilterForm(request.args)
    form.validate()
    needs = [need.code for need in pupil.needs if need.code.area is not None]
    age = searching.age_on(pupil.date_of_birth)
    query = searching.DirectoryQuery(
        q=(form.q.data or "") if not form.q.errors else "",
        language=web.page_language(),
        needs=needs,
        age=age,
        category=form.category_value(),
        free_only=bool(form.free.data),
        page=web.page_number(),
        near=pupil.school.location,
        by_distance=form.by_distance(),
    )
    result = searching.directory(pupil.school_id, query)
    filters = {
        k: v
        for k, v in _filters(form, pupil.school).items()
        if k in ("q", "category", "free", "sort")
    }
    context = {
        "form": form,
        "result": result,
        "filters": filters,
        "pupil": pupil,
        "age": age,
        "needs": needs,
        "results_endpoint": "local_offer.child_services",
        "results_args": {"pupil_id": pupil.id},
        "this_school": pupil.school,
    }
    if web.partial_wanted():
        shown = render_template("local_offer/_results.html", oob_status=True, **context)
        return _swap(context, result.page, Markup(shown))
    return render_template("local_offer/child_services.html", **context)


# --- For staff: the directory --------------------------------------------------------------


def _staff_service(service_id: int) -> Service:
    return access.service_for_staff(current_user, service_id, options=searching.FULL)


@bp.get("/local-offer/manage")
@keepers_only
def manage():
    school = access.current_school()
    show = request.args.get("show", "all")
    if show not in ("all", "stale", "reported", "hidden"):
        show = "all"
    page = web.page_number()
    rows, total = services.manage_list(school.id, show=show, page=page)
    return render_template(
        "local_offer/manage.html", rows=rows, total=total, show=show, page=page, per_page=50
    )


def _form_data(entry: Service) -> dict:
    """What the edit form starts with: the entry, in the form's own values."""
    first = entry.first_location
    plain = (
        "name",
        "description",
        "all_needs",
        "min_age",
        "max_age",
        "cost_details",
        "access_details",
        "phone",
        "email",
        "website",
        "keywords",
        "alert",
        "last_checked",
    )
    return {field: getattr(entry, field) for field in plain} | {
        "organisation": entry.organisation.name if entry.organisation else "",
        "categories": [c.value for c in entry.category_list],
        "areas": [n.area.value for n in entry.needs if n.code is None],
        "need_codes": [c.value for c in entry.need_codes],
        "cost": entry.cost.value if entry.cost else "",
        "access_routes": [a.value for a in entry.access_list],
        "languages": entry.language_list,
        "status": entry.status.value,
        "location_name": first.name if first else "",
        "address_1": first.address_1 if first else "",
        "address_2": first.address_2 if first else "",
        "town": first.town if first else "",
        "postcode": first.postcode if first else "",
        "coordinates": distance.text(
            (first.latitude, first.longitude)
            if first and first.latitude is not None and first.longitude is not None
            else None
        ),
    }


@bp.route("/local-offer/manage/new", methods=["GET", "POST"])
@keepers_only
def manage_new():
    school = access.current_school()
    form = ServiceForm() if request.method == "POST" else ServiceForm(last_checked=today())
    if form.validate_on_submit():
        entry = services.save_service(Service(school_id=school.id), form.data, current_user)
        flash(_("%(name)s has been added to the directory.", name=entry.name), "success")
        return redirect(url_for("local_offer.manage_edit", service_id=entry.id))
    return render_template("local_offer/service_form.html", form=form, service=None, reports=[]), (
        400 if form.errors else 200
    )


@bp.route("/local-offer/manage/<int:service_id>", methods=["GET", "POST"])
@keepers_only
def manage_edit(service_id: int):
    entry = _staff_service(service_id)
    form = ServiceForm() if request.method == "POST" else ServiceForm(data=_form_data(entry))
    if form.validate_on_submit():
        services.save_service(entry, form.data, current_user)
        flash(_("The changes have been saved."), "success")
        return redirect(url_for("local_offer.manage_edit", service_id=entry.id))
    return render_template(
        "local_offer/service_form.html",
        form=form,
        service=entry,
        reports=services.open_reports(entry),
    ), (400 if form.errors else 200)


@bp.post("/local-offer/manage/<int:service_id>/checked")
@keepers_only
def manage_checked(service_id: int):
    entry = _staff_service(service_id)
    services.mark_checked(entry, current_user)
    flash(_("Marked as checked today."), "success")
    return redirect(url_for("local_offer.manage_edit", service_id=entry.id))


@bp.post("/local-offer/manage/<int:service_id>/reports/<int:report_id>/resolve")
@keepers_only
def manage_resolve(service_id: int, report_id: int):
    report = access.out_of_date_report_for(current_user, service_id, report_id)
    entry = _staff_service(service_id)
    services.resolve_report(report, current_user)
    flash(_("The report has been marked as dealt with."), "success")
    return redirect(url_for("local_offer.manage_edit", service_id=entry.id) + "#reports")


@bp.route("/local-offer/manage/import", methods=["GET", "POST"])
@keepers_only
def manage_import():
    school = access.current_school()
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        try:
            if form.url.data:
                result = importer.import_source(
                    school, form.url.data, public_only=True, by=current_user
                )
            else:
                raw = form.feed_file.data.read(importer.MAX_BYTES + 1)
                if len(raw) > importer.MAX_BYTES:
                    raise importer.FeedError(_("The file is larger than 20 MB."))
                result = importer.import_document(school, importer.parse(raw), by=current_user)
        except importer.FeedError as error:
            db.session.rollback()
            target = form.url if form.url.data else form.feed_file
            target.errors = [*target.errors, str(error.message)]
    return render_template("local_offer/import.html", form=form, result=result), (
        400 if form.errors or any(f.errors for f in form) else 200
    )


# --- For staff: the SEN information report ---------------------------------------------------


@bp.route("/local-offer/report", methods=["GET", "POST"])
@keepers_only
def report_edit():
    school = access.current_school()
    report = services.sen_report(school.id)
    if request.method == "POST":
        form = SenReportForm()
    elif report is not None:
        form = SenReportForm(obj=report)
    else:
        senco = next(iter(school_contacts(school.id)), None)
        form = SenReportForm(
            senco_name=senco.user.full_name if senco else "",
            senco_email=school.contact_email or "",
            senco_phone=school.contact_phone or "",
        )
    if form.validate_on_submit():
        services.save_sen_report(school, form.data, current_user)
        flash(_("The SEN information report has been published."), "success")
        return redirect(url_for("local_offer.report_edit"))
    return render_template(
        "local_offer/report_form.html", form=form, report=report, sections=list(ReportSection)
    ), (400 if form.errors else 200)
