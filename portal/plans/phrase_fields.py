"""Picking from the phrase bank in the plan and record editors (languages/phrases.py).

A SENCO picks a standard outcome, piece of provision or meeting action, and the family sees
it in their own language; or writes freely. Without JavaScript: choosing a phrase and
leaving the words empty uses the phrase's words (and, for provision, its suggested group,
amounts and who gives it, where those are left empty).
"""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from portal.languages.phrases import PhraseKind, bank
from portal.plans.display import shorten


def _phrase_choices(kind: PhraseKind) -> list[SelectChoice]:
    choices = [SelectChoice("", _l("None: I will write my own words"))]
    for area, phrases in bank().by_area(kind).items():
        group = str(area.label) if area is not None else str(_l("Any area"))
        choices += [SelectChoice(p.key, shorten(p.text, 120), optgroup=group) for p in phrases]
    return choices


def action_choices() -> list[SelectChoice]:
    choices = [SelectChoice("", _l("None: I will write my own words"))]
    return choices + [SelectChoice(p.key, p.text) for p in bank().choices(PhraseKind.ACTION)]


def action_phrase_text(key: str | None) -> str | None:
    """The English words of a meeting action in the bank (None: not one)."""
    phrase = bank().get(key)
    if phrase is None or phrase.kind is not PhraseKind.ACTION:
        return None
    return phrase.text


def outcome_phrase_field() -> SelectField:
    return SelectField(
        _l("Outcome from the phrase bank (optional)"),
        description=_l(
            "Families see a bank phrase in their own language. Leave the outcome's words "
            "empty to use the phrase's words."
        ),
        choices=lambda: _phrase_choices(PhraseKind.OUTCOME),
        validators=[Optional()],
    )


def provision_phrase_field() -> SelectField:
    return SelectField(
        _l("Help from the phrase bank (optional)"),
        description=_l(
            "Families see a bank phrase in their own language. Leave the words empty to use "
            "the phrase's words, and its usual amounts where you leave them empty."
        ),
        choices=lambda: _phrase_choices(PhraseKind.PROVISION),
        validators=[Optional()],
    )


def _blank(field) -> bool:
    return not (field.raw_data and str(field.raw_data[0]).strip())


class PhraseMixin:
    """Fills in a chosen phrase's words (and suggestions) before the form is checked."""

    def _phrase(self):
        phrase = bank().get(self.phrase_key.data or None)
        return phrase if phrase is not None and not phrase.retired else None

    def validate(self, extra_validators=None):
        phrase = self._phrase()
        if phrase is not None:
            words = (self.description.data or "").strip()
            # Empty, or another bank phrase's words (the SENCO switched phrases): the new one.
            known = words and any(
                " ".join(words.split()).casefold() == " ".join(p.text.split()).casefold()
                for p in bank().phrases.values()
            )
            if not words or known:
                self.description.data = phrase.text
                self.description.raw_data = [phrase.text]
            suggested = {
                "group_size": phrase.group_size.value if phrase.group_size else None,
                "sessions_per_week": phrase.sessions_per_week,
                "minutes_per_session": phrase.minutes_per_session,
                "delivered_by": phrase.delivered_by,
            }
            for name, value in suggested.items():
                field = getattr(self, name, None)
                if field is None or value is None or not _blank(field):
                    continue
                field.raw_data = [str(value)]
                field.process_errors = []
                field.data = value if name not in ("group_size", "delivered_by") else str(value)
        return super().validate(extra_validators)

    def chosen_phrase_key(self) -> str | None:
        """The phrase's key while the words are its words; writing freely drops it."""
        phrase = self._phrase()
        if phrase is None:
            return None
        same = (
            " ".join((self.description.data or "").split()).casefold()
            == " ".join(phrase.text.split()).casefold()
        )
        return phrase.key if same else None
