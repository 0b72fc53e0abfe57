"""`flask --app portal records ...`: the same imports, exports and yearly tasks as the
SENCO's pages, for schools that script their MIS exports."""

import sys
from datetime import date

import click
import sqlalchemy as sa

from portal.extensions import db
from portal.models import ImportKind, School
from portal.records import bp, csv_import, files, imports, roll


def _school(slug: str) -> School:
    school = db.session.scalar(sa.select(School).where(School.slug == slug))
    if school is None:
        raise click.ClickException(f"There is no school with the slug '{slug}'.")
    return school


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("use YYYY-MM-DD") from error


def print_preview(result: roll.Preview) -> None:
    click.echo(
        f"{result.rows} pupils in the file: {result.new_count} new, {result.changed_count} "
        f"changed, {result.unchanged} unchanged, {len(result.refused)} refused."
    )
    for label in result.new:
        click.echo(f"  new: {label}")
    for change in result.changed:
        click.echo(f"  changed: {change.label}: " + "; ".join(change.what))
    for where, label, reasons in result.refused:
        for reason in reasons:
            click.echo(f"  refused, {where} ({label}): {reason}")
    for where, label, notes in result.notes:
        for note in notes:
            click.echo(f"  note, {where} ({label}): {note}")
    if result.full:
        click.echo(f"{len(result.leavers)} possible leavers (not in this full roll):")
        for pupil in result.leavers:
            click.echo(f"  possible leaver: {pupil.upn or 'no UPN'} {pupil.full_name}")


def _run_import(kind, path, slug, dry_run, full, columns, yes):
    school = _school(slug)
    try:
        source = imports.source_for(school, kind, files.from_path(path))
    except files.FileProblem as problem:
        click.echo(f"Nothing imported: {problem.message}", err=True)
        sys.exit(1)
    if kind is ImportKind.CSV:
        for pair in columns:
            key, _sep, heading = pair.partition("=")
            if key not in csv_import.FIELD_KEYS or heading not in source.csv.headings:
                raise click.BadParameter(
                    f"{pair}: expected FIELD=Heading with a heading in the file"
                )
            source.mapping[key] = heading
        missing = csv_import.missing_required(source.mapping)
        if missing:
            click.echo(
                "Nothing imported: no column found for "
                + ", ".join(str(f.label) for f in missing)
                + ". Name it with --column FIELD=Heading (fields: "
                + ", ".join(f.key for f in csv_import.PUPIL_FIELDS)
                + ").",
                err=True,
            )
            sys.exit(1)
    else:
        full = source.header.is_full
        click.echo(
            f"CTF version {source.header.version or 'not given'} from "
            f"{source.header.source_name or source.header.source or 'an unnamed school'} "
            f"({'full' if full else 'partial'})."
        )
        other = roll.other_school(source, imports.settings_for(school))
        if other and not dry_run and not yes:
            click.echo(f"Warning: this file was made for another school ({other}).", err=True)
            if not sys.stdin.isatty() or not click.confirm(f"Import it into {school.name}?"):
                click.echo(
                    "Nothing imported. Run again with --yes if it is meant for you.", err=True
                )
                sys.exit(1)
        elif other:
            click.echo(f"Warning: this file was made for another school ({other}).")
    result = roll.preview(school, source, full=full)
    print_preview(result)
    accepted = result.new_count + result.changed_count + result.unchanged
    if dry_run:
        click.echo("Dry run: nothing was written.")
        sys.exit(0 if accepted else 1)
    if not accepted:
        click.echo("Nothing imported: every pupil was refused.", err=True)
        sys.exit(1)
    if kind is ImportKind.CSV:
        imports.settings_for(school).csv_columns = dict(source.mapping)
    roll.confirm(school, source, full=full, by=None)
    db.session.commit()
    click.echo(f"Imported: {result.new_count} new, {result.changed_count} changed.")


