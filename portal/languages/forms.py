"""Forms for telling the school about a phrase, and for typing in a translation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.forms_common import email_field, strip
from portal.i18n import language_choices

LONG = Length(max=1000, message=_l("Use 1,000 characters or fewer"))


class FeedbackForm(FlaskForm):
    """A wrong or unclear phrase in the portal's translation. Anyone may send it."""

    language = SelectField(
        _l("Which language?"),
        choices=language_choices,
        validators=[DataRequired(_l("Choose a language"))],
    )
    page = StringField(
        _l("Which page?"),
        description=_l("The page's name or its address. We have filled in the page you came from."),
        filters=[strip],
        validators=[
            DataRequired(_l("Tell us which page it is on")),
            Length(max=300, message=_l("Use 300 characters or fewer")),
        ],
    )
    words = TextAreaField(
        _l("Which words are wrong or unclear?"),
        description=_l("Copy them from the page, or say where they are."),
        filters=[strip],
        validators=[DataRequired(_l("Tell us which words are wrong or unclear")), LONG],
    )
    problem = TextAreaField(
        _l("What is wrong with them?"),
        description=_l(
            "For example: the meaning is wrong, it is hard to understand, or a word is "
            "misspelled. Do not write anything about your child here."
        ),
        filters=[strip],
        validators=[DataRequired(_l("Tell us what is wrong with the words")), LONG],
    )
    suggestion = TextAreaField(
        _l("Better words (optional)"),
        description=_l("If you know how it should be said, write it here."),
        filters=[strip],
        validators=[Optional(), LONG],
    )
    reply_email = email_field(
        _l("Your email address (optional)"),
        description=_l("Only if you would like the school to reply to you."),
    )
    school = SelectField(_l("Which school is it about?"), validators=[Optional()])


class TranslationForm(FlaskForm):
    """A translation of each text of one thing the school wrote; fields are added per text."""

    translator_name = StringField(
        _l("Who translated it (optional)"),
        description=_l("For example: the name of the interpreter or colleague."),
        filters=[strip],
        validators=[Optional(), Length(max=200, message=_l("Use 200 characters or fewer"))],
    )
