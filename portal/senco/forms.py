"""The filters of the SENCO's dashboards: the pupil list and the inbox (GET forms)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Optional

from portal.feeds import inbox
from portal.forms_common import options, search_field, sen_status_pairs, year_group_pairs


class PupilFilterForm(FlaskForm):
    """The filters on the pupil list: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = search_field(_l("Name or UPN"))
    year = SelectField(_l("Year group"), validators=[Optional()])
    status = SelectField(_l("SEN status"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.year.choices = options(
            [("", _l("All year groups"))]
            + [(str(value), label) for value, label in year_group_pairs()]
        )
        self.status.choices = options([("", _l("Any SEN status"))] + sen_status_pairs())


class InboxFilterForm(FlaskForm):
    """The inbox filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Type"), validators=[Optional()])
    year = SelectField(_l("Year group"), validators=[Optional()])
    show = SelectField(
        _l("Show"),
        choices=lambda: options(
            [("open", _l("What needs you")), ("all", _l("Everything, read and closed too"))]
        ),
        validators=[Optional()],
    )
    sort = SelectField(
        _l("Order"),
        choices=lambda: options(
            [("oldest_unread", _l("Oldest unread first")), ("newest", _l("Newest first"))]
        ),
        validators=[Optional()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = options([("", _l("All types"))] + inbox.kinds())
        self.year.choices = options(
            [("", _l("All year groups"))]
            + [(str(value), label) for value, label in year_group_pairs()]
        )
