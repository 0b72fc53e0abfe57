"""The lead's list of safety alerts and one alert's page, where they record what they did;
the SENCO names the school's leads from the staff page."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, audit
from portal.extensions import db
from portal.models import Role
from portal.people import parents_of, teachers_of
from portal.safeguarding import bp, services
from portal.safeguarding.forms import DealtWithForm

STAFF = (Role.SENCO, Role.TEACHER, Role.ADMIN)


@bp.get("/alerts")
@access.role_required(*STAFF)
def alerts():
    if not services.sees_alerts(current_user):
        abort(404)
    found = services.alerts_for(current_user)
    audit.record_list(current_user, [alert.pupil for alert in found], "safety_alert.list")
    return render_template(
        "safeguarding/alerts.html",
        open_alerts=[a for a in found if a.is_open],
        done_alerts=[a for a in found if not a.is_open],
    )


@bp.route("/alerts/<int:alert_id>", methods=["GET", "POST"])
@access.role_required(*STAFF)
def alert(alert_id: int):
    found = access.safety_alert_for(current_user, alert_id)
    services.mark_seen(found, current_user)
    form = DealtWithForm()
    if found.is_open and form.validate_on_submit():
        services.deal_with(found, current_user, form.note.data)
        flash(_("Thank you. The alert is marked as dealt with."), "success")
        return redirect(url_for(".alerts"))
    pupil = found.pupil
    return render_template(
        "safeguarding/alert.html",
        alert=found,
        pupil=pupil,
        form=form,
        parents=parents_of(pupil),
        teachers=teachers_of(pupil),
        by_pupil=found.raised_by_id is not None and found.raised_by_id == pupil.user_id,
        pupil_page=access.can_reach(current_user, pupil, Role.TEACHER, Role.SENCO),
    ), 400 if form.errors else 200


@bp.post("/leads/<int:membership_id>")
@access.senco_only
def lead(membership_id: int):
    """Name a member of staff as a designated safeguarding lead, or no longer."""
    membership = access.staff_membership_for(current_user, membership_id)
    school, person = membership.school, membership.user
    if request.form.get("lead") == "1":
        if not membership.active:
            flash(_("Restore %(name)s's access first.", name=person.full_name), "error")
            return redirect(url_for("school.staff") + "#leads")
        services.add_lead(school, person, current_user)
        flash(_("%(name)s is now a safeguarding lead.", name=person.full_name), "success")
    else:
        services.remove_lead(school, person, current_user)
        flash(_("%(name)s is no longer a safeguarding lead.", name=person.full_name), "success")
    db.session.commit()
    return redirect(url_for("school.staff") + "#leads")
