"""Concern forms: the parent's steps, one question a page, and messages; the SENCO's reply
and closing summary."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.concerns.services import AREAS, CONTACT, MAX_TEXT, SINCE, looks_like_phone
from portal.forms_common import HOME_LANGUAGES, options
from portal.i18n import LANGUAGES, language_name


def _text(label, message, hint=None):
    return TextAreaField(
        label,
        description=hint,
        validators=[DataRequired(message), Length(max=MAX_TEXT, message=_too_long())],
    )


def _too_long():
    return _l("This is too long. Shorten it, or send the rest as a message later.")


class AreaForm(FlaskForm):
    area = RadioField(
        _l("What is your concern about?"),
        description=_l("Choose the one that fits best. You can tell us more on the next page."),
        choices=lambda: options((key, area.label) for key, area in AREAS.items()),
        validators=[DataRequired(_l("Choose what your concern is about"))],
    )


class NoticedForm(FlaskForm):
    noticed = _text(
        _l("What have you noticed?"),
        _l("Tell us what you have noticed"),
        _l("Use your own words, in any language."),
    )


class SinceForm(FlaskForm):
    since = RadioField(
        _l("When did you first notice this?"),
        choices=lambda: options(SINCE.items()),
        validators=[DataRequired(_l("Choose when you first noticed this"))],
    )


class AtHomeForm(FlaskForm):
    at_home = _text(
        _l("How does it show at home?"),
        _l("Tell us how it shows at home, or that you have not seen it at home"),
        _l(
            "For example at bedtime, at meals, with homework or with brothers and sisters. "
            "If you have not seen it at home, tell us that."
        ),
    )


class WouldLikeForm(FlaskForm):
    # Its own context: the pupil's form asks the same English question, but Polish asks a
    # parent formally ("Państwo") and a pupil as "ty".
    would_like = _text(
        lazy_pgettext("a parent's concern", "What would you like to happen?"),
        _l("Tell us what you would like to happen"),
        _l(
            "For example a phone call from the SENCO, a meeting, more help in class, "
            "or a check by a specialist."
        ),
    )


class ContactForm(FlaskForm):
    contact_by = RadioField(
        _l("How would you like us to contact you?"),
        choices=lambda: options(CONTACT.items()),
        validators=[DataRequired(_l("Choose how you would like us to contact you"))],
    )
    contact_phone = TelField(
        _l("Your phone number, if you would like a phone call"),
        description=_l("For example 07700 900123. Only the school's staff will see it."),
        # No Optional(): it would stop the check below, which needs a number for a call.
        validators=[Length(max=40, message=_l("Enter a phone number like 07700 900123"))],
    )
    contact_note = StringField(
        _l("Best time to reach you (optional)"),
        validators=[Optional(), Length(max=200)],
    )

    def validate_contact_phone(self, field):
        if self.contact_by.data != "phone":
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Enter the phone number we should call"))
        if not looks_like_phone(field.data):
            raise ValidationError(_l("Enter a phone number like 07700 900123"))


class LanguageForm(FlaskForm):
    language = SelectField(
        _l("Which language did you write in?"),
        description=_l(
            "We keep a note of this so we can reply in your language or book an interpreter."
        ),
        validators=[DataRequired(_l("Choose a language"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = options((code, language_name(code)) for code in HOME_LANGUAGES)


STEP_FORMS = {
    "area": AreaForm,
    "noticed": NoticedForm,
    "since": SinceForm,
    "at_home": AtHomeForm,
    "would_like": WouldLikeForm,
    "contact": ContactForm,
    "language": LanguageForm,
}


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Add a message"),
        description=_l("Write in any language. The school will see it in the thread."),
        validators=[
            DataRequired(_l("Write your message")),
            Length(max=MAX_TEXT, message=_too_long()),
        ],
    )


def reply_language_choices():
    """The ten languages, each named in the page's language and in itself."""
    return options(
        (code, f"{language_name(code)} ({name})" if language_name(code) != name else name)
        for code, name in LANGUAGES.items()
    )


class ReplyForm(FlaskForm):
    language = SelectField(
        _l("Language of the reply"),
        description=_l(
            "Write in the family's language if you can (yourself, or with a colleague or an "
            "interpreter). The family's page marks the reply with this language."
        ),
        choices=reply_language_choices,
        # Left out (an older form): the school's language.
        validators=[Optional()],
    )
    body = TextAreaField(
        _l("Reply to the family"),
        description=_l(
            "The family sees this in the portal and gets an email saying there is a reply."
        ),
        validators=[DataRequired(_l("Write your reply")), Length(max=5000)],
    )


class CloseForm(FlaskForm):
    summary = TextAreaField(
        _l("Closing summary"),
        description=_l("What was done and agreed. The family reads this, so use plain words."),
        validators=[DataRequired(_l("Write a closing summary")), Length(max=5000)],
    )
