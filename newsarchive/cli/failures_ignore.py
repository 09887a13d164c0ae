"""`newsarchive failures ignore ID... | --reason R`: give up on open failures.

An ignored failure is no longer listed by `newsarchive failures` nor retried by later
runs (docs/design/decisions.md 22); its row stays, with `ignored_at` set. The command is registered
on the analyst's `failures` group (`newsarchive/cli/browse.py`).
"""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive.cli.errors import UserError

USAGE = (
    "give the failure ids (`newsarchive failures --all` lists them) or --reason R "
    "(`newsarchive failures` lists the reasons), not both"
)


def ignore_failures_command(
    ids: tuple[int, ...], reason: str | None, db_path: Path
) -> None:
    """Mark the chosen open failures ignored and say how many (exit 2 on a mistake)."""
    from datetime import UTC, datetime

    from sqlalchemy.orm import sessionmaker

    from newsarchive.query.database import open_archive
    from newsarchive.query.errors import QueryError
    from newsarchive.store import open_engine
    from newsarchive.store.failures import UnknownFailures, ignore_failures

    if bool(ids) == (reason is not None):
        raise UserError(USAGE)
    path = Path(db_path).expanduser()
    try:
        open_archive(path).dispose()  # exists and is an archive: never create one here
    except QueryError as error:
        raise UserError(str(error)) from error
    engine = open_engine(path)
    try:
        with sessionmaker(engine).begin() as session:
            ignored = ignore_failures(
                session, ids=ids, reason=reason, at=datetime.now(UTC)
            )
    except UnknownFailures as error:
        raise UserError(str(error)) from error
    finally:
        engine.dispose()
    what = f"with reason {reason!r}" if reason is not None else "given"
    click.echo(
        f"Ignored {len(ignored)} open failure{'s' if len(ignored) != 1 else ''} {what}: "
        "later runs no longer retry them."
    )
