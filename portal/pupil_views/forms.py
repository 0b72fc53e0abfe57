"""The views forms: the pupil's, one question a page, with the record of who helped; and a
parent's answer to one question."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from portal.forms_common import MultiCheckboxField, options
from portal.i18n import LANGUAGES
from portal.i18n import language_choices as offered_language_choices
from portal.models import GatheringMethod
from portal.pupil_views import questions as q
from portal.pupil_views.answers import MAX_TEXT as MAX_ANSWER

OPT_OUTS = [q.NOT_SURE, q.RATHER_NOT_SAY]


class TextAnswerForm(FlaskForm):
    """An open question: cards picked, words typed, a recording, a picture (the files are
    read from the request and checked by portal.files), or an opt-out button pressed."""

    answer = TextAreaField(
        _l("Your answer"),
        validators=[Length(max=MAX_ANSWER, message=_l("This is too long. Make it shorter."))],
    )
    choice = StringField(validators=[Optional(), AnyOf(OPT_OUTS)])
    # Only to carry a refused file's message to the error summary and the field.
    recording = FileField()
    picture = FileField()


class BoardForm(FlaskForm):
    """The board's cards are read with talking_mat.read_board; an opt-out may be pressed."""

    choice = StringField(validators=[Optional(), AnyOf(OPT_OUTS)])


class GoalForm(FlaskForm):
    feeling = RadioField(
        choices=lambda: options((c.value, c.label) for c in q.FEELING_CHOICES + q.OPT_OUT_CHOICES),
        validators=[DataRequired(_l("Pick a face, or pick “I'm not sure”."))],
    )
    helps = RadioField(
        choices=lambda: options((c.value, c.label) for c in q.HELP_CHOICES),
        validators=[Optional()],
    )


def language_choices():
    return options(LANGUAGES.items())


class PupilLanguageForm(FlaskForm):
    """Supported mode: the language the pupil's questions are shown in."""

    # Not sent (an older page, a script): the pupil's home language, or the page's.
    pupil_language = SelectField(
        _l("Show the questions to the pupil in"),
        description=_l("Your own pages stay in your language."),
        choices=offered_language_choices,  # only a language whose every question is translated
        validate_choice=False,
        validators=[Optional()],
    )


SHARING_CHOICES = [
    q.Choice("yes", _l("Yes, my parents can see them"), "people"),
    q.Choice("no", _l("No, only the school sees them"), "school"),
]


class SharingForm(FlaskForm):
    """A young person from 16: may their parents see their views?"""

    share = RadioField(
        _l("Can your parents see your answers?"),
        choices=lambda: options((c.value, c.label) for c in SHARING_CHOICES),
        validators=[DataRequired(_l("Pick one answer."))],
    )


class FeelingsForm(FlaskForm):
    feeling = RadioField(
        choices=lambda: options((c.value, c.label) for c in q.FEELING_CHOICES + q.OPT_OUT_CHOICES),
        validators=[DataRequired(_l("Pick a face, or pick “I'm not sure”."))],
    )


HELPED_CHOICES = [
    q.Choice("no", _l("No, I did it on my own"), "me"),
    q.Choice("yes", _l("Yes, someone helped me"), "helper"),
]


class HelpedForm(FlaskForm):
    """Asked of a pupil using their own account."""

    helped = RadioField(
        _l("Did someone help you?"),
        choices=lambda: options((c.value, c.label) for c in HELPED_CHOICES),
        validators=[DataRequired(_l("Pick one answer."))],
    )
    helped_by = StringField(
        _l("Who helped you? (you can leave this empty)"),
        validators=[Optional(), Length(max=200)],
    )


class SupportForm(FlaskForm):
    """Asked of the adult who sat with a pupil without an account."""

    helped_by = StringField(
        _l("Who helped"),
        description=_l("Your name and role, and anyone else who helped."),
        validators=[DataRequired(_l("Enter who helped")), Length(max=200)],
    )
    methods = MultiCheckboxField(
        _l("How were the views gathered?"),
        description=_l("Tick all that apply."),
        choices=lambda: options((m.value, m.label) for m in GatheringMethod),
        validators=[DataRequired(_l("Tick at least one way the views were gathered"))],
    )
    # Filled in with the language the questions were shown in; not sent: that language.
    spoken_language = SelectField(
        _l("The language you used with the pupil"),
        choices=language_choices,
        validate_choice=False,
        validators=[Optional()],
    )
    interpreter = StringField(
        _l("Interpreter (if one helped)"),
        description=_l("Their name, or the service. Leave this empty if nobody interpreted."),
        validators=[Optional(), Length(max=200)],
    )
    participation_note = TextAreaField(
        _l("How did the pupil take part?"),
        description=_l("For example: pointed to cards, answered in Polish, needed breaks."),
        validators=[Optional(), Length(max=MAX_ANSWER)],
    )


class ViewsAnswerForm(FlaskForm):
    """One question of a parent's views; the question itself is the label, set per page."""

    answer = TextAreaField(
        _l("Your answer"),
        validators=[
            Length(
                max=MAX_ANSWER,
                message=_l("This is too long. Shorten it, or send the rest as a message later."),
            )
        ],
    )


class TranscriptForm(FlaskForm):
    """What was said in a pupil's recording, typed by staff who listened (may be emptied)."""

    text = TextAreaField(
        _l("What was said"),
        description=_l("Type what you hear, in the pupil's words."),
        validators=[Length(max=MAX_ANSWER, message=_l("This is too long. Shorten it."))],
    )
