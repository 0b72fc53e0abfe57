"""Navigation by role. Each package adds its own entries in its init_app."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import request, url_for

from portal.models import Role


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy string, translated when shown
    order: int = 100
    # Endpoints starting with this (or with any of these) also mark the item as the current
    # page's section: a role's menu item stays marked on the domain pages it leads to.
    section: str | tuple[str, ...] | None = None
    # Shown only when this says so (e.g. to the staff who hold a duty), if given.
    when: Callable[[], bool] | None = None
    # A number shown with the label (things waiting, such as unread items in the inbox).
    count: Callable[[], int] | None = None


@dataclass(frozen=True)
class NavGroup:
    """Several entries of a role's menu behind one name (a disclosure that works without
    JavaScript), so a long menu stays on one line."""

    key: str
    label: object
    endpoints: tuple[str, ...]


_ITEMS: dict[Role, list[NavItem]] = {role: [] for role in Role}
_GROUPS: dict[Role, list[NavGroup]] = {role: [] for role in Role}


def add(
    role: Role,
    endpoint: str,
    label,
    order: int = 100,
    section: str | tuple[str, ...] | None = None,
    when: Callable[[], bool] | None = None,
    count: Callable[[], int] | None = None,
) -> None:
    items = _ITEMS[role]
    if all(item.endpoint != endpoint for item in items):
        items.append(NavItem(endpoint, label, order, section, when, count))
        items.sort(key=lambda item: item.order)


def group(role: Role, key: str, label, endpoints: tuple[str, ...]) -> None:
    """Show these entries of a role's menu under one name, where the first of them stands.
    (A role package groups its own menu; the entries themselves are each package's.)"""
    groups = _GROUPS[role]
    if all(g.key != key for g in groups):
        groups.append(NavGroup(key, label, tuple(endpoints)))


_URLS: dict[tuple[str, str], str] = {}


def _url(endpoint: str) -> str:
    """A menu entry's address: the same for every request to the same place (worked out
    once, as a SENCO's menu has a dozen entries on every page)."""
    key = (endpoint, request.script_root)
    if key not in _URLS:
        _URLS[key] = url_for(endpoint)
    return _URLS[key]


def items_for(role: Role | None) -> list[dict]:
    """The menu: entries ({"url", "label", "current"}) and groups of them ({"group": key,
    "label", "items", "current"})."""
    if role is None:
        return []
    here = request.endpoint or ""
    entries: list[dict] = []
    groups: dict[str, dict] = {}
    for item in _ITEMS[role]:
        if item.when is not None and not item.when():
            continue
        entry = {
            "url": _url(item.endpoint),
            "label": item.label,
            "current": here == item.endpoint
            or bool(item.section and here.startswith(item.section)),
            "count": item.count() if item.count else None,
        }
        home = next((g for g in _GROUPS[role] if item.endpoint in g.endpoints), None)
        if home is None:
            entries.append(entry)
            continue
        if home.key not in groups:
            groups[home.key] = {"group": home.key, "label": home.label, "items": []}
            entries.append(groups[home.key])
        groups[home.key]["items"].append(entry)
    for found in groups.values():
        found["current"] = any(entry["current"] for entry in found["items"])
    return entries
