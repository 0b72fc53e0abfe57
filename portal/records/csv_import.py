"""Reading a CSV report from the school's MIS (SIMS, Arbor, Bromcom, ScholarPack...).

Each column is matched to one of the portal's fields: common headings are recognised, the
SENCO matches the rest on the mapping page, and the school's choices are remembered for
the next import. UTF-8 (with or without BOM), UTF-16 and Windows-1252; commas, semicolons
or tabs; dates as DD/MM/YYYY or ISO 8601.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.records import codes, files
from portal.records.files import FileProblem
from portal.records.incoming import ContactIn, PupilIn

CONTACTS = 2  # contacts read per pupil from a CSV report


@dataclass(frozen=True)
class Field:
    key: str
    label: object
    required: bool = False


PUPIL_FIELDS = [
    Field("upn", _l("UPN"), True),
    Field("family_name", _l("Legal surname"), True),
    Field("given_name", _l("Legal forename"), True),
    Field("preferred_family_name", _l("Preferred surname")),
    Field("preferred_given_name", _l("Preferred forename")),
    Field("dob", _l("Date of birth"), True),
    Field("sex", _l("Sex")),
    Field("year", _l("National curriculum year"), True),
    Field("provision", _l("SEN provision (N, K or E)")),
    Field("need1", _l("Primary need (rank 1)")),
    Field("need2", _l("Secondary need (rank 2)")),
    Field("sen_start", _l("SEN start date")),
    Field("language", _l("Home language")),
]
CONTACT_PARTS = [
    ("given_name", _l("forename")),
    ("family_name", _l("surname")),
    ("relationship", _l("relationship")),
    ("responsibility", _l("parental responsibility")),
    ("email", _l("email")),
    ("phone", _l("phone")),
    ("language", _l("preferred language")),
    ("interpreter", _l("interpreter needed")),
]


def contact_fields(n: int) -> list[Field]:
    return [
        Field(f"contact{n}_{part}", _l("Contact %(n)d: %(part)s", n=n, part=label))
        for part, label in CONTACT_PARTS
    ]


ALL_FIELDS = PUPIL_FIELDS + [f for n in range(1, CONTACTS + 1) for f in contact_fields(n)]
FIELD_KEYS = {f.key for f in ALL_FIELDS}

_SYNONYMS = {
    "upn": ["upn", "uniquepupilnumber", "pupilupn"],
    "family_name": ["legalsurname", "surname", "lastname", "familyname", "legallastname"],
    "given_name": ["legalforename", "forename", "firstname", "givenname", "legalfirstname"],
    "preferred_family_name": ["preferredsurname", "preferredlastname"],
    "preferred_given_name": ["preferredforename", "preferredfirstname", "preferredname", "knownas"],
    "dob": ["dob", "dateofbirth", "birthdate"],
    "sex": ["sex", "gender"],
    "year": ["ncyearactual", "ncyear", "year", "yeargroup", "nationalcurriculumyear", "yr"],
    "provision": ["senstatus", "senprovision", "sen", "senprovisioncode"],
    "need1": [
        "primaryneed",
        "senprimaryneed",
        "primarysenneed",
        "need1",
        "senneed1",
        "needtype1",
        "primaryneedcode",
        "sentype1",
    ],
    "need2": [
        "secondaryneed",
        "sensecondaryneed",
        "secondarysenneed",
        "need2",
        "senneed2",
        "needtype2",
        "secondaryneedcode",
        "sentype2",
    ],
    "sen_start": ["senstartdate", "senstart", "sendate", "senprovisionstartdate"],
    "language": ["homelanguage", "firstlanguage", "language", "homelanguagecode"],
}
_CONTACT_SYNONYMS = {
    "given_name": ["forename", "firstname", "givenname"],
    "family_name": ["surname", "lastname", "familyname"],
    "relationship": ["relationship", "relation", "relationshiptopupil"],
    "responsibility": ["parentalresponsibility", "responsibility", "pr"],
    "email": ["email", "emailaddress"],
    "phone": ["phone", "telephone", "mobile", "phonenumber", "telephonenumber", "phoneno"],
    "language": ["language", "preferredlanguage", "homelanguage"],
    "interpreter": ["interpreter", "interpreterneeded", "needsinterpreter"],
}
RECOGNISED = {word: key for key, words in _SYNONYMS.items() for word in words}
_CONTACT_HEADING = re.compile(r"^(?:contact|parent|carer|priority|pc)(\d)(?:contact)?(.*)$")


def normalise(heading: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (heading or "").lower())


def recognise(heading: str) -> str | None:
    """The portal field a heading names, if it is one the portal knows without help."""
    word = normalise(heading)
    if word in RECOGNISED:
        return RECOGNISED[word]
    match = _CONTACT_HEADING.match(word)
    if match and 1 <= int(match.group(1)) <= CONTACTS:
        for part, words in _CONTACT_SYNONYMS.items():
            if match.group(2) in words:
                return f"contact{match.group(1)}_{part}"
    return None


def guess_mapping(headings: list[str], remembered: dict | None = None) -> dict[str, str]:
    """field key -> heading: what the school chose last time, then what is recognised."""
    mapping = {}
    present = set(headings)
    for key, heading in (remembered or {}).items():
        if key in FIELD_KEYS and heading in present:
            mapping[key] = heading
    taken = set(mapping.values())
    for heading in headings:
        key = recognise(heading)
        if key and key not in mapping and heading not in taken:
            mapping[key] = heading
            taken.add(heading)
    return mapping


def missing_required(mapping: dict[str, str]) -> list[Field]:
    return [f for f in PUPIL_FIELDS if f.required and not mapping.get(f.key)]


@dataclass
class CsvFile:
    opener: files.Opener
    encoding: str
    delimiter: str
    headings: list[str]

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(row number as a spreadsheet shows it, cells by heading) for each pupil row."""
        with files.text_stream(self.opener, self.encoding) as text:
            reader = csv.reader(text, delimiter=self.delimiter)
            next(reader, None)
            for number, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                yield number, dict(zip(self.headings, cells, strict=False))


