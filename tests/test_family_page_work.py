"""A family's and a pupil's own pages do the same work however long the child's history
(issue 13): with ten times the meetings, records, plans, views and concerns behind them,
they run the same statements and turn the same rows into objects, except what the page
lists in full (a parent's own concerns), which grows by exactly what it shows.

The trust is made by `flask seed-load` (one small school); the featured pupil's history is
then copied nine times, each copy moved three years further into the past, so every copy
is history (no copy is a plan in force, a meeting to come or a concern being written).
"""

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from querycount import count_queries
from signing_in import signed_in_client
from test_page_work import rows_loaded

from portal import maintenance
from portal.extensions import db
from portal.models import ConcernStatus, Meeting, MeetingRecord, Plan, PlanStatus, Pupil, User
from portal.models.base import Base

SCHOOL = "school1.load.example"
# The child's history: every row about the pupil that is not the pupil themselves (their
# needs, contacts, links to family and staff stay as they are).
HISTORY = (
    "meeting",
    "meeting_invitee",
    "meeting_attendee",
    "meeting_record",
    "record_action",
    "views_request",
    "views",
    "plan",
    "plan_need",
    "plan_outcome",
    "plan_provision",
    "plan_advice",
    "progress_note",
    "plan_question",
    "plan_views",
    "plan_review_views",
    "concern",
    "concern_message",
    "audit_event",
)
# Each page's own statements for this trust, beyond those of a signed-in page that shows
# nothing (`/privacy`: who is signed in): fewer is better, and any change should be a
# deliberate one.
OWN_STATEMENTS = {
    "/families/": 6,
    "/families/children/N": 11,
    "/families/children/N/plan": 10,
    "/me/": 6,
    "/me/goals": 8,
}


def copy_history(pupil_id: int, copies: int) -> None:
    """Copy every history row of the pupil `copies` times, each copy 3 years earlier."""
    tables = [t for t in Base.metadata.sorted_tables if t.name in HISTORY]
    with db.engine.begin() as connection:
        originals = {
            table.name: connection.scalars(
                sa.select(table.c.id).where(table.c.pupil_id == pupil_id)
            ).all()
            for table in tables
            if "pupil_id" in table.c
        }
        for k in range(1, copies + 1):
            back = timedelta(days=3 * 365 * k)
            new_ids: dict[str, dict[int, int]] = {}
            for table in tables:
                own = "pupil_id" in table.c
                links = [
                    fk
                    for fk in table.foreign_keys
                    if fk.column.table.name in HISTORY and fk.parent.name != "pupil_id"
                ]
                where = [table.c.id.in_(originals[table.name])] if own else []
                where += [
                    fk.parent.in_(list(new_ids.get(fk.column.table.name, {}))) for fk in links
                ]
                if not where:
                    continue
                order = table.c.id if "id" in table.c else list(table.primary_key)[0]
                rows = connection.execute(table.select().where(sa.or_(*where)).order_by(order))
                for row in rows.mappings().all():
                    values = dict(row)
                    old_id = values.pop("id", None)
                    for fk in links:
                        value = values[fk.parent.name]
                        if value is not None:
                            values[fk.parent.name] = new_ids.get(fk.column.table.name, {}).get(
                                value
                            )
                    for column in table.c:
                        value = values.get(column.name)
                        if isinstance(value, (date, datetime)):
                            values[column.name] = value - back
                    if table.name == "plan" and values["status"] in (
                        PlanStatus.DRAFT,
                        PlanStatus.SHARED,
                    ):
                        values["status"] = PlanStatus.SUPERSEDED
                    if table.name == "concern":
                        if values["status"] is ConcernStatus.DRAFT:
                            continue
                        values["reference"] = f"H{k}-{old_id}"
                    inserted = connection.execute(table.insert().values(**values))
                    if old_id is not None:
                        new_ids.setdefault(table.name, {})[old_id] = inserted.inserted_primary_key[
                            0
                        ]


