"""Which page of a long list a request asks for: one reading for every paged list."""

from flask import request

# Far past any real list (50 rows a page); an address asking for more would overflow the
# database's OFFSET, so it gets this page: past the end, "nothing here", never an error.
MAX_PAGE = 100_000


def page_number() -> int:
    """The `?page=` asked for, from 1 to MAX_PAGE; anything that is not a number is page 1."""
    return min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
