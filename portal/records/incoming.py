"""A pupil as an import file describes them, whatever the file's format, and the checks
every incoming pupil passes before anything is written.

Reasons are written for a SENCO: what is wrong, in which row or for which UPN, and what to
do about it in the MIS.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from portal.models import NeedCode, SenStatus, today
from portal.records import codes
from portal.records.upn import check_letter, is_valid_upn

LEGACY_NAMES = {code: name for code, (_status, name) in codes.LEGACY_PROVISION.items()}


@dataclass
class ContactIn:
    order: int
    given_name: str = ""
    family_name: str = ""
    # None means "the file does not say": what the portal holds is kept.
    title: str | None = None
    relationship: str = "parent"
    relationship_code: str | None = None
    responsibility: bool = True
    email: str | None = None
    phone: str | None = None
    language: str | None = None
    interpreter: bool | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.given_name.strip().lower(), self.family_name.strip().lower())

    def values(self) -> dict:
        """The contact's fields as the portal's Contact names them; None where not given."""
        return {
            "title": self.title,
            "relationship_to_pupil": self.relationship,
            "relationship_code": self.relationship_code,
            "parental_responsibility": self.responsibility,
            "email": (self.email or "").lower() or None,
            "phone": self.phone,
            "language": self.language,
            "interpreter_needed": self.interpreter,
            "contact_order": self.order,
        }


@dataclass
class HistoryIn:
    """One dated SEN row from a file: provision, or the needs in force from that date."""

    field: str  # "provision" or "needs"
    effective: date
    value: str  # a provision code, or needs codes by rank separated by spaces
    legacy: str | None = None


@dataclass
class PupilIn:
    where: str  # "row 12", "pupil 3": where the SENCO finds it in the file
    upn: str = ""
    family_name: str = ""
    given_name: str = ""
    preferred_family_name: str | None = None
    preferred_given_name: str | None = None
    dob_text: str = ""
    dob: date | None = None
    sex: str | None = None
    year_text: str = ""
    year_group: int | None = None
    provision_text: str = ""
    provision: SenStatus | None = None
    need_texts: list[str] = field(default_factory=list)  # by rank
    needs: list[NeedCode] = field(default_factory=list)
    sen_start: date | None = None
    language_text: str = ""
    home_language: str | None = None
    language_code: str | None = None
    contacts: list[ContactIn] = field(default_factory=list)
    history: list[HistoryIn] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return f"{self.upn} {name}".strip() if self.upn else name or self.where


def check(pupil: PupilIn) -> PupilIn:
    """Read the texts into values and fill in refusals and notes. Returns the same pupil."""
    refuse, note = pupil.refusals.append, pupil.notes.append
    pupil.upn = (pupil.upn or "").strip().upper()
    if not pupil.upn:
        refuse(_("No UPN. The portal matches pupils by UPN: add it in the MIS."))
    elif not is_valid_upn(pupil.upn):
        if len(pupil.upn) == 13 and pupil.upn[1:].isalnum():
            try:
                should = check_letter(pupil.upn[1:])
            except ValueError:
                should = None
            if should and pupil.upn[1:12].isdigit():
                refuse(
                    _(
                        "UPN %(upn)s: the check letter is wrong (it should be %(letter)s). "
                        "Check the UPN in the MIS.",
                        upn=pupil.upn,
                        letter=should,
                    )
                )
            else:
                refuse(_("UPN %(upn)s is not a real UPN.", upn=pupil.upn))
        else:
            refuse(
                _(
                    "UPN %(upn)s is not a real UPN: it should be a letter and 12 more characters.",
                    upn=pupil.upn,
                )
            )
    pupil.family_name = (pupil.family_name or "").strip()
    pupil.given_name = (pupil.given_name or "").strip()
    if not pupil.family_name or not pupil.given_name:
        refuse(_("The legal first name or surname is missing."))
    elif len(pupil.family_name) > 100 or len(pupil.given_name) > 100:
        refuse(_("A name is longer than 100 characters."))
    for attr in ("preferred_family_name", "preferred_given_name"):
        value = (getattr(pupil, attr) or "").strip()[:100] or None
        setattr(pupil, attr, value)
    _check_dob(pupil)
    pupil.year_group = codes.year_group(pupil.year_text)
    if pupil.year_group is None:
        if (pupil.year_text or "").strip():
            refuse(
                _(
                    "The year group '%(year)s' is not a national curriculum year.",
                    year=pupil.year_text.strip(),
                )
            )
        else:
            refuse(_("The national curriculum year is missing."))
    sex = (pupil.sex or "").strip().upper()[:1]
    pupil.sex = sex if sex in ("M", "F") else None
    _check_sen(pupil)
    pupil.home_language, pupil.language_code = codes.language(pupil.language_text)
    if (pupil.language_text or "").strip() and not pupil.language_code and not pupil.home_language:
        note(
            _("Home language '%(text)s' is not a known code: left blank.", text=pupil.language_text)
        )
    seen = set()
    for contact in pupil.contacts:
        if contact.email and "@" not in contact.email:
            note(
                _(
                    "Contact %(n)d's email '%(email)s' is not an email address: left out.",
                    n=contact.order,
                    email=contact.email,
                )
            )
            contact.email = None
        if contact.key in seen:
            note(_("Contact %(n)d appears twice: kept once.", n=contact.order))
        seen.add(contact.key)
    pupil.contacts = list({c.key: c for c in reversed(pupil.contacts)}.values())[::-1]
    return pupil


def _check_dob(pupil: PupilIn) -> None:
    if pupil.dob is None:
        try:
            pupil.dob = codes.parse_date(pupil.dob_text)
        except ValueError:
            pupil.refusals.append(
                _(
                    "The date of birth '%(text)s' is not a date. Use DD/MM/YYYY or YYYY-MM-DD.",
                    text=pupil.dob_text.strip(),
                )
            )
            return
    if pupil.dob is None:
        pupil.refusals.append(_("The date of birth is missing."))
    elif pupil.dob > today():
        pupil.refusals.append(
            _(
                "The date of birth %(date)s is in the future.",
                date=pupil.dob.strftime("%d/%m/%Y"),
            )
        )
    elif pupil.dob.year < 1990:
        pupil.refusals.append(
            _("The date of birth %(date)s is too long ago.", date=pupil.dob.strftime("%d/%m/%Y"))
        )


def _check_sen(pupil: PupilIn) -> None:
    refuse, note = pupil.refusals.append, pupil.notes.append
    try:
        pupil.provision, legacy = codes.provision(pupil.provision_text)
    except ValueError:
        refuse(
            _(
                "Unknown SEN provision '%(code)s'. "
                "Use N (no SEN), K (SEN support) or E (EHC plan).",
                code=pupil.provision_text.strip(),
            )
        )
        return
    if legacy:
        note(
            _(
                "Legacy code %(code)s (%(name)s) recorded as %(now)s (%(label)s).",
                code=legacy,
                name=LEGACY_NAMES[legacy],
                now=pupil.provision.value,
                label=pupil.provision.label,
            )
        )
    needs = []
    for text in pupil.need_texts:
        if not (text or "").strip():
            continue
        try:
            needs.append(codes.need(text))
        except ValueError:
            refuse(
                _(
                    "Unknown need code '%(code)s'. Use a census code such as SPLD, SLCN or ASD.",
                    code=text.strip(),
                )
            )
            return
    if len(set(needs)) != len(needs):
        refuse(_("The same need is given twice (%(codes)s).", codes=codes.needs_value(needs)))
        return
    pupil.needs = needs[:2]
    if len(needs) > 2:
        note(_("Only the primary and secondary needs are kept."))
    status = pupil.provision
    if status is None:
        if needs:
            refuse(_("Needs are given but the SEN provision is missing."))
        else:
            pupil.provision = SenStatus.NONE
        return
    if status is SenStatus.NONE and needs:
        refuse(
            _(
                "Has the need %(code)s but SEN provision N (no SEN): remove the need or correct "
                "the provision in the MIS.",
                code=needs[0].value,
            )
        )
    elif status is not SenStatus.NONE and not needs:
        refuse(
            _(
                "SEN provision %(code)s needs a primary need (census rule).",
                code=status.value,
            )
        )
    elif NeedCode.NSA in needs and status is not SenStatus.SEN_SUPPORT:
        refuse(
            _(
                "NSA (no specialist assessment) is only for SEN support (K), not %(code)s.",
                code=status.value,
            )
        )
    elif NeedCode.NSA in needs and len(needs) > 1:
        refuse(_("NSA cannot be combined with another need."))


def refuse_duplicate(pupil: PupilIn, places: dict[str, list[str]]) -> None:
    """Refuse every row of a UPN that appears more than once: which one is right is unknown.

    `places` maps each UPN to where it appears in the file (from a first pass over it).
    """
    where = places.get(pupil.upn, []) if pupil.upn else []
    if len(where) > 1:
        pupil.refusals.append(
            _(
                "UPN %(upn)s appears more than once (%(where)s).",
                upn=pupil.upn,
                where=", ".join(where[:5]),
            )
        )