def measure(app, pages: dict[str, list[str]]) -> dict[str, tuple[int, dict[str, int], str]]:
    found = {}
    for email, urls in pages.items():
        client = signed_in_client(app, email)
        for url in ["/privacy", *urls]:
            assert client.get(url).status_code == 200, url  # warm: the user's memberships
            with app.app_context(), count_queries(db.engine) as statements, rows_loaded() as rows:
                response = client.get(url)
            assert response.status_code == 200, url
            by_class: dict[str, int] = {}
            for name in rows:
                by_class[name] = by_class.get(name, 0) + 1
            found[url] = (len(statements), by_class, response.get_data(as_text=True))
    return found


@pytest.fixture
def trust(app, monkeypatch):
    app.config["PORTAL_DEMO"] = True
    monkeypatch.setattr(maintenance, "refresh_statistics", lambda: None)
    result = app.test_cli_runner().invoke(
        args=["seed-load", "--schools", "1", "--pupils", "30", "--audit-per-pupil", "2"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User.id).where(User.email == f"pupil1@{SCHOOL}"))
        pupil = db.session.scalar(sa.select(Pupil.id).where(Pupil.user_id == user))
    yield pupil
    app.config["PORTAL_DEMO"] = False


def test_family_and_pupil_pages_do_the_same_work_with_ten_times_the_history(app, trust):
    pupil = trust
    child, plan = f"/families/children/{pupil}", f"/families/children/{pupil}/plan"
    pages = {
        f"parent1@{SCHOOL}": ["/families/", child, plan],
        f"pupil1@{SCHOOL}": ["/me/", "/me/goals"],
    }
    with app.app_context():
        before_counts = {
            model.__name__: db.session.scalar(
                sa.select(sa.func.count()).select_from(model).where(model.pupil_id == pupil)
            )
            for model in (Meeting, MeetingRecord, Plan)
        }
    before = measure(app, pages)
    with app.app_context():
        copy_history(pupil, 9)
        after_counts = {
            model.__name__: db.session.scalar(
                sa.select(sa.func.count()).select_from(model).where(model.pupil_id == pupil)
            )
            for model in (Meeting, MeetingRecord, Plan)
        }
    assert after_counts == {name: n * 10 for name, n in before_counts.items()}, after_counts
    after = measure(app, pages)

    report = "\n".join(
        f"{url}: {before[url][0]} -> {after[url][0]} statements; "
        f"{before[url][1]} -> {after[url][1]}"
        for url in before
    )
    # The same statements, and no more of them than this trust needs today.
    assert {url: s for url, (s, _, _) in before.items()} == {
        url: s for url, (s, _, _) in after.items()
    }, report
    nothing = after["/privacy"][0]
    own = {
        url.replace(str(pupil), "N"): s - nothing
        for url, (s, _, _) in after.items()
        if url != "/privacy"
    }
    assert own == OWN_STATEMENTS, report
    # The pages do show the longer history: ten times the records and plans listed.
    for url in (child, plan):
        assert after[url][2].count("/record") == 10 * before[url][2].count("/record"), url
    assert after[plan][2].count("Plan shared on") > before[plan][2].count("Plan shared on")
    # The same rows turned into objects, but for the parent's own concerns on the child's
    # page, which it lists in full: one more object for each concern the page now shows.
    for url in before:
        grown = {
            name: (before[url][1].get(name, 0), count)
            for name, count in after[url][1].items()
            if count != before[url][1].get(name, 0)
        }
        shrunk = {name for name in before[url][1] if name not in after[url][1]}
        assert not shrunk, report
        if url == child:
            listed = after[url][2].count("/families/concerns/") - before[url][2].count(
                "/families/concerns/"
            )
            assert listed > 0
            assert grown == {
                "Concern": (before[url][1]["Concern"], before[url][1]["Concern"] + listed)
            }, report
        else:
            assert not grown, report
