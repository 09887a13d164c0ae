"""Writing a listing command's rows: a table for people, JSON, JSON lines or CSV for
programs, to standard output or a file (`--out`).

Machine formats carry every field with its plain value (datetimes ISO 8601 UTC, shares
as fractions, lists as arrays; JSON-encoded inside CSV cells); the table shows the
columns that fit (see `text_table`).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import click

from newsarchive.cli.text_table import TableColumn, fit_table
from newsarchive.items import iso_utc
from newsarchive.query.output_files import OutputTarget, open_output

LISTING_FORMATS = ("table", "json", "jsonl", "csv")


def plain(value: Any) -> Any:
    """A value as JSON/CSV want it: datetimes ISO UTC, everything else as is."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def table_width(target: OutputTarget) -> int | None:
    """The width a table must fit: the terminal's (or `$COLUMNS`); None (unlimited)
    when writing to a file or a pipe."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    if target.path is None and sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def emit_rows(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[TableColumn],
    output_format: str,
    target: OutputTarget,
    *,
    fields: Sequence[str] | None = None,
    note: str | None = None,
) -> int:
    """Write `rows` in `output_format` to `target`; `fields` are the keys machine
    formats write (default: the table's). `note` goes to stderr under a table (e.g.
    how to see more rows). Returns the number of rows."""
    keys = list(fields or [column.key for column in columns])
    with open_output(target, binary=False) as out:
        if output_format == "json":
            records = [{key: plain(row.get(key)) for key in keys} for row in rows]
            out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
            count = len(records)
        elif output_format == "jsonl":
            count = 0
            for count, row in enumerate(rows, start=1):
                record = {key: plain(row.get(key)) for key in keys}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif output_format == "csv":
            count = write_csv_rows(rows, keys, out)
        else:
            count = write_table(rows, columns, out, width=table_width(target))
    if output_format == "table" and note and count:
        click.echo(note, err=True)
    return count


def write_csv_rows(
    rows: Iterable[dict[str, Any]], keys: Sequence[str], out: IO[str]
) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(row.get(key)) for key in keys])
        count += 1
    return count


def write_table(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[TableColumn],
    out: IO[str],
    *,
    width: int | None,
) -> int:
    cells = [[table_cell(row.get(c.key), c) for c in columns] for row in rows]
    if not cells:
        click.echo("No results.", file=out)
        return 0
    fitted = fit_table(columns, cells, width=width)
    header, *body = fitted.lines
    click.echo(click.style(header, bold=True), file=out)  # plain unless a terminal
    for line in body:
        click.echo(line, file=out)
    if fitted.left_out:
        click.echo(
            f"(Left out for width: {', '.join(fitted.left_out)}. A wider terminal, or "
            "--format csv|json, shows them.)",
            err=True,
        )
    return len(cells)


def table_cell(value: Any, column: TableColumn | None = None) -> str:
    """A value as a table shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float):
        return (
            f"{100 * value:.1f}%"
            if column and column.key == "share"
            else f"{value:.2f}"
        )
    if isinstance(value, int) and column is not None and column.kind == "number":
        return f"{value:,}" if column.key not in _CODES else str(value)
    return " ".join(str(value).split())  # one line: a row never wraps


# Numbers that are identifiers or codes, shown without thousands separators.
_CODES = {"id", "exit_code", "http_status", "position", "version", "run", "article_id"}


def _csv_cell(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(plain(value), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else plain(value)