def in_request(command):
    """Run a command inside a request context: words go through gettext (in English), and
    PDFs and URLs need one."""
    from functools import wraps

    from flask import current_app

    @wraps(command)
    def wrapped(*args, **kwargs):
        with current_app.test_request_context(
            base_url=current_app.config.get("PUBLIC_URL") or None
        ):
            return command(*args, **kwargs)

    return wrapped


@bp.cli.command("import-csv")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--school", "slug", required=True, help="The school's slug.")
@click.option("--dry-run", is_flag=True, help="Print the preview; write nothing.")
@click.option("--full", is_flag=True, help="The file is the whole roll: list who is missing.")
@click.option("--column", "columns", multiple=True, help="FIELD=Heading, e.g. upn=Pupil UPN.")
@in_request
def import_csv(path, slug, dry_run, full, columns):
    """Import pupils and contacts from a MIS CSV report."""
    _run_import(ImportKind.CSV, path, slug, dry_run, full, columns, yes=False)


@bp.cli.command("import-ctf")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--school", "slug", required=True, help="The school's slug.")
@click.option("--dry-run", is_flag=True, help="Print the preview; write nothing.")
@click.option("--yes", is_flag=True, help="Import even if the CTF names another school.")
@in_request
def import_ctf(path, slug, dry_run, yes):
    """Import pupils, SEN history and contacts from a Common Transfer File."""
    _run_import(ImportKind.CTF, path, slug, dry_run, False, (), yes=yes)


@bp.cli.command("export-ctf")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.option("--school", "slug", required=True)
@click.option("--since", help="Only pupils whose record changed since YYYY-MM-DD.")
@in_request
def export_ctf(out, slug, since):
    """Write a Common Transfer File of the school's pupils."""
    from portal.records.ctf_export import write_ctf

    school = _school(slug)
    with open(out, "w", encoding="utf-8") as stream:
        count = write_ctf(school, stream, _date(since))
    click.echo(f"Wrote {count} pupils to {out}.")


@bp.cli.command("export-csv")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.option("--school", "slug", required=True)
@click.option("--since", help="Only pupils whose record changed since YYYY-MM-DD.")
@in_request
def export_csv(out, slug, since):
    """Write the machine-readable roll CSV (fixed English columns, codes)."""
    from portal.records.roll_csv import write_roll

    school = _school(slug)
    with open(out, "w", encoding="utf-8", newline="") as stream:
        count = write_roll(school, stream, _date(since))
    click.echo(f"Wrote {count} pupils to {out}.")


@bp.cli.command("new-year")
@click.option("--school", "slug", required=True)
@click.option("--dry-run", is_flag=True)
@in_request
def new_year(slug, dry_run):
    """Move every year group up and list the last year's pupils as leavers to confirm."""
    from portal.records import leavers

    school = _school(slug)
    plan = leavers.rollover_plan(school)
    if plan.done:
        click.echo(f"The {plan.label} school year has already been started.", err=True)
        sys.exit(1)
    click.echo(
        f"{plan.label}: {len(plan.moving)} pupils move up a year; {len(plan.leaving)} in "
        f"the last year group are listed as leavers to confirm."
    )
    for pupil in plan.leaving:
        click.echo(f"  leaver to confirm: {pupil.upn or 'no UPN'} {pupil.full_name}")
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    leavers.roll_over(school, plan, by=None)
    click.echo("Done.")


@bp.cli.command("purge")
@click.option("--dry-run", is_flag=True, help="List what would be deleted; delete nothing.")
@in_request
def purge(dry_run):
    """Delete leavers' records past the retention period (README: Retention)."""
    from portal.records import retention

    due = retention.due()
    click.echo(
        f"Retention: until the pupil's {retention.retention_age()}th birthday after leaving. "
        f"{len(due)} records past it."
    )
    for pupil in due:
        click.echo(
            f"  {pupil.school.slug}: pupil {pupil.id}, left {pupil.left_at}, "
            f"born {pupil.date_of_birth.year}"
        )
    if dry_run:
        click.echo("Dry run: nothing was deleted.")
        return
    count = retention.purge(due)
    click.echo(f"Deleted {count} records; the audit log says so.")
