"""The language list, notes about the translation, and the school's own translations."""

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from portal import access
from portal.extensions import db
from portal.forms_common import options
from portal.i18n import (
    DEFAULT_LOCALE,
    LANGUAGES,
    direction_of,
    language_name,
)
from portal.languages import bp, services
from portal.languages.forms import LONG, FeedbackForm, TranslationForm
from portal.local_offer import services as local_offer_services
from portal.models import (
    Role,
    School,
    SchoolTranslation,
    TranslatedKind,
)
from portal.models.local_offer import ReportSection
from portal.web import safe_next


def _next_path() -> str:
    return safe_next(request.args.get("next") or request.form.get("next"))


# --- Choosing a language --------------------------------------------------------------------


@bp.get("/language")
def choose():
    """Every language the portal offers, each named in itself; choosing one needs no script."""
    return render_template("languages/choose.html", next_path=_next_path())


# --- A wrong or unclear phrase --------------------------------------------------------------


def _known_school() -> School | None:
    """The school the person came from: named in the link, or the one they belong to."""
    slug = request.args.get("school")
    if slug:
        return db.session.scalar(sa.select(School).where(School.slug == slug))
    if current_user.is_authenticated:
        return access.current_school()
    return None


@bp.route("/help/translation", methods=["GET", "POST"])
def feedback():
    """Tell the school (and the translators) about a wrong or unclear phrase. No sign-in."""
    school = _known_school()
    form = FeedbackForm()
    schools = []
    form.school.choices = []
    if school is None:
        schools = db.session.scalars(sa.select(School).order_by(School.name)).all()
        form.school.choices = options(
            [("", _l("Not about one school"))] + [(s.slug, s.name) for s in schools]
        )
    if request.method == "GET":
        form.language.data = get_locale().language if get_locale() else DEFAULT_LOCALE
        form.page.data = safe_next(request.args.get("page"), fallback="main.home")
    if form.validate_on_submit():
        to_school = school
        if to_school is None and form.school.data:
            to_school = next((s for s in schools if s.slug == form.school.data), None)
        limit = current_app.config["TRANSLATION_FEEDBACK_HOURLY_LIMIT"]
        if not services.feedback_flooded(to_school.id if to_school else None, limit):
            page = form.page.data
            base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
            services.send_feedback(
                page_url=base + page if page.startswith("/") else page,
                school=to_school,
                language=form.language.data,
                page=form.page.data,
                words=form.words.data,
                problem=form.problem.data,
                suggestion=form.suggestion.data or "",
                reply_email=form.reply_email.data,
            )
            flash(
                _("Thank you. We have sent your note to the school and the translators."), "success"
            )
            return redirect(safe_next(form.page.data))
        form.form_errors.append(
            _(
                "A lot of notes have reached the school in the last hour, so this one "
                "was not sent. Please try again later, or phone the school."
            )
        )
    status = 429 if form.form_errors else 400 if form.errors else 200
    return render_template(
        "languages/feedback.html", form=form, to_school=school, choose_school=school is None
    ), status


# --- Families asking for the school's words in their language -------------------------------


@bp.post("/families/children/<int:pupil_id>/translation-requests")
@access.parent_only
def ask(pupil_id: int):
    """ "Ask for this in my language": a request in the SENCO's inbox."""
    pupil = access.pupil_for(current_user, pupil_id, Role.PARENT, action="")
    try:
        kind = TranslatedKind(request.form.get("kind", ""))
        subject_id = int(request.form.get("subject_id", ""))
    except ValueError:
        abort(400)  # the child is theirs; the form did not say what to translate
    # The language asked for, else the page's, else the account's: never English.
    candidates = (
        request.form.get("language"),
        get_locale().language if get_locale() else None,
        current_user.locale,
    )
    language = next((c for c in candidates if c in LANGUAGES and c != DEFAULT_LOCALE), None)
    if language is None:
        abort(400)
    made = services.ask_for_translation(kind, subject_id, pupil, language, current_user)
    if made is None:
        abort(404)
    flash(
        _(
            "We have asked the school for this in your language. You will see it here "
            "when they have added it."
        ),
        "success",
    )
    return redirect(_next_path())


# --- The SENCO types in a translation --------------------------------------------------------


def _field_labels(kind: TranslatedKind, subject) -> dict[str, str]:
    if kind is TranslatedKind.SEN_REPORT:
        return {s.value: s.heading for s in ReportSection}
    if kind is TranslatedKind.PLAN:
        return {
            "strengths": _("Strengths"),
            "at_school": _("At school"),
            "at_home": _("At home"),
            "by_pupil": _("%(name)s will", name=subject.pupil.first_name),
        }
    if kind is TranslatedKind.PLAN_NEED:
        return {"summary": _("What %(name)s finds hard", name=subject.plan.pupil.first_name)}
    if kind is TranslatedKind.PLAN_VIEWS:
        return {
            "pupil_views": _("%(name)s said", name=subject.pupil.first_name),
            "parent_views": _("The family said"),
        }
    labels = {
        TranslatedKind.OUTCOME: {
            "description": _("Outcome"),
            "measure": _("How success will be measured"),
            "pupil_words": _("In the pupil's words"),
            "result_note": _("At the review"),
        },
        TranslatedKind.PROVISION: {"description": _("What the help is")},
        TranslatedKind.ADVICE: {"summary": _("Advice from specialists")},
        TranslatedKind.MEETING_RECORD: {
            "attended": _("Who came"),
            "discussed": _("What we talked about"),
            "agreed": _("What we agreed"),
            "actions": _("Who will do what"),
            "support": _("The help that will be in place"),
        },
        TranslatedKind.MEETING_ACTION: {"what": _("Who will do what")},
        TranslatedKind.CONCERN_MESSAGE: {"body": _("Reply")},
        TranslatedKind.PLAN_QUESTION: {"reply": _("Reply")},
        TranslatedKind.PLAN_REVIEW: {"review_note": _("The next review")},
        TranslatedKind.PROGRESS_NOTE: {"note": _("Progress note")},
        TranslatedKind.CONCERN: {
            "closing_summary": _("What the school says as it closes this concern")
        },
        TranslatedKind.MEETING: {"purpose": _("What it is for")},
    }
    return labels[kind]


