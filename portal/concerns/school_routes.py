"""The SENCO reads a family's concern, replies, and closes it."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.concerns import bp, services
from portal.concerns.forms import CloseForm, ReplyForm
from portal.models import ConcernStatus
from portal.people import parents_of


@bp.get("/senco/concerns/<int:concern_id>")
@access.senco_only
def senco_concern(concern_id: int):
    concern = access.concern_for_school(current_user, concern_id)
    services.mark_read(concern, current_user)
    return _page(concern, ReplyForm(language=services.reply_language(concern)), CloseForm())


def _page(concern, reply_form, close_form, status: int = 200):
    return render_template(
        "concerns/senco_concern.html",
        concern=concern,
        pupil=concern.pupil,
        reply_form=reply_form,
        close_form=close_form,
        parents=parents_of(concern.pupil),
        areas=services.AREAS,
        since=services.SINCE,
        contact=services.CONTACT,
    ), status


@bp.post("/senco/concerns/<int:concern_id>/reply")
@access.senco_only
def senco_reply(concern_id: int):
    concern = access.concern_for_school(current_user, concern_id, action="")
    form = ReplyForm()
    if concern.status is ConcernStatus.CLOSED:
        form.body.errors = [_("This concern is closed.")]
    elif form.validate_on_submit():
        services.reply(concern, current_user, form.body.data, form.language.data)
        flash(_("Your reply has been sent. The family has been emailed."), "success")
        return redirect(url_for(".senco_concern", concern_id=concern.id) + "#thread")
    return _page(concern, form, CloseForm(formdata=None), 400)


@bp.post("/senco/concerns/<int:concern_id>/close")
@access.senco_only
def senco_close(concern_id: int):
    concern = access.concern_for_school(current_user, concern_id, action="")
    form = CloseForm()
    if concern.status is ConcernStatus.CLOSED:
        form.summary.errors = [_("This concern is already closed.")]
    elif form.validate_on_submit():
        services.close(concern, current_user, form.summary.data)
        flash(_("The concern is closed. The family has been emailed."), "success")
        return redirect(url_for(".senco_concern", concern_id=concern.id))
    return _page(concern, ReplyForm(formdata=None), form, 400)
