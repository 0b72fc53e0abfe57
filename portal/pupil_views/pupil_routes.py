"""The pupil's views form, in easy-read: one question a page, symbols, faces, read aloud.

A pupil with an account fills it in themself. For a pupil without one, an adult who works
with them (a linked teacher, the SENCO, a parent) opens it and sits beside them: the
pupil's questions may be shown in the pupil's language while the adult's own pages stay in
the adult's, and at the end the adult records who helped, how, in which language, and how
the pupil took part. Every page saves to the draft, so nothing times out and loses the
pupil's words.

An open question takes answer cards, words, a recording and a picture together; "How do
you feel about these?" is the talking-mat board; the goals of a shared plan each get a
page. The lowest face for feeling safe tells the safeguarding lead at once and shows the
pupil who they can talk to now.
"""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import access, web, young_people
from portal.extensions import db
from portal.files import services as files
from portal.files.checks import Rejected
from portal.files.recording import recording_page
from portal.forms_common import SendForm
from portal.i18n import LANGUAGES, is_offered, language_name
from portal.models import AlertSource, FormVersion, Membership, Role, ViewsStatus
from portal.pupil_views import answers, bp, goals
from portal.pupil_views import questions as q
from portal.pupil_views import services as views_service
from portal.pupil_views.forms import (
    HELPED_CHOICES,
    SHARING_CHOICES,
    BoardForm,
    FeelingsForm,
    GoalForm,
    HelpedForm,
    PupilLanguageForm,
    SharingForm,
    SupportForm,
    TextAnswerForm,
)
from portal.safeguarding import services as safeguarding
from portal.symbol_banks import bank_for
from portal.talking_mat import COLUMNS, FEELINGS_TOPICS, read_board

form_roles = access.role_required(Role.PUPIL, *access.SUPPORTER_ROLES)
BOARD_NAME = "feel"


@dataclass
class Form:
    """One request's form as this person sees it: the draft (or, while looking at a sent
    answer to change it, the sent views), the pages in order, and the goals' help."""

    request: object
    supported: bool
    views: object  # a Views: the draft, or the latest sent one when there is no draft
    questions: list
    goals: goals.Goals

    @property
    def is_draft(self) -> bool:
        return self.views is not None and self.views.status is ViewsStatus.DRAFT

    @property
    def pupil_language(self) -> str | None:
        return self.views.pupil_language if self.supported and self.views is not None else None


def _load(request_id: int, *, or_sent: bool = False) -> Form:
    views_request, supported = access.views_request_for_pupil_form(current_user, request_id)
    views = views_service.draft(views_request)
    if views is None and or_sent:
        views = views_service.latest_sent(views_request)
    version = views.form_version if views else views_service.form_version(views_request)
    the_goals = goals.goals_of(views_request.pupil_id)
    return Form(
        views_request,
        supported,
        views,
        q.form_questions(version, the_goals.questions),
        the_goals,
    )


