"""Forms for plans: the SENCO's editor, the review, progress notes and the family's answer."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from portal.forms_common import MultiCheckboxField, options
from portal.models import BroadArea, GroupSize, NextStep, OutcomeResult, today
from portal.plans.display import shorten
from portal.plans.phrase_fields import (
    PhraseMixin,
    action_choices,
    action_phrase_text,
    outcome_phrase_field,
    provision_phrase_field,
)

TEXT = 4000
# The seed's example of a good outcome: specific, measurable, and about the pupil.
GOOD_OUTCOME_EXAMPLE = _l(
    "By the end of term, the pupil will be able to decode CVC words with %(accuracy)s "
    "accuracy and will read 10 high-frequency words on sight",
    accuracy="80%",
)

# Words that describe help the pupil will get, not what the pupil will be able to do.
ACTIVITY_PATTERNS = re.compile(
    r"\bwill\s+(?:receive|attend|be\s+given|be\s+provided|be\s+offered|have\s+access|"
    r"be\s+withdrawn|get\s+\d|have\s+\d)"
    r"|\b(?:hours?|minutes?|sessions?)\s+(?:of|a\s+week|per\s+week|each\s+week)\b",
    re.IGNORECASE,
)


def reads_like_activity(text: str | None) -> bool:
    return bool(text and ACTIVITY_PATTERNS.search(text))


def area_choices(blank):
    return options([("", blank)] + [(area.value, area.label) for area in BroadArea])


class VersionedForm(FlaskForm):
    """Carries the version the person started editing from, for the lost-update check."""

    version = HiddenField()

    @property
    def started_from(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class PlanDetailsForm(VersionedForm):
    strengths = TextAreaField(
        _l("Strengths: what the pupil is good at and what matters to them"),
        validators=[Length(max=TEXT)],
    )
    need_communication = TextAreaField(BroadArea.COMMUNICATION.label, validators=[Length(max=TEXT)])
    need_cognition = TextAreaField(BroadArea.COGNITION.label, validators=[Length(max=TEXT)])
    need_semh = TextAreaField(BroadArea.SEMH.label, validators=[Length(max=TEXT)])
    need_sensory_physical = TextAreaField(
        BroadArea.SENSORY_PHYSICAL.label, validators=[Length(max=TEXT)]
    )
    pupil_views = TextAreaField(_l("What the pupil said"), validators=[Length(max=TEXT)])
    parent_views = TextAreaField(_l("What the parents said"), validators=[Length(max=TEXT)])
    views = MultiCheckboxField(
        _l("The views this plan draws on"),
        description=_l("Views the pupil and the parents sent before a meeting."),
        coerce=int,
    )
    at_school = TextAreaField(_l("What the school will do"), validators=[Length(max=TEXT)])
    at_home = TextAreaField(_l("What the family will do at home"), validators=[Length(max=TEXT)])
    by_pupil = TextAreaField(_l("What the pupil will do"), validators=[Length(max=TEXT)])
    review_date = DateField(
        _l("Review date"),
        description=_l("When the plan will be reviewed with the family."),
        validators=[Optional()],
    )

    need_fields = ("need_communication", "need_cognition", "need_semh", "need_sensory_physical")

    def validate_review_date(self, field):
        if field.data and field.data < today():
            raise ValidationError(_l("The review date must be today or later"))

    @classmethod
    def from_plan(cls, plan, **kwargs):
        needs = {need.area: need.summary for need in plan.area_needs}
        return cls(
            obj=plan,
            version=plan.version,
            views=[v.id for v in plan.views],
            **{f"need_{area.value}": needs.get(area, "") for area in BroadArea},
            **kwargs,
        )

    def set_views(self, sent) -> None:
        """Offer the pupil's sent views as choices, each named by who sent it and when."""
        from flask_babel import format_date

        self.views.choices = options(
            (
                v.id,
                _l(
                    "%(who)s, for the meeting on %(date)s",
                    who=v.author.full_name,
                    date=format_date(v.request.meeting.starts_at, "medium"),
                ),
            )
            for v in sent
        )


