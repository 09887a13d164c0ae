"""The hostile-input suite: careless and hostile input against every command that takes
it, each case asserting the exit code, one line on stderr without a traceback, and the
archive unchanged (its bytes, so no row can have been lost).

Every case is written to a ledger (`ledger.py`); the run ends with the counts: cases
tried, handled cleanly, rows lost, archives destroyed. Cases run in-process (click's
CliRunner), on a small archive built once per worker through the store.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsarchive.cli import cli

from .ledger import record_case

ARTICLES = 30


@dataclass
class HostileArchive:
    db: Path
    rows: dict[str, int]
    """Rows per table when built."""

    def fingerprint(self) -> str:
        """The archive's bytes, with its write-ahead log (changes not yet merged)."""
        digest = hashlib.sha256(self.db.read_bytes())
        wal = Path(f"{self.db}-wal")
        if wal.exists():
            digest.update(wal.read_bytes())
        return digest.hexdigest()

    def row_counts(self) -> dict[str, int]:
        return count_rows(self.db)


def count_rows(db: Path) -> dict[str, int]:
    uri = f"file:{db}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'articles_fts_%' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables
        }


def integrity_ok(db: Path) -> bool:
    try:
        uri = f"file:{db}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.Error:
        return False


@pytest.fixture(scope="session")
def hostile_archive(tmp_path_factory: pytest.TempPathFactory) -> HostileArchive:
    from newsarchive.items import article_from_json_dict
    from newsarchive.replica import Corpus
    from tests.analyst.archive_builder import build_archive

    corpus = Corpus(
        articles=ARTICLES, seed=3, base_url="http://127.0.0.1:8765", page_kb=4
    )
    db = tmp_path_factory.mktemp("hostile") / "archive.sqlite"
    build_archive(db, [article_from_json_dict(a) for a in corpus.truth()])
    return HostileArchive(db=db, rows=count_rows(db))


@pytest.fixture
def private_archive(hostile_archive: HostileArchive, tmp_path: Path) -> HostileArchive:
    """A copy of the archive for cases that might destroy it (output paths), so that
    one failure cannot spoil the cases after it."""
    folder = tmp_path / "archive"
    folder.mkdir()
    db = folder / hostile_archive.db.name
    shutil.copyfile(hostile_archive.db, db)
    return HostileArchive(db=db, rows=dict(hostile_archive.rows))


@dataclass
class Outcome:
    result: Result
    handled: bool
    rows_lost: int
    destroyed: bool


def attempt(
    request: pytest.FixtureRequest,
    archive: HostileArchive,
    args: Sequence[str],
    *,
    expect: int,
    db: Path | str | None = None,
    stdin: str | None = None,
) -> Outcome:
    """Run `newsarchive ARGS --db ARCHIVE`, record the case in the ledger and assert it
    was handled cleanly: exit code `expect`, on failure exactly one `Error:` line on
    stderr, never a traceback, and the archive's bytes unchanged."""
    before = archive.fingerprint()
    arguments = [*map(str, args), "--db", str(db or archive.db)]
    result = CliRunner(env={"COLUMNS": None}).invoke(cli, arguments, input=stdin)
    after = archive.fingerprint()
    destroyed = after != before and not integrity_ok(archive.db)
    counts = archive.rows
    if after != before:
        try:
            counts = archive.row_counts()
        except sqlite3.Error:  # not a database any more: every row is lost
            counts = {}
    rows_lost = sum(
        max(0, number - counts.get(table, 0)) for table, number in archive.rows.items()
    )
    lines = result.stderr.strip().splitlines()
    crashed = result.exception is not None and not isinstance(
        result.exception, SystemExit
    )
    handled = (
        result.exit_code == expect
        and not crashed
        and "Traceback" not in result.output
        and (expect == 0 or (len(lines) == 1 and lines[0].startswith("Error: ")))
        and after == before
    )
    record_case(
        request.config,
        {
            "case": request.node.nodeid,
            "args": [
                a if len(a) <= 40 else f"{a[:37]}...({len(a)} chars)"
                for a in map(str, args)
            ],
            "expected": expect,
            "exit_code": result.exit_code,
            "handled": handled,
            "rows_lost": rows_lost,
            "destroyed": destroyed,
        },
    )
    assert not crashed, f"{args!r} raised {result.exception!r}"
    assert result.exit_code == expect, (args, result.output)
    assert "Traceback" not in result.output
    if expect != 0:
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert after == before, f"{args!r} changed the archive"
    return Outcome(result, handled, rows_lost, destroyed)


def not_an_archive(kind: str, archive: Path, scratch: Path) -> str:
    """A --db value that is no archive, of one `kind`, made in `scratch` as the case
    needs it (`archive` lends the bytes of the truncated kinds)."""
    made = scratch / f"{kind}.sqlite"
    if kind == "dev-null":
        return "/dev/null"
    if kind == "directory":
        return str(scratch)
    if kind == "name-too-long":
        return str(scratch / ("x" * 5_000))
    if kind == "nul":
        return str(scratch / "a\x00b.sqlite")
    if kind == "missing-uri":
        return f"file:{scratch / 'missing.sqlite'}?mode=rwc"
    if kind == "text-file":
        made.write_text("notes, not a database\n")
    elif kind == "random-bytes":
        made.write_bytes(os.urandom(20_000))
    elif kind == "truncated-archive":
        made.write_bytes(archive.read_bytes()[:8192])
    elif kind == "truncated-tail":  # whole header and schema, pages missing at the end
        data = archive.read_bytes()
        made.write_bytes(data[: len(data) // 2])
    elif kind == "empty-file":
        made.write_bytes(b"")
    return str(made)


def attempt_on_not_an_archive(
    request: pytest.FixtureRequest,
    archive: HostileArchive,
    command: Sequence[str],
    kind: str,
    scratch: Path,
) -> None:
    """The command on a --db of `kind`: exit 2, and nothing created or changed beside
    it but what any SQLite reader of a WAL file leaves (its shared-memory index and an
    empty log; no lock file: nothing was locked)."""
    db = not_an_archive(kind, archive.db, scratch)
    before = {p.name: p.read_bytes() for p in scratch.iterdir() if p.is_file()}
    attempt(request, archive, command, expect=2, db=db)
    after = {p.name: p.read_bytes() for p in scratch.iterdir() if p.is_file()}
    assert {name: after.get(name) for name in before} == before
    for name in after.keys() - before.keys():
        assert name.endswith("-shm") or (name.endswith("-wal") and not after[name])
