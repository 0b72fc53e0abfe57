"""The SENCO's attention list, the provision map, the SEN register and meeting records."""

import csv
import io
from datetime import timedelta

import sqlalchemy as sa
from plans_helpers import hidden, scalar
from roll import add_pupils

from portal.models import (
    AuditEvent,
    EmailMessage,
    InviteeRole,
    Meeting,
    MeetingInvitee,
    MeetingKind,
    MeetingRecord,
    SenStatus,
    utcnow,
)

SENCO = "senco@oakfield.example"


def _csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_senco_home_shows_what_needs_attention(app, login, demo):
    oakfield = login(SENCO).get("/senco/").get_data(as_text=True)
    assert "Needs your attention" in oakfield
    # Jayden's annual review is due within two weeks.
    assert "Reviews due in the next two weeks" in oakfield
    assert "Jayden Clarke" in oakfield and "Annual review due on" in oakfield
    # Meetings held with parents are counted term by term (6.65): Jayden's last was a year
    # ago; his next is booked.
    assert "No meeting with parents this term" in oakfield
    assert "autumn 0, spring 0, summer 0; next meeting booked for" in oakfield

    riverside = login("senco@riverside.example").get("/senco/").get_data(as_text=True)
    # Tyler's review is past its date, and his family has not agreed after 14 days.
    assert "Reviews past their date" in riverside and "Review was due on" in riverside
    assert "Plans the family has not agreed after 14 days" in riverside
    assert "Tyler Brooks" in riverside and "Jayden" not in riverside