class OutcomeForm(PhraseMixin, VersionedForm):
    phrase_key = outcome_phrase_field()
    description = TextAreaField(
        _l("Outcome"),
        description=_l(
            "What the pupil will be able to do, not the help they will get. "
            "For example: %(example)s.",
            example=GOOD_OUTCOME_EXAMPLE,
        ),
        validators=[DataRequired(_l("Write the outcome")), Length(max=TEXT)],
    )
    area = SelectField(
        _l("Area of need"),
        choices=lambda: area_choices(_l("Choose an area")),
        validators=[DataRequired(_l("Choose the area of need"))],
    )
    target_date = DateField(
        _l("Target date"),
        validators=[DataRequired(_l("Enter the target date as a real date"))],
    )
    measure = TextAreaField(
        _l("How success will be measured"),
        description=_l("For example: a reading check of 10 words, three times in a row."),
        validators=[DataRequired(_l("Say how success will be measured")), Length(max=TEXT)],
    )
    pupil_words = TextAreaField(
        _l("The goal in the pupil's words (optional)"),
        description=_l("Shown on the pupil's own page. For example: I will read 10 words."),
        validators=[Optional(), Length(max=1000)],
    )
    preparing_for_adulthood = BooleanField(
        _l(
            "This is a preparing for adulthood outcome (work, living independently, "
            "friends and community, health)"
        )
    )
    keep_wording = HiddenField()

    def cleaned(self) -> dict:
        return {
            "description": self.description.data,
            "area": BroadArea(self.area.data),
            "target_date": self.target_date.data,
            "measure": self.measure.data or "",
            "pupil_words": self.pupil_words.data,
            "preparing_for_adulthood": self.preparing_for_adulthood.data,
            "phrase_key": self.chosen_phrase_key(),
        }

    @property
    def needs_activity_prompt(self) -> bool:
        return reads_like_activity(self.description.data) and self.keep_wording.data != "1"


class ProvisionForm(PhraseMixin, VersionedForm):
    phrase_key = provision_phrase_field()
    description = TextAreaField(
        _l("What the help is"),
        description=_l("For example: phonics practice with a reading programme."),
        validators=[DataRequired(_l("Say what the help is")), Length(max=1000)],
    )
    # No Optional(): it would clear the choice check for blanks like " " (int(" ") fails).
    outcome_id = SelectField(_l("Which outcome it helps with"), default="")
    group_size = RadioField(
        _l("Group size"),
        choices=lambda: options((g.value, g.label) for g in GroupSize),
        validators=[DataRequired(_l("Choose the group size"))],
    )
    sessions_per_week = IntegerField(
        _l("Sessions a week"),
        validators=[
            InputRequired(_l("Enter how many sessions a week, as a number")),
            NumberRange(1, 50, _l("Enter a number of sessions from 1 to 50")),
        ],
    )
    minutes_per_session = IntegerField(
        _l("Minutes each session"),
        validators=[
            InputRequired(_l("Enter how many minutes each session lasts, as a number")),
            NumberRange(5, 600, _l("Enter a number of minutes from 5 to 600")),
        ],
    )
    delivered_by = StringField(
        _l("Who gives it"),
        description=_l("For example: Mrs Patel, teaching assistant."),
        validators=[DataRequired(_l("Say who gives the help")), Length(max=200)],
    )
    starts_on = DateField(_l("Start date (optional)"), validators=[Optional()])
    ends_on = DateField(_l("End date (optional)"), validators=[Optional()])

    def set_outcomes(self, outcomes) -> None:
        self.outcome_id.choices = options(
            [("", _l("The plan as a whole"))]
            + [(str(o.id), shorten(o.description)) for o in outcomes]
        )

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date must be on or after the start date"))

    def cleaned(self) -> dict:
        return {
            "description": self.description.data,
            "outcome_id": int(self.outcome_id.data) if self.outcome_id.data else None,
            "group_size": GroupSize(self.group_size.data),
            "sessions_per_week": self.sessions_per_week.data,
            "minutes_per_session": self.minutes_per_session.data,
            "delivered_by": self.delivered_by.data,
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "phrase_key": self.chosen_phrase_key(),
        }


