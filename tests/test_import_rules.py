"""The import rules of ARCHITECTURE.md, checked on the source with ast.

- Core modules (portal/*.py and portal/models/) import no feature package.
- Domain packages import no role package, and no other package's routes.
- Service modules (everything in a package that is not its web layer) never read the request
  or build addresses: no flask.request, url_for, session or g; no mail.external_url, no
  portal.links. The web layer is a package's __init__.py, routes modules, forms.py,
  pages.py, display.py and cli.py.
"""

import ast
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parent.parent / "portal"

ROLE_PACKAGES = {"families", "pupils", "staff", "senco", "admin"}
DOMAIN_PACKAGES = {
    "concerns",
    "meetings",
    "pupil_views",
    "plans",
    "local_offer",
    "school",
    "records",
    "files",
    "safeguarding",
    "ehc",
    "reminders",
    "worries",
    "languages",
}
OTHER_FEATURES = {"auth", "pages", "demo"}
FEATURES = ROLE_PACKAGES | DOMAIN_PACKAGES | OTHER_FEATURES
# The app factory and what registers every package's pieces with the app.
WIRING = {"__init__.py", "templating.py", "cli.py"}
WEB_LAYER = {"__init__.py", "forms.py", "pages.py", "display.py", "cli.py"}
FLASK_WEB_NAMES = {"request", "url_for", "session", "g"}


def _modules(folder: Path):
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> list[str]:
    """Every name imported (portal.x.y, flask.request), at any depth in the module."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def _package(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if parts[0] == "portal" and len(parts) > 1 else None


def _is_web_layer(path: Path) -> bool:
    return path.name in WEB_LAYER or path.stem.endswith("routes")


def _relative(path: Path) -> str:
    return str(path.relative_to(PORTAL))


def test_core_modules_import_no_feature():
    core = [p for p in PORTAL.glob("*.py") if p.name not in WIRING]
    core += _modules(PORTAL / "models")
    wrong = [
        f"{_relative(path)} imports {name}"
        for path in core
        for name in _imports(path)
        if _package(name) in FEATURES
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("package", sorted(DOMAIN_PACKAGES))
def test_a_domain_package_imports_no_role_package_and_no_other_routes(package):
    wrong = []
    for path in _modules(PORTAL / package):
        for name in _imports(path):
            other = _package(name)
            if other in ROLE_PACKAGES:
                wrong.append(f"{_relative(path)} imports the role package {name}")
            elif (
                other
                and other != package
                and name.split(".")[2:3]
                and (name.split(".")[2].endswith("routes"))
            ):
                wrong.append(f"{_relative(path)} imports another package's routes: {name}")
    assert not wrong, "\n".join(wrong)


def test_services_never_read_the_request_or_build_addresses():
    wrong = []
    for package in sorted(FEATURES - {"demo"}):
        for path in _modules(PORTAL / package):
            if _is_web_layer(path):
                continue
            for name in _imports(path):
                flask_web = name.startswith("flask.") and name.split(".")[1] in FLASK_WEB_NAMES
                builds = name in ("portal.mail.external_url", "portal.links") or name.startswith(
                    "portal.links."
                )
                if flask_web or builds:
                    wrong.append(f"{_relative(path)} imports {name}")
            source = path.read_text()
            if "external_url(" in source:
                wrong.append(f"{_relative(path)} builds an address with external_url")
    assert not wrong, "\n".join(wrong)


def test_the_rules_see_every_package():
    """A new package must be named above, as core wiring, a role or a domain package."""
    packages = {p.name for p in PORTAL.iterdir() if (p / "__init__.py").exists()}
    assert packages - {"models"} <= FEATURES, packages - {"models"} - FEATURES
