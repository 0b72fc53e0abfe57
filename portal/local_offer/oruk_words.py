"""What the words of a feed mean here: taxonomy terms as categories, needs, broad areas
and ways in; and language names or codes as language codes. Built once, in English."""

from babel import Locale

from portal.local_offer import search
from portal.models import AccessRoute, BroadArea, NeedCode
from portal.models.local_offer import ServiceCategory


def term_key(text: str) -> str:
    return " ".join(search.words(text))


def _terms(pairs) -> dict[str, object]:
    return {term_key(text): value for text, value in pairs}


def _english(label) -> str:
    from flask_babel import force_locale

    with force_locale("en"):
        return str(label)


CATEGORY_WORDS = {
    ServiceCategory.THERAPY: [
        "therapies",
        "speech and language therapy",
        "speech therapy",
        "occupational therapy",
        "physiotherapy",
        "SALT",
    ],
    ServiceCategory.HEALTH: [
        "health",
        "health services",
        "paediatrics",
        "community paediatrics",
        "school nursing",
        "nursing",
        "continence",
        "wheelchair service",
    ],
    ServiceCategory.MENTAL_HEALTH: [
        "mental health",
        "emotional wellbeing",
        "wellbeing",
        "CAMHS",
        "counselling",
    ],
    ServiceCategory.LEARNING: [
        "education",
        "learning",
        "learning support",
        "educational psychology",
        "specialist teaching",
    ],
    ServiceCategory.ADVICE: [
        "advice",
        "information and advice",
        "family support",
        "parent support",
        "support groups",
        "SENDIASS",
        "parent carer forum",
    ],
    ServiceCategory.SHORT_BREAKS: ["short breaks", "respite"],
    ServiceCategory.ACTIVITIES: [
        "activities",
        "leisure",
        "youth clubs",
        "sport",
        "play",
        "clubs",
        "holiday activities",
    ],
    ServiceCategory.SOCIAL_CARE: [
        "social care",
        "social work",
        "early help",
        "children with disabilities team",
    ],
    ServiceCategory.EARLY_YEARS: ["early years", "childcare", "nursery", "portage"],
    ServiceCategory.ADULTHOOD: [
        "preparing for adulthood",
        "employment",
        "supported internships",
        "independent living",
        "careers",
    ],
    ServiceCategory.MONEY: ["money", "benefits", "financial support"],
    ServiceCategory.TRAVEL: ["transport", "travel", "travel training"],
}

NEED_WORDS = {
    NeedCode.ASD: ["autism", "autistic spectrum", "autism spectrum condition"],
    NeedCode.SLCN: ["speech language and communication", "speech and language", "SLCN"],
    NeedCode.SPLD: ["dyslexia", "dyspraxia", "dyscalculia", "specific learning difficulties"],
    NeedCode.MLD: ["moderate learning difficulties"],
    NeedCode.SLD: ["severe learning difficulties"],
    NeedCode.PMLD: ["profound and multiple learning difficulties"],
    NeedCode.SEMH: ["mental health", "emotional wellbeing", "ADHD", "anxiety"],
    NeedCode.HI: ["deaf", "hearing", "hearing loss", "hearing impairment"],
    NeedCode.VI: ["blind", "vision", "visual impairment", "sight loss"],
    NeedCode.MSI: ["deafblind", "multi sensory impairment"],
    NeedCode.PD: ["physical disability", "physical disabilities", "mobility"],
}

AREA_WORDS = {
    BroadArea.COMMUNICATION: ["communication", "communication and interaction"],
    BroadArea.COGNITION: ["learning disabilities", "learning difficulties", "cognition"],
    BroadArea.SEMH: ["social emotional and mental health", "SEMH needs"],
    BroadArea.SENSORY_PHYSICAL: ["sensory", "physical", "sensory and physical"],
}

ALL_NEEDS_WORDS = [
    "SEND",
    "SEN",
    "all SEND",
    "all needs",
    "special educational needs",
    "special educational needs and disabilities",
    "disabilities",
]

ACCESS_WORDS = {
    AccessRoute.REFERRAL: ["referral", "professional referral", "referral needed", "by referral"],
    AccessRoute.SELF_REFERRAL: ["self referral", "self-referral", "contact directly"],
    AccessRoute.DROP_IN: ["drop in", "drop-in", "no appointment needed"],
    AccessRoute.APPOINTMENT: ["appointment", "by appointment", "appointment only"],
}


def _vocabulary():
    """Taxonomy term text -> what it means here. Built once, in English."""
    categories = _terms(
        [(words, c) for c, names in CATEGORY_WORDS.items() for words in names]
        + [(c.value.replace("_", " "), c) for c in ServiceCategory]
        + [(_english(c.label), c) for c in ServiceCategory]
    )
    needs = _terms(
        [(words, code) for code, names in NEED_WORDS.items() for words in names]
        + [(code.value, code) for code in NeedCode if code.area]
        + [(_english(code.label), code) for code in NeedCode if code.area]
    )
    areas = _terms(
        [(words, area) for area, names in AREA_WORDS.items() for words in names]
        + [(_english(area.label), area) for area in BroadArea]
    )
    access = _terms((words, a) for a, names in ACCESS_WORDS.items() for words in names)
    everyone = {term_key(words) for words in ALL_NEEDS_WORDS}
    return categories, needs, areas, access, everyone


_VOCABULARY = None


def vocabulary():
    global _VOCABULARY
    if _VOCABULARY is None:
        _VOCABULARY = _vocabulary()
    return _VOCABULARY


def _language_codes() -> dict[str, str]:
    names = Locale("en").languages
    return {name.casefold(): code for code, name in names.items() if len(code) in (2, 3)}


_LANGUAGES: dict[str, str] | None = None


def language_code(item) -> str | None:
    global _LANGUAGES
    if _LANGUAGES is None:
        _LANGUAGES = _language_codes()
    if not isinstance(item, dict):
        return None
    code = item.get("code")
    if isinstance(code, str) and code.strip():
        code = code.strip().lower().replace("_", "-").split("-")[0]
        if code in Locale("en").languages:
            return code
    name = item.get("name")
    if isinstance(name, str):
        return _LANGUAGES.get(name.strip().casefold())
    return None
