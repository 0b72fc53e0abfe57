"""A parent gives their own views before a meeting, one question a page.

Every page saves to the draft, valid or not, so nothing typed is lost; sent views are never
changed, a change makes a new version.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, web
from portal.forms_common import SendForm
from portal.models import FormVersion
from portal.pupil_views import answers, bp
from portal.pupil_views import questions as q
from portal.pupil_views import services as views_service
from portal.pupil_views.forms import ViewsAnswerForm


@bp.route("/families/views/<int:request_id>", methods=["GET", "POST"])
@access.parent_only
def parent_start(request_id: int):
    views_request = access.views_request_for_parent(current_user, request_id)
    form = SendForm()
    if form.validate_on_submit():
        views = views_service.start(
            views_request, current_user, supported=False, language=web.page_language()
        )
        step = views.step if views.step and q.question(FormVersion.PARENT, views.step) else None
        first = q.questions_for(FormVersion.PARENT)[0].key
        return redirect(url_for(".parent_question", request_id=request_id, key=step or first))
    state, views = views_service.state(views_request)
    return render_template(
        "pupil_views/parent_start.html",
        views_request=views_request,
        meeting=views_request.meeting,
        pupil=views_request.pupil,
        form=form,
        state=state,
        views=views,
        questions=q.questions_for(FormVersion.PARENT),
    )


def _parent_draft(request_id: int):
    views_request = access.views_request_for_parent(current_user, request_id)
    views = views_service.draft(views_request)
    return views_request, views


@bp.route("/families/views/<int:request_id>/q/<key>", methods=["GET", "POST"])
@access.parent_only
def parent_question(request_id: int, key: str):
    views_request, views = _parent_draft(request_id)
    question = q.question(FormVersion.PARENT, key)
    if question is None:
        abort(404)
    if views is None:
        return redirect(url_for(".parent_start", request_id=request_id))
    pupil = views_request.pupil
    change = request.args.get("change") == "1"
    if request.method == "POST":
        form = ViewsAnswerForm()
    else:
        form = ViewsAnswerForm(data={"answer": (views.answers.get(key) or {}).get("text")})
    form.answer.label.text = question.text_for(name=pupil.first_name)
    before, after = q.neighbours(q.questions_for(FormVersion.PARENT), key)
    action = request.form.get("action", "continue")
    if request.method == "POST" and action in ("save", "back"):
        views_service.save_answer(
            views, key, text=form.answer.data, by=current_user, text_language=web.page_language()
        )
        if action == "save":
            flash(_("Your answers are saved. You can carry on at any time."), "success")
            return redirect(url_for("families.child", pupil_id=pupil.id))
        return redirect(_views_back(request_id, before))
    if form.validate_on_submit():
        if question.required and not (form.answer.data or "").strip():
            form.answer.errors.append(_("Write your answer"))
        else:
            views_service.save_answer(
                views, key, text=form.answer.data, by=current_user, language=web.page_language()
            )
            if change or after is None:
                return redirect(url_for(".parent_check", request_id=request_id))
            return redirect(url_for(".parent_question", request_id=request_id, key=after.key))
    if request.method == "POST":
        views_service.save_answer(
            views, key, text=form.answer.data, by=current_user, text_language=web.page_language()
        )
    questions = q.questions_for(FormVersion.PARENT)
    return render_template(
        "pupil_views/parent_question.html",
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
        return url_for(".parent_start", request_id=request_id)
    return url_for(".parent_question", request_id=request_id, key=before.key)


@bp.post("/families/views/<int:request_id>/q/<key>/autosave")
@access.parent_only
def parent_autosave(request_id: int, key: str):
    views_request, views = _parent_draft(request_id)
    if q.question(FormVersion.PARENT, key) is None or views is None:
        abort(404)
    return web.autosave(
        ViewsAnswerForm(),
        lambda form: views_service.save_answer(
            views, key, text=form.answer.data, by=current_user, text_language=web.page_language()
        ),
    )


@bp.route("/families/views/<int:request_id>/check", methods=["GET", "POST"])
@access.parent_only
def parent_check(request_id: int):
    views_request, views = _parent_draft(request_id)
    if views is None:
        return redirect(url_for(".parent_start", request_id=request_id))
    form = SendForm()
    if form.validate_on_submit():
        missing = views_service.missing(views, q.questions_for(FormVersion.PARENT))
        if missing is not None:
            flash(_("Answer this question before you send your views."), "error")
            return redirect(
                url_for(".parent_question", request_id=request_id, key=missing.key, change=1)
            )
        views_service.submit(views, current_user)
        flash(_("Thank you. Your views have been sent to the school."), "success")
        return redirect(url_for(".parent_sent", views_id=views.id))
    return render_template(
        "pupil_views/parent_check.html",
        views_request=views_request,
        views=views,
        pupil=views_request.pupil,
        form=form,
        items=answers.shown(views),
        missing=views_service.missing(views, q.questions_for(FormVersion.PARENT)),
    )


@bp.get("/families/views/given/<int:views_id>")
@access.parent_only
def parent_sent(views_id: int):
    views = access.views_for_family(current_user, views_id)
    return render_template(
        "pupil_views/parent_sent.html",
        views=views,
        pupil=views.pupil,
        meeting=views.request.meeting,
        items=answers.shown(views),
    )
