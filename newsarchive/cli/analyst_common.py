"""Shared pieces of the analyst commands: `--db`, the article filters, `--format`,
turning query errors into one-line user errors, and printing rows."""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from newsarchive.cli.errors import UserError
from newsarchive.items import iso_utc

OUTPUT_FORMATS = ("table", "json", "csv")


def _default_db() -> str:
    from newsarchive.store import default_db_path

    return str(default_db_path())


def db_option(command: Callable) -> Callable:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(path_type=Path),
        default=_default_db,
        show_default="data/archive.sqlite, or $NEWSARCHIVE_DB",
        help="The archive to read.",
    )(command)


def format_option(command: Callable) -> Callable:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(OUTPUT_FORMATS),
        default="table",
        show_default=True,
        help="table for people; json or csv for programs.",
    )(command)


def filter_options(command: Callable) -> Callable:
    """--section/--author/--tag/--since/--until; `build_filters` turns them into
    `ArticleFilters`."""
    options = [
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
    with user_errors():
        return ArticleFilters(
            section=section,
            author=author,
            tag=tag,
            since=since_instant(since, now=now),
            until=until_instant(until, now=now),
        )


def quiet_broken_pipe(command: Callable) -> Callable:
    """Stop quietly when the reader of stdout goes away (`... | head`), as Unix tools
    do, instead of a BrokenPipeError traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:
            # Python flushes stdout again at exit: point it at /dev/null first.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(1) from None

    return wrapper


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn the query library's errors into `UserError` (one line, exit code 2)."""
    from newsarchive.query.errors import QueryError

    try:
        yield
    except QueryError as error:
        raise UserError(str(error)) from None


@contextlib.contextmanager
def archive(db_path: Path) -> Iterator[Any]:
    """An engine on the archive at `db_path`, read-only; disposed afterwards."""
    from newsarchive.query.database import open_archive

    with user_errors():
        engine = open_archive(db_path)
    try:
        with user_errors():
            yield engine
    finally:
        engine.dispose()


def plain(value: Any) -> Any:
    """A value as JSON/CSV want it: datetimes ISO UTC, everything else as is."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, Path):
        return str(value)
    return value


def emit_rows(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    output_format: str,
    *,
    title: str | None = None,
    styles: dict[str, str] | None = None,
) -> None:
    """Print rows as a rich table, a JSON array or CSV (lists JSON-encoded in CSV)."""
    if output_format == "json":
        records = [{c: _json_cell(row.get(c)) for c in columns} for row in rows]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif output_format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row.get(c)) for c in columns])
    else:
        _print_table(rows, columns, title=title, styles=styles or {})


def _json_cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return plain(value)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else plain(value)


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


_NUMERIC_COLUMNS = {
    "id",
    "articles",
    "count",
    "rank",
    "attempts",
    "http_status",
    "exit_code",
    "fetched",
    "new",
    "changed",
    "unchanged",
    "failed",
    "skipped",
    "discovered",
}


_SHORT_COLUMNS = {"month", "share", "status", "stage", "kind", "internal", "position"}


def _print_table(rows, columns, *, title, styles) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        numeric = column in _NUMERIC_COLUMNS
        table.add_column(
            column.replace("_", " "),
            justify="right" if numeric else "left",
            overflow="fold",
            # Short values read badly when wrapped; long text columns take the squeeze.
            no_wrap=numeric
            or column in _SHORT_COLUMNS
            or column.endswith(("_at", "_published")),
        )
    count = 0
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            # Pre-rendered rich text (e.g. highlighted snippets) is kept as is.
            cells.append(
                value if isinstance(value, Text) else escape(_table_cell(value))
            )
        table.add_row(*cells)
        count += 1
    console = Console(soft_wrap=False)
    if count == 0:
        console.print("No results.")
        return
    console.print(table)
