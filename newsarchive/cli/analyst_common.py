"""Shared pieces of the analyst commands: their options (`--db`, `--site` and the other
article filters, `--format`, `--out`, `--limit`), opening the archive, and how every
analyst command ends.

`analyst_command` gives every command the same endings: a mistake is one line and exit
2 (`QueryError`); a failed write (a full disk, `/dev/full`) or an archive SQLite cannot
read is one line and exit 1; a reader of stdout that goes away (`... | head`) ends the
command quietly with exit 0. Never a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from newsarchive.cli import GROUP_DB, ArchivePathType
from newsarchive.cli.errors import CommandFailed, UserError
from newsarchive.cli.row_output import LISTING_FORMATS, plain
from newsarchive.query.database import Connection, default_archive_path, reading
from newsarchive.query.errors import OutputFailed, QueryError
from newsarchive.query.output_files import OutputTarget, check_output

__all__ = [  # `plain` too: `newsarchive db` formats values with it
    "DEFAULT_LIMIT",
    "MAX_INTEGER",
    "RowLimit",
    "analyst_command",
    "archive",
    "build_filters",
    "db_option",
    "filter_options",
    "format_option",
    "limit_option",
    "limit_value",
    "out_option",
    "output_target",
    "plain",
    "site_option",
    "user_errors",
]  # fmt: skip

DEFAULT_LIMIT = 50
MAX_INTEGER = 2**63 - 1
"""The largest id or limit SQLite (and PostgreSQL's bigint) can hold."""


def _default_db() -> Path | str:
    context = click.get_current_context(silent=True)
    given_first = context.meta.get(GROUP_DB) if context is not None else None
    return given_first if given_first is not None else default_archive_path()


def db_option(command: Callable) -> Callable:
    return click.option(
        "--db",
        "db_path",
        type=ArchivePathType(),
        default=_default_db,
        show_default="data/archive.sqlite, or $NEWSARCHIVE_DB",
        help="The archive to read (a path, a SQLite file: URI, or a "
        "postgresql://USER@HOST/DB URL).",
    )(command)


def format_option(
    choices: tuple[str, ...] = LISTING_FORMATS, default: str = "table"
) -> Callable[[Callable], Callable]:
    help_text = {
        LISTING_FORMATS: "table for people; json, jsonl or csv for programs.",
    }.get(choices, f"One of {', '.join(choices)}.")
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help=help_text,
    )


def out_option(command: Callable) -> Callable:
    return click.option(
        "--out",
        "out_path",
        metavar="PATH|-",
        help="Write to this file (replaced whole when complete) instead of standard "
        "output; - is standard output.",
    )(command)


class RowLimit(click.ParamType):
    """A row count from 0 (no limit) to the largest integer SQLite can bind."""

    name = "N"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        digits = (
            text.isascii() and text.isdigit() and len(text) <= len(str(MAX_INTEGER))
        )
        if not digits or int(text) > MAX_INTEGER:
            shown = text if len(text) <= 30 else f"{text[:27]}..."
            self.fail(
                f"{shown!r} is not a number of rows: give 0 (for all) up to "
                f"{MAX_INTEGER}",
                param,
                ctx,
            )
        return int(text)


def limit_option(command: Callable) -> Callable:
    return click.option(
        "--limit",
        type=RowLimit(),
        default=DEFAULT_LIMIT,
        show_default=True,
        help="Show at most N rows; 0 for all.",
    )(command)


def limit_value(limit: int) -> int | None:
    """`--limit` as the query functions take it (None: no limit)."""
    return limit or None


def site_option(command: Callable) -> Callable:
    return click.option(
        "--site", help="Only this site (e.g. responsiblestatecraft.org)."
    )(command)


def filter_options(command: Callable) -> Callable:
    """--site/--section/--author/--tag/--since/--until; `build_filters` turns them into
    `ArticleFilters`."""
    options = [
        click.option("--site", help="Only this site (e.g. responsiblestatecraft.org)."),
        click.option("--section", help="Only this section (label or slug)."),
        click.option("--author", help="Only articles by this author (name or handle)."),
        click.option("--tag", help="Only articles with this tag (name or slug)."),
        click.option(
            "--since", help="From this date: 2023-11, 2023-11-03, 'last 30 days'."
        ),
        click.option(
            "--until", help="Up to the end of this date (same forms as --since)."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def now_utc() -> datetime:
    return datetime.now(UTC)


def build_filters(
    *,
    site: str | None = None,
    section: str | None = None,
    author: str | None = None,
    tag: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Any:
    """The options of `filter_options` as `ArticleFilters`, dates read against now."""
    from newsarchive.query.dates import since_instant, until_instant
    from newsarchive.query.filters import ArticleFilters

    now = now_utc()
    return ArticleFilters(
        site=site,
        section=section,
        author=author,
        tag=tag,
        since=since_instant(since, now=now),
        until=until_instant(until, now=now),
    )


def output_target(
    out_path: str | Path | None, db_path: Path, *, option: str = "--out"
) -> OutputTarget:
    """The checked destination of `--out` (refused when it is the archive)."""
    return check_output(out_path, archive=db_path, option=option)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn the query library's errors into `UserError` (one line, exit code 2)."""
    try:
        yield
    except QueryError as error:
        raise UserError(str(error)) from None


@contextlib.contextmanager
def archive(db_path: Path) -> Iterator[Connection]:
    """A read-only connection on the archive at `db_path`, closed afterwards."""
    with reading(db_path) as connection:
        yield connection


def analyst_command(command: Callable) -> Callable:
    """End the command as every analyst command ends (see the module docstring)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
            sys.stdout.flush()
            return result
        except QueryError as error:
            raise UserError(str(error)) from None
        except OutputFailed as error:
            raise CommandFailed(str(error)) from None
        except sqlite3.Error as error:
            raise CommandFailed(f"reading the archive failed: {error}") from None
        except BrokenPipeError:
            _discard_stdout()
            click.get_current_context().exit(0)
        except OSError as error:
            if error.filename is not None:
                raise
            raise CommandFailed(
                f"cannot write to standard output: {error.strerror or error}"
            ) from None
        except Exception as error:  # last: after BrokenPipeError and OSError
            if not type(error).__module__.startswith("psycopg"):
                raise
            # A PostgreSQL archive's server error (psycopg is loaded only for one).
            reason = " ".join(str(error).split())
            raise CommandFailed(f"reading the archive failed: {reason}") from None

    return wrapper


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit meets no broken pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner)
        pass
