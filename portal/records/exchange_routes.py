"""Records that leave or arrive: exports to the MIS, transition packs, subject access."""

import io

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, audit
from portal.access import current_school as school
from portal.access import senco_only
from portal.extensions import db
from portal.mail import external_url
from portal.models import Role, SubjectAccessRequest, utcnow
from portal.records import bp, documents, subject_access, transition
from portal.records.csv_export import BYTE_ORDER_MARK
from portal.records.ctf_export import ctf_filename, write_ctf
from portal.records.files import FileProblem
from portal.records.forms import AnsweredForm, PackForm, ParentSearchForm
from portal.records.roll_csv import write_roll
from portal.web import content_disposition


def _glossary() -> str:
    """Where the PDFs in a pack or an archive say the words are explained."""
    return external_url("main.glossary")


def _download(body: bytes | str, filename: str, mimetype: str):
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/senco/records/export/ctf.xml")
@senco_only
def export_ctf():
    here = school()
    out = io.StringIO()
    write_ctf(here, out)
    audit.record(current_user, "records.export_ctf", school_id=here.id)
    db.session.commit()
    return _download(out.getvalue(), ctf_filename(here), "application/xml; charset=utf-8")


@bp.get("/senco/records/export/roll.csv")
@senco_only
def export_roll():
    here = school()
    out = io.StringIO()
    write_roll(here, out)
    audit.record(current_user, "records.export_csv", school_id=here.id)
    db.session.commit()
    return _download(
        BYTE_ORDER_MARK + out.getvalue(),
        f"{here.slug}-roll-{utcnow():%Y%m%d}.csv",
        "text/csv; charset=utf-8",
    )


@bp.get("/senco/records/pupils/<int:pupil_id>/transition-pack.zip")
@senco_only
def transition_pack(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.SENCO, action="")
    body = transition.build(pupil, current_user, glossary_url=_glossary())
    name = f"transition-{documents.slug(pupil.full_name)}-{utcnow():%Y%m%d}.zip"
    return _download(body, name, "application/zip")


@bp.route("/senco/records/transition-packs/import", methods=["GET", "POST"])
@senco_only
def import_pack():
    form = PackForm()
    if form.validate_on_submit():
        upload = form.pack_file.data
        if not upload or not upload.filename:
            form.pack_file.errors.append(_("Choose the transition pack to import"))
        else:
            try:
                pupil, created = transition.import_pack(
                    school(), upload.stream.read(transition.MAX_PACK_BYTES + 1), current_user
                )
            except FileProblem as problem:
                db.session.rollback()
                form.pack_file.errors.append(problem.message)
            else:
                flash(
                    _("%(name)s has been added with their earlier records.", name=pupil.full_name)
                    if created
                    else _(
                        "The earlier records have been added to %(name)s.", name=pupil.full_name
                    ),
                    "success",
                )
                return redirect(url_for("staff.pupil", pupil_id=pupil.id))
    elif request.method == "POST":
        form.pack_file.errors.append(_("Choose the transition pack to import"))
    return render_template("records/import_pack.html", form=form), 400 if form.errors else 200


@bp.get("/senco/records/earlier/<int:record_id>.pdf")
@senco_only
def earlier_pdf(record_id: int):
    record = access.earlier_record_for(current_user, record_id)
    return _download(record.pdf, f"earlier-record-{record.id}.pdf", "application/pdf")


@bp.get("/senco/records/pupils/<int:pupil_id>/subject-access.zip")
@senco_only
def pupil_archive(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.SENCO, action="")
    body = subject_access.pupil_archive(pupil, current_user, glossary_url=_glossary())
    name = f"subject-access-{documents.slug(pupil.full_name)}-{utcnow():%Y%m%d}.zip"
    return _download(body, name, "application/zip")


@bp.get("/senco/records/people/<int:user_id>/subject-access.zip")
@senco_only
def person_archive(user_id: int):
    here = school()
    person = access.parent_at_school_for(current_user, user_id)
    body = subject_access.person_archive(person, here, current_user)
    name = f"subject-access-{documents.slug(person.full_name)}-{utcnow():%Y%m%d}.zip"
    return _download(body, name, "application/zip")


@bp.get("/senco/records/subject-access")
@senco_only
def requests():
    here = school()
    form = ParentSearchForm(request.args)
    words = (form.parent.data or "") if form.validate() else ""
    parents, more = subject_access.parents_matching(here.id, words)
    return render_template(
        "records/requests.html",
        requests=subject_access.all_requests(here.id),
        form=form,
        searched=bool(words.strip()),
        parents=parents,
        more=more,
        status_words=subject_access.status_words,
    )


def _request(request_id: int) -> SubjectAccessRequest:
    return access.subject_access_request_for(current_user, request_id)


@bp.get("/senco/records/subject-access/<int:request_id>")
@senco_only
def request_page(request_id: int):
    found = _request(request_id)
    subject_access.mark_read(found, current_user)
    return render_template(
        "records/request.html",
        item=found,
        children=subject_access.children_of(found.requester, found.school_id),
        status_words=subject_access.status_words,
        form=AnsweredForm(),
    )


@bp.post("/senco/records/subject-access/<int:request_id>/answered")
@senco_only
def request_answered(request_id: int):
    found = _request(request_id)
    if AnsweredForm().validate_on_submit() and found.answered_at is None:
        subject_access.mark_answered(found, current_user)
        flash(_("The request is marked as answered."), "success")
    return redirect(url_for("records.request_page", request_id=found.id))