class AdviceForm(VersionedForm):
    adviser = StringField(
        _l("Who gave the advice"),
        description=_l("For example: Speech and language therapist, Northshire NHS."),
        validators=[DataRequired(_l("Say who gave the advice")), Length(max=200)],
    )
    given_on = DateField(
        _l("When"), validators=[DataRequired(_l("Enter the date of the advice as a real date"))]
    )
    summary = TextAreaField(
        _l("What they advised"),
        validators=[DataRequired(_l("Summarise the advice")), Length(max=TEXT)],
    )

    def validate_given_on(self, field):
        if field.data and field.data > today():
            raise ValidationError(_l("The date of the advice cannot be in the future"))

    def cleaned(self) -> dict:
        return {
            "adviser": self.adviser.data,
            "given_on": self.given_on.data,
            "summary": self.summary.data,
        }


class ShareForm(VersionedForm):
    """Share the draft with the family: only the version is sent."""


class RemoveForm(VersionedForm):
    """Remove a row: only the version it was shown at is sent."""


class ProgressNoteForm(FlaskForm):
    outcome_id = RadioField(
        _l("Which outcome is this about?"),
        validators=[DataRequired(_l("Choose the outcome this note is about"))],
    )
    noted_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date as a real date"))])
    note = TextAreaField(
        _l("How is the pupil getting on?"),
        description=_l("What you saw, with evidence if you have it. Start with what went well."),
        validators=[DataRequired(_l("Write the progress note")), Length(max=TEXT)],
    )
    share_with_family = BooleanField(
        _l("Share with the family"),
        description=_l("The family sees this note under the outcome on their child's page."),
    )

    def set_outcomes(self, outcomes) -> None:
        self.outcome_id.choices = options((str(o.id), shorten(o.description)) for o in outcomes)

    def validate_noted_on(self, field):
        if field.data and field.data > today():
            raise ValidationError(_l("The date cannot be in the future"))


NO_MEETING = "none"


class ReviewForm(VersionedForm):
    review_meeting = RadioField(
        _l("The meeting with the family"),
        description=_l(
            "A review is held with the family (Code 6.52). Choose the meeting, held with a "
            "parent or carer there."
        ),
        validators=[
            DataRequired(_l("Choose the meeting held with the family, or say why none was"))
        ],
    )
    no_meeting_reason = TextAreaField(
        _l("Why there was no meeting with the family"),
        description=_l("For example: the family were invited three times and did not come."),
        validators=[Length(max=TEXT)],
    )
    views = MultiCheckboxField(_l("The views the review drew on"), validators=[Optional()])
    pupil_views = TextAreaField(
        _l("What the pupil said at the review"), validators=[Length(max=TEXT)]
    )
    parent_views = TextAreaField(
        _l("What the parents said at the review"), validators=[Length(max=TEXT)]
    )
    next_step = RadioField(
        _l("What happens next?"),
        choices=lambda: options((s.value, s.label) for s in NextStep),
        validators=[DataRequired(_l("Choose what happens next"))],
    )
    review_note = TextAreaField(
        _l("Notes from the review (optional)"), validators=[Length(max=TEXT)]
    )

    def validate_no_meeting_reason(self, field):
        if self.review_meeting.data == NO_MEETING and not (field.data or "").strip():
            raise ValidationError(_l("Say why the review was not held with the family"))


