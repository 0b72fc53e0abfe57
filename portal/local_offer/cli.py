"""`flask --app portal local-offer import-oruk PATH_OR_URL --school SLUG`."""

import sys

import click
import sqlalchemy as sa
from flask_babel import force_locale

from portal.extensions import db
from portal.local_offer import bp, importer
from portal.models import School


@bp.cli.command("import-oruk")
@click.argument("source")
@click.option("--school", "slug", required=True, help="The short web name of the school.")
def import_oruk(source: str, slug: str):
    """Import services from an Open Referral UK JSON feed (a file or a web address)."""
    school = db.session.scalar(sa.select(School).where(School.slug == slug))
    if school is None:
        raise click.UsageError(f"There is no school with the short web name {slug!r}.")
    with force_locale("en"):
        try:
            result = importer.import_source(school, source)
        except importer.FeedError as error:
            click.echo(f"Nothing was imported: {error.message}", err=True)
            sys.exit(1)
        click.echo(
            f"{school.name}: {len(result.added)} added, {len(result.changed)} changed, "
            f"{len(result.unchanged)} unchanged, {len(result.skipped)} skipped."
        )
        for skipped in result.skipped:
            who = skipped.name or skipped.oruk_id or "no name or id"
            click.echo(f"  skipped record {skipped.position} ({who}): {skipped.reason}")
