"""The filters of the provision map and the SEN register: GET forms, so no CSRF token."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from portal.forms_common import need_choices, options, year_group_pairs
from portal.models import GroupSize, SenStatus, today
from portal.plans.forms import area_choices


class ProvisionMapFilterForm(FlaskForm):
    class Meta:
        csrf = False

    year = SelectField(_l("Year group"), validators=[Optional()])
    group_size = SelectField(_l("Group size"), validators=[Optional()])
    area = SelectField(_l("Area of need"), validators=[Optional()])
    staff = StringField(_l("Who gives it"), validators=[Optional(), Length(max=100)])
    on = DateField(_l("In place on"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.year.choices = options(
            [("", _l("All year groups"))] + [(str(v), label) for v, label in year_group_pairs()]
        )
        self.group_size.choices = options(
            [("", _l("Any group size"))] + [(g.value, g.label) for g in GroupSize]
        )
        self.area.choices = area_choices(_l("Any area of need"))

    @property
    def on_date(self) -> date:
        return self.on.data if not self.on.errors and self.on.data else today()


class RegisterFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("SEN status"), validators=[Optional()])
    need = SelectField(_l("Need"), validators=[Optional()])
    year = SelectField(_l("Year group"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = options(
            [("", _l("SEN support or EHC plan"))]
            + [(s.value, s.label) for s in (SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN)]
        )
        self.need.choices = need_choices(_l("Any need"))
        self.year.choices = options(
            [("", _l("All year groups"))] + [(str(v), label) for v, label in year_group_pairs()]
        )
