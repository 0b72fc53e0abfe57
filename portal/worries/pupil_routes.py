"""A pupil tells someone about a worry, one question a page, and reads the answer."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, web
from portal.extensions import db
from portal.forms_common import SendForm, options
from portal.models import FeelsSafe, User, WorryStatus
from portal.safeguarding.services import people_to_talk_to
from portal.symbol_banks import WORRY_CARDS
from portal.worries import bp, services
from portal.worries.forms import SAFE_CHOICES, SafeForm, WhatForm, WhoForm

STEPS = ("who", "what", "safe")


def _draft(worry_id: int):
    worry = access.worry_for_pupil(current_user, worry_id)
    if worry.status is not WorryStatus.DRAFT:
        return None, redirect(url_for(".pupil_worry", worry_id=worry.id))
    return worry, None


def _moved(worry, step: str, action: str):
    """Where Back, Stop for now and Next go from a step."""
    if action == "stop":
        flash(_("Your worry is saved. You can send it later."), "success")
        return redirect(url_for("pupils.home"))
    i = STEPS.index(step)
    if action == "back":
        if i == 0:
            return redirect(url_for(".pupil_new"))
        return redirect(url_for(f".pupil_{STEPS[i - 1]}", worry_id=worry.id))
    return redirect(url_for(f".pupil_{STEPS[i + 1]}", worry_id=worry.id))


def _page(template: str, worry, status: int = 200, **context):
    return render_template(
        template, worry=worry, pupil=worry.pupil if worry else None, **context
    ), status


@bp.route("/me/worries/new", methods=["GET", "POST"])
@access.pupil_only
def pupil_new():
    pupil = access.own_pupil(current_user)
    form = SendForm()
    if form.validate_on_submit():
        worry = services.start(pupil, current_user, web.page_language())
        return redirect(url_for(f".pupil_{worry.step or 'who'}", worry_id=worry.id))
    return render_template(
        "worries/new.html", pupil=pupil, form=form, draft=services.draft_of(pupil, current_user)
    )


@bp.route("/me/worries/<int:worry_id>/who", methods=["GET", "POST"])
@access.pupil_only
def pupil_who(worry_id: int):
    worry, moved = _draft(worry_id)
    if moved:
        return moved
    adults = services.adults_for(worry.pupil)
    form = WhoForm(data=None if request.method == "POST" else {"to": worry.to_id})
    form.to.choices = options((user.id, user.full_name) for user, _title in adults)
    action = request.form.get("action", "next")
    if request.method == "POST":
        valid = form.validate_on_submit()
        if valid:
            services.save_to(worry, db.session.get(User, form.to.data), current_user)
        if valid or (action in ("back", "stop") and "csrf_token" not in form.errors):
            return _moved(worry, "who", action)
    return _page("worries/who.html", worry, 400 if form.errors else 200, form=form, adults=adults)


@bp.route("/me/worries/<int:worry_id>/what", methods=["GET", "POST"])
@access.pupil_only
def pupil_what(worry_id: int):
    worry, moved = _draft(worry_id)
    if moved:
        return moved
    form = WhatForm(data=None if request.method == "POST" else {"text": worry.text})
    cards = request.form.getlist("cards") if request.method == "POST" else worry.about
    action = request.form.get("action", "next")
    if request.method == "POST":
        valid = form.validate_on_submit()
        if "csrf_token" not in form.errors:
            services.save_about(worry, cards=cards, text=form.text.data, by=current_user)
            if action in ("back", "stop"):
                return _moved(worry, "what", action)
            if valid and (worry.about or worry.text):
                return _moved(worry, "what", action)
            if valid:
                form.text.errors.append(_("Pick a card, or write what it is about."))
    return _page(
        "worries/what.html",
        worry,
        400 if form.errors else 200,
        form=form,
        cards=WORRY_CARDS,
        chosen=worry.about or cards or [],
    )


@bp.route("/me/worries/<int:worry_id>/safe", methods=["GET", "POST"])
@access.pupil_only
def pupil_safe(worry_id: int):
    worry, moved = _draft(worry_id)
    if moved:
        return moved
    if worry.to is None:
        return redirect(url_for(".pupil_who", worry_id=worry.id))
    form = SafeForm()
    action = request.form.get("action", "send")
    if request.method == "POST" and action in ("back", "stop"):
        return _moved(worry, "safe", action)
    if form.validate_on_submit():
        services.send(worry, FeelsSafe(form.safe.data), current_user)
        return redirect(url_for(".pupil_worry", worry_id=worry.id, sent=1))
    return _page(
        "worries/safe.html", worry, 400 if form.errors else 200, form=form, choices=SAFE_CHOICES
    )


@bp.get("/me/worries/<int:worry_id>")
@access.pupil_only
def pupil_worry(worry_id: int):
    worry = access.worry_for_pupil(current_user, worry_id)
    if worry.status is WorryStatus.DRAFT:
        return redirect(url_for(f".pupil_{worry.step or 'who'}", worry_id=worry.id))
    if worry.sent_at is None:
        abort(404)
    return _page(
        "worries/worry.html",
        worry,
        cards=services.about_cards(worry),
        just_sent=request.args.get("sent") == "1",
        people=people_to_talk_to(worry.pupil) if worry.unsafe else [],
    )
