"""The SEN support plan: assess, plan, do, review, shared with the family."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("plans", __name__)
navigation.add(Role.SENCO, "plans.provision_map", _l("Provision map"), order=40)
navigation.add(Role.SENCO, "plans.register", _l("SEN register"), order=45)
navigation.add(Role.PUPIL, "plans.my_goals", _l("My goals and my help"), order=20)

from portal.plans import feeds, routes  # noqa: E402,F401  (feeds registers inbox and timeline sources)
