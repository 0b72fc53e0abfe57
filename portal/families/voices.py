"""Parents raise a concern and give their views before a meeting, one question per page.

Every step saves to a draft on the server, valid or not, so a closed phone or a lost signal
loses nothing: coming back opens the step where they stopped.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.families import bp
from portal.families.forms import (
    STEP_FORMS,
    MessageForm,
    SendForm,
    ViewsAnswerForm,
)
from portal.models import ConcernStatus, FormVersion, Role
from portal.people import school_contacts
from portal.voices import access as voices_access
from portal.voices import concerns
from portal.voices import questions as q
from portal.voices import views as views_service

parent_only = access.role_required(Role.PARENT)


def _locale() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


# Concerns


@bp.route("/children/<int:pupil_id>/concerns/new", methods=["GET", "POST"])
@parent_only
def concern_start(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.PARENT)
    form = SendForm()
    if form.validate_on_submit():
        concern = concerns.start(current_user, pupil, _locale())
        return redirect(url_for(".concern_step", concern_id=concern.id, step=concern.step))
    return render_template(
        "families/concern_start.html",
        pupil=pupil,
        form=form,
        draft=concerns.draft_for(current_user, pupil),
        steps=len(concerns.STEPS),
    )


def _step_url(concern, step: str, change: bool = False) -> str:
    return url_for(".concern_step", concern_id=concern.id, step=step, change=1 if change else None)


@bp.route("/concerns/<int:concern_id>/<step>", methods=["GET", "POST"])
@parent_only
def concern_step(concern_id: int, step: str):
    if step not in concerns.ALL_STEPS:
        abort(404)
    concern = voices_access.concern_for_family(current_user, concern_id)
    if concern.status is not ConcernStatus.DRAFT:
        return redirect(url_for(".concern", concern_id=concern.id))
    change = request.args.get("change") == "1" or step == "language"
    form_class = STEP_FORMS[step]
    form = form_class() if request.method == "POST" else form_class(data=_step_data(concern, step))
    action = request.form.get("action", "continue")
    if request.method == "POST" and action in ("save", "back"):
        concerns.save_step(concern, step, _posted(form), current_user)
        if action == "save":
            flash(_("Your answers are saved. You can carry on at any time."), "success")
            return redirect(url_for(".child", pupil_id=concern.pupil_id))
        return redirect(_previous(concern, step))
    if form.validate_on_submit():
        concerns.save_step(concern, step, _posted(form), current_user)
        if change:
            return redirect(url_for(".concern_check", concern_id=concern.id))
        return redirect(_next(concern, step))
    if request.method == "POST":
        # Keep what was typed even though it is not complete yet.
        concerns.save_step(concern, step, _posted(form), current_user)
    return render_template(
        "families/concern_step.html",
        concern=concern,
        pupil=concern.pupil,
        step=step,
        form=form,
        change=change,
        number=concerns.STEPS.index(step) + 1 if step in concerns.STEPS else None,
        total=len(concerns.STEPS),
        back_url=_previous(concern, step),
    ), (400 if form.errors else 200)


@bp.post("/concerns/<int:concern_id>/<step>/autosave")
@parent_only
def concern_autosave(concern_id: int, step: str):
    """While typing (htmx): keep the words without moving on."""
    if step not in concerns.ALL_STEPS:
        abort(404)
    concern = voices_access.concern_for_family(current_user, concern_id, action="")
    if concern.status is not ConcernStatus.DRAFT:
        abort(409)
    form = STEP_FORMS[step]()
    if not form.validate_on_submit() and "csrf_token" in form.errors:
        abort(400)
    concerns.save_step(concern, step, _posted(form), current_user)
    return render_template("voices/_saved.html", saved=True)


def _step_data(concern, step: str) -> dict:
    if step == "contact":
        return {"contact_by": concern.contact_by, "contact_note": concern.contact_note}
    field = {"area": "area", "since": "since", "language": "language"}.get(step, step)
    return {field: concerns.value_for(concern, step) or (_locale() if step == "language" else None)}


def _posted(form) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


def _next(concern, step: str) -> str:
    steps = concerns.STEPS
    i = steps.index(step)
    if i + 1 < len(steps):
        return _step_url(concern, steps[i + 1])
    return url_for(".concern_check", concern_id=concern.id)


def _previous(concern, step: str) -> str:
    steps = concerns.STEPS
    if step not in steps:
        return url_for(".concern_check", concern_id=concern.id)
    i = steps.index(step)
    if i == 0:
        return url_for(".concern_start", pupil_id=concern.pupil_id)
    return _step_url(concern, steps[i - 1])


@bp.route("/concerns/<int:concern_id>/check", methods=["GET", "POST"])
@parent_only
def concern_check(concern_id: int):
    concern = voices_access.concern_for_family(current_user, concern_id)
    if concern.status is not ConcernStatus.DRAFT:
        return redirect(url_for(".concern", concern_id=concern.id))
    form = SendForm()
    if form.validate_on_submit():
        missing = concerns.missing_step(concern)
        if missing:
            flash(_("Answer this question before you send your concern."), "error")
            return redirect(_step_url(concern, missing))
        concerns.submit(concern, current_user)
        return redirect(url_for(".concern_sent", concern_id=concern.id))
    return render_template(
        "families/concern_check.html",
        concern=concern,
        pupil=concern.pupil,
        form=form,
        missing=concerns.missing_step(concern),
        areas=concerns.AREAS,
        since=concerns.SINCE,
        contact=concerns.CONTACT,
    )


@bp.get("/concerns/<int:concern_id>/sent")
@parent_only
def concern_sent(concern_id: int):
    concern = voices_access.concern_for_family(current_user, concern_id)
    if concern.status is ConcernStatus.DRAFT:
        return redirect(url_for(".concern_check", concern_id=concern.id))
    return render_template(
        "families/concern_sent.html",
        concern=concern,
        pupil=concern.pupil,
        contact=concerns.CONTACT,
        contacts=school_contacts(concern.school_id),
    )


@bp.get("/concerns/<int:concern_id>")
@parent_only
def concern(concern_id: int):
    concern = voices_access.concern_for_family(current_user, concern_id)
    if concern.status is ConcernStatus.DRAFT:
        return redirect(_step_url(concern, concern.step or concerns.STEPS[0]))
    return _concern_page(concern, MessageForm())


def _concern_page(concern, form, status: int = 200):
    return render_template(
        "families/concern.html",
        concern=concern,
        pupil=concern.pupil,
        form=form,
        areas=concerns.AREAS,
        since=concerns.SINCE,
        contact=concerns.CONTACT,
    ), status


@bp.post("/concerns/<int:concern_id>/messages")
@parent_only
def concern_message(concern_id: int):
    concern = voices_access.concern_for_family(current_user, concern_id, action="")
    if not concern.is_open:
        abort(409)
    form = MessageForm()
    if form.validate_on_submit():
        concerns.add_family_message(concern, current_user, form.body.data, _locale())
        flash(_("Your message has been sent to the school."), "success")
        return redirect(url_for(".concern", concern_id=concern.id) + "#thread")
    return _concern_page(concern, form, 400)


# Views before a meeting


@bp.route("/views/<int:request_id>", methods=["GET", "POST"])
@parent_only
def views_start(request_id: int):
    views_request = voices_access.request_for_parent(current_user, request_id)
    form = SendForm()
    if form.validate_on_submit():
        views = views_service.start(
            views_request, current_user, supported=False, language=_locale()
        )
        step = views.step if views.step and q.question(FormVersion.PARENT, views.step) else None
        first = q.questions_for(FormVersion.PARENT)[0].key
        return redirect(url_for(".views_question", request_id=request_id, key=step or first))
    state, views = views_service.state(views_request)
    return render_template(
        "families/views_start.html",
        views_request=views_request,
        meeting=views_request.meeting,
        pupil=views_request.pupil,
        form=form,
        state=state,
        views=views,
        questions=q.questions_for(FormVersion.PARENT),
    )


def _parent_draft(request_id: int):
    views_request = voices_access.request_for_parent(current_user, request_id)
    views = views_service.draft(views_request)
    return views_request, views


@bp.route("/views/<int:request_id>/q/<key>", methods=["GET", "POST"])
@parent_only
def views_question(request_id: int, key: str):
    views_request, views = _parent_draft(request_id)
    question = q.question(FormVersion.PARENT, key)
    if question is None:
        abort(404)
    if views is None:
        return redirect(url_for(".views_start", request_id=request_id))
    pupil = views_request.pupil
    change = request.args.get("change") == "1"
    if request.method == "POST":
        form = ViewsAnswerForm()
    else:
        form = ViewsAnswerForm(data={"answer": (views.answers.get(key) or {}).get("text")})
    form.answer.label.text = question.text_for(name=pupil.first_name)
    before, after = q.neighbours(FormVersion.PARENT, key)
    action = request.form.get("action", "continue")
    if request.method == "POST" and action in ("save", "back"):
        views_service.save_answer(views, key, text=form.answer.data, by=current_user)
        if action == "save":
            flash(_("Your answers are saved. You can carry on at any time."), "success")
            return redirect(url_for(".child", pupil_id=pupil.id))
        return redirect(_views_back(request_id, before))
    if form.validate_on_submit():
        if question.required and not (form.answer.data or "").strip():
            form.answer.errors.append(_("Write your answer"))
        else:
            views_service.save_answer(
                views, key, text=form.answer.data, by=current_user, language=_locale()
            )
            if change or after is None:
                return redirect(url_for(".views_check", request_id=request_id))
            return redirect(url_for(".views_question", request_id=request_id, key=after.key))
    if request.method == "POST":
        views_service.save_answer(views, key, text=form.answer.data, by=current_user)
    questions = q.questions_for(FormVersion.PARENT)
    return render_template(
        "families/views_question.html",
        views_request=views_request,
        pupil=pupil,
        question=question,
        form=form,
        change=change,
        number=[x.key for x in questions].index(key) + 1,
        total=len(questions),
        back_url=_views_back(request_id, before),
    ), (400 if form.errors else 200)


def _views_back(request_id: int, before) -> str:
    if before is None:
        return url_for(".views_start", request_id=request_id)
    return url_for(".views_question", request_id=request_id, key=before.key)


@bp.post("/views/<int:request_id>/q/<key>/autosave")
@parent_only
def views_autosave(request_id: int, key: str):
    views_request, views = _parent_draft(request_id)
    if q.question(FormVersion.PARENT, key) is None or views is None:
        abort(404)
    form = ViewsAnswerForm()
    if not form.validate_on_submit() and "csrf_token" in form.errors:
        abort(400)
    views_service.save_answer(views, key, text=form.answer.data, by=current_user)
    return render_template("voices/_saved.html", saved=True)


@bp.route("/views/<int:request_id>/check", methods=["GET", "POST"])
@parent_only
def views_check(request_id: int):
    views_request, views = _parent_draft(request_id)
    if views is None:
        return redirect(url_for(".views_start", request_id=request_id))
    form = SendForm()
    if form.validate_on_submit():
        missing = views_service.missing(views)
        if missing is not None:
            flash(_("Answer this question before you send your views."), "error")
            return redirect(url_for(".views_question", request_id=request_id, key=missing.key))
        views_service.submit(views, current_user)
        flash(_("Thank you. Your views have been sent to the school."), "success")
        return redirect(url_for(".views_sent", views_id=views.id))
    return render_template(
        "families/views_check.html",
        views_request=views_request,
        views=views,
        pupil=views_request.pupil,
        form=form,
        questions=q.questions_for(FormVersion.PARENT),
        missing=views_service.missing(views),
    )


@bp.get("/views/given/<int:views_id>")
@parent_only
def views_sent(views_id: int):
    views = voices_access.views_for_family(current_user, views_id)
    return render_template(
        "families/views_sent.html",
        views=views,
        pupil=views.pupil,
        meeting=views.request.meeting,
        questions=q.questions_for(views.form_version),
    )
