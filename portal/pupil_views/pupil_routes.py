"""The pupil's views form, in easy-read: one question a page, symbols, faces, read aloud.

A pupil with an account fills it in themself. For a pupil without one, an adult who works
with them (a linked teacher, the SENCO, a parent) opens it and sits beside them, and at the
end records who helped and how the views were gathered. Every page saves to the draft, so
nothing times out and loses the pupil's words.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, web
from portal.forms_common import SendForm
from portal.models import FormVersion, Membership, Role
from portal.pupil_views import bp
from portal.pupil_views import questions as q
from portal.pupil_views import services as views_service
from portal.pupil_views.forms import (
    HELPED_CHOICES,
    FeelingsForm,
    HelpedForm,
    SupportForm,
    TextAnswerForm,
)

form_roles = access.role_required(Role.PUPIL, *access.SUPPORTER_ROLES)


def _load(request_id: int):
    views_request, supported = access.views_request_for_pupil_form(current_user, request_id)
    return views_request, supported, views_service.draft(views_request)


def _page(template: str, views_request, supported: bool, status: int = 200, **context):
    version = (
        context["views"].form_version
        if context.get("views")
        else views_service.form_version(views_request)
    )
    return render_template(
        template,
        views_request=views_request,
        pupil=views_request.pupil,
        meeting=views_request.meeting,
        supported=supported,
        version=version,
        symbols_first=version is FormVersion.PRIMARY,
        **context,
    ), status


def _home_for(views_request, supported: bool) -> str:
    """Where "stop for now" goes: the pupil's page, or the adult's page about the pupil."""
    if not supported:
        return url_for("pupils.home")
    membership = access.current_membership()
    if membership is not None and membership.role is Role.PARENT:
        return url_for("families.child", pupil_id=views_request.pupil_id)
    return url_for("staff.pupil", pupil_id=views_request.pupil_id)


@bp.route("/views/<int:request_id>/", methods=["GET", "POST"])
@form_roles
def start(request_id: int):
    views_request, supported, draft = _load(request_id)
    form = SendForm()
    if form.validate_on_submit():
        views = views_service.start(
            views_request, current_user, supported=supported, language=web.page_language()
        )
        return redirect(_resume_url(views_request, views))
    state, views = views_service.state(views_request)
    questions = q.questions_for(views.form_version if views else _version(views_request))
    return _page(
        "pupil_views/start.html",
        views_request,
        supported,
        form=form,
        state=state,
        views=views,
        count=len(questions),
    )


def _version(views_request) -> FormVersion:
    return views_service.form_version(views_request)


def _resume_url(views_request, views) -> str:
    if views.step == "check":
        return url_for(".check", request_id=views_request.id)
    if views.step == "helped":
        return url_for(".helped", request_id=views_request.id)
    if views.step and q.question(views.form_version, views.step):
        return url_for(".question", request_id=views_request.id, key=views.step)
    first = q.questions_for(views.form_version)[0]
    return url_for(".question", request_id=views_request.id, key=first.key)


@bp.route("/views/<int:request_id>/q/<key>", methods=["GET", "POST"])
@form_roles
def question(request_id: int, key: str):
    views_request, supported, views = _load(request_id)
    if views is None:
        return redirect(url_for(".start", request_id=request_id))
    version = views.form_version
    the_question = q.question(version, key)
    if the_question is None:
        abort(404)
    questions = q.questions_for(version)
    before, after = q.neighbours(version, key)
    feelings = the_question.kind == q.FEELINGS
    change = request.args.get("change") == "1"
    if request.method == "POST":
        form = FeelingsForm() if feelings else TextAnswerForm()
    elif feelings:
        form = FeelingsForm(data={"feeling": (views.feelings or {}).get(key)})
    else:
        form = TextAnswerForm(data={"answer": (views.answers.get(key) or {}).get("text")})

    action = request.form.get("action", "next")
    if request.method == "POST":
        if action in ("back", "stop"):
            _save(views, the_question, form)
            if action == "stop":
                flash(_("Your answers are saved. You can carry on later."), "success")
                return redirect(_home_for(views_request, supported))
            return redirect(_back_url(request_id, before))
        if form.validate_on_submit():
            if not feelings and not (form.answer.data or "").strip() and not form.choice.data:
                form.answer.errors.append(
                    _("Write your answer, or press “I'm not sure” or “I'd rather not say”.")
                )
            else:
                _save(views, the_question, form, language=web.page_language())
                if change:
                    return redirect(url_for(".check", request_id=request_id))
                if after is None:
                    return redirect(url_for(".helped", request_id=request_id))
                return redirect(url_for(".question", request_id=request_id, key=after.key))
        else:
            _save(views, the_question, form)
    elif views.step != key:
        views_service.save_step(views, key)

    text, chosen = q.answer_words(the_question, views.answers or {}, views.feelings or {})
    return _page(
        "pupil_views/question.html",
        views_request,
        supported,
        400 if form.errors else 200,
        views=views,
        question=the_question,
        form=form,
        number=[x.key for x in questions].index(key) + 1,
        total=len(questions),
        chosen=None if feelings else chosen,
        change=change,
        feeling_choices=q.FEELING_CHOICES,
        opt_outs=q.OPT_OUT_CHOICES,
    )


def _save(views, the_question, form, language: str | None = None) -> None:
    if the_question.kind == q.FEELINGS:
        views_service.save_answer(
            views, the_question.key, choice=form.feeling.data, by=current_user, language=language
        )
    else:
        views_service.save_answer(
            views,
            the_question.key,
            text=form.answer.data,
            choice=form.choice.data,
            by=current_user,
            language=language,
        )


def _back_url(request_id: int, before) -> str:
    if before is None:
        return url_for(".start", request_id=request_id)
    return url_for(".question", request_id=request_id, key=before.key)


@bp.post("/views/<int:request_id>/q/<key>/autosave")
@form_roles
def autosave(request_id: int, key: str):
    """While typing (htmx): keep the words without moving on."""
    views_request, supported, views = _load(request_id)
    if views is None:
        abort(404)
    the_question = q.question(views.form_version, key)
    if the_question is None or the_question.kind != q.TEXT:
        abort(404)
    return web.autosave(
        TextAnswerForm(),
        lambda form: views_service.save_answer(views, key, text=form.answer.data, by=current_user),
    )


@bp.route("/views/<int:request_id>/helped", methods=["GET", "POST"])
@form_roles
def helped(request_id: int):
    views_request, supported, views = _load(request_id)
    if views is None:
        return redirect(url_for(".start", request_id=request_id))
    last = q.questions_for(views.form_version)[-1]
    if supported:
        form = (
            SupportForm()
            if request.method == "POST"
            else SupportForm(
                data={
                    "helped_by": views.helped_by or _default_helper(views_request),
                    "methods": views.methods or [],
                }
            )
        )
    else:
        form = (
            HelpedForm()
            if request.method == "POST"
            else HelpedForm(
                data={
                    "helped": ("yes" if "with_help" in (views.methods or []) else "no")
                    if views.step == "helped" or views.methods
                    else None,
                    "helped_by": views.helped_by,
                }
            )
        )
    action = request.form.get("action", "next")
    if request.method == "POST" and action in ("back", "stop"):
        _save_helpers(views, form, supported)
        if action == "stop":
            flash(_("Your answers are saved. You can carry on later."), "success")
            return redirect(_home_for(views_request, supported))
        return redirect(url_for(".question", request_id=request_id, key=last.key))
    if form.validate_on_submit():
        _save_helpers(views, form, supported)
        return redirect(url_for(".check", request_id=request_id))
    if request.method == "GET" and views.step != "helped":
        views_service.save_step(views, "helped")
    return _page(
        "pupil_views/helped.html",
        views_request,
        supported,
        400 if form.errors else 200,
        views=views,
        form=form,
        helped_choices=HELPED_CHOICES,
        back_key=last.key,
    )


def _default_helper(views_request) -> str:
    membership = next(
        (
            m
            for m in access.active_memberships(current_user)
            if m.school_id == views_request.school_id and m.role is not Role.PUPIL
        ),
        None,
    )
    if membership is None:
        return current_user.full_name
    return _("%(name)s (%(role)s)", name=current_user.full_name, role=_role_words(membership))


def _role_words(membership: Membership) -> str:
    return membership.title or str(membership.role.label)


def _save_helpers(views, form, supported: bool) -> None:
    if supported:
        views_service.save_helpers(
            views, helped_by=form.helped_by.data, methods=form.methods.data or [], by=current_user
        )
    else:
        helped_yes = form.helped.data == "yes"
        methods = ["own_words", "with_help"] if helped_yes else ["own_words"]
        views_service.save_helpers(
            views,
            helped_by=form.helped_by.data if helped_yes else None,
            methods=methods if form.helped.data else [],
            by=current_user,
        )


@bp.route("/views/<int:request_id>/check", methods=["GET", "POST"])
@form_roles
def check(request_id: int):
    views_request, supported, views = _load(request_id)
    if views is None:
        return redirect(url_for(".start", request_id=request_id))
    form = SendForm()
    if form.validate_on_submit():
        missing = views_service.missing(views)
        if missing is not None:
            flash(_("Answer this question first."), "error")
            return redirect(url_for(".question", request_id=request_id, key=missing.key))
        if supported and not views.methods:
            flash(_("Record who helped and how, then send."), "error")
            return redirect(url_for(".helped", request_id=request_id))
        views_service.submit(views, current_user)
        return redirect(url_for(".thanks", request_id=request_id, views_id=views.id))
    if views.step != "check":
        views_service.save_step(views, "check")
    return _page(
        "pupil_views/check.html",
        views_request,
        supported,
        views=views,
        form=form,
        questions=q.questions_for(views.form_version),
        missing=views_service.missing(views),
    )


@bp.get("/views/<int:request_id>/thanks/<int:views_id>")
@form_roles
def thanks(request_id: int, views_id: int):
    views_request, supported, _draft = _load(request_id)
    views = next((v for v in views_request.views if v.id == views_id), None)
    if views is None or views.status.value == "draft":
        abort(404)
    return _page(
        "pupil_views/thanks.html",
        views_request,
        supported,
        views=views,
        home_url=_home_for(views_request, supported),
    )


@bp.get("/views/given/<int:views_id>")
@access.pupil_only
def given(views_id: int):
    """A pupil reads back what they said."""
    views = access.views_for_family(current_user, views_id)
    return render_template(
        "pupil_views/given.html",
        views=views,
        pupil=views.pupil,
        meeting=views.request.meeting,
        questions=q.questions_for(views.form_version),
        symbols_first=views.form_version is FormVersion.PRIMARY,
    )
