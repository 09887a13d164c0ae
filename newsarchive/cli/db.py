"""`newsarchive db status|upgrade`: the archive's schema version, and upgrading it."""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive.archive_url import is_postgres_url, shown_location
from newsarchive.cli.analyst_common import db_option, plain
from newsarchive.cli.errors import ArchiveBusy, UserError


@click.group()
def db() -> None:
    """The archive file itself: schema version, upgrades, who holds it."""


@db.command()
@db_option
def upgrade(db_path: Path | str) -> None:
    """Upgrade the archive to this newsarchive's schema (a backup copy is made first).

    Crawls do this by themselves; this is for doing it at a time of your choosing.
    On PostgreSQL it also makes the schema in an empty database (no copy is made there:
    back up with pg_dump). Exit code 3 if a crawl holds the archive.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from newsarchive.advisory_lock import archive_lock
    from newsarchive.cli.archive_checks import check_archive_to_write
    from newsarchive.runlock import ArchiveLocked
    from newsarchive.store import BackupFailed, describe_error, upgrade_archive

    path = _existing(db_path)
    if isinstance(path, Path):
        check_archive_to_write(path)
    try:
        with archive_lock(path, what="db upgrade"):
            report = upgrade_archive(path)
    except ArchiveLocked as error:
        raise ArchiveBusy(str(error)) from error
    except (BackupFailed, SQLAlchemyError, OSError) as error:
        reason = describe_error(error) if isinstance(error, SQLAlchemyError) else error
        raise UserError(
            f"{shown_location(path)} was not upgraded: {reason} (free some space, or "
            "check the folder's permissions, then run it again)"
        ) from error
    path = shown_location(path)
    if not report.upgraded:
        click.echo(
            f"{path}: schema {report.after} is already the newest; nothing to do."
        )
        return
    click.echo(f"{path}: schema upgraded from {report.before} to {report.after}.")
    click.echo(f"Backup of the previous archive: {report.backup}")


@db.command()
@db_option
def status(db_path: Path | str) -> None:
    """Schema version (and pending upgrades), lock holder, runs and article counts."""
    from sqlalchemy import create_engine

    from newsarchive.query.database import check_archive, connect_archive
    from newsarchive.query.errors import QueryError
    from newsarchive.store import archive_status, open_engine

    path = _existing(db_path)
    try:
        check_archive(path)  # exists and is an archive: status never creates one
    except QueryError as error:
        raise UserError(str(error)) from None
    # Read-only, through the query layer's connection (also on read-only storage); a
    # PostgreSQL archive through the store's engine (status only reads).
    if is_postgres_url(path):
        engine = open_engine(path)
    else:
        engine = create_engine(
            "sqlite://", creator=lambda: connect_archive(path, dict_rows=False)
        )
    try:
        report = archive_status(engine, path)
    finally:
        engine.dispose()
    path = shown_location(path)
    pending = ", ".join(report.pending) if report.pending else "none"
    holder = report.lock_holder
    click.echo(f"Archive: {path}")
    click.echo(
        f"Schema: {report.revision or '(empty)'} (newest {report.head}); "
        f"pending upgrades: {pending}"
    )
    if holder is not None:
        who = (
            f"pid {holder.get('pid', '?')} ({holder.get('what', 'run')}) since "
            f"{holder.get('since', '?')}"
        )
        click.echo(f"Lock: held by {who}")
    else:
        click.echo("Lock: free")
    for line in report.lines:
        click.echo(line)
    if report.last_run is not None:
        run = report.last_run
        click.echo(
            f"Last run: {run['id']} {run['status']} (started {plain(run['started_at'])}, "
            f"exit code {run['exit_code']})"
        )


def _existing(db_path: Path | str) -> Path | str:
    if is_postgres_url(db_path):
        return str(db_path)
    path = Path(db_path).expanduser().resolve()
    if not path.is_file():
        raise UserError(f"no archive at {path}: check --db (or NEWSARCHIVE_DB)")
    return path


@db.command()
@click.option(
    "--from",
    "source",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite archive to copy.",
)
@click.option(
    "--to",
    "target",
    required=True,
    metavar="postgresql://USER[:PASS]@HOST[:PORT]/DBNAME",
    help="An empty PostgreSQL database (create it with createdb first).",
)
def copy(source: Path, target: str) -> None:
    """Copy a SQLite archive into an empty PostgreSQL database, every table, ids kept.

    Row counts are checked at the end, one line per table; a failed copy leaves the
    database empty. Exit code 2 if the target is not an empty PostgreSQL database.
    """
    from newsarchive.advisory_lock import archive_lock
    from newsarchive.query.database import check_archive
    from newsarchive.query.errors import QueryError
    from newsarchive.runlock import ArchiveLocked
    from newsarchive.store.copy import CopyRefused, copy_archive, sqlite_source

    if not is_postgres_url(target):
        raise UserError(
            f"--to must be a postgresql://USER@HOST/DBNAME URL (got {target!r})"
        )
    if is_postgres_url(str(source)):
        raise UserError("--from is a SQLite archive's path (a file)")
    try:
        check_archive(source)
    except QueryError as error:
        raise UserError(str(error)) from None
    connection, revision = sqlite_source(source)
    shown = shown_location(target)
    try:
        with archive_lock(target, what="db copy"):
            copied = copy_archive(
                connection,
                revision,
                target,
                on_table=lambda table: click.echo(
                    f"{table.name}: {table.rows} rows copied, counts match"
                ),
            )
    except CopyRefused as error:
        raise UserError(f"cannot copy into {shown}: {error}") from None
    except ArchiveLocked as error:
        raise ArchiveBusy(str(error)) from error
    except Exception as error:
        if not type(error).__module__.startswith("psycopg"):
            raise
        reason = " ".join(str(error).split())
        raise UserError(f"cannot copy into {shown}: {reason}") from None
    finally:
        connection.close()
    total = sum(table.rows for table in copied)
    click.echo(f"Copied {len(copied)} tables ({total} rows) from {source} to {shown}.")