def _translation_form(texts: dict[str, str], labels: dict[str, str], language: str):
    """A form with one box for each text, in the family's language and direction."""

    class Form(TranslationForm):
        pass

    for name in texts:
        setattr(
            Form,
            f"text_{name}",
            TextAreaField(
                _("%(part)s, in %(language)s", part=labels[name], language=language_name(language)),
                validators=[Optional(), LONG if name != "body" else Length(max=10000)],
                render_kw={"lang": language, "dir": direction_of(language)},
            ),
        )
    return Form()


def _typed(form, texts: dict, saved: dict, subject_key: tuple) -> dict[str, str] | None:
    """A translation form's round. Opened, it shows what was saved before; sent and valid,
    the parts typed, or None (and an error on the first part) when nothing was typed."""
    if request.method == "GET":
        for name in texts:
            row: SchoolTranslation | None = saved.get((*subject_key, name))
            if row is not None:
                getattr(form, f"text_{name}").data = row.text
                form.translator_name.data = form.translator_name.data or row.translator_name
    if not form.validate_on_submit():
        return None
    typed = {name: getattr(form, f"text_{name}").data or "" for name in texts}
    if any(value.strip() for value in typed.values()):
        return typed
    first = next(iter(texts), None)
    if first:
        getattr(form, f"text_{first}").errors = [_("Type the translation of at least one part")]
    return None


@bp.route("/senco/translation-requests/<int:request_id>", methods=["GET", "POST"])
@access.senco_only
def translate(request_id: int):
    """Type in a translation a family asked for (an interpreter's, a bilingual colleague's)."""
    asked = access.translation_request_for_school(current_user, request_id)
    pupil = asked.pupil
    if request.method == "GET":  # a saved translation marks it read too; a refused one, nothing
        services.mark_read(asked, current_user)
    subject = services.load_subject(asked.kind, asked.subject_id)
    texts = services.texts_of(asked.kind, subject) if subject is not None else {}
    school = pupil.school
    labels = _field_labels(asked.kind, subject) if subject is not None else {}
    form = _translation_form(texts, labels, asked.language)
    saved = services.translations_for([(asked.kind, asked.subject_id)], asked.language)
    typed = _typed(form, texts, saved, (asked.kind, asked.subject_id))
    if typed is not None:
        services.mark_read(asked, current_user)
        services.save_translations(
            asked.kind,
            subject,
            asked.language,
            typed,
            by=current_user,
            translator_name=form.translator_name.data,
        )
        flash(_("The translation is saved."), "success")
        return redirect(url_for("senco.inbox"))
    status = 400 if form.errors else 200
    return render_template(
        "languages/translate.html",
        form=form,
        asked=asked,
        pupil=pupil,
        subject=subject,
        texts=texts,
        labels=labels,
        saved=saved,
        school_language=school.default_locale or DEFAULT_LOCALE,
        label=services.SUBJECTS[asked.kind].label,
    ), status


# --- The SEN information report in other languages -------------------------------------------

report_keepers_only = access.role_required(Role.SENCO, Role.ADMIN)


@bp.get("/local-offer/report/translations")
@report_keepers_only
def report_translations():
    """Which of the report's sections the school has translated, per language."""
    school = access.current_school()
    report = local_offer_services.sen_report(school.id)
    written = services.texts_of(TranslatedKind.SEN_REPORT, report) if report else {}
    counts = services.report_translation_counts(report) if report else {}
    school_language = school.default_locale or DEFAULT_LOCALE
    languages = [code for code in LANGUAGES if code != school_language]
    return render_template(
        "languages/report_translations.html",
        report=report,
        written=written,
        counts=counts,
        languages=languages,
    )


@bp.route("/local-offer/report/translations/<language>", methods=["GET", "POST"])
@report_keepers_only
def report_translation(language: str):
    """Type in the report's sections in one language; a section left empty stays English."""
    school = access.current_school()
    school_language = school.default_locale or DEFAULT_LOCALE
    report = local_offer_services.sen_report(school.id)
    if language not in LANGUAGES or language == school_language or report is None:
        abort(404)
    kind = TranslatedKind.SEN_REPORT
    texts = services.texts_of(kind, report)
    labels = _field_labels(kind, report)
    form = _translation_form(texts, labels, language)
    saved = services.translations_for([(kind, report.id)], language)
    typed = _typed(form, texts, saved, (kind, report.id))
    if typed is not None:
        services.save_translations(
            kind,
            report,
            language,
            typed,
            by=current_user,
            translator_name=form.translator_name.data,
        )
        flash(_("The translation is saved."), "success")
        return redirect(url_for("languages.report_translations"))
    return render_template(
        "languages/report_translation.html",
        form=form,
        report=report,
        texts=texts,
        labels=labels,
        saved=saved,
        language=language,
        school_language=school_language,
    ), (400 if form.errors else 200)