def open_csv(opener: files.Opener) -> CsvFile:
    """Check the file and read its headings; raises FileProblem with the reason."""
    files.check_size(opener)
    files.refuse_zipped_or_binary(files.head(opener), expected="CSV")
    encoding = files.detect_encoding(opener)
    with files.text_stream(opener, encoding) as text:
        first = text.readline()
        while first and not first.strip():
            first = text.readline()
        second = text.readline()
    if not first.strip():
        raise FileProblem(_("The file is empty."))
    delimiter = max((",", ";", "\t"), key=first.count)
    headings = [h.strip().lstrip("\ufeff") for h in next(csv.reader([first], delimiter=delimiter))]
    if len(headings) < 2 or not any(recognise(h) for h in headings):
        if first.lstrip().startswith("<"):
            raise FileProblem(
                _("This looks like an XML file. Upload it as a Common Transfer File (CTF).")
            )
        if len(headings) < 2:
            raise FileProblem(
                _(
                    "The first line should be column headings separated by commas or "
                    "semicolons. Export the report from the MIS as CSV."
                )
            )
    if len(set(headings)) != len(headings):
        raise FileProblem(_("Two columns have the same heading. Rename one and try again."))
    if not second.strip():
        raise FileProblem(_("The file has column headings but no pupils."))
    return CsvFile(opener, encoding, delimiter, headings)


def upns(csv_file: CsvFile, mapping: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(where, UPN) of each row, for the first pass that finds UPNs given twice."""
    heading = mapping.get("upn")
    for number, cells in csv_file.rows():
        yield _("row %(n)d", n=number), (cells.get(heading) or "").strip().upper()


def pupils(csv_file: CsvFile, mapping: dict[str, str]) -> Iterator[PupilIn]:
    """Each row as an incoming pupil, not yet checked."""
    for number, cells in csv_file.rows():

        def cell(key: str, cells=cells) -> str:
            heading = mapping.get(key)
            return (cells.get(heading) or "").strip() if heading else ""

        pupil = PupilIn(
            where=_("row %(n)d", n=number),
            upn=cell("upn"),
            family_name=cell("family_name"),
            given_name=cell("given_name"),
            preferred_family_name=cell("preferred_family_name") or None,
            preferred_given_name=cell("preferred_given_name") or None,
            dob_text=cell("dob"),
            sex=cell("sex") or None,
            year_text=cell("year"),
            provision_text=cell("provision"),
            need_texts=[cell("need1"), cell("need2")],
            language_text=cell("language"),
        )
        start = cell("sen_start")
        if start:
            try:
                pupil.sen_start = codes.parse_date(start)
            except ValueError:
                pupil.notes.append(
                    _("The SEN start date '%(text)s' is not a date: today is used.", text=start)
                )
        for n in range(1, CONTACTS + 1):
            contact = _contact(n, lambda part, n=n: cell(f"contact{n}_{part}"))
            if contact is not None:
                pupil.contacts.append(contact)
        yield pupil


def _contact(n: int, cell) -> ContactIn | None:
    given, family = cell("given_name"), cell("family_name")
    if not (given or family):
        return None
    relationship, code = codes.relationship(cell("relationship"))
    language, _dfe = codes.language(cell("language"))
    responsibility = codes.boolean(cell("responsibility"))
    return ContactIn(
        order=n,
        given_name=given[:100],
        family_name=family[:100],
        relationship=relationship,
        relationship_code=code,
        responsibility=True if responsibility is None else responsibility,
        email=cell("email")[:254] or None,
        phone=cell("phone")[:40] or None,
        language=language,
        interpreter=codes.boolean(cell("interpreter")),
    )
