"""The SENCO's records page, settings, and importing the roll: upload, columns, preview,
confirm."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, audit
from portal.access import current_school as school
from portal.access import senco_only
from portal.extensions import db
from portal.models import ImportKind, ImportStatus, RecordImport
from portal.records import (
    bp,
    contacts,
    csv_import,
    files,
    imports,
    leavers,
    roll,
    subject_access,
)
from portal.records.forms import ConfirmForm, SettingsForm, UploadForm, columns_form


def pending_import(import_id: int) -> RecordImport:
    return access.record_import_for(current_user, import_id)


@bp.get("/senco/records")
@senco_only
def home():
    here = school()
    settings = imports.settings_for(here)
    db.session.commit()
    return render_template(
        "records/home.html",
        settings=settings,
        recent=imports.recent(here.id),
        invite=contacts.invite_plan(here),
        waiting_leavers=len(leavers.waiting(here.id)),
        rollover=leavers.rollover_status(here),
        requests=subject_access.open_requests(here.id),
    )


@bp.route("/senco/records/settings", methods=["GET", "POST"])
@senco_only
def settings():
    here = school()
    current = imports.settings_for(here)
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        form.populate_obj(current)
        audit.record(current_user, "records.settings", school_id=here.id, obj=current)
        db.session.commit()
        flash(_("The school's records settings have been saved."), "success")
        return redirect(url_for("records.home"))
    db.session.commit()
    return render_template("records/settings.html", form=form), 400 if form.errors else 200


@bp.route("/senco/records/import", methods=["GET", "POST"])
@senco_only
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.roll_file.data
        kind = ImportKind(form.kind.data)
        if not upload or not upload.filename:
            form.roll_file.errors.append(_("Choose the file to import"))
        else:
            content = upload.stream.read(files.max_bytes() + 1)
            try:
                pending = imports.start(
                    school(),
                    kind,
                    upload.filename,
                    content,
                    full=form.full_roll.data,
                    by=current_user,
                )
            except files.FileProblem as problem:
                db.session.rollback()
                form.roll_file.errors.append(problem.message)
            else:
                if kind is ImportKind.CSV:
                    source = imports.source_of(pending)
                    if csv_import.missing_required(source.mapping):
                        return redirect(url_for("records.columns", import_id=pending.id))
                return redirect(url_for("records.preview", import_id=pending.id))
    elif request.method == "POST" and not form.errors:
        form.roll_file.errors.append(_("Choose the file to import"))
    return render_template("records/upload.html", form=form), 400 if form.errors else 200


@bp.route("/senco/records/imports/<int:import_id>/columns", methods=["GET", "POST"])
@senco_only
def columns(import_id: int):
    pending = pending_import(import_id)
    if pending.status is not ImportStatus.PENDING or pending.kind is not ImportKind.CSV:
        return redirect(url_for("records.preview", import_id=pending.id))
    source = imports.source_of(pending)
    headings = source.csv.headings
    form = columns_form(
        headings, source.mapping, formdata=request.form if request.method == "POST" else None
    )
    if form.validate_on_submit():
        chosen = {f.key: form[f.key].data for f in csv_import.ALL_FIELDS if form[f.key].data}
        used = [h for h in chosen.values()]
        twice = {h for h in used if used.count(h) > 1}
        for field in csv_import.ALL_FIELDS:
            if chosen.get(field.key) in twice:
                form[field.key].errors.append(
                    _(
                        "The column '%(heading)s' is chosen for two fields.",
                        heading=chosen[field.key],
                    )
                )
        for field in csv_import.missing_required(chosen):
            form[field.key].errors.append(
                _("Choose the column that holds the %(field)s.", field=field.label)
            )
        if not form.errors:
            imports.remember_columns(school(), chosen, current_user)
            return redirect(url_for("records.preview", import_id=pending.id))
    elif request.method == "GET":
        for field in csv_import.missing_required(source.mapping):
            form[field.key].errors = [
                _("Choose the column that holds the %(field)s.", field=field.label)
            ]
    db.session.commit()
    return render_template(
        "records/columns.html",
        form=form,
        pending=pending,
        pupil_fields=csv_import.PUPIL_FIELDS,
        contact_fields=[csv_import.contact_fields(n) for n in range(1, csv_import.CONTACTS + 1)],
    ), 400 if request.method == "POST" and form.errors else 200


@bp.get("/senco/records/imports/<int:import_id>")
@senco_only
def preview(import_id: int):
    pending = pending_import(import_id)
    result = other = source = None
    if pending.status is ImportStatus.PENDING:
        source = imports.source_of(pending)
        if source.csv is not None and csv_import.missing_required(source.mapping):
            return redirect(url_for("records.columns", import_id=pending.id))
        result = roll.preview(school(), source, full=pending.full_roll)
        other = roll.other_school(source, imports.settings_for(school()))
        audit.record_list(current_user, [p for p in result.leavers])
    return render_template(
        "records/preview.html",
        pending=pending,
        result=result,
        other_school=other,
        form=ConfirmForm(),
        header=source.header if source else None,
    )


@bp.post("/senco/records/imports/<int:import_id>/confirm")
@senco_only
def confirm(import_id: int):
    pending = pending_import(import_id)
    if pending.status is not ImportStatus.PENDING:
        flash(_("This import has already been dealt with."), "error")
        return redirect(url_for("records.preview", import_id=pending.id))
    form = ConfirmForm()
    source = imports.source_of(pending)
    other = roll.other_school(source, imports.settings_for(school()))
    if not form.validate_on_submit() or (other and not form.other_school_ok.data):
        if other and not form.other_school_ok.data:
            form.other_school_ok.errors.append(
                _("Tick the box to say this file is meant for your school, or cancel the import.")
            )
        result = roll.preview(school(), source, full=pending.full_roll)
        return render_template(
            "records/preview.html",
            pending=pending,
            result=result,
            other_school=other,
            form=form,
            header=source.header,
        ), 400
    result = imports.confirm(pending, current_user)
    flash(
        _(
            "Imported: %(new)d new pupils, %(changed)d changed.",
            new=result.new_count,
            changed=result.changed_count,
        ),
        "success",
    )
    return redirect(url_for("records.preview", import_id=pending.id))


@bp.post("/senco/records/imports/<int:import_id>/cancel")
@senco_only
def cancel(import_id: int):
    pending = pending_import(import_id)
    if pending.status is ImportStatus.PENDING:
        imports.cancel(pending, current_user)
        flash(_("The import was cancelled. Nothing was changed."), "success")
    return redirect(url_for("records.home"))
