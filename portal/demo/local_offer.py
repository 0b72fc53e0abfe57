"""Demo Local Offer: Northshire's Open Referral UK feed, local services typed in by hand,
an out-of-date report, and both schools' SEN information reports.

Half the services come through the real importer from a feed committed in the repo; the
other half are what a SENCO would add by hand. Dates are kept relative to today, so the
same few entries are always more than a year old and marked as possibly out of date.

Long on purpose: it is data (the services typed in and the SEN reports), read top to bottom.
"""

import json
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from portal.demo.context import Demo
from portal.extensions import db
from portal.local_offer import importer, services
from portal.models import (
    OutOfDateReport,
    ReportSection,
    SenInformationReport,
    Service,
    today,
    utcnow,
)

FEED = Path(__file__).parent / "data" / "northshire-oruk.json"
# The day the feed was written: its dates are moved forward by the time since then.
FEED_DATE = date(2026, 11, 20)


def shifted(document, days: int):
    """The feed with every assured_date and last_modified moved by this many days."""
    if isinstance(document, list):
        return [shifted(item, days) for item in document]
    if not isinstance(document, dict):
        return document
    moved = {}
    for key, value in document.items():
        if key == "assured_date" and isinstance(value, str):
            value = (date.fromisoformat(value) + timedelta(days=days)).isoformat()
        elif key == "last_modified" and isinstance(value, str):
            value = (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat() + value[10:]
        moved[key] = shifted(value, days)
    return moved


def feed_document() -> dict:
    document = json.loads(FEED.read_text(encoding="utf-8"))
    return shifted(document, (today() - FEED_DATE).days)


# Both schools list the county's parent carer forum.
FORUM = dict(
    name="Northshire Parent Carer Forum",
    organisation="Northshire Parent Carer Forum",
    description=(
        "A group of parents and carers of children with SEND who work with the council "
        "and the NHS to make services better.\n\nJoin for free to hear about coffee "
        "mornings, workshops and surveys, and to have your say."
    ),
    categories=["advice"],
    all_needs=True,
    ages=(0, 25),
    cost="free",
    access=["self_referral"],
    phone="01632 960 300",
    email="info@northshire-pcf.example",
    website="https://www.northshire-pcf.example",
    place=("Ashbridge Family Hub", "2 Station Lane", "Ashbridge", "NS4 2QT"),
    keywords="coffee morning, parent group, have your say",
    checked=40,
)

# What a SENCO would type in by hand; "checked" is how many days ago it was last checked.
HAND_ENTERED = [
    dict(FORUM, school="oakfield"),
    dict(
        school="oakfield",
        name="Little Stars Stay and Play",
        organisation="Ashbridge Family Hub",
        description=(
            "A relaxed stay and play session for babies and young children with additional "
            "needs and their parents. Sensory toys, music and a quiet corner. Just come along."
        ),
        categories=["early_years", "activities"],
        all_needs=True,
        ages=(0, 5),
        cost="free",
        access=["drop_in"],
        access_details="Tuesdays 10am to 11.30am in term time.",
        phone="01632 960 310",
        place=("Ashbridge Family Hub", "2 Station Lane", "Ashbridge", "NS4 2QT"),
        languages=["en", "ur"],
        checked=20,
    ),
    dict(
        school="oakfield",
        name="Splash Together inclusive swimming",
        organisation="Northam Leisure Centre",
        description=(
            "Small, calm swimming lessons for children with SEND, with a quieter pool, "
            "changing places toilet and hoist. Instructors are trained in autism awareness."
        ),
        categories=["activities"],
        areas=["sensory_physical"],
        codes=["ASD", "PD"],
        ages=(4, 11),
        cost="paid",
        cost_details="£3 a session; free for children with a Northshire short breaks card.",
        access=["appointment"],
        phone="01632 960 320",
        website="https://www.northam-leisure.example/splash",
        place=("Northam Leisure Centre", "Park Road", "Northam", "NS2 3JJ"),
        keywords="swim, swimming lessons, pool",
        checked=90,
    ),
    dict(
        school="oakfield",
        name="Dyslexia Support Northshire",
        organisation="Dyslexia Support Northshire (charity)",
        description=(
            "Advice for parents of children who find reading and spelling hard, a monthly "
            "support group, and low-cost dyslexia screening and assessments."
        ),
        categories=["learning", "advice"],
        codes=["SPLD"],
        ages=(6, 16),
        cost="free_for_some",
        cost_details="Advice and the support group are free; a full assessment costs £350.",
        access=["self_referral"],
        email="hello@dyslexia-northshire.example",
        website="https://www.dyslexia-northshire.example",
        keywords="reading, spelling, dyslexic, assessment",
        checked=200,
    ),
    dict(
        school="oakfield",
        name="Ashbridge Autism Family Group",
        organisation="Ashbridge Autism Family Group",
        description=(
            "Parents of autistic children meet once a month to share ideas and support each "
            "other. Children are welcome: there is a sensory room and a games corner."
        ),
        categories=["advice"],
        codes=["ASD"],
        ages=(0, 18),
        cost="free",
        access=["drop_in"],
        access_details="First Saturday of the month, 10am to midday.",
        email="ashbridgeautism@mail.example",
        place=("St Mark's Church Hall", "Church Lane", "Ashbridge", "NS4 1DE"),
        keywords="autistic, support group, parents",
        checked=540,
    ),
    dict(
        school="oakfield",
        name="Millford Saturday Club",
        organisation="Northshire Short Breaks",
        description=(
            "A Saturday club for disabled children with art, sensory play, cooking and trips, "
            "giving families a short break. Staff support children with personal care."
        ),
        categories=["short_breaks", "activities"],
        codes=["SLD", "PMLD", "ASD"],
        ages=(5, 12),
        cost="free_for_some",
        cost_details="Free with a short breaks assessment; otherwise £15 a session.",
        access=["referral", "self_referral"],
        phone="01632 960 330",
        place=("Millford Community Centre", "Mill Lane", "Millford", "NS3 6AA"),
        checked=120,
    ),
    dict(
        school="oakfield",
        name="Polish Family Support Northshire",
        organisation="Polish Family Support Northshire",
        description=(
            "Help in Polish for families finding their way around school, health and SEND "
            "services: we explain letters, come to meetings as interpreters and run a "
            "monthly parents' group."
        ),
        categories=["advice"],
        all_needs=True,
        ages=(0, 18),
        cost="free",
        access=["self_referral"],
        phone="01632 960 340",
        email="kontakt@polishfamilies.example",
        languages=["pl", "en"],
        keywords="Polish, interpreter, polski, tłumacz",
        checked=60,
    ),
    dict(
        school="oakfield",
        name="Sensory Story Time",
        organisation="Northam Library",
        description=(
            "Stories told with lights, sounds, textures and smells, for children with "
            "profound, multiple or sensory needs and their families."
        ),
        categories=["activities", "early_years"],
        codes=["PMLD", "SLD", "MSI"],
        ages=(0, 7),
        cost="free",
        access=["drop_in"],
        access_details="Wednesdays at 2pm.",
        phone="01632 960 350",
        place=("Northam Library", "Market Street", "Northam", "NS1 1AB"),
        keywords="library, stories",
        checked=460,
    ),
    dict(
        school="oakfield",
        name="Children's Sleep Service",
        organisation="Northshire Children's Community Health (NHS)",
        description=(
            "Sleep practitioners help families of children with additional needs who have "
            "long-term sleep problems, with a sleep diary, a plan and follow-up calls."
        ),
        categories=["health"],
        codes=["ASD", "SEMH"],
        areas=["cognition"],
        ages=(2, 16),
        cost="free",
        access=["referral"],
        access_details="Ask your health visitor, school nurse or GP to refer you.",
        phone="01632 960 207",
        keywords="sleep, bedtime, night waking",
        checked=150,
    ),
    dict(
        school="oakfield",
        name="Roshni Families SEND Group",
        organisation="Roshni Community Centre",
        description=(
            "A friendly group for South Asian families of children with SEND. Talk in Urdu, "
            "Punjabi or English, meet other parents and get help with forms."
        ),
        categories=["advice"],
        all_needs=True,
        ages=(0, 25),
        cost="free",
        access=["drop_in", "self_referral"],
        access_details="Thursdays 10am to midday.",
        phone="01632 960 360",
        place=("Roshni Community Centre", "18 Canal Street", "Northam", "NS2 8PL"),
        languages=["ur", "pa", "en"],
        keywords="Urdu, Punjabi, forms",
        checked=75,
    ),
    dict(FORUM, school="riverside", place=None),
    dict(
        school="riverside",
        name="Riverside Inclusive Youth Nights",
        organisation="Northshire Youth Service",
        description=(
            "Youth club evenings for young people with SEND: games, cooking, music and trips, "
            "with youth workers who know how to help. Bring a friend."
        ),
        categories=["activities"],
        all_needs=True,
        ages=(11, 19),
        cost="paid",
        cost_details="£1 a session.",
        access=["drop_in"],
        access_details="Mondays 6pm to 8pm.",
        phone="01632 960 370",
        place=("Riverside Youth Centre", "Quay Street", "Kelby", "NS7 2RR"),
        keywords="youth club, friends, evening",
        checked=30,
    ),
    dict(
        school="riverside",
        name="Kelby Young People's Counselling",
        organisation="Kelby Counselling Centre",
        description=(
            "Free counselling for young people who feel anxious, low or stressed, in school "
            "holidays and after school. Up to 12 sessions."
        ),
        categories=["mental_health"],
        codes=["SEMH"],
        ages=(11, 25),
        cost="free",
        access=["self_referral", "appointment"],
        phone="01632 960 380",
        email="young@kelbycounselling.example",
        keywords="anxiety, stress, worried, talk",
        checked=100,
    ),
    dict(
        school="riverside",
        name="SEND Careers Advice",
        organisation="Northshire Careers Service",
        description=(
            "Careers advisers who specialise in young people with SEND help plan the next "
            "step after school: college, apprenticeships, supported internships or work."
        ),
        categories=["adulthood"],
        all_needs=True,
        ages=(13, 25),
        cost="free",
        access=["appointment"],
        phone="01632 960 390",
        email="careers@northshire.example",
        website="https://www.northshire.example/careers",
        keywords="careers, jobs, college, apprenticeship",
        checked=45,
    ),
    dict(
        school="riverside",
        name="Travel Training",
        organisation="Northshire County Council",
        description=(
            "One-to-one training so young people can travel on their own to school, college "
            "or work: planning the route, buying tickets and what to do if things go wrong."
        ),
        categories=["travel", "adulthood"],
        codes=["MLD", "SLD", "ASD"],
        ages=(14, 25),
        cost="free",
        access=["referral"],
        access_details="Ask the school or the Preparing for Adulthood Team to refer you.",
        phone="01632 960 271",
        keywords="bus, independent travel",
        checked=180,
    ),
    dict(
        school="riverside",
        name="Level Up Gaming Club",
        organisation="Kelby Library",
        description=(
            "A relaxed after-school gaming club for autistic teenagers: console and board "
            "games, a quiet room, and staff who understand."
        ),
        categories=["activities"],
        codes=["ASD"],
        ages=(11, 18),
        cost="paid",
        cost_details="£2 a session.",
        access=["drop_in"],
        access_details="Thursdays 4pm to 6pm.",
        place=("Kelby Library", "High Street", "Kelby", "NS7 1AA"),
        keywords="games, gaming, autistic, teenagers",
        checked=430,
    ),
    dict(
        school="riverside",
        name="ADHD Parent Support Group",
        organisation="ADHD Northshire",
        description=(
            "Evening meetings and an online group for parents of children and teenagers "
            "with ADHD, with talks from specialists and time to share what works."
        ),
        categories=["advice"],
        codes=["SEMH"],
        ages=(5, 18),
        cost="free",
        access=["self_referral"],
        email="parents@adhd-northshire.example",
        website="https://www.adhd-northshire.example",
        keywords="ADHD, attention, parents",
        checked=95,
    ),
    dict(
        school="riverside",
        name="Inclusive Duke of Edinburgh's Award group",
        organisation="Northshire Youth Service",
        description=(
            "A Duke of Edinburgh's Award group where every young person can take part, with "
            "adapted expeditions and extra staff."
        ),
        categories=["activities"],
        all_needs=True,
        ages=(13, 18),
        cost="paid",
        cost_details="£25 to join; help with costs is available.",
        access=["appointment"],
        phone="01632 960 371",
        checked=210,
    ),
    dict(
        school="riverside",
        name="Kelby Deaf Youth Club",
        organisation="Deaf Children Northshire",
        description=(
            "A youth club for deaf young people, run in British Sign Language and spoken "
            "English, with games, trips and deaf role models."
        ),
        categories=["activities"],
        codes=["HI"],
        ages=(11, 19),
        cost="free",
        access=["drop_in"],
        access_details="Every other Friday, 6.30pm to 8.30pm.",
        place=("Kelby Community Hall", "Orchard Way", "Kelby", "NS7 9LQ"),
        keywords="deaf, BSL, sign language",
        checked=60,
    ),
    dict(
        school="riverside",
        name="Work Experience Plus",
        organisation="Northshire Supported Employment",
        description=(
            "Supported work experience for young people with learning difficulties, with a job "
            "coach who helps at the workplace and afterwards."
        ),
        categories=["adulthood"],
        codes=["MLD", "SLD"],
        ages=(16, 25),
        cost="free",
        access=["referral"],
        phone="01632 960 395",
        checked=420,
    ),
]


# Where the places services are typed in with are (the feed carries its own).
PLACES = {
    "Ashbridge Family Hub": (52.9219, -1.2318),
    "Kelby Community Hall": (53.0112, -1.0575),
    "Kelby Library": (53.0079, -1.0618),
    "Millford Community Centre": (52.8826, -1.0802),
    "Northam Leisure Centre": (52.9503, -1.1588),
    "Northam Library": (52.9545, -1.1521),
    "Riverside Youth Centre": (53.0041, -1.0652),
    "Roshni Community Centre": (52.9577, -1.1436),
    "St Mark's Church Hall": (52.9247, -1.2262),
}


def _service_data(entry: dict) -> dict:
    place = entry.get("place") or ("", "", "", "")
    at = PLACES.get(place[0])
    return {
        "name": entry["name"],
        "organisation": entry.get("organisation"),
        "description": entry["description"],
        "status": "active",
        "categories": entry["categories"],
        "all_needs": entry.get("all_needs", False),
        "areas": entry.get("areas", []),
        "need_codes": entry.get("codes", []),
        "min_age": entry["ages"][0],
        "max_age": entry["ages"][1],
        "cost": entry.get("cost"),
        "cost_details": entry.get("cost_details"),
        "access_routes": entry.get("access", []),
        "access_details": entry.get("access_details"),
        "phone": entry.get("phone"),
        "email": entry.get("email"),
        "website": entry.get("website"),
        "location_name": place[0],
        "address_1": place[1],
        "town": place[2],
        "postcode": place[3],
        "coordinates": f"{at[0]}, {at[1]}" if at else "",
        "languages": entry.get("languages", []),
        "keywords": entry.get("keywords"),
        "last_checked": today() - timedelta(days=entry["checked"]),
    }


def seed(demo: Demo) -> None:
    schools = {slug: demo.school(slug) for slug in ("oakfield", "riverside")}
    sencos = {
        "oakfield": demo.user("senco@oakfield.example"),
        "riverside": demo.user("senco@riverside.example"),
    }
    feed = feed_document()
    for school in schools.values():
        importer.import_document(school, feed)
    for entry in HAND_ENTERED:
        school = schools[entry["school"]]
        exists = db.session.scalar(
            sa.select(Service.id).where(
                Service.school_id == school.id, Service.name == entry["name"]
            )
        )
        if exists is None:
            services.save_service(
                Service(school_id=school.id), _service_data(entry), sencos[entry["school"]]
            )
    _out_of_date_report(schools["oakfield"])
    for slug, texts in REPORTS.items():
        _report(schools[slug], sencos[slug], texts)


def _out_of_date_report(school) -> None:
    story_time = db.session.scalar(
        sa.select(Service).where(
            Service.school_id == school.id, Service.name == "Sensory Story Time"
        )
    )
    note = "The library told me story time has moved to Thursday mornings at 10am."
    exists = db.session.scalar(
        sa.select(OutOfDateReport.id).where(
            OutOfDateReport.service_id == story_time.id, OutOfDateReport.note == note
        )
    )
    if exists is None:
        db.session.add(
            OutOfDateReport(
                service_id=story_time.id,
                school_id=school.id,
                note=note,
                created_at=utcnow() - timedelta(days=3),
                staff_emailed=True,
            )
        )


def _report(school, senco, texts: dict) -> None:
    if services.sen_report(school.id) is not None:
        return
    report = SenInformationReport(
        school_id=school.id,
        senco_name=senco.full_name,
        senco_email=texts["senco_email"],
        senco_phone=school.contact_phone,
        updated_at=utcnow() - timedelta(days=texts["age_days"]),
        updated_by_id=senco.id,
    )
    for section in ReportSection:
        setattr(report, section.value, texts[section.value])
    db.session.add(report)


REPORTS = {
    "oakfield": {
        "senco_email": "senco@oakfield.example",
        "age_days": 60,
        "kinds_of_need": (
            "Oakfield is a mainstream primary school for children aged 4 to 11. We welcome "
            "children with all kinds of special educational needs, in the four areas the SEND "
            "Code of Practice describes:\n\n"
            "- Communication and interaction, including speech and language needs and autism\n"
            "- Cognition and learning, including dyslexia and moderate learning difficulties\n"
            "- Social, emotional and mental health\n"
            "- Sensory and physical needs, including hearing and vision impairment\n\n"
            "The building is on one level with an accessible toilet and a hoist."
        ),
        "identifying": (
            "Class teachers check every child's progress each half term. If a child is not "
            "making the progress we expect, or you tell us you are worried, the teacher talks "
            "with you first. Together with the SENCO we may watch your child in class, use "
            "short assessments, or ask a specialist such as a speech and language therapist "
            "or educational psychologist for advice.\n\n"
            "You can talk to the class teacher or the SENCO at any time."
        ),
        "involving_parents": (
            "You know your child best. We meet you at least three times a year to agree the "
            "plan, check how it is going and decide next steps. You can give your views "
            "before each meeting in this portal, in your own language, and we can book an "
            "interpreter."
        ),
        "involving_pupils": (
            "Children give their views before every review, with pictures and an adult to "
            "help if they want one. They help choose their goals and tell us what helps them "
            "in class."
        ),
        "reviewing_progress": (
            "We follow the cycle of assess, plan, do and review. Each plan has a few clear "
            "goals, the help your child will get, who gives it and when we will review it. "
            "At each review we look at what worked and change the plan if needed."
        ),
        "transitions": (
            "Before your child starts, we visit nursery or home and make a transition book "
            "with photos. Children with SEN have extra visits before moving class. In Year 6 "
            "we meet the secondary school SENCO and plan extra visits."
        ),
        "teaching": (
            "All teachers plan lessons so every child can take part: clear instructions, "
            "visual timetables, practical resources and work at the right level. Some children "
            "also have small-group or one-to-one sessions, such as phonics catch-up or "
            "language groups."
        ),
        "adaptations": (
            "We adapt how we teach, the resources we use and the classroom: quiet work "
            "spaces, movement breaks, coloured overlays, writing slopes and ear defenders. "
            "Our accessibility plan is on the school website."
        ),
        "staff_expertise": (
            "Our SENCO holds the National Award for SEN Coordination. Teaching assistants are "
            "trained in phonics interventions, Talk Boost and emotional literacy support. All "
            "staff have autism awareness training every year."
        ),
        "evaluating": (
            "We check the progress of every child on the SEN register each term and look at "
            "whether each kind of help is working. Governors receive a report on SEN every "
            "year."
        ),
        "activities": (
            "Every child can join clubs, trips and residentials. We plan trips with families "
            "and make changes so children with SEN can take part, such as extra adults or a "
            "visit beforehand."
        ),
        "wellbeing": (
            "Our learning mentor runs nurture groups and one-to-one sessions. Every class has "
            "a worry box and a calm corner. We do not accept bullying: our anti-bullying "
            "policy explains what we do."
        ),
        "other_services": (
            "We work with Northshire's speech and language therapy, educational psychology, "
            "Autism Outreach Team, Sensory Support Service, school nurses, CAMHS and Early "
            "Help. We always ask your permission before referring your child."
        ),
        "complaints": (
            "If you are unhappy, please talk to the class teacher or the SENCO first. If that "
            "does not help, contact the headteacher. Our complaints policy is on the school "
            "website. Northshire SENDIASS can give you free, impartial advice."
        ),
        "looked_after": (
            "Our designated teacher for looked-after children works with the SENCO and the "
            "Virtual School so that each child's personal education plan and SEN support "
            "fit together."
        ),
        "local_offer": (
            "Northshire County Council publishes its Local Offer of services for children "
            "with SEND. You can also search the services near our school in this portal."
        ),
    },
    "riverside": {
        "senco_email": "senco@riverside.example",
        "age_days": 400,
        "kinds_of_need": (
            "Riverside is a mainstream secondary academy for students aged 11 to 16. We "
            "support students with needs in all four areas: communication and interaction; "
            "cognition and learning; social, emotional and mental health; and sensory and "
            "physical needs."
        ),
        "identifying": (
            "We talk to primary schools before students join and use reading and spelling "
            "checks in Year 7. Teachers tell the SENCO if a student is finding work hard. We "
            "always talk to you and your child before deciding on extra help."
        ),
        "involving_parents": (
            "Each student on SEN support has a key adult who keeps in touch with home. We "
            "meet you at least three times a year and you can give your views before each "
            "meeting in this portal."
        ),
        "involving_pupils": (
            "Students give their views before every review and lead part of the meeting if "
            "they want to. From Year 9 we talk about their hopes for work, college and adult "
            "life."
        ),
        "reviewing_progress": (
            "Plans are reviewed at least three times a year using assess, plan, do and review. "
            "We look at progress towards each goal and agree changes with you and your child."
        ),
        "transitions": (
            "Year 6 pupils with SEN have extra visits in the summer term and a summer school. "
            "From Year 9 our careers adviser and the Preparing for Adulthood Team help plan "
            "for college, apprenticeships or supported internships."
        ),
        "teaching": (
            "Teachers get a one-page profile of each student with SEN and adapt lessons for "
            "them. Some students have literacy and numeracy catch-up groups or mentoring."
        ),
        "adaptations": (
            "We offer exam access arrangements, a quiet base at break and lunch, laptops for "
            "students who need them, and a lift to all floors."
        ),
        "staff_expertise": (
            "Our SENCO has the National Award for SEN Coordination. We have a specialist "
            "dyslexia teacher and staff trained in mental health first aid."
        ),
        "evaluating": (
            "We check progress every term and report to governors each year on how well our "
            "SEN support works."
        ),
        "activities": (
            "All students can take part in clubs, trips and the Duke of Edinburgh's Award, "
            "with extra support where needed."
        ),
        "wellbeing": (
            "Heads of year, a school counsellor and our wellbeing team support students' "
            "mental health. We have a clear anti-bullying policy and peer mentors."
        ),
        "other_services": (
            "We work with CAMHS, educational psychology, the Sensory Support Service, school "
            "nurses, social care and the careers service."
        ),
        "complaints": (
            "Talk to your child's key adult or the SENCO first, then the headteacher. Our "
            "complaints policy is on the academy website. Northshire SENDIASS can advise you."
        ),
        "looked_after": (
            "Our designated teacher for looked-after children works closely with the SENCO "
            "and the Virtual School."
        ),
        "local_offer": (
            "Northshire County Council publishes its Local Offer of services for children and "
            "young people with SEND."
        ),
    },
}
