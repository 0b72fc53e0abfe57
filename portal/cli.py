"""Command-line tasks: `flask --app portal init-db | seed-demo | translate ...`."""

import subprocess
import sys
from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
# What pybabel extracts: the config in pyproject.toml, and our lazy helpers besides _ and ngettext.
EXTRACT_ARGS = [
    "-F",
    "pyproject.toml",
    "-k",
    "_l",
    "-k",
    "lazy_ngettext:1,2",
    "-k",
    "lazy_pgettext:1c,2",
    "--no-location",
]


def init_app(app: Flask) -> None:
    from portal import maintenance

    maintenance.init_app(app)

    @app.cli.command("init-db")
    def init_db():
        """Create or upgrade the database by running every migration."""
        upgrade()
        maintenance.refresh_statistics()
        click.echo("The database is up to date.")

    @app.cli.command("seed-demo")
    @click.option(
        "--allow-production",
        is_flag=True,
        help="Load the demo even though PORTAL_DEMO is not set (a test installation).",
    )
    def seed_demo(allow_production: bool):
        """Load the demo schools and people (safe to run again)."""
        from portal.demo import seed

        if not app.config.get("PORTAL_DEMO") and not allow_production:
            # The demo's accounts have a published password and second-step secret.
            raise click.ClickException(
                "This is not the demo (PORTAL_DEMO is not 1): the demo accounts, whose password "
                "is published, were not created. Use --allow-production on a test installation."
            )

        accounts = seed()
        click.echo("Demo school ready. Every demo account's password is: demo-pass-2026")
        click.echo(
            "SENCOs and the administrator also type a code from an authentication app set up "
            "with the key PORTALDEMOSTAFFSECONDFACTOR23456"
        )
        for email, description in accounts:
            click.echo(f"  {email:28} {description}")

    @app.cli.command("seed-load")
    @click.option("--schools", default=5, show_default=True, help="How many schools.")
    @click.option("--pupils", default=1000, show_default=True, help="Pupils in each school.")
    @click.option("--audit-per-pupil", default=200, show_default=True)
    @click.option("--seed", default=2026, show_default=True, help="The same seed, the same trust.")
    def seed_load(schools: int, pupils: int, audit_per_pupil: int, seed: int):
        """Load a full-size trust for load tests (demo installations only)."""
        import time

        from portal.demo import load

        if not app.config.get("PORTAL_DEMO"):
            raise click.ClickException(
                "seed-load makes thousands of accounts with the demo password: it runs only "
                "with PORTAL_DEMO=1, on a database for trying things out."
            )
        started = time.perf_counter()
        sizes = load.Sizes(
            schools=schools, pupils=pupils, audit_per_pupil=audit_per_pupil, seed=seed
        )
        click.echo(f"Loading {schools} schools of {pupils} pupils...")
        try:
            written = load.build(sizes, echo=click.echo)
        except load.LoadError as error:
            raise click.ClickException(str(error)) from None
        maintenance.refresh_statistics()
        click.echo(
            f"{sum(written.values()):,} rows in {time.perf_counter() - started:.0f} s: "
            + ", ".join(f"{table} {count:,}" for table, count in sorted(written.items()))
        )
        click.echo("Every account's password is: demo-pass-2026")
        for email, description in load.accounts(schools):
            click.echo(f"  {email:34} {description}")

    @app.cli.group()
    def translate():
        """Extract, update and compile the translation catalogs."""

    def pybabel(*args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT
        )

    @translate.command()
    def extract():
        """Collect every translatable string into translations/messages.pot."""
        pybabel("extract", *EXTRACT_ARGS, "--sort-output", "-o", str(POT), ".")

    @translate.command()
    def update():
        """Extract, then merge new strings into every language's catalog."""
        extract.callback()
        pybabel(
            "update",
            "-i",
            str(POT),
            "-d",
            str(TRANSLATIONS),
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        )

    @translate.command()
    @click.argument("language")
    def init(language: str):
        """Start a catalog for a new language."""
        pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", language)

    @translate.command()
    def compile():
        """Compile every catalog so the portal can use it."""
        pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")
