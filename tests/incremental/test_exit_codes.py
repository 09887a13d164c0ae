"""Every exit code of `newsarchive crawl` that a scheduler branches on (docs/design/decisions.md 22):
0, 1 and 3 (another run holds the archive) here, 0 also in test_edition_runs, 2 here,
4 (interrupted) in test_interruptions; 5 (site unreachable) is asserted by
tests/crawl/test_cli_crawl.py and 6 (parser stale) by tests/faults."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.advisory_lock import archive_lock
from newsarchive.crawl.exit_codes import ExitCode

from .crawling import Site, crawl, runs_of

pytestmark = pytest.mark.slow


LOOSE = ("--max-failure-rate", "0.2")  # the replica's broken draft page: 1 in 15 pages


def newsarchive(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsarchive", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_0_completed_1_failures_above_the_threshold_3_archive_locked(
    tmp_path: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    # One test, so one replica and one first crawl serve all three (xdist would split
    # separate tests over two workers, each starting its own).
    db: Path | str = tmp_path / "archive.sqlite"
    if engine == "postgresql":  # the lock is then PostgreSQL's advisory lock
        db = request.getfixturevalue("empty_postgres_database")
    place = {"directory": tmp_path}
    site = Site(articles=12, seed=5, page_kb=4)
    site.serve(1)
    try:
        first = crawl(db, site.base_url, *LOOSE, name="first", **place)
        assert first.code == ExitCode.COMPLETED, first.output[-2000:]
        # The draft page fails again: 1 failure is above a 0% threshold.
        strict = crawl(
            db, site.base_url, "--max-failure-rate", "0", name="strict", **place
        )
        assert strict.code == ExitCode.FAILURES_ABOVE_THRESHOLD
        with archive_lock(db, what="crawl"):
            refused = crawl(db, site.base_url, name="refused", **place)
            upgrade = newsarchive("db", "upgrade", "--db", str(db), cwd=tmp_path)
    finally:
        site.stop()
    assert refused.code == ExitCode.ARCHIVE_LOCKED
    lines = [line for line in refused.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "holds the archive" in lines[0], refused.output
    assert upgrade.returncode == ExitCode.ARCHIVE_LOCKED
    # Each run recorded its exit code; the refused one left no record at all. (That a
    # killed holder never blocks the next run: test_interruptions.)
    assert [run.exit_code for run in runs_of(db)] == [0, 1]


@pytest.mark.parametrize(
    "option", [("--recheck-after", "thirty days"), ("--max-articles", "-1")]
)
def test_2_usage_error_in_one_line(tmp_path, option) -> None:
    result = newsarchive(
        "crawl", "--db", str(tmp_path / "a.sqlite"), *option, cwd=tmp_path
    )
    assert result.returncode == ExitCode.USAGE_ERROR
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("Error:") and "Traceback" not in result.stderr
