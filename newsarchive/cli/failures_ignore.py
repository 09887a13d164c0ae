"""`newsarchive failures ignore ID... | --reason R`: give up on open failures.

An ignored failure is no longer listed by `newsarchive failures` nor retried by later
runs (docs/design/decisions.md 22); its row stays, with `ignored_at` set. The command is
registered on the analyst's `failures` group (`newsarchive/cli/browse.py`); it is the
one analyst command that writes, through the store.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from newsarchive.cli.errors import CommandFailed, UserError

USAGE = (
    "give the failure ids (`newsarchive failures --all` lists them) or --reason R "
    "(`newsarchive failures` lists the reasons), not both"
)


def ignore_failures_command(
    ids: tuple[int, ...], reason: str | None, db_path: Path | str
) -> None:
    """Mark the chosen open failures ignored and say how many (exit 2 on a mistake, or
    when the archive is read-only)."""
    from datetime import UTC, datetime

    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import sessionmaker

    from newsarchive.query.database import check_archive
    from newsarchive.query.errors import QueryError
    from newsarchive.store import open_engine
    from newsarchive.store.failures import UnknownFailures, ignore_failures

    if bool(ids) == (reason is not None):
        raise UserError(USAGE)
    try:
        path = check_archive(db_path)  # exists and is an archive: never create one
    except QueryError as error:
        raise UserError(str(error)) from None
    _refuse_read_only(path)
    engine = open_engine(path)
    try:
        with sessionmaker(engine).begin() as session:
            ignored = ignore_failures(
                session, ids=ids, reason=reason, at=datetime.now(UTC)
            )
    except UnknownFailures as error:
        raise UserError(str(error)) from None
    except OperationalError as error:
        message = str(error.orig)
        if "readonly" in message or "read-only" in message:
            _read_only(path)
        raise CommandFailed(f"the archive {path} was not changed: {message}") from None
    finally:
        engine.dispose()
    what = f"with reason {reason!r}" if reason is not None else "given"
    click.echo(
        f"Ignored {len(ignored)} open failure{'s' if len(ignored) != 1 else ''} {what}: "
        "later runs no longer retry them."
    )


def _refuse_read_only(path: Path | str) -> None:
    """Writing needs the file and its folder (SQLite's journal) writable (a PostgreSQL
    archive's server says for itself)."""
    if isinstance(path, str):
        return
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        _read_only(path)


def _read_only(path: Path) -> None:
    raise UserError(
        f"the archive {path} is read-only (a read-only file, folder or share), and "
        "`failures ignore` changes it: run it on a writable copy"
    )
