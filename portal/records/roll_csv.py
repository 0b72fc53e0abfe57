"""The roll as a machine-readable CSV: fixed English headings, codes rather than labels,
ISO dates, so a MIS (or the portal's own importer) can load it. The human, translated SEN
register (plans.maps) stays as it is for people.
"""

import csv
from datetime import date
from typing import TextIO

from portal.models import School
from portal.records import codes
from portal.records.ctf_export import batches

CONTACT_COLUMNS = [
    "Forename",
    "Surname",
    "Relationship",
    "ParentalResponsibility",
    "Email",
    "Phone",
    "Language",
    "Interpreter",
]
HEADINGS = [
    "UPN",
    "LegalSurname",
    "LegalForename",
    "PreferredSurname",
    "PreferredForename",
    "DOB",
    "Sex",
    "NCYear",
    "SENProvision",
    "SENStartDate",
    "Need1",
    "Need2",
    "HomeLanguage",
] + [f"Contact{n}{column}" for n in (1, 2) for column in CONTACT_COLUMNS]

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value) -> str:
    text = "" if value is None else str(value)
    # Negative year groups (nursery) are numbers, not formulas.
    if text.startswith(_FORMULA_START) and not text.lstrip("-").isdigit():
        return "'" + text
    return text


def write_roll(school: School, out: TextIO, since: date | None = None) -> int:
    """Write the CSV to a text stream; returns how many pupils it holds."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    count = 0
    for batch in batches(school, since):
        for pupil, details, contacts in batch:
            needs = [n.code.value for n in pupil.needs]
            provision_rows = [c for c in pupil.sen_history if c.field.value == "provision"]
            row = [
                pupil.upn,
                pupil.family_name,
                pupil.given_name,
                details.preferred_family_name if details else None,
                pupil.preferred_name,
                pupil.date_of_birth.isoformat(),
                details.sex if details else None,
                pupil.year_group,
                pupil.sen_status.value,
                provision_rows[-1].effective_date.isoformat() if provision_rows else None,
                needs[0] if needs else None,
                needs[1] if len(needs) > 1 else None,
                (details.language_code if details else None)
                or codes.dfe_language(pupil.home_language),
            ]
            for n in (0, 1):
                contact = contacts[n] if n < len(contacts) else None
                row += (
                    [
                        contact.given_name,
                        contact.family_name,
                        contact.relationship_code
                        or codes.RELATIONSHIP_TO_CODE.get(contact.relationship_to_pupil, "OTH"),
                        "Y" if contact.parental_responsibility else "N",
                        contact.email,
                        contact.phone,
                        contact.language,
                        "Y" if contact.interpreter_needed else "N",
                    ]
                    if contact
                    else [None] * len(CONTACT_COLUMNS)
                )
            writer.writerow([_safe(cell) for cell in row])
            count += 1
    return count
