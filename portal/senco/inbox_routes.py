"""The SENCO's inbox, concerns (read, reply, close) and each pupil's timeline."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, audit, feeds
from portal.models import ConcernStatus, Role
from portal.people import parents_of
from portal.senco import bp
from portal.senco.voices_forms import CloseForm, InboxFilterForm, ReplyForm
from portal.voices import access as voices_access
from portal.voices import concerns

senco_only = access.role_required(Role.SENCO)


@bp.get("/inbox")
@senco_only
def inbox():
    school = access.current_membership().school
    form = InboxFilterForm(request.args)
    form.validate()
    year = form.year.data if (form.year.data or "").lstrip("-").isdigit() else None
    query = feeds.InboxQuery(
        school_id=school.id,
        year_group=int(year) if year is not None else None,
        open_only=form.show.data != "all",
    )
    kinds = [form.kind.data] if form.kind.data else None
    items = feeds.inbox.collect(query, kinds=kinds)
    if form.sort.data == "newest":
        items = feeds.newest_first(items)
    else:
        items = feeds.oldest_unread_first(items)
    audit.record_list(current_user, list({i.pupil.id: i.pupil for i in items}.values()))
    template = "senco/_inbox_items.html" if request.htmx else "senco/inbox.html"
    return render_template(
        template, form=form, items=items, unread=sum(1 for i in items if i.unread)
    )


@bp.get("/concerns/<int:concern_id>")
@senco_only
def concern(concern_id: int):
    concern = voices_access.concern_for_school(current_user, concern_id)
    concerns.mark_read(concern, current_user)
    return _page(concern, ReplyForm(), CloseForm())


def _page(concern, reply_form, close_form, status: int = 200):
    return render_template(
        "senco/concern.html",
        concern=concern,
        pupil=concern.pupil,
        reply_form=reply_form,
        close_form=close_form,
        parents=parents_of(concern.pupil),
        areas=concerns.AREAS,
        since=concerns.SINCE,
        contact=concerns.CONTACT,
    ), status


@bp.post("/concerns/<int:concern_id>/reply")
@senco_only
def concern_reply(concern_id: int):
    concern = voices_access.concern_for_school(current_user, concern_id, action="")
    form = ReplyForm()
    if concern.status is ConcernStatus.CLOSED:
        form.body.errors = [_("This concern is closed.")]
    elif form.validate_on_submit():
        concerns.reply(concern, current_user, form.body.data)
        flash(_("Your reply has been sent. The family has been emailed."), "success")
        return redirect(url_for(".concern", concern_id=concern.id) + "#thread")
    return _page(concern, form, CloseForm(formdata=None), 400)


@bp.post("/concerns/<int:concern_id>/close")
@senco_only
def concern_close(concern_id: int):
    concern = voices_access.concern_for_school(current_user, concern_id, action="")
    form = CloseForm()
    if concern.status is ConcernStatus.CLOSED:
        form.summary.errors = [_("This concern is already closed.")]
    elif form.validate_on_submit():
        concerns.close(concern, current_user, form.summary.data)
        flash(_("The concern is closed. The family has been emailed."), "success")
        return redirect(url_for(".concern", concern_id=concern.id))
    return _page(concern, ReplyForm(formdata=None), form, 400)


@bp.get("/pupils/<int:pupil_id>/timeline")
@senco_only
def timeline(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.SENCO, action="pupil.timeline")
    items = feeds.newest_first(feeds.timeline.collect(pupil, current_user))
    return render_template("senco/timeline.html", pupil=pupil, items=items)
