"""Codes the DfE's files use (CTF, census, MIS reports), and the portal's own values.

See ../shared/RECORDS.md in the project notes, and the DfE's CTF specification.
"""

import re
from datetime import date, datetime

from portal.models import NeedCode, SenStatus

PROVISION_CODES = {status.value: status for status in SenStatus}
# Codes from before the 2014 reforms still found in old SEN histories.
LEGACY_PROVISION = {
    "A": (SenStatus.SEN_SUPPORT, "School Action"),
    "P": (SenStatus.SEN_SUPPORT, "School Action Plus"),
    "S": (SenStatus.EHC_PLAN, "statement of SEN"),
}
NEED_CODES = {code.value: code for code in NeedCode}

# DfE home-language codes and the portal's language codes (ISO 639-1), both ways.
LANGUAGE_TO_ISO = {
    "ENG": "en",
    "ENB": "en",
    "POL": "pl",
    "URD": "ur",
    "PNJ": "pa",
    "PNJA": "pa",
    "BNG": "bn",
    "ARA": "ar",
    "RMN": "ro",
    "SOM": "so",
    "POR": "pt",
    "SPA": "es",
    "UKR": "uk",
    "GUJ": "gu",
    "TAM": "ta",
    "TUR": "tr",
    "LIT": "lt",
    "FRN": "fr",
    "ITA": "it",
    "CHI": "zh",
    "YOR": "yo",
    "PAS": "ps",
    "PRS": "fa",
    "KUR": "ku",
    "TGE": "ti",
    "ALB": "sq",
    "HUN": "hu",
    "BUL": "bg",
    "RUS": "ru",
    "NEP": "ne",
}
ISO_TO_LANGUAGE = {
    iso: code for code, iso in LANGUAGE_TO_ISO.items() if code not in ("ENB", "PNJA")
}
# Codes that say something other than a language.
LANGUAGE_NOT_A_LANGUAGE = {"OTB", "REF", "NOT"}

# CTF relationship codes and the portal's relationship words.
RELATIONSHIP_FROM_CODE = {
    "PAM": "mother",
    "PAF": "father",
    "CAR": "carer",
    "STM": "parent",
    "STF": "parent",
    "FOM": "foster_carer",
    "FOF": "foster_carer",
    "GRM": "grandparent",
    "GRF": "grandparent",
    "REL": "other",
    "FAM": "other",
    "OTH": "other",
}
RELATIONSHIP_TO_CODE = {
    "mother": "PAM",
    "father": "PAF",
    "carer": "CAR",
    "parent": "CAR",
    "guardian": "CAR",
    "foster_carer": "FOM",
    "grandparent": "REL",
    "other": "OTH",
}
RELATIONSHIP_WORDS = {
    "mother": "mother",
    "mum": "mother",
    "father": "father",
    "dad": "father",
    "parent": "parent",
    "carer": "carer",
    "guardian": "guardian",
    "grandparent": "grandparent",
    "grandmother": "grandparent",
    "grandfather": "grandparent",
    "fostercarer": "foster_carer",
    "stepmother": "parent",
    "stepfather": "parent",
}

_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}


def boolean(value: str | None) -> bool | None:
    text = (value or "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def relationship(value: str | None) -> tuple[str, str | None]:
    """(the portal's word, the CTF code or None) for a relationship as a file gives it."""
    text = (value or "").strip()
    code = text.upper()
    if code in RELATIONSHIP_FROM_CODE:
        return RELATIONSHIP_FROM_CODE[code], code
    word = re.sub(r"[^a-z]", "", text.lower())
    if word in RELATIONSHIP_WORDS:
        return RELATIONSHIP_WORDS[word], None
    return ("other" if text else "parent"), (code[:8] if text and len(code) <= 8 else None)


def language(value: str | None) -> tuple[str | None, str | None]:
    """(ISO code for the portal, DfE code) for a home language as a file gives it."""
    text = (value or "").strip()
    if not text:
        return None, None
    upper = text.upper()
    if upper in LANGUAGE_TO_ISO:
        return LANGUAGE_TO_ISO[upper], upper
    if upper in LANGUAGE_NOT_A_LANGUAGE:
        return None, upper
    lower = text.lower()
    if lower in ISO_TO_LANGUAGE:
        return lower, ISO_TO_LANGUAGE[lower]
    if lower in _ENGLISH_NAMES:
        iso = _ENGLISH_NAMES[lower]
        return iso, ISO_TO_LANGUAGE.get(iso)
    return None, upper[:4] if len(upper) <= 4 else None


def _english_names() -> dict[str, str]:
    from babel import Locale

    return {Locale.parse(iso).get_display_name("en").lower(): iso for iso in ISO_TO_LANGUAGE}


_ENGLISH_NAMES = _english_names()


def dfe_language(iso: str | None) -> str | None:
    return ISO_TO_LANGUAGE.get(iso or "")


_YEAR_WORDS = {"r": 0, "rec": 0, "reception": 0, "n1": -1, "n2": -1, "n": -1, "nursery": -1}


def year_group(value: str | None) -> int | None:
    """A national curriculum year as files write it: 3, "Year 3", "Y3", "R", "N2"."""
    text = re.sub(r"\s+", " ", (value or "").strip().lower())
    if text in _YEAR_WORDS:
        return _YEAR_WORDS[text]
    match = re.fullmatch(r"(?:year|yr|y|nc)? ?(-?\d{1,2})", text)
    if match:
        number = int(match.group(1))
        if -1 <= number <= 14:
            return number
    return None


def nc_year_code(year: int) -> str:
    """The CTF's NCyearActual: R for reception, N2 for nursery, else the number."""
    if year == 0:
        return "R"
    if year < 0:
        return "N2"
    return str(year)


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")


def parse_date(value: str | None) -> date | None:
    """DD/MM/YYYY (as UK MIS reports write it) or ISO 8601, with or without a time."""
    text = (value or "").strip()
    if not text:
        return None
    text = re.split(r"[T ]", text, maxsplit=1)[0] if re.match(r"\d{4}-", text) else text
    text = text.split(" ")[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def provision(value: str | None) -> tuple[SenStatus | None, str | None]:
    """(the SEN provision, the legacy code it was mapped from) or (None, None) if unknown.

    Raises ValueError for a code that is neither current nor legacy.
    """
    text = (value or "").strip().upper()
    if not text:
        return None, None
    words = {"NO SEN": "N", "NONE": "N", "SEN SUPPORT": "K", "EHC PLAN": "E", "EHCP": "E"}
    text = words.get(text, text)
    if text in PROVISION_CODES:
        return PROVISION_CODES[text], None
    if text in LEGACY_PROVISION:
        return LEGACY_PROVISION[text][0], text
    raise ValueError(text)


def need(value: str | None) -> NeedCode | None:
    """A census need code; raises ValueError for one the census does not have."""
    text = (value or "").strip().upper()
    if not text:
        return None
    if text in NEED_CODES:
        return NEED_CODES[text]
    raise ValueError(text)


def needs_value(codes) -> str:
    return " ".join(code.value for code in codes)


def needs_from_value(value: str | None) -> list[NeedCode]:
    return [NEED_CODES[code] for code in (value or "").split() if code in NEED_CODES]