def review_form(plan, formdata=None, *, meetings=(), views=()):
    """The review form with a result and a note for each of the plan's outcomes, the
    meetings held with the family to choose from, and the views gathered. The class
    teacher's drafts start it off."""

    class PlanReviewForm(ReviewForm):
        pass

    results = options((r.value, r.label) for r in OutcomeResult)
    for number, outcome in enumerate(plan.outcomes, 1):
        setattr(
            PlanReviewForm,
            f"result_{outcome.id}",
            RadioField(
                _l("Outcome %(number)d: how far was it achieved?", number=number),
                choices=results,
                validators=[
                    DataRequired(_l("Choose a result for outcome %(number)d", number=number))
                ],
            ),
        )
        setattr(
            PlanReviewForm,
            f"note_{outcome.id}",
            TextAreaField(
                _l("Outcome %(number)d: note (optional)", number=number),
                validators=[Length(max=TEXT)],
            ),
        )
    data = {"version": plan.version}
    for outcome in plan.outcomes:
        result = outcome.result or outcome.draft_result
        if result:
            data[f"result_{outcome.id}"] = result.value
        data[f"note_{outcome.id}"] = outcome.result_note or outcome.draft_note or ""
    data["pupil_views"] = plan.review_pupil_views or ""
    data["parent_views"] = plan.review_parent_views or ""
    if meetings:
        data["review_meeting"] = str(meetings[0][0])
        data["views"] = [str(v) for v, _label, meeting_id in views if meeting_id == meetings[0][0]]
    # What was sent is what counts: the drafts and saved values only start the form off.
    form = PlanReviewForm(formdata=formdata, data=data if formdata is None else None)
    form.review_meeting.choices = options(
        [(str(m), label) for m, label in meetings]
        + [(NO_MEETING, _l("No meeting was held with the family"))]
    )
    form.views.choices = options((str(v), label) for v, label, _meeting in views)
    return form


def outcome_draft_form(plan, formdata=None):
    """The class teacher's draft of the review: a result and a note for each outcome."""

    class OutcomeDraftForm(FlaskForm):
        def validate(self, extra_validators=None) -> bool:
            valid = super().validate(extra_validators)
            if plan.outcomes and not any(self[f"result_{o.id}"].data for o in plan.outcomes):
                first = self[f"result_{plan.outcomes[0].id}"]
                first.errors = [*first.errors, _l("Choose a result for at least one outcome")]
                valid = False
            return valid

    results = options((r.value, r.label) for r in OutcomeResult)
    data = {}
    for number, outcome in enumerate(plan.outcomes, 1):
        setattr(
            OutcomeDraftForm,
            f"result_{outcome.id}",
            RadioField(
                _l("Outcome %(number)d: how far was it achieved?", number=number),
                choices=results,
                # Not stripped: a blank such as " " is refused as no choice offered.
                validators=[Optional(strip_whitespace=False)],
            ),
        )
        setattr(
            OutcomeDraftForm,
            f"note_{outcome.id}",
            TextAreaField(
                _l("Outcome %(number)d: note (optional)", number=number),
                validators=[Length(max=TEXT)],
            ),
        )
        if outcome.draft_result:
            data[f"result_{outcome.id}"] = outcome.draft_result.value
        data[f"note_{outcome.id}"] = outcome.draft_note or ""
    return OutcomeDraftForm(formdata=formdata, data=data if formdata is None else None)


class ReviewReplyForm(FlaskForm):
    """The family's answer to the outcome of a review."""

    disagree = BooleanField(_l("I do not agree with the review"))
    reply = TextAreaField(
        _l("Your reply"),
        description=_l("Write in any language. The school will answer here and send you an email."),
        validators=[DataRequired(_l("Write your reply")), Length(max=TEXT)],
    )


class QuestionForm(FlaskForm):
    question = TextAreaField(
        _l("Your question"),
        description=_l("Write in any language. The school will reply here and send you an email."),
        validators=[DataRequired(_l("Write your question")), Length(max=TEXT)],
    )


class ReplyForm(FlaskForm):
    reply = TextAreaField(
        _l("Your reply"),
        validators=[DataRequired(_l("Write your reply")), Length(max=TEXT)],
    )


