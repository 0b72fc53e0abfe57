"""The SENCO's pages about people: contacts and invitations, leavers, the new school year."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.access import current_school as school
from portal.access import senco_only
from portal.extensions import db
from portal.models import Contact, Pupil, Role, today
from portal.records import bp, contacts, leavers
from portal.records.forms import ContactForm, LeaverForm


def _pupil(pupil_id: int, action: str = "pupil.view", leaver_writes: bool = False) -> Pupil:
    return access.pupil_for(
        current_user, pupil_id, Role.SENCO, action=action, leaver_writes=leaver_writes
    )


@bp.get("/senco/records/pupils/<int:pupil_id>/contacts")
@senco_only
def pupil_contacts(pupil_id: int):
    pupil = _pupil(pupil_id, action="contact.list")
    return render_template(
        "records/contacts.html", pupil=pupil, contacts=contacts.of_pupil(pupil.id)
    )


@bp.route("/senco/records/pupils/<int:pupil_id>/contacts/new", methods=["GET", "POST"])
@bp.route("/senco/records/pupils/<int:pupil_id>/contacts/<int:contact_id>", methods=["GET", "POST"])
@senco_only
def contact_form(pupil_id: int, contact_id: int | None = None):
    pupil = _pupil(pupil_id, action="" if request.method == "POST" else "contact.view")
    contact = Contact(pupil_id=pupil.id, pupil=pupil)
    if contact_id is not None:
        contact = access.contact_for(current_user, pupil.id, contact_id)
    if request.method == "GET" and contact.id is not None:
        form = ContactForm(obj=contact)
    else:
        form = ContactForm()
    if form.validate_on_submit():
        contacts.save(contact, form.data, current_user)
        flash(_("%(name)s's details have been saved.", name=contact.full_name), "success")
        return redirect(url_for("records.pupil_contacts", pupil_id=pupil.id))
    return render_template(
        "records/contact_form.html", form=form, pupil=pupil, contact=contact
    ), 400 if form.errors else 200


@bp.route("/senco/records/contacts/invite", methods=["GET", "POST"])
@senco_only
def invite_contacts():
    here = school()
    if request.method == "POST":
        sent = contacts.invite_all(here, current_user)
        flash(
            _("%(num)d invitations have been sent, each in the contact's language.", num=sent),
            "success",
        )
        return redirect(url_for("records.invite_contacts"))
    plan = contacts.invite_plan(here)
    return render_template(
        "records/invite.html",
        plan=plan,
        locale_of=lambda c: contacts.invitation_locale(c, here),
    )


@bp.get("/senco/records/leavers")
@senco_only
def leavers_page():
    here = school()
    return render_template(
        "records/leavers.html",
        waiting=leavers.waiting(here.id),
        confirmed=leavers.confirmed(here.id),
        form=LeaverForm(),
    )


@bp.post("/senco/records/leavers/<int:candidate_id>")
@senco_only
def decide_leaver(candidate_id: int):
    candidate = access.possible_leaver_for(current_user, candidate_id)
    _pupil(candidate.pupil_id, action="")
    stays = request.form.get("decision") == "stays"
    form = LeaverForm()
    if stays:
        leavers.decide(candidate, left=False, left_on=None, by=current_user)
        flash(_("%(name)s stays on the roll.", name=candidate.pupil.full_name), "success")
    elif form.validate_on_submit():
        if form.left_on.data > today():
            flash(_("The date they left cannot be in the future."), "error")
        else:
            leavers.decide(candidate, left=True, left_on=form.left_on.data, by=current_user)
            flash(_("%(name)s is recorded as a leaver.", name=candidate.pupil.full_name), "success")
    else:
        flash(_("Enter the date they left as a real date."), "error")
    return redirect(url_for("records.leavers_page"))


@bp.post("/senco/records/pupils/<int:pupil_id>/returned")
@senco_only
def undo_leaving(pupil_id: int):
    pupil = _pupil(pupil_id, action="", leaver_writes=True)
    if pupil.left_at is not None:
        leavers.undo_leaving(pupil, current_user)
        flash(_("%(name)s is back on the roll.", name=pupil.full_name), "success")
    return redirect(url_for("staff.pupil", pupil_id=pupil.id))


@bp.route("/senco/records/new-year", methods=["GET", "POST"])
@senco_only
def new_year():
    here = school()
    plan = leavers.rollover_plan(here)
    if request.method == "POST":
        if plan.done:
            flash(_("The %(year)s school year has already been started.", year=plan.label), "error")
        else:
            leavers.roll_over(here, plan, current_user)
            flash(
                _(
                    "The %(year)s school year has started: year groups moved up, and the leavers "
                    "are listed for you to confirm.",
                    year=plan.label,
                ),
                "success",
            )
            return redirect(url_for("records.leavers_page"))
    db.session.commit()
    by_year: dict[int, int] = {}
    for pupil in plan.moving:
        by_year[pupil.year_group] = by_year.get(pupil.year_group, 0) + 1
    return render_template("records/new_year.html", plan=plan, by_year=sorted(by_year.items()))


@bp.post("/senco/records/pupils/<int:pupil_id>/left")
@senco_only
def mark_left(pupil_id: int):
    pupil = _pupil(pupil_id, action="")
    form = LeaverForm()
    if form.validate_on_submit() and form.left_on.data <= today():
        leavers.mark_left(pupil, form.left_on.data, current_user)
        flash(_("%(name)s is recorded as a leaver.", name=pupil.full_name), "success")
    else:
        flash(_("Enter the date they left as a real date, not in the future."), "error")
    return redirect(url_for("staff.pupil", pupil_id=pupil.id))


def leaver_read_only(error):
    """Registered for the whole app (records' init_app): a leaver's record is read-only."""
    db.session.rollback()
    return render_template("records/leaver_read_only.html"), 409
