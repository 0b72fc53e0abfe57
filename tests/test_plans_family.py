"""What families and pupils see: shared plans in family words, agreeing, asking, the PDF."""

import io
import shutil
import subprocess

import pytest
import sqlalchemy as sa
from plans_helpers import plan_of, scalar
from pypdf import PdfReader

from portal.models import EmailMessage, Plan, PlanQuestion, PlanStatus

PARENT = "parent@oakfield.example"


def test_the_family_sees_the_current_plan_in_family_words(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    parent = login(PARENT)
    child = parent.get(f"/families/children/{amelia.id}").get_data(as_text=True)
    assert "Read Amelia's plan" in child
    page = parent.get(f"/families/children/{amelia.id}/plan")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "What Amelia is good at" in html
    assert "orange book band" in html  # an outcome
    assert "Daily reading with an adult" in html  # the help in place: what
    assert "5 times a week, 15 minutes each time" in html  # how often
    assert "Mrs Khan, teaching assistant" in html  # who
    assert "Amelia reads her school book to someone at home" in html  # who does what at home
    assert "We will meet you to check how the help is going on" in html  # next review
    assert 'href="/help/words#outcome"' in html and 'href="/help/words#provision"' in html
    assert "You agreed" not in html
    assert "Sarah Clarke agreed with this plan on" in html
    # Earlier plans and every shared meeting record are listed.
    assert "Earlier plans" in html and "Plan shared on" in html
    assert "SEN support review on" in html


def test_an_earlier_plan_can_be_opened_and_says_so(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    earlier = plan_of(app, amelia.id, PlanStatus.SUPERSEDED)
    parent = login(PARENT)
    html = parent.get(f"/families/children/{amelia.id}/plans/{earlier.id}").get_data(as_text=True)
    assert "This is an earlier plan" in html
    assert "decode CVC words with 80% accuracy" in html
    assert "At the review: Achieved." in html


def test_a_draft_is_never_shown_to_the_family(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    draft = plan_of(app, zofia.id)
    assert draft.status is PlanStatus.DRAFT
    parent = login("rodzic@oakfield.example")
    html = parent.get(f"/families/children/{zofia.id}/plan").get_data(as_text=True)
    assert "retell a short picture story" not in html
    for url in (
        f"/families/children/{zofia.id}/plans/{draft.id}",
        f"/families/children/{zofia.id}/plans/{draft.id}/plan.pdf",
        f"/families/children/{zofia.id}/plans/{draft.id}/question",
    ):
        assert parent.get(url).status_code == 404, url


def test_the_family_agrees_and_the_senco_sees_it(app, login, demo):
    tyler = demo.pupil("Tyler", "Brooks")
    plan = plan_of(app, tyler.id)
    assert plan.family_agreed_at is None
    parent = login("parent@riverside.example")
    page = f"/families/children/{tyler.id}/plan"
    assert "Do you agree with this plan?" in parent.get(page).get_data(as_text=True)
    response = parent.submit(
        f"/families/children/{tyler.id}/plans/{plan.id}/agree", page=page, follow_redirects=True
    )
    assert "The school can see that you agree" in response.get_data(as_text=True)
    agreed = plan_of(app, tyler.id)
    assert agreed.family_agreed_at is not None
    senco = login("senco@riverside.example")
    html = senco.get(f"/senco/plans/{plan.id}").get_data(as_text=True)
    assert "Lee Brooks agreed with the plan on" in html
    # It leaves the SENCO's "not agreed after 14 days" list.
    home = senco.get("/senco/").get_data(as_text=True)
    assert "Plans the family has not agreed after 14 days" not in home


def test_a_question_lands_with_the_senco_who_replies(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    plan = plan_of(app, yusuf.id, PlanStatus.SHARED)
    parent = login("ami@oakfield.example")
    url = f"/families/children/{yusuf.id}/plans/{plan.id}/question"
    empty = parent.submit(url, {"question": " "})
    assert empty.status_code == 400
    response = parent.submit(url, {"question": "کیا کلب جمعہ کو بھی ہوتا ہے؟"})
    assert response.status_code == 302
    item = scalar(app, sa.select(PlanQuestion).where(PlanQuestion.plan_id == plan.id))
    assert item.language == "ur" and item.read_at is None

    senco = login("senco@oakfield.example")
    plan_page = senco.get(f"/senco/plans/{plan.id}").get_data(as_text=True)
    assert "کیا کلب جمعہ کو بھی ہوتا ہے؟" in plan_page and 'lang="ur"' in plan_page
    reply_url = f"/senco/plans/{plan.id}/questions/{item.id}"
    assert senco.get(reply_url).status_code == 200
    assert scalar(app, sa.select(PlanQuestion.read_at).where(PlanQuestion.id == item.id))
    response = senco.submit(reply_url, {"reply": "Yes, on Fridays too."})
    assert response.status_code == 302
    sent = scalar(
        app,
        sa.select(EmailMessage).where(EmailMessage.kind == "plan_reply"),
    )
    assert sent.locale == "ur" and sent.to_address == "ami@oakfield.example"
    html = parent.get(f"/families/children/{yusuf.id}/plan").get_data(as_text=True)
    assert "Yes, on Fridays too." in html


def _pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_plan_downloads_as_a_real_pdf_with_the_outcomes(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    plan = plan_of(app, amelia.id, PlanStatus.SHARED)
    parent = login(PARENT)
    response = parent.get(f"/families/children/{amelia.id}/plans/{plan.id}/plan.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"%PDF-")
    reader, text = _pdf_text(response.data)
    flat = " ".join(text.split())
    assert "Amelia's plan" in flat
    assert "orange book band" in flat  # each outcome is real, extractable text
    assert "capital letter and a full stop" in flat
    assert "Daily reading with an adult" in flat
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    assert reader.metadata.title == "Support plan for Amelia Clarke"
    root = reader.trailer["/Root"]
    assert root["/Lang"].startswith("en") and "/StructTreeRoot" in root  # tagged, with a language


def test_the_pdf_is_in_the_familys_language(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    senco = login("senco@oakfield.example")
    plan = plan_of(app, zofia.id)
    with app.app_context():
        from datetime import timedelta

        from portal.extensions import db
        from portal.models import today, utcnow

        row = db.session.get(Plan, plan.id)
        row.status, row.shared_at, row.review_date = (
            PlanStatus.SHARED,
            utcnow(),
            today() + timedelta(days=30),
        )
        db.session.commit()
    assert senco.get(f"/senco/plans/{plan.id}").status_code == 200
    parent = login("rodzic@oakfield.example")
    response = parent.get(f"/families/children/{zofia.id}/plans/{plan.id}/plan.pdf")
    _, text = _pdf_text(response.data)
    flat = " ".join(text.split())
    assert "retell a short picture story" in flat  # the school's words, as written
    assert "Plan dla Zofia" in flat or "Plan Zofii" in flat or "Zofia" in flat
    assert "Co Zofia robi dobrze" in flat  # fixed text in Polish
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.trailer["/Root"]["/Lang"] == "pl"


def _has_urdu_naskh() -> bool:
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(["fc-list", ":lang=ur", "family"], capture_output=True, text=True)
    return "Naskh" in found.stdout


@pytest.mark.skipif(
    not _has_urdu_naskh(), reason="no Urdu Naskh font here: .ci/run installs fonts-noto-core"
)
def test_the_pdf_in_urdu_keeps_its_words(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    plan = plan_of(app, yusuf.id, PlanStatus.SHARED)
    parent = login("ami@oakfield.example")
    response = parent.get(f"/families/children/{yusuf.id}/plans/{plan.id}/plan.pdf")
    reader, text = _pdf_text(response.data)
    assert reader.trailer["/Root"]["/Lang"] == "ur"
    assert "ہم کس ہدف کی طرف کام کر رہے ہیں" in text  # "What we are working towards"
    assert "lunchtime on at least 3 days a week" in " ".join(text.split())


def test_the_pupil_sees_my_goals_and_my_help_in_easy_read(app, login, demo):
    pupil = login("tyler@riverside.example")
    response = pupil.get("/me/goals")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "My goals and my help" in html
    assert "I will get the bus to college on my own." in html  # the goal in his words
    assert "Travel training" in html and "Mr Hale" in html
    assert "Just me and one adult." in html
    assert "img/symbols/goal" in html and 'alt=""' in html
    assert "data-listen" in html and 'class="easy-read' in html
    home = pupil.get("/me/").get_data(as_text=True)
    assert 'href="/me/goals"' in home


def test_sharing_emails_the_parents_in_their_language_with_only_a_link(app, login, demo, mailbox):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    senco = login("senco@oakfield.example")
    response = senco.submit(
        f"/senco/plans/{plan.id}/share",
        {"version": str(plan.version)},
        page=f"/senco/plans/{plan.id}",
    )
    assert response.status_code == 302
    [message] = mailbox.to("rodzic@oakfield.example")
    body = mailbox.body(message)
    assert message["Content-Language"] == "pl"
    assert "Zofia" not in body and "Zofia" not in message["Subject"]  # no personal details
    link = mailbox.link(message, f"/families/children/{zofia.id}/plan")
    parent = login("rodzic@oakfield.example")
    page = parent.get(link).get_data(as_text=True)
    assert "retell a short picture story" in page
    assert "Czy zgadza się Pan/Pani z tym planem?" in page  # fixed text in Polish