def test_the_home_lists_a_few_and_the_attention_page_lists_everything(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    add_pupils(app, amelia.school_id, 8, name="Newcomer", sen_status=SenStatus.SEN_SUPPORT)
    senco = login(SENCO)
    home = senco.get("/senco/").get_data(as_text=True)
    no_plan = home.split('<h3 id="no-plan">', 1)[1].split("</ul>", 1)[0]
    more = home.split('<h3 id="no-plan">', 1)[1].split("</p>", 1)[0]
    # Nine pupils with SEN and no plan (the eight and the demo's Ayaan Begum): the home
    # page names five and links the rest.
    assert "Pupils with SEN who have no plan yet" in no_plan and "(9)" in no_plan
    assert no_plan.count("Newcomer") + no_plan.count("Ayaan Begum") == 5
    assert 'href="/senco/attention?section=no-plan">See 4 more</a>' in more
    everything = senco.get("/senco/attention")
    assert everything.status_code == 200
    page = everything.get_data(as_text=True)
    no_plan = page.split('<h3 id="no-plan">', 1)[1].split("</ul>", 1)[0]
    assert no_plan.count("Newcomer") == 8 and "more</a>" not in page
    one_list = senco.get("/senco/attention?section=no-plan").get_data(as_text=True)
    assert one_list.count("Newcomer") == 8 and "Reviews due" not in one_list
    assert "Jayden Clarke" in page  # the other lists are there too
    # Another school's SENCO sees their own school only; families cannot open it.
    assert "Newcomer" not in login("senco@riverside.example").get("/senco/attention").get_data(
        as_text=True
    )
    assert login("parent@oakfield.example").get("/senco/attention").status_code in (403, 404)


def test_the_register_is_paged_keeps_its_filters_and_the_csv_has_everyone(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    add_pupils(app, amelia.school_id, 60, sen_status=SenStatus.SEN_SUPPORT)
    senco = login(SENCO)
    first = senco.get("/senco/register?year=4").get_data(as_text=True)
    # Yusuf is in Year 4 too: 61 pupils, fifty to a page.
    assert "61 pupils" in first and "Showing 1 to 50." in first and "Page 1 of 2" in first
    assert 'href="/senco/register?page=2&amp;year=4"' in first
    second = senco.get("/senco/register?year=4&page=2").get_data(as_text=True)
    assert "Showing 51 to 61." in second and "Previous page" in second
    assert "Next page" not in second
    assert first.count("Many") + second.count("Many") == 60
    rows = _csv(senco.get("/senco/register.csv?year=4"))
    assert len(rows) == 1 + 61  # the header and every pupil, not one page


def test_the_provision_map_groups_help_and_totals_hours(app, login, demo):
    senco = login(SENCO)
    html = senco.get("/senco/provision-map").get_data(as_text=True)
    assert "Daily reading with an adult" in html and "Lunchtime games club" in html
    # Drafts (Zofia) and earlier plans are not help in place.
    assert "Language group with picture stories" not in html
    assert "Phonics catch-up group" not in html
    # Yusuf's check-in: 5 x 10 minutes.
    rows = _csv(senco.get("/senco/provision-map.csv"))
    header, body, total = rows[0], rows[1:-1], rows[-1]
    assert header[0] == "Help" and header[-2:] == ["Staff hours a week", "Pupil hours a week"]
    check_in = next(r for r in body if r[0] == "Daily check-in with a trusted adult")
    assert check_in[1:5] == ["1:1", "5", "10", "Ms Ahmed, learning mentor"]
    assert check_in[5] == "Yusuf Rahman" and check_in[8] == "0.83"
    assert total[0] == "Total"
    staff_total = sum(float(r[8]) for r in body)
    assert abs(float(total[8]) - staff_total) < 0.02

    filtered = senco.get("/senco/provision-map?group_size=one_to_one").get_data(as_text=True)
    assert "Daily reading with an adult" in filtered and "Lunchtime games club" not in filtered
    by_staff = senco.get("/senco/provision-map?staff=okoye").get_data(as_text=True)
    assert "Speech and language therapy programme" in by_staff
    assert "Daily reading with an adult" not in by_staff
    htmx = senco.get("/senco/provision-map?year=4", headers={"HX-Request": "true"})
    assert "<html" not in htmx.get_data(as_text=True)
    assert "Lunchtime games club" in htmx.get_data(as_text=True)
    assert (
        scalar(app, sa.select(sa.func.count()).where(AuditEvent.action == "provision_map.export"))
        == 1
    )


def test_a_group_session_counts_once_in_staff_hours(app, login, demo):
    """The same help for two pupils at the same time is one row with both pupils."""
    from plans_helpers import plan_of

    from portal.models import GroupSize, PlanStatus, Provision

    amelia = demo.pupil("Amelia", "Clarke")
    yusuf = demo.pupil("Yusuf", "Rahman")
    with app.app_context():
        from portal.extensions import db

        for pupil in (amelia, yusuf):
            plan = plan_of(app, pupil.id, PlanStatus.SHARED)
            db.session.add(
                Provision(
                    plan_id=plan.id,
                    description="Maths booster",
                    group_size=GroupSize.SMALL_GROUP,
                    sessions_per_week=3,
                    minutes_per_session=20,
                    delivered_by="Mr Lee",
                )
            )
        db.session.commit()
    rows = _csv(login(SENCO).get("/senco/provision-map.csv"))
    booster = [r for r in rows if r[0] == "Maths booster"]
    assert len(booster) == 1
    assert booster[0][5] == "Amelia Clarke; Yusuf Rahman" and booster[0][6] == "2"
    assert booster[0][8] == "1" and booster[0][9] == "2"


def test_the_sen_register_filters_and_downloads(app, login, demo):
    senco = login(SENCO)
    html = senco.get("/senco/register").get_data(as_text=True)
    for name in ("Clarke, Amelia", "Clarke, Jayden", "Nowak, Zofia", "Rahman, Yusuf"):
        assert name in html
    assert "Hughes" not in html  # no SEN
    ehc = senco.get("/senco/register?status=E").get_data(as_text=True)
    assert "Clarke, Jayden" in ehc and "Clarke, Amelia" not in ehc
    semh = senco.get("/senco/register?need=SEMH").get_data(as_text=True)
    assert "Rahman, Yusuf" in semh and "Nowak, Zofia" not in semh
    rows = _csv(senco.get("/senco/register.csv?year=3"))
    assert rows[0][:6] == [
        "Family name",
        "Given name",
        "UPN",
        "Year group",
        "SEN status",
        "SEN provision code",
    ]
    assert [r[:2] for r in rows[1:]] == [["Clarke", "Amelia"]]
    amelia = rows[1]
    assert amelia[5] == "K" and amelia[6] == "SPLD" and amelia[8] == "Shared with the family"
    assert amelia[9] and amelia[10]  # last and next review dates
    assert (
        scalar(app, sa.select(sa.func.count()).where(AuditEvent.action == "register.export")) == 1
    )


def test_the_register_csv_gives_each_pupil_their_needs_by_rank_and_newest_plan(app, login, demo):
    """The CSV is read as columns, not the page's objects: the same pupils in the same
    order as the page, needs by rank, the newest plan that is not superseded, and a next
    review only for a plan shared with the family."""
    from portal.extensions import db
    from portal.models import NeedCode, PupilNeed

    yusuf = demo.pupil("Yusuf", "Rahman")
    with app.app_context():
        db.session.add(PupilNeed(pupil_id=yusuf.id, code=NeedCode.ASD, rank=2))
        db.session.commit()
    senco = login(SENCO)
    rows = _csv(senco.get("/senco/register.csv"))
    by_name = {(r[1], r[0]): r for r in rows[1:]}
    page = senco.get("/senco/register").get_data(as_text=True)
    order = [page.index(f"{family}, {given}") for given, family in by_name]
    assert order == sorted(order)  # as the page lists them
    assert by_name["Ayaan", "Begum"][4:] == ["SEN support", "K", "SLCN", "", "No plan", "", ""]
    assert by_name["Zofia", "Nowak"][6:] == ["SLCN", "", "Draft", "", ""]  # no review yet
    assert by_name["Yusuf", "Rahman"][6:9] == ["SEMH", "ASD", "Shared with the family"]
    jayden = by_name["Jayden", "Clarke"]
    assert jayden[3:9] == ["Year 5", "EHC plan", "E", "ASD", "", "Shared with the family"]
    assert jayden[10]  # the shared plan's review date
    assert (
        scalar(app, sa.select(sa.func.count()).where(AuditEvent.action == "register.export"))
        == len(rows) - 1
    )


def test_csv_cells_cannot_become_spreadsheet_formulas(app, login, demo):
    from portal.records.csv_export import csv_text

    text = csv_text(["a"], [["=HYPERLINK(1)"], ["+1"], ["plain"]])
    assert "'=HYPERLINK(1)" in text and "'+1" in text and "\r\nplain\r\n" in text


def _past_meeting(app, pupil, parent) -> int:
    with app.app_context():
        from portal.extensions import db

        meeting = Meeting(
            school_id=pupil.school_id,
            pupil_id=pupil.id,
            kind=MeetingKind.SEN_SUPPORT_REVIEW,
            starts_at=utcnow() - timedelta(days=1),
        )
        meeting.invitees = [
            MeetingInvitee(user_id=parent.id, role=InviteeRole.PARENT, name=parent.full_name),
            MeetingInvitee(role=InviteeRole.OTHER, name="Mrs Wiśniewska, interpreter"),
        ]
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def test_the_senco_writes_and_shares_a_meeting_record(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    mother = demo.user("rodzic@oakfield.example")
    meeting_id = _past_meeting(app, zofia, mother)
    senco = login(SENCO)
    url = f"/senco/meetings/{meeting_id}/record"
    form = senco.get(url).get_data(as_text=True)
    assert "Katarzyna Nowak\nMrs Wiśniewska, interpreter" in form  # who was invited

    empty = senco.submit(url, {"attended": "", "discussed": ""})
    assert empty.status_code == 400 and "Say who came to the meeting" in empty.get_data(
        as_text=True
    )
    response = senco.submit(
        url,
        {
            "attended": "Katarzyna Nowak\nPriya Shah",
            "discussed": "How Zofia's sentences are growing.",
            "agreed": "Keep the picture story outcome.",
            "action_0_what": "Share the plan",
            "action_0_who": "Priya Shah",
            "action_0_due": (utcnow() + timedelta(days=5)).date().isoformat(),
            "support": "Language group three times a week.",
        },
    )
    assert response.status_code == 302
    record = scalar(app, sa.select(MeetingRecord).where(MeetingRecord.meeting_id == meeting_id))
    assert record.shared_at is None and record.version == 1
    # Not shared yet: the family does not see it.
    parent = login("rodzic@oakfield.example")
    family_url = f"/families/children/{zofia.id}/meetings/{meeting_id}/record"
    assert parent.get(family_url).status_code == 404

    page = senco.get(url).get_data(as_text=True)
    response = senco.submit(f"{url}/share", {"version": hidden(page, "version")}, page=url)
    assert response.status_code == 302
    assert (
        scalar(
            app,
            sa.select(sa.func.count()).where(
                EmailMessage.kind == "record_shared", EmailMessage.locale == "pl"
            ),
        )
        == 1
    )
    html = parent.get(family_url).get_data(as_text=True)
    assert "How Zofia&#39;s sentences are growing." in html
    child = parent.get(f"/families/children/{zofia.id}").get_data(as_text=True)
    assert family_url in child  # on the child's page
    pdf = parent.get(family_url + ".pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    # Once shared, the record is not changed.
    again = senco.submit(url, {"attended": "x", "discussed": "y", "version": "2"})
    assert again.status_code == 409


def test_a_second_save_of_a_meeting_record_is_refused(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    meeting_id = _past_meeting(app, zofia, demo.user("rodzic@oakfield.example"))
    senco = login(SENCO)
    url = f"/senco/meetings/{meeting_id}/record"
    first = senco.get(url).get_data(as_text=True)
    second = senco.get(url).get_data(as_text=True)
    data = {"attended": "A", "discussed": "first"}
    assert senco.submit(url, {**data, "version": hidden(first, "version")}).status_code == 302
    refused = senco.submit(
        url, {**data, "discussed": "second", "version": hidden(second, "version")}
    )
    assert refused.status_code == 409
    assert "second" in refused.get_data(as_text=True)
    assert (
        scalar(
            app, sa.select(MeetingRecord.discussed).where(MeetingRecord.meeting_id == meeting_id)
        )
        == "first"
    )
