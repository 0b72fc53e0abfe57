"""Reading a Common Transfer File (CTF): the DfE's XML for moving pupils between schools.

Parsed with defusedxml (no DTDs, entities or external references: an XML bomb or an
external entity is refused, never expanded) and streamed with iterparse: each <Pupil> is
read, turned into an incoming pupil and dropped, so memory stays flat however many pupils
the file holds. Versions differ in where containers sit, so they are looked for by name
under each pupil, case-insensitively.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from flask_babel import gettext as _

from portal.models import today
from portal.records import codes, files
from portal.records.files import FileProblem
from portal.records.incoming import ContactIn, HistoryIn, PupilIn

# Destination numbers a CTF carries when it is not sent to one school.
PLACEHOLDER_LA = {"", "MMM", "XXX", "000"}


@dataclass
class CtfHeader:
    version: str = ""
    qualifier: str = ""  # full or partial
    source_la: str = ""
    source_estab: str = ""
    source_name: str = ""
    dest_la: str = ""
    dest_estab: str = ""
    academic_year: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def is_full(self) -> bool:
        return self.qualifier.strip().lower() == "full"

    @property
    def destination(self) -> str | None:
        """The destination school's LA/establishment number, if the file names one."""
        if self.dest_la.upper() in PLACEHOLDER_LA or not self.dest_estab.strip("0M X"):
            return None
        return f"{self.dest_la}/{self.dest_estab}"

    @property
    def source(self) -> str | None:
        if self.source_la and self.source_estab:
            return f"{self.source_la}/{self.source_estab}"
        return None


def _name(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1].lower()


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _child(element: Element, *names: str) -> Element | None:
    wanted = set(names)
    for child in element:
        if _name(child) in wanted:
            return child
    return None


def _find(element: Element, *names: str, skip: tuple[str, ...] = ("contacts", "contact")):
    """The first descendant with one of these names, not looking inside `skip` containers."""
    wanted = set(names)
    stack = list(reversed(list(element)))
    while stack:
        node = stack.pop()
        name = _name(node)
        if name in wanted:
            return node
        if name not in skip:
            stack.extend(reversed(list(node)))
    return None


def _safe_events(opener: files.Opener):
    stream = opener()
    try:
        yield from iterparse(stream, events=("start", "end"), forbid_dtd=True)
    except DefusedXmlException as error:
        raise FileProblem(
            _(
                "This file declares a DTD or entities, which a CTF never does. For safety it "
                "was not read."
            )
        ) from error
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 0
        raise FileProblem(
            _(
                "This file is not a Common Transfer File: it is not well-formed XML "
                "(the problem is near line %(line)d).",
                line=line,
            )
        ) from error
    finally:
        stream.close()


def open_ctf(opener: files.Opener) -> CtfHeader:
    """Check the file and read its header; raises FileProblem with the reason."""
    files.check_size(opener)
    start = files.head(opener)
    files.refuse_zipped_or_binary(start, expected="CTF")
    if not start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise FileProblem(
            _("This file is not a Common Transfer File: it is not XML. Is it a CSV report?")
        )
    header = None
    for event, element in _safe_events(opener):
        if event == "start" and header is None and _name(element) != "ctfile":
            raise FileProblem(
                _(
                    "This XML file is not a Common Transfer File: it starts with <%(tag)s> "
                    "where a CTF starts with <CTfile>.",
                    tag=_name(element)[:40],
                )
            )
        header = header or CtfHeader()
        if event == "end" and _name(element) == "header":
            return _header(element)
        if event == "start" and _name(element) == "ctfpupildata":
            break
    raise FileProblem(_("This Common Transfer File has no header."))


def _header(element: Element) -> CtfHeader:
    source = _find(element, "sourceschool")
    dest = _find(element, "destschool")
    return CtfHeader(
        version=_text(_find(element, "ctfversion")),
        qualifier=_text(_find(element, "documentqualifier")),
        source_la=_text(_child(source, "lea")) if source is not None else "",
        source_estab=_text(_child(source, "estab")) if source is not None else "",
        source_name=_text(_child(source, "schoolname")) if source is not None else "",
        dest_la=_text(_child(dest, "lea")) if dest is not None else "",
        dest_estab=_text(_child(dest, "estab")) if dest is not None else "",
        academic_year=_text(_find(element, "academicyear")),
    )


def _pupil_elements(opener: files.Opener) -> Iterator[tuple[int, Element]]:
    """Each <Pupil> element once read, numbered from 1; dropped (cleared, taken out of its
    parent) when the next is asked for, so a whole school's file is never held at once."""
    stack: list[Element] = []
    number = 0
    for event, element in _safe_events(opener):
        if event == "start":
            stack.append(element)
            continue
        stack.pop()
        if _name(element) != "pupil":
            continue
        number += 1
        yield number, element
        element.clear()
        if stack:
            stack[-1].remove(element)


def pupils(opener: files.Opener) -> Iterator[PupilIn]:
    """Each <Pupil> as an incoming pupil, not yet checked."""
    for number, element in _pupil_elements(opener):
        yield _pupil(element, number)


