"""Reading import files: encodings, separators, date formats, legacy CTFs, hostile files."""

import codecs

import pytest

from portal.models import ImportKind
from portal.records import csv_import, ctf_import, files, roll
from portal.records.incoming import check
from portal.records.upn import make_upn

UPN = make_upn(881, 2104, 20, 1)


@pytest.fixture
def ctx(app):
    """Parsing speaks English words through gettext, as the CLI does."""
    with app.test_request_context():
        yield


UPN2 = make_upn(881, 2104, 20, 2)


def _csv(text: str, encoding="utf-8") -> files.Opener:
    return files.from_bytes(text.encode(encoding))


def _read_csv(opener) -> list:
    source = roll.open_source(ImportKind.CSV, opener)
    return [check(p) for p in csv_import.pupils(source.csv, source.mapping)]


@pytest.mark.parametrize(
    "encoding,separator,date_text",
    [
        ("utf-8", ",", "14/03/2019"),
        ("utf-8-sig", ";", "2019-03-14"),
        ("cp1252", ",", "14/03/2019"),
        ("utf-16", "\t", "2019-03-14T00:00:00"),
    ],
)
def test_csv_encodings_separators_and_dates(ctx, encoding, separator, date_text):
    lines = [
        ["UPN", "Legal Surname", "Forename", "DOB", "NC Year Actual", "SEN Status", "Primary Need"],
        [UPN, "Żółć" if encoding != "cp1252" else "Café", "Zoë", date_text, "Year 3", "K", "SPLD"],
    ]
    text = "\r\n".join(separator.join(cells) for cells in lines) + "\r\n"
    (pupil,) = _read_csv(_csv(text, encoding))
    assert pupil.refusals == []
    assert pupil.given_name == "Zoë"
    assert pupil.family_name in ("Żółć", "Café")
    assert pupil.dob.isoformat() == "2019-03-14"
    assert pupil.year_group == 3
    assert [n.value for n in pupil.needs] == ["SPLD"]


def test_common_headings_are_recognised(ctx):
    headings = [
        "UPN",
        "Legal Surname",
        "Forename",
        "Date of Birth",
        "Year",
        "SEN Provision",
        "Primary Need",
        "Secondary Need",
        "Contact 1 Email",
        "Priority 2 Forename",
    ]
    mapping = csv_import.guess_mapping(headings)
    assert mapping["dob"] == "Date of Birth"
    assert mapping["year"] == "Year"
    assert mapping["need2"] == "Secondary Need"
    assert mapping["contact1_email"] == "Contact 1 Email"
    assert mapping["contact2_given_name"] == "Priority 2 Forename"
    assert csv_import.missing_required(mapping) == []


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty"),
        (b"UPN,Surname\r\n", "no pupils"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100, "zipped file"),
        (bytes(range(256)) * 20, "not text"),
        (b"<?xml version='1.0'?><CTfile/>", "XML"),
    ],
)
def test_bad_csv_files_are_refused_with_a_reason(ctx, content, message):
    with pytest.raises(files.FileProblem) as problem:
        roll.open_source(ImportKind.CSV, files.from_bytes(content))
    assert message in problem.value.message


def test_oversize_files_are_refused(app):
    app.config["RECORDS_MAX_UPLOAD_MB"] = 1
    try:
        with app.test_request_context(), pytest.raises(files.FileProblem) as problem:
            roll.open_source(ImportKind.CSV, files.from_bytes(b"UPN,Surname\n" + b"x" * 2_000_000))
        assert "larger than 1 MB" in problem.value.message
    finally:
        app.config.pop("RECORDS_MAX_UPLOAD_MB")


CTF = """<?xml version="1.0" encoding="UTF-8"?>
<CTfile>
<Header><DocumentName>Common Transfer File</DocumentName><CTFversion>{version}</CTFversion>
<DocumentQualifier>partial</DocumentQualifier>
<SourceSchool><LEA>881</LEA><Estab>4021</Estab><SchoolName>Riverside</SchoolName></SourceSchool>
<DestSchool><LEA>{dest}</LEA><Estab>2104</Estab></DestSchool></Header>
<CTFpupilData>{pupils}</CTFpupilData>
</CTfile>"""


def _ctf(pupils: str, version="26.0", dest="881") -> files.Opener:
    return files.from_bytes(CTF.format(version=version, pupils=pupils, dest=dest).encode())


def test_a_legacy_ctf_with_gender_and_containers_elsewhere_is_read(ctx):
    # An older layout: Gender not Sex, SEN history inside a SEN container, lower-case tags.
    legacy = f"""<Pupil><UPN>{UPN}</UPN><Surname>Brooks</Surname><Forename>Amy</Forename>
    <DOB>2015-02-03</DOB><Gender>F</Gender><BasicDetails><NCyearActual>6</NCyearActual></BasicDetails>
    <SEN><senhistory><SEN><StartDate>2012-09-01</StartDate><SENprovision>A</SENprovision></SEN>
    <SEN><StartDate>2013-09-01</StartDate><SENprovision>S</SENprovision></SEN></senhistory>
    <SENneeds><SENneed><NeedStartDate>2012-09-01</NeedStartDate><SENtype>ASD</SENtype>
    <SENtypeRank>1</SENtypeRank></SENneed></SENneeds></SEN></Pupil>"""
    (pupil,) = [check(p) for p in ctf_import.pupils(_ctf(legacy, version="8.0"))]
    assert pupil.refusals == []
    assert pupil.sex == "F"
    assert pupil.provision.value == "E"
    assert any("Legacy code S" in note for note in pupil.notes)
    assert [(h.field, h.value) for h in pupil.history] == [
        ("provision", "K"),
        ("provision", "E"),
        ("needs", "ASD"),
    ]


