"""A school's year: its terms (its own, or England's typical ones), which days are school
days, and which term a day falls in.

England's typical terms, used until the SENCO enters the school's own: the autumn term
from the first weekday on or after 3 September to the last Friday on or before 19
December, half term the week of the last Monday in October; the spring term from the
first Monday on or after 4 January to the Friday before Holy Week, half term the week of
the third Monday in February; two weeks at Easter; the summer term from the Monday after
Easter week to the last weekday on or before 22 July, half term the week of the spring
bank holiday (the last Monday in May). Bank holidays in England are never school days.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from portal import audit
from portal.extensions import db
from portal.models import LocalSupport, SchoolTerm, TermName, User, utcnow

ORDER = (TermName.AUTUMN, TermName.SPRING, TermName.SUMMER)


@dataclass(frozen=True)
class Term:
    name: TermName
    academic_year: int
    starts_on: date
    ends_on: date
    half_term: tuple[date, date] | None
    # False for England's typical dates, True for the school's own.
    entered: bool = False

    @property
    def label(self) -> str:
        return self.name.label

    def has_day(self, day: date) -> bool:
        if not self.starts_on <= day <= self.ends_on:
            return False
        return not (self.half_term and self.half_term[0] <= day <= self.half_term[1])


def easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    return date(year, month, (h + el - 7 * m + 114) % 31 + 1)


def _weekday_on_or_after(day: date, weekday: int | None = None) -> date:
    while day.weekday() >= 5 or (weekday is not None and day.weekday() != weekday):
        day += timedelta(days=1)
    return day


def _weekday_on_or_before(day: date, weekday: int | None = None) -> date:
    while day.weekday() >= 5 or (weekday is not None and day.weekday() != weekday):
        day -= timedelta(days=1)
    return day


def _week_of(monday: date) -> tuple[date, date]:
    return monday, monday + timedelta(days=4)


def bank_holidays(year: int) -> set[date]:
    """England's bank holidays (without substitute days for those falling at a weekend)."""
    sunday = easter(year)
    return {
        date(year, 1, 1),
        sunday - timedelta(days=2),
        sunday + timedelta(days=1),
        _weekday_on_or_after(date(year, 5, 1), 0),
        _weekday_on_or_before(date(year, 5, 31), 0),
        _weekday_on_or_before(date(year, 8, 31), 0),
        date(year, 12, 25),
        date(year, 12, 26),
    }


def typical_terms(academic_year: int) -> list[Term]:
    """England's typical terms for the school year starting in September of this year."""
    y, n = academic_year, academic_year + 1
    sunday = easter(n)
    holy_monday = sunday - timedelta(days=6)
    return [
        Term(
            TermName.AUTUMN,
            y,
            _weekday_on_or_after(date(y, 9, 3)),
            _weekday_on_or_before(date(y, 12, 19), 4),
            _week_of(_weekday_on_or_before(date(y, 10, 31), 0)),
        ),
        Term(
            TermName.SPRING,
            y,
            _weekday_on_or_after(date(n, 1, 4), 0),
            holy_monday - timedelta(days=3),
            _week_of(_weekday_on_or_after(date(n, 2, 15), 0)),
        ),
        Term(
            TermName.SUMMER,
            y,
            sunday + timedelta(days=8),
            _weekday_on_or_before(date(n, 7, 22)),
            _week_of(_weekday_on_or_before(date(n, 5, 31), 0)),
        ),
    ]


def academic_year_of(day: date) -> int:
    """The school year a day belongs to: from 1 September (August ends the year before)."""
    return day.year if day.month >= 9 else day.year - 1


def terms(school_id: int, academic_year: int) -> list[Term]:
    """The school's terms for that year: its own where it entered them, else typical."""
    return terms_of_years(school_id, [academic_year])[academic_year]


def terms_of_years(school_id: int, years: list[int]) -> dict[int, list[Term]]:
    """The school's terms for each of these years, in one query."""
    rows = {
        (row.academic_year, row.name): row
        for row in db.session.scalars(
            sa.select(SchoolTerm).where(
                SchoolTerm.school_id == school_id, SchoolTerm.academic_year.in_(years)
            )
        )
    }
    found: dict[int, list[Term]] = {}
    for year in years:
        typical = {t.name: t for t in typical_terms(year)}
        found[year] = []
        for name in ORDER:
            row = rows.get((year, name))
            if row is None:
                found[year].append(typical[name])
                continue
            half = (
                (row.half_term_starts_on, row.half_term_ends_on)
                if row.half_term_starts_on and row.half_term_ends_on
                else None
            )
            found[year].append(Term(name, year, row.starts_on, row.ends_on, half, True))
    return found


