"""`newsarchive db status|upgrade`: the archive's schema version, and upgrading it."""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive.cli.analyst_common import db_option, plain
from newsarchive.cli.errors import ArchiveBusy, UserError


@click.group()
def db() -> None:
    """The archive file itself: schema version, upgrades, who holds it."""


@db.command()
@db_option
def upgrade(db_path: Path) -> None:
    """Upgrade the archive to this newsarchive's schema (a backup copy is made first).

    Crawls do this by themselves; this is for doing it at a time of your choosing.
    Exit code 3 if a crawl holds the archive.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from newsarchive.cli.archive_checks import check_archive_to_write
    from newsarchive.runlock import ArchiveLock, ArchiveLocked
    from newsarchive.store import BackupFailed, describe_error, upgrade_archive

    path = _existing(db_path)
    check_archive_to_write(path)
    try:
        with ArchiveLock(path, what="db upgrade"):
            report = upgrade_archive(path)
    except ArchiveLocked as error:
        raise ArchiveBusy(str(error)) from error
    except (BackupFailed, SQLAlchemyError, OSError) as error:
        reason = describe_error(error) if isinstance(error, SQLAlchemyError) else error
        raise UserError(
            f"{path} was not upgraded: {reason} (free some space, or check the "
            "folder's permissions, then run it again)"
        ) from error
    if not report.upgraded:
        click.echo(
            f"{path}: schema {report.after} is already the newest; nothing to do."
        )
        return
    click.echo(f"{path}: schema upgraded from {report.before} to {report.after}.")
    click.echo(f"Backup of the previous archive: {report.backup}")


@db.command()
@db_option
def status(db_path: Path) -> None:
    """Schema version (and pending upgrades), lock holder, runs and article counts."""
    from sqlalchemy import create_engine

    from newsarchive.query.database import check_archive, connect_archive
    from newsarchive.store import archive_status

    path = _existing(db_path)
    check_archive(path)  # exists and is an archive: status never creates one
    # Read-only, through the query layer's connection (also on read-only storage).
    engine = create_engine(
        "sqlite://", creator=lambda: connect_archive(path, dict_rows=False)
    )
    try:
        report = archive_status(engine, path)
    finally:
        engine.dispose()
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
            if holder
            else "another process, through another name of the same file"
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


def _existing(db_path: Path) -> Path:
    path = db_path.expanduser().resolve()
    if not path.is_file():
        raise UserError(f"no archive at {path}: check --db (or NEWSARCHIVE_DB)")
    return path
