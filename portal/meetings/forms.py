"""The SENCO's forms for booking meetings and asking for views before them."""

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from portal.forms_common import HOME_LANGUAGES, MultiCheckboxField, options
from portal.i18n import language_name
from portal.models import FormVersion, MeetingKind

DURATIONS = [(20, _l("20 minutes")), (30, _l("30 minutes")), (45, _l("45 minutes"))] + [
    (60, _l("1 hour")),
    (90, _l("1 hour 30 minutes")),
    (120, _l("2 hours")),
]


def _pupil_form_pairs():
    return [("", _l("Chosen from the pupil's year group"))] + [
        (v.value, v.label) for v in FormVersion if v is not FormVersion.PARENT
    ]


class AskViewsFields:
    ask_parents = BooleanField(_l("Ask the parents and carers for their views"), default=True)
    ask_pupil = BooleanField(_l("Ask the pupil for their views"), default=True)
    due_on = DateField(
        _l("Views wanted by (optional)"),
        description=_l("A few days before the meeting gives you time to read them."),
        validators=[Optional()],
    )
    form_version = SelectField(
        _l("Which form the pupil gets"),
        description=_l(
            "Early years and primary is symbols first; secondary is words first; from Year 9 "
            "it adds preparing for adulthood. Choose another if it suits the pupil better."
        ),
        # "" (from the year group) is one of the choices: no Optional(), which would let a
        # blank such as " " past the choice check and on to FormVersion(" ").
        choices=lambda: options(_pupil_form_pairs()),
        default="",  # left out of a post: chosen from the year group, as before
    )


class MeetingForm(AskViewsFields, FlaskForm):
    kind = RadioField(
        _l("What kind of meeting"),
        choices=lambda: options((k.value, k.label) for k in MeetingKind),
        validators=[DataRequired(_l("Choose the kind of meeting"))],
    )
    day = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date as a real date"))])
    time = TimeField(
        _l("Start time"),
        description=_l("For example 15:30."),
        validators=[DataRequired(_l("Enter the start time, for example 15:30"))],
    )
    duration = SelectField(
        _l("How long"), coerce=int, default=45, choices=lambda: options(DURATIONS)
    )
    place = StringField(
        _l("Where (optional)"),
        description=_l("For example: the library, Oakfield Primary School."),
        validators=[Optional(), Length(max=200)],
    )
    # A text input (inputmode url in the template): a half-typed address shown back in a
    # type=url input would not be valid HTML.
    video_link = StringField(
        _l("Video call link (optional)"),
        validators=[
            Optional(),
            Length(max=500),
            URL(message=_l("Enter a full web address, starting with https://")),
        ],
    )
    purpose = TextAreaField(
        _l("What the meeting is for (optional)"),
        description=_l("The family and the pupil see this. Use plain words."),
        validators=[Optional(), Length(max=2000)],
    )
    # No Optional() on choice fields: for a first value that is blank (" ") it clears the
    # check that every value is one offered.
    invitees = MultiCheckboxField(_l("Who is invited"))
    others = TextAreaField(
        _l("Anyone else invited (optional)"),
        description=_l("One per line, for example: Dr A. Shah, educational psychologist."),
        validators=[Optional(), Length(max=2000)],
    )
    interpreter_needed = BooleanField(_l("An interpreter is needed"))
    interpreter_language = SelectField(_l("Interpreter's language"), default="")

    def __init__(self, *args, invitee_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.invitees.choices = options(invitee_choices)
        self.interpreter_language.choices = options(
            [("", _l("Choose a language"))]
            + [(code, language_name(code)) for code in HOME_LANGUAGES if code != "en"]
        )

    def validate_day(self, field):
        if field.data and field.data < date.today() - timedelta(days=365):
            raise ValidationError(_l("The date is more than a year ago: check the year"))

    def validate(self, extra_validators=None) -> bool:
        # Checks across fields run here: an empty optional field stops its own validators.
        valid = super().validate(extra_validators)
        if not (self.place.data or "").strip() and not (self.video_link.data or "").strip():
            self.place.errors = [
                *self.place.errors,
                _l("Enter where the meeting is, or a video call link"),
            ]
            valid = False
        if self.interpreter_needed.data and not self.interpreter_language.data:
            self.interpreter_language.errors = [
                *self.interpreter_language.errors,
                _l("Choose the language the interpreter speaks"),
            ]
            valid = False
        return valid

    def validate_due_on(self, field):
        if field.data and self.day.data and field.data > self.day.data:
            raise ValidationError(_l("Ask for views on or before the day of the meeting"))


class AskViewsForm(AskViewsFields, FlaskForm):
    def validate_ask_pupil(self, field):
        if not field.data and not self.ask_parents.data:
            raise ValidationError(_l("Tick who you want to ask"))
