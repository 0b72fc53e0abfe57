"""The views forms: the pupil's, one question a page, with the record of who helped; and a
parent's answer to one question."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from portal.forms_common import MultiCheckboxField, options
from portal.models import GatheringMethod
from portal.pupil_views import questions as q
from portal.pupil_views.services import MAX_ANSWER


class TextAnswerForm(FlaskForm):
    """Words typed, or one of the opt-out buttons (`choice`) pressed."""

    answer = TextAreaField(
        _l("Your answer"),
        validators=[Length(max=MAX_ANSWER, message=_l("This is too long. Make it shorter."))],
    )
    choice = StringField(validators=[Optional(), AnyOf([q.NOT_SURE, q.RATHER_NOT_SAY])])


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
