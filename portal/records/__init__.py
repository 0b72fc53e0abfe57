"""The school's records: the roll from the MIS (CSV, CTF), contacts, SEN history, exports
back to the MIS, the new school year and leavers, transition packs, subject access and
retention. PDF and CSV rendering for other features live here too (pdf.py, csv_export.py).

Services (roll, imports, contacts, leavers, sen_history, transition, subject_access,
retention...) never read the request or build addresses. The web layer: the SENCO's pages
(import_routes.py: the records page, settings, importing; people_routes.py: contacts,
invitations, leavers, the new school year; exchange_routes.py: exports, transition packs,
subject access), the parent's (family_routes.py), forms.py, display.py (what the staff
pupil page shows), cli.py (`flask --app portal records ...`), feeds.py, templates/records/.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal import links, navigation
from portal.models import Role, SenChange, SubjectAccessRequest

bp = Blueprint("records", __name__, cli_group="records")


def init_app(app: Flask) -> None:
    from portal.access import LeaverReadOnly
    from portal.records import (  # noqa: F401  (commands and routes join bp; contacts listens)
        cli,
        contacts,
        exchange_routes,
        family_routes,
        feeds,
        import_routes,
        people_routes,
    )

    feeds.register()
    links.register(
        SubjectAccessRequest,
        "school",
        lambda r: links.to("records.request_page", request_id=r.id),
    )
    links.register(SubjectAccessRequest, "family", lambda r: links.to("records.my_information"))
    links.register(
        SenChange,
        "school",
        lambda c: links.to("staff.pupil", anchor="sen-history", pupil_id=c.pupil_id),
    )
    navigation.add(Role.SENCO, "records.home", _l("Records"), order=70, section="records.")
    navigation.add(
        Role.PARENT,
        "records.my_information",
        _l("Your information"),
        order=80,
        section="records.my_information",
    )
    app.register_error_handler(LeaverReadOnly, people_routes.leaver_read_only)
    app.register_blueprint(bp)
