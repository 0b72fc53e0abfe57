"""The adult a worry was sent to reads it (the pupil sees when) and replies; a safeguarding
lead reads a worry where the pupil said they do not feel safe."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, audit
from portal.access import STAFF_ROLES
from portal.worries import bp, services
from portal.worries.forms import SAFE_CHOICES, ReplyForm


@bp.get("/worries/")
@access.staff_only
def staff_list():
    worries = services.for_staff(current_user, access.current_school().id)
    audit.record_list(current_user, [w.pupil for w in worries], "worry.list")
    return render_template("worries/staff_list.html", worries=worries)


@bp.route("/worries/<int:worry_id>", methods=["GET", "POST"])
@access.staff_only
def staff_worry(worry_id: int):
    worry = access.worry_for_staff(current_user, worry_id)
    services.mark_read(worry, current_user)
    form = ReplyForm()
    may_reply = worry.to_id == current_user.id
    if may_reply and form.validate_on_submit():
        services.reply(worry, form.reply.data, current_user)
        flash(_("Your reply is on the pupil's page now."), "success")
        return redirect(url_for(".staff_worry", worry_id=worry.id))
    return render_template(
        "worries/staff_worry.html",
        worry=worry,
        pupil=worry.pupil,
        cards=services.about_cards(worry),
        safe=next(
            (c for c in SAFE_CHOICES if worry.feels_safe and c.value == worry.feels_safe.value),
            None,
        ),
        form=form,
        may_reply=may_reply,
        pupil_page=access.can_reach(current_user, worry.pupil, *STAFF_ROLES),
    ), 400 if form.errors else 200
