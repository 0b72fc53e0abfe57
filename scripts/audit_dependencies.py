"""Check the pinned dependencies in pyproject.toml for known vulnerabilities (pip-audit).

    .venv/bin/python scripts/audit_dependencies.py

Exits 1 when a pinned version has a known vulnerability, naming it and the version that fixes
it. When the vulnerability data cannot be reached (no network), it warns and exits 0: a check
that cannot run says so rather than failing the build for the network's sake.
"""

import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What pip-audit says when it could not ask the vulnerability service at all.
UNREACHABLE = (
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Network is unreachable",
    "Connection refused",
    "ProxyError",
    "SSLError",
)


def pinned_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    loose = [line for line in lines if "==" not in line]
    if loose:
        sys.exit(f"Not pinned with == in pyproject.toml: {', '.join(loose)}")
    return lines


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "requirements.txt"
        report = Path(tmp) / "report.json"
        requirements.write_text("\n".join(pinned_requirements()) + "\n")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip_audit",
                "--requirement",
                str(requirements),
                "--no-deps",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(report),
                "--timeout",
                "30",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        said = result.stdout + result.stderr
        if not report.exists() or not report.read_text().strip():
            if any(sign in said for sign in UNREACHABLE):
                print(
                    "WARNING: pip-audit could not reach its vulnerability data; the pinned "
                    "dependencies were NOT checked this time.\n" + said.strip()[-800:]
                )
                return 0
            print(said)
            return result.returncode or 1
        dependencies = json.loads(report.read_text())["dependencies"]
    if dependencies and all(
        "not found on PyPI" in (d.get("skip_reason") or "") for d in dependencies
    ):
        # A package index without PyPI's vulnerability data (a mirror) knows none of them.
        print(
            "WARNING: the package index here has no vulnerability data (every pinned dependency "
            "was 'not found'); the pinned dependencies were NOT checked this time."
        )
        return 0
    found = [(d, v) for d in dependencies for v in d.get("vulns", [])]
    for dependency, vuln in found:
        fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
        print(f"{dependency['name']}=={dependency['version']}: {vuln['id']} (fixed in {fixed})")
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dependency in skipped:
        print(f"not checked: {dependency['name']}: {dependency['skip_reason']}")
    print(
        f"pip-audit: {len(dependencies)} pinned dependencies checked, "
        f"{len(found)} known vulnerabilities."
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
