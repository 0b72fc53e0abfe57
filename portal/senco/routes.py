"""The SENCO's home (the school's pupils and what needs attention), the inbox, and each
pupil's timeline: dashboards over what every domain package feeds them."""

from dataclasses import replace
from datetime import datetime

from flask import abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from portal import access, audit, feeds, kept, links, web
from portal.attention import AttentionQuery, Section, attention
from portal.models import Role, School, utcnow
from portal.school import services as school
from portal.school.calendar import local_today
from portal.senco import bp
from portal.senco.forms import InboxFilterForm, PupilFilterForm

# Rows each list shows on the home page, on the attention page, and a page at a time.
HOME_ROWS, PAGE_ROWS, SECTION_ROWS = 5, 20, 50
INBOX_PAGE_SIZE = 25


def _minute(now: datetime) -> datetime:
    """The minute a time falls in: results kept for a page that says "3 minutes ago" or
    counts what is due by now are kept for that minute."""
    return now.replace(second=0, microsecond=0)


def needs_attention(current: School, **kwargs) -> list[Section]:
    """What needs the SENCO now, each section's rows linked to where it is dealt with.

    Kept until the school's data changes or the minute turns (portal.kept): the home and
    the attention page are read far more often than anything in them changes."""
    query = AttentionQuery(school_id=current.id, today=local_today(), now=utcnow())

    def work_out() -> list[Section]:
        sections = attention.sections(query, **kwargs)
        for section in sections:
            for number, row in enumerate(section.rows):
                url = links.url(row.subject, "school")
                url = url.split("#", 1)[0] + f"#{row.anchor}" if row.anchor else url
                section.rows[number] = replace(row, subject=None, url=url)
        return sections

    key = ("attention", current.id, query.today, _minute(query.now))
    return kept.result((*key, str(get_locale()), tuple(sorted(kwargs.items()))), work_out)


@bp.get("/")
@access.senco_only
def home():
    current = access.current_school()
    form = PupilFilterForm(request.args)
    form.validate()
    page = web.page_number()
    filters = {
        "q": form.q.data or "",
        "year": form.year.data or "",
        "status": form.status.data or "",
    }

    def pupil_rows():
        pupils, total = school.pupil_list(current.id, page=page, **filters)
        shown = {k: v for k, v in filters.items() if v}
        return pupils, dict(
            pupils=pupils, total=total, page=page, page_size=school.PAGE_SIZE, filters=shown
        )

    key = (current.id, page, tuple(filters.items()))
    pupils, rows = web.kept_table(key, "senco/_pupil_rows.html", pupil_rows)
    audit.record_list(current_user, pupils)
    if web.partial_wanted():  # the attention lists are not part of the swap
        return rows
    return web.render_part("senco/home.html", rows, top=_home_top(current, form))


def _home_top(current: School, form: PupilFilterForm) -> Markup:
    """What needs attention, the report reminder and the filters: the same for every SENCO
    of the school asking with the same filters in the same minute."""
    return web.kept_fragment(
        "senco/_home_top.html",
        (current.id, local_today(), _minute(utcnow()), web.asked_in_address()),
        lambda: dict(
            form=form,
            attention=needs_attention(current, limit=HOME_ROWS),
            attention_limit=HOME_ROWS,
            attention_home=True,
        ),
    )


@bp.get("/attention")
@access.senco_only
def attention_page():
    """Every list under "Needs your attention"; one list a page at a time when asked."""
    current = access.current_school()
    only = request.args.get("section") or None
    if only is not None and only not in attention.keys():  # noqa: SIM118 (a list)
        abort(404)
    page = max(request.args.get("page", 1, type=int), 1)
    limit = SECTION_ROWS if only else PAGE_ROWS
    sections = needs_attention(current, limit=limit, offset=(page - 1) * limit, only=only)
    audit.record_read(current_user, "attention.view", school_id=current.id)
    return render_template(
        "senco/attention.html",
        attention=sections,
        attention_limit=limit,
        only=only,
        page=page,
    )


@bp.get("/inbox")
@access.senco_only
def inbox():
    form = InboxFilterForm(request.args)
    form.validate()
    page = web.page_number()
    year = form.year.data if (form.year.data or "").lstrip("-").isdigit() else None
    newest = form.sort.data == "newest"
    # The database chooses the page's items from every source's sort keys (feeds.Feed.page).
    query = feeds.InboxQuery(
        school_id=access.current_school().id,
        year_group=int(year) if year is not None else None,
        open_only=form.show.data != "all",
        viewer=current_user,
        newest_first=newest,
    )
    kinds = [form.kind.data] if form.kind.data else None
    filters = {"kind": form.kind.data, "year": year, "show": form.show.data, "sort": form.sort.data}
    shown = {k: v for k, v in filters.items() if v}

    def inbox_items():
        items = feeds.inbox.page(
            query, offset=(page - 1) * INBOX_PAGE_SIZE, size=INBOX_PAGE_SIZE, kinds=kinds
        )
        total, unread = feeds.inbox.count(query, kinds=kinds)
        links.attach(items, "school")
        pupils = list({i.pupil.id: i.pupil for i in items}.values())
        return pupils, dict(
            items=items,
            total=total,
            unread=unread,
            page=page,
            page_size=INBOX_PAGE_SIZE,
            filters=shown,
        )

    # Kept for the minute ("sent 3 minutes ago") until anything changes, for this SENCO: what
    # was sent to one person (a worry, a safety alert) is theirs.
    key = (query.school_id, current_user.id, page, tuple(sorted(shown.items())), _minute(utcnow()))
    pupils, items = web.kept_table(key, "senco/_inbox_items.html", inbox_items)
    audit.record_list(current_user, pupils)
    filters_form = web.kept_filter_form("senco/_inbox_filters.html", query.school_id, form)
    return web.render_part("senco/inbox.html", items, filters=filters_form)


@bp.get("/pupils/<int:pupil_id>/timeline")
@access.senco_only
def timeline(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.SENCO, action="pupil.timeline")
    items = feeds.newest_first(feeds.timeline.collect(pupil, current_user))
    links.attach(items, "school")
    return render_template("senco/timeline.html", pupil=pupil, items=items)
