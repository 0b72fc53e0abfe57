"""Searching the directory: what a family asked for, one page of the services that fit
best, and each entry loaded whole."""

import math
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.local_offer import distance, search, synonyms
from portal.models import (
    BroadArea,
    NeedCode,
    Service,
    ServiceCategory,
    ServiceCategoryLink,
    ServiceCost,
    ServiceLocation,
    ServiceNeed,
    today,
)
from portal.models.local_offer import VISIBLE_STATUSES

PER_PAGE = 10


@dataclass
class DirectoryQuery:
    """What a family asked for: words and filters, all optional."""

    q: str = ""
    # The page's language: the query is read first as words of this language.
    language: str = "en"
    area: BroadArea | None = None
    needs: list[NeedCode] = field(default_factory=list)
    age: int | None = None
    category: ServiceCategory | None = None
    free_only: bool = False
    page: int = 1
    # Where the child's school is, and whether the nearest services come first.
    near: tuple[float, float] | None = None
    by_distance: bool = False

    @property
    def areas(self) -> set[BroadArea]:
        found = {self.area} if self.area else set()
        found.update(code.area for code in self.needs if code.area)
        return found

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.area or self.needs or self.age is not None or self.category) or (
            self.free_only
        )


@dataclass
class DirectoryPage:
    services: list[Service]
    total: int
    page: int
    pages: int
    per_page: int


def _filtered(school_id: int, query: DirectoryQuery) -> sa.Select:
    statement = sa.select(Service.id).where(
        Service.school_id == school_id, Service.status.in_(VISIBLE_STATUSES)
    )
    if query.age is not None:
        statement = statement.where(
            sa.or_(Service.min_age.is_(None), Service.min_age <= query.age),
            sa.or_(Service.max_age.is_(None), Service.max_age >= query.age),
        )
    if query.category is not None:
        statement = statement.where(
            sa.exists().where(
                ServiceCategoryLink.service_id == Service.id,
                ServiceCategoryLink.category == query.category,
            )
        )
    if query.free_only:
        statement = statement.where(Service.cost == ServiceCost.FREE)
    areas = query.areas
    if areas:
        statement = statement.where(
            sa.or_(
                Service.all_needs.is_(True),
                sa.exists().where(
                    ServiceNeed.service_id == Service.id, ServiceNeed.area.in_(areas)
                ),
            )
        )
    return statement


def _fit(query: DirectoryQuery) -> sa.ColumnElement[int]:
    """2 when a service names one of the child's need codes, 1 for the area, else 0."""
    whens = []
    if query.needs:
        whens.append(
            (
                sa.exists().where(
                    ServiceNeed.service_id == Service.id, ServiceNeed.code.in_(query.needs)
                ),
                2,
            )
        )
    if query.areas:
        whens.append(
            (
                sa.exists().where(
                    ServiceNeed.service_id == Service.id, ServiceNeed.area.in_(query.areas)
                ),
                1,
            )
        )
    return sa.case(*whens, else_=0) if whens else sa.literal(0)


def directory(school_id: int, query: DirectoryQuery, per_page: int = PER_PAGE) -> DirectoryPage:
    """One page of a school's directory: ranked by the words, else by fit, then by name."""
    statement = _filtered(school_id, query)
    terms = synonyms.terms(query.q, query.language)
    fit = _fit(query).label("fit")
    if terms:
        likes = []
        for word in dict.fromkeys(w for term in terms for w in term.words):
            pattern = f"% {word}%"
            likes += [
                Service.search_name.like(pattern),
                Service.search_tags.like(pattern),
                Service.search_body.like(pattern),
            ]
        rows = db.session.execute(
            statement.add_columns(
                Service.name, Service.search_name, Service.search_tags, Service.search_body, fit
            ).where(sa.or_(*likes))
        ).all()
        ranked = search.rank(terms, (search.Candidate(*row) for row in rows))
        ids = [candidate.id for candidate in ranked]
        if query.by_distance and query.near:
            ids = _nearest_first(ids, query.near, statement)
        total = len(ids)
        pages = max(1, math.ceil(total / per_page))
        page = min(max(query.page, 1), pages)
        page_ids = ids[(page - 1) * per_page : page * per_page]
    elif query.by_distance and query.near:
        ids = db.session.scalars(
            statement.order_by(fit.desc(), sa.func.lower(Service.name), Service.id)
        ).all()
        ids = _nearest_first(ids, query.near, statement)
        total = len(ids)
        pages = max(1, math.ceil(total / per_page))
        page = min(max(query.page, 1), pages)
        page_ids = ids[(page - 1) * per_page : page * per_page]
    else:
        total = db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
        pages = max(1, math.ceil(total / per_page))
        page = min(max(query.page, 1), pages)
        page_ids = db.session.scalars(
            statement.order_by(fit.desc(), sa.func.lower(Service.name), Service.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
    return DirectoryPage(_load(page_ids), total, page, pages, per_page)


def _nearest_first(ids: list[int], near: tuple[float, float], statement: sa.Select) -> list[int]:
    """The services in order of distance from `near` (to the nearest of their places),
    those with no known place last, each group keeping the order it had; one query."""
    closest: dict[int, float] = {}
    for service_id, latitude, longitude in db.session.execute(
        sa.select(
            ServiceLocation.service_id, ServiceLocation.latitude, ServiceLocation.longitude
        ).where(
            ServiceLocation.service_id.in_(statement),
            ServiceLocation.latitude.is_not(None),
            ServiceLocation.longitude.is_not(None),
        )
    ):
        km = distance.km_between(near, (latitude, longitude))
        if km < closest.get(service_id, math.inf):
            closest[service_id] = km
    order = {service_id: index for index, service_id in enumerate(ids)}
    return sorted(ids, key=lambda i: (i not in closest, closest.get(i, 0.0), order[i]))


def _load(ids: list[int]) -> list[Service]:
    """The services of one page with what a result shows, in a fixed number of queries."""
    if not ids:
        return []
    found = {
        s.id: s
        for s in db.session.scalars(
            sa.select(Service)
            .where(Service.id.in_(ids))
            .options(
                selectinload(Service.organisation),
                selectinload(Service.locations),
                selectinload(Service.categories),
                selectinload(Service.needs),
            )
        )
    }
    return [found[i] for i in ids if i in found]


# Everything a service's own page shows, loaded with it.
FULL = (
    selectinload(Service.organisation),
    selectinload(Service.locations),
    selectinload(Service.contacts),
    selectinload(Service.categories),
    selectinload(Service.needs),
)


def age_on(born: date, on: date | None = None) -> int:
    on = on or today()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
