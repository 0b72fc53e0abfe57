"""Choices and fields that several features' forms share."""

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.models import NeedCode, Role, SenStatus, year_group_label

# Languages most spoken by EAL families in English schools, and a few more.
HOME_LANGUAGES = [
    "en",
    "pl",
    "ur",
    "pa",
    "bn",
    "ar",
    "ro",
    "so",
    "pt",
    "es",
    "uk",
    "gu",
    "ta",
    "tr",
    "lt",
    "fr",
    "it",
    "zh",
    "yo",
    "ps",
    "fa",
    "ku",
    "ti",
    "sq",
    "hu",
    "bg",
    "ru",
    "ne",
]

RELATIONSHIPS = {
    "mother": _l("Mother"),
    "father": _l("Father"),
    "parent": _l("Parent"),
    "carer": _l("Carer"),
    "guardian": _l("Guardian"),
    "grandparent": _l("Grandparent"),
    "foster_carer": _l("Foster carer"),
    "other": _l("Other family member"),
}


def strip(value):
    """A WTForms filter: phones often add a space after an autocompleted email address."""
    return value.strip() if isinstance(value, str) else value


def email_field(label, *, required=None, description=None, also=()) -> EmailField:
    """An email address: trimmed, its shape checked (no look-up), at most 254 characters;
    optional unless `required` gives the message for a blank one. `also`: more checks."""
    return EmailField(
        label,
        description=description,
        filters=[strip],
        validators=[
            DataRequired(required) if required else Optional(),
            Email(_l("Enter an email address like name@example.com"), check_deliverability=False),
            Length(max=254),
            *also,
        ],
    )


def search_field(label, *, description=None) -> StringField:
    """Words to look for in a GET form's filters: optional, at most 100 characters, refused
    in the portal's own translated words (WTForms' are English on every page)."""
    return StringField(
        label,
        description=description,
        validators=[Optional(), Length(max=100, message=_l("Use 100 characters or fewer"))],
    )


def options(pairs: Iterable[tuple]) -> list[SelectChoice]:
    """Choices for a select or radios, from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def relationship_label(code: str | None) -> str:
    return str(RELATIONSHIPS.get(code or "parent", RELATIONSHIPS["parent"]))


def year_group_pairs() -> list[tuple[int, str]]:
    return [(year, year_group_label(year)) for year in range(-1, 15)]


def sen_status_pairs() -> list[tuple[str, object]]:
    return [(status.value, status.label) for status in SenStatus]


def need_choices(blank: object) -> list[SelectChoice]:
    return options(
        [("", blank)]
        + [
            (code.value, _l("%(code)s: %(label)s", code=code.value, label=code.label))
            for code in NeedCode
        ]
    )


def staff_role_choices() -> list[SelectChoice]:
    return options((role.value, role.label) for role in (Role.TEACHER, Role.SENCO, Role.ADMIN))


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for several choices; the forms macro `choices` renders them in a fieldset."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SendForm(FlaskForm):
    """A form with nothing but its CSRF token: a button that sends, agrees or cancels."""