def _page(template: str, current: Form, status: int = 200, **context):
    views = current.views
    version = views.form_version if views else views_service.form_version(current.request)
    return render_template(
        template,
        views_request=current.request,
        pupil=current.request.pupil,
        meeting=current.request.meeting,
        supported=current.supported,
        version=version,
        symbols_first=version is FormVersion.PRIMARY,
        pupil_language=current.pupil_language,
        views=views,
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


def _question_url(request_id: int, key: str, change: bool = False) -> str:
    return url_for(".question", request_id=request_id, key=key, change=1 if change else None)


def _resume_url(current: Form) -> str:
    """Where carrying on opens: the first question still to answer if it comes before the
    page reached; a change to sent views opens the check page, where each answer has its
    own Change link."""
    views, rid = current.views, current.request.id
    keys = [x.key for x in current.questions]
    gap = views_service.missing(views, current.questions)
    changing = views.supersedes_id is not None
    if views.step in keys and not changing:
        if gap is not None and keys.index(gap.key) < keys.index(views.step):
            return _question_url(rid, gap.key)
        return _question_url(rid, views.step)
    if gap is not None:
        return _question_url(rid, gap.key, change=changing or views.step in ("helped", "check"))
    if views.step == "helped" or (current.supported and not views.methods):
        return url_for(".helped", request_id=rid)
    return url_for(".check", request_id=rid)


@bp.route("/views/<int:request_id>/", methods=["GET", "POST"])
@form_roles
def start(request_id: int):
    current = _load(request_id)
    pupil = current.request.pupil
    language_form, default = None, None
    if current.supported:
        # The adult's language unless they chose another; the pupil's home language is
        # offered by name on the page.
        default = (current.views.pupil_language if current.views else None) or web.page_language()
        language_form = PupilLanguageForm(
            data=None if request.method == "POST" else {"pupil_language": default}
        )
        home = pupil.home_language
        if is_offered(home) and home != default:
            language_form.pupil_language.description = _(
                "%(name)s's home language is %(language)s. Your own pages stay in your language.",
                name=pupil.first_name,
                language=language_name(home),
            )
    send = SendForm()
    valid = (language_form or send).validate_on_submit()
    if valid:
        chosen = language_form.pupil_language.data if language_form else None
        if language_form and not is_offered(chosen):
            chosen = default if is_offered(default) else web.page_language()
        current.views = views_service.start(
            current.request,
            current_user,
            supported=current.supported,
            language=web.page_language(),
            pupil_language=chosen,
        )
        if not current.supported and young_people.needs_to_choose(pupil):
            return redirect(url_for(".sharing", request_id=request_id))
        return redirect(_resume_url(current))
    state, views = views_service.state(current.request)
    return _page(
        "pupil_views/start.html",
        current,
        400 if language_form is not None and language_form.errors else 200,
        form=send,
        language_form=language_form,
        state=state,
        sent=views if state in (views_service.SENT_STATE, views_service.READ_STATE) else None,
        changing=views_service.changing(current.request),
        count=len(current.questions),
    )


@bp.route("/views/<int:request_id>/sharing", methods=["GET", "POST"])
@access.pupil_only
def sharing(request_id: int):
    """A young person from 16 with their own account: do their parents see their views?
    Asked once, before the first question; changeable from the check page."""
    current = _load(request_id)
    pupil = current.request.pupil
    if current.supported or not young_people.decides_for_themself(pupil):
        abort(404)
    choice = young_people.sharing_choice(pupil)
    sharing_form = SharingForm(
        data=None
        if request.method == "POST" or choice is None
        else {"share": "yes" if choice.parents_see_views else "no"}
    )
    back_to_check = request.args.get("next") == "check"
    if sharing_form.validate_on_submit():
        young_people.choose(pupil, sharing_form.share.data == "yes", current_user)
        db.session.commit()
        if back_to_check or current.views is None:
            return redirect(url_for(".check" if current.views else ".start", request_id=request_id))
        return redirect(_resume_url(current))
    return _page(
        "pupil_views/sharing.html",
        current,
        400 if sharing_form.errors else 200,
        sharing_form=sharing_form,
        sharing_choices=SHARING_CHOICES,
        back_to_check=back_to_check,
    )


@bp.route("/views/<int:request_id>/q/<key>", methods=["GET", "POST"])
@form_roles
@recording_page
def question(request_id: int, key: str):
    change = request.args.get("change") == "1"
    current = _load(request_id, or_sent=change)
    if current.views is None:
        return redirect(url_for(".start", request_id=request_id))
    the_question = q.find(current.questions, key) or q.question(current.views.form_version, key)
    if the_question is None or (
        the_question.retired
        and not q.is_answered(the_question, current.views.answers, current.views.feelings)
    ):
        abort(404)  # a question no longer asked opens only to change an answer it has
    action = request.form.get("action", "next")
    if request.method == "POST" and not current.is_draft:
        # Changing one answer of views already sent: nothing is started by looking, only
        # by saving; what was sent stays what the school reads until the change is sent.
        if action in ("back", "stop"):
            return redirect(url_for(".given", views_id=current.views.id))
        current.views = views_service.start(
            current.request, current_user, supported=current.supported, language=web.page_language()
        )
    page = _QUESTION_KINDS[the_question.kind](current, the_question, change, action)
    return page


def _after(current: Form, the_question, action: str, change: bool, alert=None) -> str:
    """Where a saved page goes next (through "talk now" when the pupil does not feel safe)."""
    rid = current.request.id
    if q.find(current.questions, the_question.key) is None:
        change = True  # a question no longer asked, changed from the check page
        before, after = None, None
    else:
        before, after = q.neighbours(current.questions, the_question.key)
    if action == "stop":
        flash(_("Your answers are saved. You can carry on later."), "success")
        target = _home_for(current.request, current.supported)
    elif action == "back":
        target = (
            url_for(".check", request_id=rid)
            if change
            else _question_url(rid, before.key)
            if before
            else url_for(".start", request_id=rid)
        )
    elif change:
        # After a change, the next question still to answer, else back to the check page.
        gap = views_service.missing(current.views, current.questions)
        target = (
            _question_url(rid, gap.key, change=True)
            if gap is not None and gap.key != the_question.key
            else url_for(".check", request_id=rid)
        )
    elif after is None:
        target = url_for(".helped", request_id=rid)
    else:
        target = _question_url(rid, after.key)
    if alert is not None:
        return url_for(".talk_now", request_id=rid, next=target)
    return target


def _render_question(current: Form, the_question, change: bool, status: int, **context):
    keys = [x.key for x in current.questions]
    number = keys.index(the_question.key) + 1 if the_question.key in keys else None
    return _page(
        "pupil_views/question.html",
        current,
        status,
        question=the_question,
        number=number,
        total=len(current.questions),
        change=change,
        feeling_choices=q.FEELING_CHOICES,
        opt_outs=q.OPT_OUT_CHOICES,
        **context,
    )


def _csrf_refused(page_form) -> bool:
    """A page sent without its token (open too long, or from elsewhere) saves nothing; what
    was typed comes back in the form with the error summary's explanation."""
    return "csrf_token" in page_form.errors


def _open_question(current: Form, the_question, change: bool, action: str):
    views = current.views
    answer = (views.answers or {}).get(the_question.key) or {}
    if request.method == "GET":
        page_form = TextAnswerForm(data={"answer": answer.get("text")})
        cards = answer.get("cards") or []
    else:
        page_form = TextAnswerForm()
        page_form.validate_on_submit()
        cards = request.form.getlist("cards")
    if request.method == "POST" and not _csrf_refused(page_form):
        kept, refused = _uploads(current, page_form)
        remove = tuple(part for part in ("recording", "picture") if action == f"remove-{part}")
        views_service.save_open(
            views,
            the_question.key,
            text=page_form.answer.data,
            cards=cards,
            choice=page_form.choice.data if not page_form.choice.errors else None,
            recording=kept.get("recording"),
            picture=kept.get("picture"),
            remove=remove,
            by=current_user,
            language=web.page_language() if action == "next" else None,
            text_language=web.page_language(),
        )
        answer = (views.answers or {}).get(the_question.key) or {}
        cards = answer.get("cards") or []
        if not refused and not page_form.errors:
            if remove:
                return redirect(request.full_path)
            answered = q.is_answered(the_question, views.answers, views.feelings)
            if action in ("back", "stop") or answered or not the_question.required:
                return redirect(_after(current, the_question, action, change))
            page_form.answer.errors.append(
                _l("Pick a card, or say it your way. Or press “I'm not sure”.")
            )
    stored = answers.files_for([views])
    return _render_question(
        current,
        the_question,
        change,
        400 if page_form.errors else 200,
        form=page_form,
        cards=bank_for(the_question.key),
        chosen_cards=cards,
        recording=stored.get(answer.get("recording")),
        picture=stored.get(answer.get("picture")),
        chosen=q.ALL_CHOICES.get(answer.get("choice") or ""),
        # The words typed before, in the language they were typed in (a page in Bengali
        # showing what was written in English marks it so).
        answer_lang=answer.get("lang") if request.method == "GET" else None,
    )


def _uploads(current: Form, page_form: TextAnswerForm) -> tuple[dict, bool]:
    """Check and keep a recording or picture sent with the page; a refused one leaves its
    message on its field (and keeps nothing), the rest of the answer is still saved."""
    kept, refused = {}, False
    for part, keep in (("recording", files.keep_recording), ("picture", files.keep_picture)):
        upload = request.files.get(part)
        if upload is None or not upload.filename:
            continue
        try:
            kept[part] = keep(current.request.pupil, upload.read(), current_user)
        except Rejected as rejected:
            getattr(page_form, part).errors = [rejected.message]
            refused = True
    return kept, refused


def _feelings_question(current: Form, the_question, change: bool, action: str):
    views = current.views
    if request.method == "GET":
        page_form = FeelingsForm(data={"feeling": (views.feelings or {}).get(the_question.key)})
    else:
        page_form = FeelingsForm()
        valid = page_form.validate_on_submit()
        if not _csrf_refused(page_form) and (valid or action in ("back", "stop")):
            picked = page_form.feeling.data if page_form.feeling.data in q.ALL_CHOICES else None
            views_service.save_feeling(
                views,
                the_question.key,
                picked,
                by=current_user,
                language=web.page_language() if valid else None,
            )
            alert = _alert_if_unsafe(current) if the_question.key == "safe" else None
            return redirect(_after(current, the_question, action, change, alert))
    return _render_question(
        current, the_question, change, 400 if page_form.errors else 200, form=page_form
    )


def _alert_if_unsafe(current: Form):
    """The lowest face for feeling safe: the safeguarding lead is told now, not at sending."""
    views = current.views
    return safeguarding.alert_if_unsafe(
        current.request.pupil, views.feelings or {}, views_id=views.id, by=current_user
    )


def _board_question(current: Form, the_question, change: bool, action: str):
    views = current.views
    page_form = BoardForm()
    answer = (views.answers or {}).get(the_question.key) or {}
    values = answer.get("board") or {}
    posted = request.method == "POST"
    if posted and (page_form.validate_on_submit() or not _csrf_refused(page_form)):
        values = read_board(request.form, BOARD_NAME, FEELINGS_TOPICS)
        choice = page_form.choice.data if not page_form.choice.errors else None
        views_service.save_board(
            views,
            the_question.key,
            values,
            choice=choice,
            by=current_user,
            language=web.page_language() if action == "next" else None,
        )
        if action in ("back", "stop") or q.is_answered(the_question, views.answers, views.feelings):
            return redirect(_after(current, the_question, action, change))
        page_form.choice.errors = [
            _l("Put at least one card under Good, Not sure or Not good. Or press “I'm not sure”.")
        ]
        answer = (views.answers or {}).get(the_question.key) or {}
    return _render_question(
        current,
        the_question,
        change,
        400 if page_form.errors else 200,
        form=page_form,
        board_name=BOARD_NAME,
        topics=FEELINGS_TOPICS,
        columns=COLUMNS,
        board_values=values,
        first_topic=FEELINGS_TOPICS[0].key,
        chosen=q.ALL_CHOICES.get(answer.get("choice") or ""),
    )


def _goal_question(current: Form, the_question, change: bool, action: str):
    views = current.views
    answer = (views.answers or {}).get(the_question.key) or {}
    if the_question.goal is None or the_question.key not in current.goals.help:
        abort(404)  # a goal no longer in the shared plan: its answer still shows on check
    if request.method == "POST":
        page_form = GoalForm()
    else:
        page_form = GoalForm(data={"feeling": answer.get("feeling"), "helps": answer.get("help")})
    if request.method == "POST":
        valid = page_form.validate_on_submit()
        if not _csrf_refused(page_form) and (valid or action in ("back", "stop")):
            views_service.save_goal(
                views,
                the_question,
                feeling=page_form.feeling.data,
                helps=page_form.helps.data,
                position=current.goals.positions.get(the_question.key, 0),
                by=current_user,
                language=web.page_language() if valid else None,
            )
            return redirect(_after(current, the_question, action, change))
    return _render_question(
        current,
        the_question,
        change,
        400 if page_form.errors else 200,
        form=page_form,
        help=current.goals.help.get(the_question.key, []),
        help_choices=q.HELP_CHOICES,
    )


_QUESTION_KINDS = {
    q.TEXT: _open_question,
    q.FEELINGS: _feelings_question,
    q.BOARD: _board_question,
    q.GOAL: _goal_question,
}


@bp.post("/views/<int:request_id>/q/<key>/autosave")
@form_roles
def autosave(request_id: int, key: str):
    """While typing (htmx): keep the words without moving on."""
    current = _load(request_id)
    if current.views is None:
        abort(404)
    the_question = q.find(current.questions, key)
    if the_question is None or the_question.kind != q.TEXT:
        abort(404)
    return web.autosave(
        TextAnswerForm(),
        lambda page_form: views_service.save_text(
            current.views, key, page_form.answer.data, current_user, web.page_language()
        ),
    )


@bp.get("/views/<int:request_id>/talk-now")
@form_roles
def talk_now(request_id: int):
    """Straight after the lowest face for feeling safe: who the pupil can talk to now."""
    current = _load(request_id, or_sent=True)
    target = web.safe_next(request.args.get("next")) or url_for(".start", request_id=request_id)
    feelings = current.views.feelings if current.views is not None else None
    if (feelings or {}).get("safe") != safeguarding.UNSAFE_FEELING:
        return redirect(target)
    return _page(
        "pupil_views/talk_now.html",
        current,
        people=safeguarding.people_to_talk_to(current.request.pupil),
        next_url=target,
        source=AlertSource.FEELING_UNSAFE,
    )


@bp.route("/views/<int:request_id>/helped", methods=["GET", "POST"])
@form_roles
def helped(request_id: int):
    current = _load(request_id)
    views = current.views
    if views is None:
        return redirect(url_for(".start", request_id=request_id))
    pupil = current.request.pupil
    last = current.questions[-1]
    if current.supported:
        page_form = (
            SupportForm()
            if request.method == "POST"
            else SupportForm(
                data={
                    "helped_by": views.helped_by or _default_helper(current.request),
                    "methods": views.methods or [],
                    "spoken_language": views.spoken_language
                    or views.pupil_language
                    or web.page_language(),
                    "interpreter": views.interpreter,
                    "participation_note": views.participation_note,
                }
            )
        )
        page_form.spoken_language.label.text = _(
            "The language you used with %(name)s", name=pupil.first_name
        )
        page_form.participation_note.label.text = _(
            "How did %(name)s take part?", name=pupil.first_name
        )
    else:
        page_form = (
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
        _save_helpers(views, page_form, current.supported)
        if action == "stop":
            flash(_("Your answers are saved. You can carry on later."), "success")
            return redirect(_home_for(current.request, current.supported))
        return redirect(_question_url(request_id, last.key))
    if page_form.validate_on_submit():
        _save_helpers(views, page_form, current.supported)
        return redirect(url_for(".check", request_id=request_id))
    if request.method == "GET" and views.step != "helped":
        views_service.save_step(views, "helped")
    return _page(
        "pupil_views/helped.html",
        current,
        400 if page_form.errors else 200,
        form=page_form,
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


def _save_helpers(views, page_form, supported: bool) -> None:
    if supported:
        views_service.save_helpers(
            views,
            helped_by=page_form.helped_by.data,
            methods=page_form.methods.data or [],
            by=current_user,
            spoken_language=page_form.spoken_language.data
            if page_form.spoken_language.data in LANGUAGES
            else views.pupil_language or web.page_language(),
            interpreter=page_form.interpreter.data,
            participation_note=page_form.participation_note.data,
        )
    else:
        helped_yes = page_form.helped.data == "yes"
        methods = ["own_words", "with_help"] if helped_yes else ["own_words"]
        views_service.save_helpers(
            views,
            helped_by=page_form.helped_by.data if helped_yes else None,
            methods=methods if page_form.helped.data else [],
            by=current_user,
        )


@bp.route("/views/<int:request_id>/check", methods=["GET", "POST"])
@form_roles
@recording_page
def check(request_id: int):
    current = _load(request_id)
    views = current.views
    if views is None:
        return redirect(url_for(".start", request_id=request_id))
    send = SendForm()
    missing = views_service.missing(views, current.questions)
    pupil = current.request.pupil
    if send.validate_on_submit():
        if missing is not None:
            flash(_("Answer this question first."), "error")
            return redirect(_question_url(request_id, missing.key, change=True))
        if current.supported and not views.methods:
            flash(_("Record who helped and how, then send."), "error")
            return redirect(url_for(".helped", request_id=request_id))
        views_service.submit(views, current_user)
        return redirect(url_for(".thanks", request_id=request_id, views_id=views.id))
    if views.step != "check":
        views_service.save_step(views, "check")
    return _page(
        "pupil_views/check.html",
        current,
        form=send,
        items=answers.for_form(views, current.questions),
        missing=missing,
        decides=not current.supported and young_people.decides_for_themself(pupil),
        parents_see=young_people.parents_see_views(pupil),
    )


@bp.get("/views/<int:request_id>/thanks/<int:views_id>")
@form_roles
def thanks(request_id: int, views_id: int):
    current = _load(request_id)
    views = next((v for v in current.request.views if v.id == views_id), None)
    if views is None or views.status is ViewsStatus.DRAFT:
        abort(404)
    current.views = views
    return _page(
        "pupil_views/thanks.html",
        current,
        home_url=_home_for(current.request, current.supported),
    )


@bp.get("/views/given/<int:views_id>")
@access.pupil_only
@recording_page
def given(views_id: int):
    """A pupil reads back what they said, and changes one answer with its own link."""
    views = access.views_for_family(current_user, views_id)
    views_request = views.request
    latest = views_service.latest_sent(views_request)
    may_change = (
        latest is not None
        and latest.id == views.id
        and views_request.meeting.is_upcoming
        and views_request.meeting.cancelled_at is None
    )
    return render_template(
        "pupil_views/given.html",
        views=views,
        pupil=views.pupil,
        meeting=views_request.meeting,
        items=answers.shown(views),
        may_change=may_change,
        changing=views_service.changing(views_request),
        symbols_first=views.form_version is FormVersion.PRIMARY,
    )