class MeetingRecordForm(VersionedForm):
    attended = TextAreaField(
        _l("Who came"),
        description=_l("One name a line, with their role. Say if an interpreter was there."),
        validators=[DataRequired(_l("Say who came to the meeting")), Length(max=TEXT)],
    )
    discussed = TextAreaField(
        _l("What was discussed"),
        validators=[DataRequired(_l("Say what was discussed")), Length(max=TEXT)],
    )
    agreed = TextAreaField(
        _l("What was agreed: outcomes and decisions"),
        description=_l("What the pupil will work towards, in words the family will understand."),
        validators=[Length(max=TEXT)],
    )
    support = TextAreaField(_l("The help that will be in place"), validators=[Length(max=TEXT)])
    next_review = DateField(_l("Next review (optional)"), validators=[Optional()])

    action_rows: int = 0

    def cleaned(self) -> dict:
        data = {
            name: getattr(self, name).data
            for name in ("attended", "discussed", "agreed", "support", "next_review")
        }
        data["actions"] = []
        for phrase, what, who, due in self.action_fields():
            key = phrase.data or None
            words = (what.data or "").strip()
            if key and not words:
                words = action_phrase_text(key) or ""
            row = {
                "phrase_key": key,
                "what": words,
                "who": (who.data or "").strip(),
                "due_on": due.data,
            }
            if key or row["what"] or row["who"] or row["due_on"]:
                data["actions"].append(row)
        return data

    def action_fields(self) -> list[tuple]:
        """Each row: the phrase from the bank (optional), what, who, by when."""
        return [
            (
                self[f"action_{i}_phrase"],
                self[f"action_{i}_what"],
                self[f"action_{i}_who"],
                self[f"action_{i}_due"],
            )
            for i in range(self.action_rows)
        ]

    def validate(self, extra_validators=None) -> bool:
        """A written action needs what, who and by when; one from the bank needs nothing
        more (the phrase says who does what), though a date may be given."""
        valid = super().validate(extra_validators)
        for number, (phrase, what, who, due) in enumerate(self.action_fields(), 1):
            if phrase.data and action_phrase_text(phrase.data) is None:
                phrase.errors = [
                    *phrase.errors,
                    _l("Action %(number)d: choose a phrase from the list", number=number),
                ]
                valid = False
                continue
            if phrase.data:
                continue
            if not ((what.data or "").strip() or (who.data or "").strip() or due.data):
                continue
            for field, message in (
                (what, _l("Action %(number)d: say what will be done", number=number)),
                (who, _l("Action %(number)d: say who will do it", number=number)),
                (due, _l("Action %(number)d: give the date it will be done by", number=number)),
            ):
                filled = field.data if field is due else (field.data or "").strip()
                if not filled and not field.errors:
                    field.errors = [*field.errors, message]
                    valid = False
        return valid


MAX_ACTION_ROWS = 12


def action_rows_for(saved: int = 0, posted=None) -> int:
    """Rows for actions: on a form sent, as many as it had; else those saved and two more."""
    if posted is not None:
        sent = sum(
            1
            for i in range(MAX_ACTION_ROWS)
            if f"action_{i}_what" in posted or f"action_{i}_phrase" in posted
        )
        return max(sent, 3)
    return min(max(saved + 2, 3), MAX_ACTION_ROWS)


def meeting_record_form(rows: int, *, formdata=None, **kwargs) -> MeetingRecordForm:
    """The record form with `rows` rows for the actions agreed (what, who, by when)."""

    class RecordForm(MeetingRecordForm):
        pass

    for i in range(rows):
        number = i + 1
        setattr(
            RecordForm,
            f"action_{i}_phrase",
            SelectField(
                _l("From the phrase bank (optional)"),
                description=_l(
                    "Families see a bank phrase in their own language. Leave the words "
                    "empty to use the phrase's words."
                ),
                choices=action_choices,
                # A saved row keeps a phrase the bank has since retired; checked below.
                validate_choice=False,
                validators=[Optional()],
            ),
        )
        setattr(
            RecordForm,
            f"action_{i}_what",
            StringField(
                _l("Action %(number)d: what will be done", number=number),
                validators=[Optional(), Length(max=TEXT)],
            ),
        )
        setattr(
            RecordForm,
            f"action_{i}_who",
            StringField(
                _l("Who will do it"),
                validators=[Optional(), Length(max=200)],
            ),
        )
        setattr(
            RecordForm,
            f"action_{i}_due",
            DateField(
                _l("By when"),
                validators=[Optional()],
            ),
        )
    RecordForm.action_rows = rows
    return RecordForm(formdata=formdata, **kwargs)
