"""The SENCO's pages: the school's pupils, invitations, staff and the audit log."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, audit
from portal.auth import services as accounts
from portal.extensions import db
from portal.forms_common import options
from portal.models import Invitation, Membership, Pupil, Role, TeacherLink
from portal.paging import page_number
from portal.plans import services as plans
from portal.senco import bp, services
from portal.senco.forms import (
    InviteFamilyForm,
    InviteStaffForm,
    LinkTeacherForm,
    PupilFilterForm,
    PupilForm,
)

senco_only = access.role_required(Role.SENCO)


def _school():
    return access.current_membership().school


def _pupil(pupil_id: int, action: str = "pupil.view") -> Pupil:
    return access.pupil_for(current_user, pupil_id, Role.SENCO, action=action)


@bp.get("/")
@senco_only
def home():
    school = _school()
    form = PupilFilterForm(request.args)
    form.validate()
    page = page_number()
    filters = {
        "q": form.q.data or "",
        "year": form.year.data or "",
        "status": form.status.data or "",
    }
    pupils, total = services.pupil_list(school.id, page=page, **filters)
    audit.record_list(current_user, pupils)
    template = "senco/_pupil_rows.html" if request.htmx else "senco/home.html"
    return render_template(
        template,
        form=form,
        pupils=pupils,
        total=total,
        page=page,
        page_size=services.PAGE_SIZE,
        filters={k: v for k, v in filters.items() if v},
        attention=None if request.htmx else plans.attention(school.id),
    )


@bp.route("/pupils/new", methods=["GET", "POST"])
@senco_only
def new_pupil():
    form = PupilForm()
    school = _school()
    if form.validate_on_submit():
        if services.upn_taken(school.id, form.upn.data):
            form.upn.errors.append(_("Another pupil at this school already has this UPN"))
        else:
            pupil = services.save_pupil(Pupil(school_id=school.id), form.data, current_user)
            flash(_("%(name)s has been added.", name=pupil.full_name), "success")
            return redirect(url_for("staff.pupil", pupil_id=pupil.id))
    return render_template("senco/pupil_form.html", form=form, pupil=None), (
        400 if form.errors else 200
    )


@bp.route("/pupils/<int:pupil_id>/edit", methods=["GET", "POST"])
@senco_only
def edit_pupil(pupil_id: int):
    pupil = _pupil(pupil_id)
    if request.method == "GET":
        form = PupilForm(
            obj=pupil,
            sen_status=pupil.sen_status.value,
            primary_need=pupil.needs[0].code.value if pupil.needs else "",
            secondary_need=pupil.needs[1].code.value if len(pupil.needs) > 1 else "",
        )
    else:
        form = PupilForm()
    if form.validate_on_submit():
        if services.upn_taken(pupil.school_id, form.upn.data, pupil.id):
            form.upn.errors.append(_("Another pupil at this school already has this UPN"))
        else:
            services.save_pupil(pupil, form.data, current_user)
            flash(_("The changes have been saved."), "success")
            return redirect(url_for("staff.pupil", pupil_id=pupil.id))
    return render_template("senco/pupil_form.html", form=form, pupil=pupil), (
        400 if form.errors else 200
    )


@bp.route("/pupils/<int:pupil_id>/invite", methods=["GET", "POST"])
@senco_only
def invite_family(pupil_id: int):
    pupil = _pupil(pupil_id)
    form = InviteFamilyForm()
    if form.validate_on_submit():
        role = Role.PARENT if form.who.data == "parent" else Role.PUPIL
        if role is Role.PUPIL and pupil.user_id is not None:
            form.who.errors.append(_("This pupil already has an account."))
        else:
            accounts.invite(
                school=pupil.school,
                invited_by=current_user,
                email=form.email.data,
                full_name=form.full_name.data,
                role=role,
                pupil=pupil,
                relationship=form.relationship.data if role is Role.PARENT else None,
                locale=form.locale.data,
            )
            flash(_("The invitation has been sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("staff.pupil", pupil_id=pupil.id))
    days = current_app.config["INVITATION_DAYS"]
    return render_template("senco/invite_family.html", form=form, pupil=pupil, days=days), (
        400 if form.errors else 200
    )


@bp.post("/pupils/<int:pupil_id>/staff")
@senco_only
def link_teacher(pupil_id: int):
    pupil = _pupil(pupil_id, action="")
    form = LinkTeacherForm()
    staff = {m.user_id: m.user for m in services.school_teachers(pupil.school_id)}
    form.user_id.choices = options((user_id, user.full_name) for user_id, user in staff.items())
    if form.validate_on_submit():
        teacher = staff[form.user_id.data]
        services.link_teacher(pupil, teacher, current_user)
        flash(_("%(name)s can now see this pupil.", name=teacher.full_name), "success")
    else:
        flash(_("Choose a member of staff from the list."), "error")
    return redirect(url_for("staff.pupil", pupil_id=pupil.id) + "#staff")


@bp.post("/pupils/<int:pupil_id>/staff/<int:link_id>/remove")
@senco_only
def unlink_teacher(pupil_id: int, link_id: int):
    pupil = _pupil(pupil_id, action="")
    link = db.session.get(TeacherLink, link_id)
    if link is None or link.pupil_id != pupil.id:
        abort(404)
    name = link.user.full_name
    services.unlink_teacher(link, current_user)
    flash(_("%(name)s no longer sees this pupil.", name=name), "success")
    return redirect(url_for("staff.pupil", pupil_id=pupil.id) + "#staff")


@bp.route("/staff", methods=["GET", "POST"])
@senco_only
def staff():
    school = _school()
    form = InviteStaffForm()
    if form.validate_on_submit():
        accounts.invite(
            school=school,
            invited_by=current_user,
            email=form.email.data,
            full_name=form.full_name.data,
            role=Role(form.role.data),
            title=form.title.data,
        )
        flash(_("The invitation has been sent to %(email)s.", email=form.email.data), "success")
        return redirect(url_for("senco.staff"))
    members = services.school_staff(school.id)
    return render_template("senco/staff.html", form=form, members=members), (
        400 if form.errors else 200
    )


@bp.post("/staff/<int:membership_id>/active")
@senco_only
def staff_active(membership_id: int):
    school = _school()
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.school_id != school.id or not membership.role.is_staff:
        abort(404)
    if membership.user_id == current_user.id:
        flash(_("You cannot remove your own access."), "error")
    else:
        active = request.form.get("active") == "1"
        services.set_membership_active(membership, active, current_user)
        flash(
            _("Access restored for %(name)s.", name=membership.user.full_name)
            if active
            else _("Access removed for %(name)s.", name=membership.user.full_name),
            "success",
        )
    return redirect(url_for("senco.staff"))


@bp.get("/invitations")
@senco_only
def invitations():
    school = _school()
    return render_template(
        "senco/invitations.html", invitations=services.open_invitations(school.id)
    )


@bp.post("/invitations/<int:invitation_id>/revoke")
@senco_only
def revoke_invitation(invitation_id: int):
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.school_id != _school().id:
        abort(404)
    accounts.revoke_invitation(invitation, current_user)
    flash(_("The invitation to %(email)s has been cancelled.", email=invitation.email), "success")
    return redirect(url_for("senco.invitations"))


@bp.get("/audit")
@senco_only
def audit_log():
    school = _school()
    page = page_number()
    pupil_id = request.args.get("pupil", type=int)
    if pupil_id:
        _pupil(pupil_id, action="")
    events, total, pupils = services.audit_page(school.id, page=page, pupil_id=pupil_id)
    audit.record_read(current_user, "audit.view", school_id=school.id)
    return render_template(
        "senco/audit.html",
        events=events,
        total=total,
        page=page,
        per_page=50,
        pupils=pupils,
        pupil_id=pupil_id,
    )
