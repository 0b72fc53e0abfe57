"""Each person chooses how they are reminded: email, text or none."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import audit, sms
from portal.extensions import db
from portal.models import Channel, ReminderPreference
from portal.reminders import bp
from portal.reminders.forms import ReminderForm


@bp.route("/account/reminders", methods=["GET", "POST"])
@login_required
def preferences():
    saved = db.session.scalar(
        sa.select(ReminderPreference).where(ReminderPreference.user_id == current_user.id)
    )
    if request.method == "POST":
        form = ReminderForm()
    else:
        form = ReminderForm(
            channel=(saved.channel if saved else Channel.EMAIL).value,
            mobile=saved.mobile if saved else "",
        )
    if form.validate_on_submit():
        preference = saved or ReminderPreference(user_id=current_user.id)
        preference.channel = Channel(form.channel.data)
        preference.mobile = form.mobile.data or None
        db.session.add(preference)
        audit.record(current_user, "reminders.preference", obj=preference)
        db.session.commit()
        flash(_("Your choice has been saved."), "success")
        return redirect(url_for("reminders.preferences"))
    return render_template("reminders/preferences.html", form=form, texts_on=sms.enabled()), (
        400 if form.errors else 200
    )
