"""The school's provision map and SEN register, on a page (filtered with htmx) and as CSV."""

from flask import request
from flask_login import current_user

from portal import access, audit, web
from portal.plans import bp, maps
from portal.plans.map_forms import ProvisionMapFilterForm, RegisterFilterForm
from portal.records.csv_export import csv_response


def _filtered(form_class, read_filters):
    """The filter form from the address, checked, and the filters it gives: the page and its
    CSV filter alike."""
    form = form_class(request.args)
    form.validate()
    return form, read_filters(form)


@bp.get("/senco/provision-map")
@access.senco_only
def provision_map():
    school = access.current_school()
    form, filters = _filtered(ProvisionMapFilterForm, maps.provision_filters)
    page = web.page_number()
    asked = {k: v for k, v in request.args.items() if k != "page" and v}

    def map_rows():
        result = maps.provision_map(school.id, page=page, **filters)
        return [], dict(
            form=form,
            result=result,
            page=result.page,
            page_size=maps.MAP_PAGE_SIZE,
            filters=asked,
        )

    # Kept like the register's (the filters hold the day the map is for).
    key = (school.id, page, tuple(sorted(filters.items())), tuple(sorted(asked.items())))
    _pupils, rows = web.kept_table(key, "plans/_provision_map_rows.html", map_rows)
    audit.record_read(current_user, "provision_map.view", school_id=school.id)
    filters_form = web.kept_filter_form("plans/_provision_map_filters.html", school.id, form)
    return web.render_part("plans/provision_map.html", rows, filters=filters_form)


@bp.get("/senco/provision-map.csv")
@access.senco_only
def provision_map_csv():
    school = access.current_school()
    _form, filters = _filtered(ProvisionMapFilterForm, maps.provision_filters)
    result = maps.provision_map(school.id, **filters)
    audit.record_read(current_user, "provision_map.export", school_id=school.id)
    return csv_response("provision-map.csv", *maps.provision_map_csv(result))


@bp.get("/senco/register")
@access.senco_only
def register():
    school = access.current_school()
    form, filters = _filtered(RegisterFilterForm, maps.register_filters)
    page = web.page_number()
    asked = {k: v for k, v in request.args.items() if k != "page" and v}

    def register_rows():
        rows = maps.register(school.id, page=page, **filters)
        return [row.pupil for row in rows], dict(
            rows=rows,
            total=maps.register_total(school.id, **filters),
            page=page,
            page_size=maps.REGISTER_PAGE_SIZE,
            filters=asked,
        )

    key = (school.id, page, tuple(sorted(filters.items())), tuple(sorted(asked.items())))
    pupils, rows = web.kept_table(key, "plans/_register_rows.html", register_rows)
    audit.record_list(current_user, pupils, action="register.view")
    filters_form = web.kept_filter_form("plans/_register_filters.html", school.id, form)
    return web.render_part("plans/register.html", rows, filters=filters_form)


@bp.get("/senco/register.csv")
@access.senco_only
def register_csv():
    school = access.current_school()
    _form, filters = _filtered(RegisterFilterForm, maps.register_filters)
    lines = maps.register_lines(school.id, **filters)
    shown = [audit.Shown(line.id, line.school_id) for line in lines]
    audit.record_list(current_user, shown, action="register.export")
    return csv_response("sen-register.csv", *maps.register_csv(lines))
