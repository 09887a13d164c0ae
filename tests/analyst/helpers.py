"""Running the CLI in-process and reading its output."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from click.testing import CliRunner, Result

from newsarchive.cli import cli


def run(
    *args: str | Path, db: Path | None = None, columns: int | None = None
) -> Result:
    """The CLI in-process; its stdout is not a terminal, so tables are full width
    unless `columns` gives one (as $COLUMNS)."""
    arguments = [str(a) for a in args]
    if db is not None:
        arguments += ["--db", str(db)]
    env = {"COLUMNS": str(columns) if columns else None}
    return CliRunner(env=env).invoke(cli, arguments, catch_exceptions=False)


def run_json(*args: str | Path, db: Path) -> list | dict:
    result = run(*args, "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def run_csv(*args: str | Path, db: Path) -> list[dict[str, str]]:
    result = run(*args, "--format", "csv", db=db)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def assert_user_error(result: Result, *fragments: str) -> None:
    """Exit code 2, one line on stderr, no traceback, naming what to do."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def tokens(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", (text or "").lower()))


def searchable_tokens(article: dict) -> set[str]:
    """The words FTS indexes for a truth article: title, subtitle, body, bylines and
    tags (the store leaves internal tags such as type:analysis out of the index)."""
    parts = [article["title"], article.get("subtitle"), article["body_text"]]
    parts += [author["name"] for author in article["authors"]]
    parts += [tag["name"] for tag in article["tags"] if not tag["internal"]]
    found: set[str] = set()
    for part in parts:
        found |= tokens(part)
    return found
