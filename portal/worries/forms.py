"""A pupil's worry, one question a page; and the adult's reply."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.forms_common import options
from portal.models import FeelsSafe
from portal.pupil_views.questions import Choice
from portal.worries.services import MAX_TEXT

SAFE_CHOICES = [
    Choice(FeelsSafe.SAFE.value, _l("Yes, I feel safe"), "face-happy"),
    Choice(FeelsSafe.NOT_SAFE.value, _l("No, I do not feel safe"), "face-very-sad"),
    Choice(FeelsSafe.NOT_SURE.value, _l("I'm not sure"), "not-sure"),
]


class WhoForm(FlaskForm):
    to = RadioField(
        _l("Who do you want to tell?"),
        coerce=int,
        validate_choice=True,
        validators=[DataRequired(_l("Pick the person you want to tell."))],
    )


class WhatForm(FlaskForm):
    text = TextAreaField(
        _l("Write it in your own words"),
        validators=[Length(max=MAX_TEXT, message=_l("This is too long. Make it shorter."))],
    )


class SafeForm(FlaskForm):
    safe = RadioField(
        _l("Do you feel safe?"),
        choices=lambda: options((c.value, c.label) for c in SAFE_CHOICES),
        validators=[DataRequired(_l("Pick one answer."))],
    )


class ReplyForm(FlaskForm):
    reply = TextAreaField(
        _l("Your reply to the pupil"),
        description=_l("Short sentences and everyday words: the pupil reads it on their page."),
        validators=[
            DataRequired(_l("Write your reply")),
            Length(max=MAX_TEXT, message=_l("This is too long. Shorten it.")),
        ],
    )