def test_ctf_namespaces_and_contacts(ctx):
    namespaced = CTF.replace("<CTfile>", '<CTfile xmlns="urn:dfe:ctf">').format(
        version="25.0",
        dest="MMM",
        pupils=f"""<Pupil><UPN>{UPN}</UPN><Surname>Nowak</Surname><Forename>Ola</Forename>
        <DOB>2016-01-02</DOB><Sex>F</Sex><BasicDetails><NCyearActual>R</NCyearActual>
        <Languages><Type><LanguageType>F</LanguageType><Language>POL</Language></Type></Languages>
        </BasicDetails><Contacts><Contact><Order>2</Order><Surname>Nowak</Surname>
        <Forename>Piotr</Forename><Relationship>PAF</Relationship>
        <Responsibility>false</Responsibility></Contact><Contact><Order>1</Order>
        <Surname>Nowak</Surname><Forename>Ewa</Forename><Relationship>PAM</Relationship>
        <Email>ewa@example.com</Email><Phones><Phone><PhoneNo>0161 496 0000</PhoneNo></Phone>
        </Phones></Contact></Contacts></Pupil>""",
    )
    opener = files.from_bytes(namespaced.encode())
    header = ctf_import.open_ctf(opener)
    assert header.destination is None and header.source == "881/4021"
    (pupil,) = [check(p) for p in ctf_import.pupils(opener)]
    assert pupil.year_group == 0 and pupil.home_language == "pl"
    assert [(c.given_name, c.relationship, c.responsibility) for c in pupil.contacts] == [
        ("Ewa", "mother", True),
        ("Piotr", "father", False),
    ]
    assert pupil.contacts[0].email == "ewa@example.com"
    assert pupil.contacts[0].phone == "0161 496 0000"


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CTfile><Header><CTFversion>&lol3;</CTFversion></Header></CTfile>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE CTfile [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CTfile><Header><CTFversion>&secret;</CTFversion></Header><CTFpupilData/></CTfile>"""


@pytest.mark.parametrize(
    "content,message",
    [
        (BOMB, "DTD or entities"),
        (XXE, "DTD or entities"),
        (b"UPN,Surname\n123,Smith\n", "not XML"),
        (b"<CTfile><Header><CTFversion>26", "not well-formed"),
        (b"<html><body>hello</body></html>", "starts with <html>"),
        (b"", "empty"),
        (codecs.BOM_UTF8 + b"\x00\x01\x02" * 100, "not text"),
    ],
)
def test_hostile_and_broken_ctfs_are_refused(ctx, content, message):
    with pytest.raises(files.FileProblem) as problem:
        roll.open_source(ImportKind.CTF, files.from_bytes(content))
    assert message in problem.value.message


def test_ctf_streaming_drops_each_pupil_once_read(ctx):
    pupils = "".join(
        f"<Pupil><UPN>{make_upn(881, 2104, 20, n)}</UPN><Surname>S{n}</Surname>"
        f"<Forename>F</Forename><DOB>2015-01-01</DOB><BasicDetails><NCyearActual>5"
        "</NCyearActual></BasicDetails></Pupil>"
        for n in range(50)
    )
    seen = []
    for pupil in ctf_import.pupils(_ctf(pupils)):
        seen.append(pupil.family_name)
    assert len(seen) == 50 and seen[-1] == "S49"


def test_refusal_reasons_a_senco_understands(ctx):
    wrong_letter = ("A" if UPN[0] != "A" else "B") + UPN[1:]
    text = "\n".join(
        [
            "UPN,Surname,Forename,DOB,Year,SEN Provision,Primary Need,Secondary Need",
            f"{wrong_letter},A,B,01/01/2018,3,N,,",
            f"{UPN},A,B,01/01/2018,3,K,DYS,",
            f"{UPN2},A,B,01/01/2018,3,E,NSA,",
            f"{UPN},A,B,01/01/2018,3,N,SPLD,",
            f"{UPN},A,B,01/01/2099,3,N,,",
            f"{UPN},A,B,31/02/2018,3,N,,",
            f"{UPN},A,B,01/01/2018,3,P,MLD,",
            f"{UPN},A,B,01/01/2018,3,K,,",
        ]
    )
    found = _read_csv(_csv(text))
    reasons = [" ".join(p.refusals) for p in found]
    assert "check letter is wrong" in reasons[0]
    assert "Unknown need code 'DYS'" in reasons[1]
    assert "NSA" in reasons[2] and "only for SEN support" in reasons[2]
    assert "provision N" in reasons[3]
    assert "in the future" in reasons[4]
    assert "is not a date" in reasons[5]
    assert reasons[6] == "" and "Legacy code P" in found[6].notes[0]
    assert "needs a primary need" in reasons[7]