def _index(element: Element) -> tuple[dict[str, list[Element]], list[Element]]:
    """One walk over a pupil: its descendants by lower-case name (outside contacts, in
    document order), and its <Contact> elements."""
    found: dict[str, list[Element]] = {}
    contacts: list[Element] = []
    stack = [(child, False) for child in reversed(list(element))]
    while stack:
        node, in_contacts = stack.pop()
        name = _name(node)
        if name == "contact":
            contacts.append(node)
            continue
        in_contacts = in_contacts or name == "contacts"
        if not in_contacts:
            found.setdefault(name, []).append(node)
        stack.extend((child, in_contacts) for child in reversed(list(node)))
    return found, contacts


def upns(opener: files.Opener) -> Iterator[tuple[str, str]]:
    """(where, UPN) of each pupil, read quickly: the first pass that finds UPNs given twice."""
    for number, element in _pupil_elements(opener):
        yield _("pupil %(n)d", n=number), _text(_child(element, "upn")).upper()


def _pupil(element: Element, number: int) -> PupilIn:
    found, contacts = _index(element)

    def own(*names):
        node = _child(element, *names)
        if node is None:
            node = next((found[n][0] for n in names if n in found), None)
        return _text(node)

    pupil = PupilIn(
        where=_("pupil %(n)d", n=number),
        upn=own("upn"),
        family_name=own("surname"),
        given_name=own("forename"),
        preferred_family_name=own("preferredsurname") or None,
        preferred_given_name=own("preferredforename") or None,
        dob_text=own("dob"),
        sex=own("sex", "gender") or None,
        year_text=own("ncyearactual"),
    )
    languages = [t for t in found.get("type", []) if _child(t, "language") is not None]
    first = next(
        (t for t in languages if _text(_child(t, "languagetype")).upper() in ("F", "H", "")),
        languages[0] if languages else None,
    )
    if first is not None:
        pupil.language_text = _text(_child(first, "language"))
    _sen(found, pupil)
    for contact in contacts:
        read = _contact(contact, len(pupil.contacts) + 1)
        if read is not None:
            pupil.contacts.append(read)
    pupil.contacts.sort(key=lambda c: c.order)
    return pupil


def _sen(found: dict[str, list[Element]], pupil: PupilIn) -> None:
    history = []
    for sen in found.get("sen", []):
        code, start = _text(_child(sen, "senprovision")), _text(_child(sen, "startdate"))
        if not code:
            continue
        try:
            status, legacy = codes.provision(code)
            when = codes.parse_date(start)
        except ValueError:
            pupil.notes.append(
                _(
                    "A SEN history entry (%(code)s from '%(date)s') could not be read: left out.",
                    code=code,
                    date=start,
                )
            )
            continue
        if status is not None and when is not None:
            history.append(HistoryIn("provision", when, status.value, legacy))
    history.sort(key=lambda h: h.effective)
    if history:
        latest = history[-1]
        pupil.provision_text = latest.legacy or latest.value
        pupil.sen_start = latest.effective
    else:
        pupil.provision_text = next(
            (_text(n) for n in found.get("senprovision", []) if _text(n)), ""
        )
    needs = []
    for need in found.get("senneed", []):
        code = _text(_child(need, "sentype")).upper()
        rank_text = _text(_child(need, "sentyperank")) or "9"
        try:
            start = codes.parse_date(_text(_child(need, "needstartdate")))
            end = codes.parse_date(_text(_child(need, "needenddate")))
        except ValueError:
            start = end = None
        needs.append((int(rank_text) if rank_text.isdigit() else 9, code, start, end))
    current = sorted((rank, code) for rank, code, _s, end in needs if not end or end > today())
    pupil.need_texts = [code for _rank, code in current]
    pupil.history = history + _needs_history(needs)


def _needs_history(needs: list[tuple]) -> list[HistoryIn]:
    """Needs with start and end dates as dated rows of the needs in force from each date."""
    dates = sorted({d for _r, _c, start, end in needs for d in (start, end) if d})
    rows, previous = [], ""
    for when in dates:
        active = sorted(
            (rank, code)
            for rank, code, start, end in needs
            if code in codes.NEED_CODES and start and start <= when and (not end or end > when)
        )
        value = " ".join(code for _rank, code in active)
        if value != previous:
            rows.append(HistoryIn("needs", when, value))
            previous = value
    return rows


def _contact(element: Element, fallback_order: int) -> ContactIn | None:
    given, family = _text(_child(element, "forename")), _text(_child(element, "surname"))
    if not (given or family):
        return None
    order_text = _text(_child(element, "order"))
    relationship, code = codes.relationship(_text(_child(element, "relationship")))
    responsibility = codes.boolean(_text(_child(element, "responsibility")))
    email = _find(element, "email", "emailaddress", skip=())
    if email is not None and len(email):
        email = _find(email, "emailaddress", skip=()) or email
    phone = _find(element, "phoneno", "telephonenumber", "phonenumber", skip=())
    return ContactIn(
        order=int(order_text) if order_text.isdigit() else fallback_order,
        title=_text(_child(element, "title"))[:20] or None,
        given_name=given[:100],
        family_name=family[:100],
        relationship=relationship,
        relationship_code=code,
        responsibility=True if responsibility is None else responsibility,
        email=_text(email)[:254] or None,
        phone=_text(phone)[:40] or None,
    )
