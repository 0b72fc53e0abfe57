"""How good each language's words are: who wrote them, and whether a fluent speaker checked.

Read from `translations/quality.json`. A language with no entry counts as not checked.
"""

import json
from functools import cache
from pathlib import Path

from portal.i18n import DEFAULT_LOCALE, translations_dir

PARTS = ("catalog", "glossary", "phrases")


@cache
def _load(path: Path) -> dict:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("languages", {})


def quality(directory: Path | None = None) -> dict:
    return _load((directory or translations_dir()) / "quality.json")


def checked(code: str | None, part: str = "catalog") -> bool:
    """Whether a fluent speaker has checked this part of a language (English is the source)."""
    if not code or code == DEFAULT_LOCALE:
        return True
    entry = quality().get(code, {}).get(part, {})
    return entry.get("checked_by_fluent_speaker") is True
