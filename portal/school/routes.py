"""The SENCO keeps the school's records: pupils and who works with them, inviting families
and staff, the staff list, open invitations, and the audit log."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, audit, web
from portal.auth import services as accounts
from portal.forms_common import options
from portal.models import Pupil, Role
from portal.records import notice
from portal.safeguarding.services import safeguarding_leads
from portal.school import bp, services
from portal.school.forms import InviteFamilyForm, InviteStaffForm, LinkTeacherForm, PupilForm


def _pupil(pupil_id: int, action: str = "pupil.view") -> Pupil:
    return access.pupil_for(current_user, pupil_id, Role.SENCO, action=action)


@bp.route("/senco/pupils/new", methods=["GET", "POST"])
@access.senco_only
def new_pupil():
    form = PupilForm()
    school = access.current_school()
    if form.validate_on_submit():
        if services.upn_taken(school.id, form.upn.data):
            form.upn.errors.append(_("Another pupil at this school already has this UPN"))
        else:
            pupil = services.save_pupil(Pupil(school_id=school.id), form.data, current_user)
            flash(_("%(name)s has been added.", name=pupil.full_name), "success")
            return redirect(url_for("staff.pupil", pupil_id=pupil.id))
    return render_template("school/pupil_form.html", form=form, pupil=None), (
        400 if form.errors else 200
    )


@bp.route("/senco/pupils/<int:pupil_id>/edit", methods=["GET", "POST"])
@access.senco_only
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
            waiting = notice.waiting(pupil.id)
            if waiting:
                # Starting or stopping SEN support is complete once the family is told (6.43).
                flash(_("The changes have been saved. Now choose how the family is told."))
                return redirect(url_for("records.tell_family", change_id=waiting[-1].id))
            flash(_("The changes have been saved."), "success")
            return redirect(url_for("staff.pupil", pupil_id=pupil.id))
    return render_template("school/pupil_form.html", form=form, pupil=pupil), (
        400 if form.errors else 200
    )


@bp.route("/senco/pupils/<int:pupil_id>/invite", methods=["GET", "POST"])
@access.senco_only
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
    return render_template("school/invite_family.html", form=form, pupil=pupil, days=days), (
        400 if form.errors else 200
    )


@bp.post("/senco/pupils/<int:pupil_id>/staff")
@access.senco_only
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


@bp.post("/senco/pupils/<int:pupil_id>/staff/<int:link_id>/remove")
@access.senco_only
def unlink_teacher(pupil_id: int, link_id: int):
    link = access.teacher_link_for(current_user, pupil_id, link_id)
    pupil = link.pupil
    name = link.user.full_name
    services.unlink_teacher(link, current_user)
    flash(_("%(name)s no longer sees this pupil.", name=name), "success")
    return redirect(url_for("staff.pupil", pupil_id=pupil.id) + "#staff")


@bp.route("/senco/staff", methods=["GET", "POST"])
@access.senco_only
def staff():
    school = access.current_school()
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
        return redirect(url_for("school.staff"))
    members = services.school_staff(school.id)
    leads = {person.id for person in safeguarding_leads(school)}
    return render_template("school/staff.html", form=form, members=members, leads=leads), (
        400 if form.errors else 200
    )


@bp.post("/senco/staff/<int:membership_id>/active")
@access.senco_only
def staff_active(membership_id: int):
    membership = access.staff_membership_for(current_user, membership_id)
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
    return redirect(url_for("school.staff"))


@bp.get("/senco/invitations")
@access.senco_only
def invitations():
    school = access.current_school()
    return render_template(
        "school/invitations.html", invitations=services.open_invitations(school.id)
    )


@bp.post("/senco/invitations/<int:invitation_id>/revoke")
@access.senco_only
def revoke_invitation(invitation_id: int):
    invitation = access.invitation_for(current_user, invitation_id)
    accounts.revoke_invitation(invitation, current_user)
    flash(_("The invitation to %(email)s has been cancelled.", email=invitation.email), "success")
    return redirect(url_for("school.invitations"))


@bp.get("/senco/audit")
@access.senco_only
def audit_log():
    school = access.current_school()
    page = web.page_number()
    pupil_id = request.args.get("pupil", type=int)
    if pupil_id:
        _pupil(pupil_id, action="")
    log = services.audit_page(school.id, page=page, pupil_id=pupil_id)
    audit.record_read(current_user, "audit.view", school_id=school.id)
    return render_template(
        "school/audit.html",
        log=log,
        page=page,
        per_page=50,
        pupil_id=pupil_id,
        limit=format_number(services.AUDIT_COUNT_LIMIT),
    )