@dataclass(frozen=True)
class SchoolYear:
    """A school's year and where a day falls in it, for counting meetings term by term.

    Each term's period runs from its first day to the day before the next term starts, so
    a holiday counts with the term before it.
    """

    academic_year: int
    terms: list[Term]
    next_year_starts: date
    on: date

    @property
    def starts_on(self) -> date:
        return min(self.terms[0].starts_on, date(self.academic_year, 9, 1))

    def period(self, index: int) -> tuple[date, date]:
        """[start, end) of a term's period."""
        start = self.starts_on if index == 0 else self.terms[index].starts_on
        end = self.terms[index + 1].starts_on if index + 1 < 3 else self.next_year_starts
        return start, end

    @property
    def current_index(self) -> int:
        for index in range(3):
            start, end = self.period(index)
            if start <= self.on < end:
                return index
        return 0

    @property
    def current(self) -> Term:
        return self.terms[self.current_index]

    @property
    def terms_after_current(self) -> int:
        return 2 - self.current_index


def school_year(school_id: int, on: date) -> SchoolYear:
    year = academic_year_of(on)
    both = terms_of_years(school_id, [year, year + 1])
    this, following = both[year], both[year + 1]
    next_start = min(following[0].starts_on, date(year + 1, 9, 1))
    return SchoolYear(year, this, next_start, on)


class Calendar:
    """Which days are school days at one school; loads each school year's terms once."""

    def __init__(self, school_id: int):
        self.school_id = school_id
        self._years: dict[int, list[Term]] = {}

    def terms_of(self, academic_year: int) -> list[Term]:
        if academic_year not in self._years:
            self._years[academic_year] = terms(self.school_id, academic_year)
        return self._years[academic_year]

    def term_of(self, day: date) -> Term | None:
        return next((t for t in self.terms_of(academic_year_of(day)) if t.has_day(day)), None)

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5 or day in bank_holidays(day.year):
            return False
        return self.term_of(day) is not None

    def why_not_school_day(self, day: date) -> str | None:
        """ "weekend", "bank_holiday", "half_term" or "holiday"; None on a school day."""
        if day.weekday() >= 5:
            return "weekend"
        if day in bank_holidays(day.year):
            return "bank_holiday"
        for term in self.terms_of(academic_year_of(day)):
            if term.starts_on <= day <= term.ends_on:
                return "half_term" if not term.has_day(day) else None
        return "holiday"

    def school_days_back(self, day: date, count: int) -> date:
        """The day `count` school days before this one (weekends and holidays skipped)."""
        found = 0
        while found < count:
            day -= timedelta(days=1)
            if self.is_school_day(day):
                found += 1
        return day


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/London")


def local_today(now: datetime | None = None) -> date:
    now = now or utcnow()
    return now.replace(tzinfo=ZoneInfo("UTC")).astimezone(local_zone()).date()


def utc_midnight(day: date) -> datetime:
    """The start of a local day, in UTC without tzinfo (as the database stores times)."""
    local = datetime.combine(day, time(0, 0), tzinfo=local_zone())
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def local_day(value: datetime) -> date:
    """The local date of a UTC time from the database."""
    return value.replace(tzinfo=ZoneInfo("UTC")).astimezone(local_zone()).date()


# Writing: the SENCO's own term dates and the local support services -------------------


def save_terms(school_id: int, academic_year: int, data: dict, by: User) -> None:
    """Keep the school's own dates for the three terms of one school year."""
    rows = {
        row.name: row
        for row in db.session.scalars(
            sa.select(SchoolTerm).where(
                SchoolTerm.school_id == school_id, SchoolTerm.academic_year == academic_year
            )
        )
    }
    for name in ORDER:
        row = rows.get(name) or SchoolTerm(
            school_id=school_id, academic_year=academic_year, name=name
        )
        row.starts_on = data[f"{name.value}_starts"]
        row.ends_on = data[f"{name.value}_ends"]
        row.half_term_starts_on = data.get(f"{name.value}_half_starts")
        row.half_term_ends_on = data.get(f"{name.value}_half_ends")
        row.updated_at, row.updated_by_id = utcnow(), by.id
        db.session.add(row)
    db.session.flush()
    audit.record(by, "school.terms.update", school_id=school_id)
    db.session.commit()


def local_support(school_id: int) -> LocalSupport | None:
    return db.session.scalar(sa.select(LocalSupport).where(LocalSupport.school_id == school_id))


SUPPORT_FIELDS = (
    "sendiass_name",
    "sendiass_phone",
    "sendiass_email",
    "sendiass_url",
    "ehc_request_url",
    "ehc_request_email",
)


def save_local_support(school_id: int, data: dict, by: User) -> LocalSupport:
    support = local_support(school_id) or LocalSupport(school_id=school_id)
    for name in SUPPORT_FIELDS:
        setattr(support, name, (data.get(name) or "").strip() or None)
    support.updated_by_id = by.id
    db.session.add(support)
    db.session.flush()
    audit.record(by, "school.local_support.update", school_id=school_id)
    db.session.commit()
    return support
