"""A parent raises a concern, one question a page, and follows it to its close.

Every step saves to a draft on the server, valid or not, so a closed phone or a lost signal
loses nothing: coming back opens the step where they stopped.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, web
from portal.concerns import bp, services
from portal.concerns.forms import STEP_FORMS, MessageForm
from portal.forms_common import SendForm
from portal.languages.display import school_words
from portal.models import ConcernStatus, Role, TranslatedKind
from portal.people import school_contacts


@bp.route("/families/children/<int:pupil_id>/concerns/new", methods=["GET", "POST"])
@access.parent_only
def family_start(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.PARENT)
    form = SendForm()
    if form.validate_on_submit():
        concern = services.start(current_user, pupil, web.page_language())
        return redirect(url_for(".family_step", concern_id=concern.id, step=concern.step))
    return render_template(
        "concerns/family_start.html",
        pupil=pupil,
        form=form,
        draft=services.draft_for(current_user, pupil),
        steps=len(services.STEPS),
    )


def _step_url(concern, step: str, change: bool = False) -> str:
    return url_for(".family_step", concern_id=concern.id, step=step, change=1 if change else None)


@bp.route("/families/concerns/<int:concern_id>/<step>", methods=["GET", "POST"])
@access.parent_only
def family_step(concern_id: int, step: str):
    if step not in services.ALL_STEPS:
        abort(404)
    concern = access.concern_for_family(current_user, concern_id)
    if concern.status is not ConcernStatus.DRAFT:
        return redirect(url_for(".family_concern", concern_id=concern.id))
    change = request.args.get("change") == "1" or step == "language"
    form_class = STEP_FORMS[step]
    form = form_class() if request.method == "POST" else form_class(data=_step_data(concern, step))
    action = request.form.get("action", "continue")
    if request.method == "POST" and action in ("save", "back"):
        services.save_step(concern, step, _posted(form), current_user)
        if action == "save":
            flash(_("Your answers are saved. You can carry on at any time."), "success")
            return redirect(url_for("families.child", pupil_id=concern.pupil_id))
        return redirect(_previous(concern, step))
    if form.validate_on_submit():
        services.save_step(concern, step, _posted(form), current_user)
        if change:
            return redirect(url_for(".family_check", concern_id=concern.id))
        return redirect(_next(concern, step))
    if request.method == "POST":
        # Keep what was typed even though it is not complete yet.
        services.save_step(concern, step, _posted(form), current_user)
    return render_template(
        "concerns/family_step.html",
        concern=concern,
        pupil=concern.pupil,
        step=step,
        form=form,
        change=change,
        number=services.STEPS.index(step) + 1 if step in services.STEPS else None,
        total=len(services.STEPS),
        back_url=_previous(concern, step),
    ), (400 if form.errors else 200)


@bp.post("/families/concerns/<int:concern_id>/<step>/autosave")
@access.parent_only
def family_autosave(concern_id: int, step: str):
    """While typing (htmx): keep the words without moving on."""
    if step not in services.ALL_STEPS:
        abort(404)
    concern = access.concern_for_family(current_user, concern_id, action="")
    if concern.status is not ConcernStatus.DRAFT:
        abort(409)
    return web.autosave(
        STEP_FORMS[step](),
        lambda form: services.save_step(concern, step, _posted(form), current_user),
    )


def _step_data(concern, step: str) -> dict:
    if step == "contact":
        return {
            "contact_by": concern.contact_by,
            "contact_phone": concern.contact_phone,
            "contact_note": concern.contact_note,
        }
    field = {"area": "area", "since": "since", "language": "language"}.get(step, step)
    return {
        field: services.value_for(concern, step)
        or (web.page_language() if step == "language" else None)
    }


def _posted(form) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


def _next(concern, step: str) -> str:
    steps = services.STEPS
    i = steps.index(step)
    if i + 1 < len(steps):
        return _step_url(concern, steps[i + 1])
    return url_for(".family_check", concern_id=concern.id)


def _previous(concern, step: str) -> str:
    steps = services.STEPS
    if step not in steps:
        return url_for(".family_check", concern_id=concern.id)
    i = steps.index(step)
    if i == 0:
        return url_for(".family_start", pupil_id=concern.pupil_id)
    return _step_url(concern, steps[i - 1])


@bp.route("/families/concerns/<int:concern_id>/check", methods=["GET", "POST"])
@access.parent_only
def family_check(concern_id: int):
    concern = access.concern_for_family(current_user, concern_id)
    if concern.status is not ConcernStatus.DRAFT:
        return redirect(url_for(".family_concern", concern_id=concern.id))
    form = SendForm()
    if form.validate_on_submit():
        missing = services.missing_step(concern)
        if missing:
            flash(_("Answer this question before you send your concern."), "error")
            return redirect(_step_url(concern, missing))
        services.submit(concern, current_user)
        return redirect(url_for(".family_sent", concern_id=concern.id))
    return render_template(
        "concerns/family_check.html",
        concern=concern,
        pupil=concern.pupil,
        form=form,
        missing=services.missing_step(concern),
        areas=services.AREAS,
        since=services.SINCE,
        contact=services.CONTACT,
    )


@bp.get("/families/concerns/<int:concern_id>/sent")
@access.parent_only
def family_sent(concern_id: int):
    concern = access.concern_for_family(current_user, concern_id)
    if concern.status is ConcernStatus.DRAFT:
        return redirect(url_for(".family_check", concern_id=concern.id))
    return render_template(
        "concerns/family_sent.html",
        concern=concern,
        pupil=concern.pupil,
        contact=services.CONTACT,
        contacts=school_contacts(concern.school_id),
        reply_by=services.reply_due(concern),
        reply_days=services.REPLY_WITHIN_SCHOOL_DAYS,
    )


@bp.get("/families/concerns/<int:concern_id>")
@access.parent_only
def family_concern(concern_id: int):
    concern = access.concern_for_family(current_user, concern_id)
    if concern.status is ConcernStatus.DRAFT:
        return redirect(_step_url(concern, concern.step or services.STEPS[0]))
    return _concern_page(concern, MessageForm())


def _concern_page(concern, form, status: int = 200):
    return render_template(
        "concerns/family_concern.html",
        concern=concern,
        pupil=concern.pupil,
        form=form,
        words=school_words(
            concern.pupil,
            [(TranslatedKind.CONCERN_MESSAGE, m) for m in concern.messages if m.from_school]
            + [(TranslatedKind.CONCERN, concern)],
            asking=True,
        ),
        areas=services.AREAS,
        since=services.SINCE,
        contact=services.CONTACT,
        reply_by=services.reply_due(concern),
    ), status


@bp.post("/families/concerns/<int:concern_id>/messages")
@access.parent_only
def family_message(concern_id: int):
    concern = access.concern_for_family(current_user, concern_id, action="")
    if not concern.is_open:
        abort(409)
    form = MessageForm()
    if form.validate_on_submit():
        services.add_family_message(concern, current_user, form.body.data, web.page_language())
        flash(_("Your message has been sent to the school."), "success")
        return redirect(url_for(".family_concern", concern_id=concern.id) + "#thread")
    return _concern_page(concern, form, 400)
