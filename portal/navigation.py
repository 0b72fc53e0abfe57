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


_ITEMS: dict[Role, list[NavItem]] = {role: [] for role in Role}


def add(
    role: Role,
    endpoint: str,
    label,
    order: int = 100,
    section: str | tuple[str, ...] | None = None,
    when: Callable[[], bool] | None = None,
) -> None:
    items = _ITEMS[role]
    if all(item.endpoint != endpoint for item in items):
        items.append(NavItem(endpoint, label, order, section, when))
        items.sort(key=lambda item: item.order)


def items_for(role: Role | None) -> list[dict]:
    if role is None:
        return []
    here = request.endpoint or ""
    return [
        {
            "url": url_for(item.endpoint),
            "label": item.label,
            "current": here == item.endpoint
            or bool(item.section and here.startswith(item.section)),
        }
        for item in _ITEMS[role]
        if item.when is None or item.when()
    ]
