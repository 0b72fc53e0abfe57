"""Where a domain object lives on the web, for whom: the one place objects become links.

Services and feed sources hand over objects (a concern, a meeting, a plan) and never build
an address. Each domain package's web layer says where its objects are shown, per audience:

    links.register(Concern, "school", lambda c: links.to("concerns.senco_concern", concern_id=c.id))
    links.register(Meeting, "family", lambda m: links.to("families.home"))

and the inbox, the timeline and emails ask for them:

    links.url(concern, "school")        # /senco/concerns/7, inside a page
    links.external(meeting, "family")   # https://.../families/, in an email

Audiences: "school" (the SENCO and staff), "family" (a parent or carer), "pupil".
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask import url_for


@dataclass(frozen=True)
class Target:
    """A page: its endpoint and values, and a place on it."""

    endpoint: str
    values: dict = field(default_factory=dict)
    anchor: str = ""


def to(endpoint: str, anchor: str = "", **values) -> Target:
    return Target(endpoint, values, anchor)


_TARGETS: dict[tuple[type, str], Callable[[object], Target]] = {}


def register(kind: type, audience: str, target: Callable[[object], Target]) -> None:
    """Say where objects of this kind are shown to this audience (registering again replaces)."""
    _TARGETS[(kind, audience)] = target


def target(obj: object, audience: str) -> Target:
    for kind in type(obj).__mro__:
        found = _TARGETS.get((kind, audience))
        if found is not None:
            return found(obj)
    raise LookupError(f"No page shows a {type(obj).__name__} to {audience!r}")


def url(obj: object, audience: str) -> str:
    place = target(obj, audience)
    return url_for(place.endpoint, **place.values) + (f"#{place.anchor}" if place.anchor else "")


def external(obj: object, audience: str) -> str:
    """An absolute link for an email (mail.external_url decides the site's address)."""
    from portal.mail import external_url

    place = target(obj, audience)
    address = external_url(place.endpoint, **place.values)
    return address + (f"#{place.anchor}" if place.anchor else "")


def attach(items: Iterable, audience: str) -> None:
    """Give each feed item the address of its subject (see portal.feeds.Item)."""
    for item in items:
        item.url = url(item.subject, audience)
