"""Every exit code of `newsarchive crawl` that a scheduler branches on (decisions.md 22):
0 and 1 here and in test_edition_runs, 2 usage, 3 archive locked, 4 in
test_interruptions, 5 site unreachable (6, parser stale, is issue 7's)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.crawl.exit_codes import ExitCode
from newsarchive.runlock import ArchiveLock

from .crawling import Site, crawl, runs_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site():
    served = Site(articles=12, seed=5, page_kb=4)
    served.serve(1)
    yield served
    served.stop()


LOOSE = ("--max-failure-rate", "0.2")  # the replica's broken draft page: 1 in 15 pages


@pytest.fixture(scope="module")
def crawled(site: Site, tmp_path_factory) -> Path:
    """An archive of the site after one completed run (copy it before writing)."""
    db = tmp_path_factory.mktemp("crawled") / "archive.sqlite"
    first = crawl(db, site.base_url, *LOOSE, name="first")
    assert first.code == ExitCode.COMPLETED, first.output[-2000:]
    return db


def copy_of(db: Path, directory: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{db}{suffix}").exists():
            shutil.copyfile(f"{db}{suffix}", directory / f"archive.sqlite{suffix}")
    return directory / "archive.sqlite"


def newsarchive(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsarchive", *args], capture_output=True,
                          text=True, timeout=60, cwd=cwd)  # fmt: skip


def test_0_completed_and_1_failures_above_the_threshold(site: Site, crawled: Path,
                                                        tmp_path: Path) -> None:  # fmt: skip
    db = copy_of(crawled, tmp_path)
    # The draft page fails again: 1 failure is above a 0% threshold.
    strict = crawl(db, site.base_url, "--max-failure-rate", "0", name="strict")
    assert strict.code == ExitCode.FAILURES_ABOVE_THRESHOLD
    assert [run.exit_code for run in runs_of(db)] == [0, 1]


@pytest.mark.parametrize("option", [("--recheck-after", "thirty days"), ("--max-articles", "-1")])
def test_2_usage_error_in_one_line(tmp_path, option) -> None:
    result = newsarchive("crawl", "--db", str(tmp_path / "a.sqlite"), *option, cwd=tmp_path)
    assert result.returncode == ExitCode.USAGE_ERROR
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("Error:") and "Traceback" not in result.stderr


def test_3_another_run_holds_the_archive(site: Site, crawled: Path, tmp_path: Path) -> None:
    db = copy_of(crawled, tmp_path)
    with ArchiveLock(db, what="crawl"):
        refused = crawl(db, site.base_url, name="refused")
        upgrade = newsarchive("db", "upgrade", "--db", str(db), cwd=tmp_path)
    assert refused.code == ExitCode.ARCHIVE_LOCKED
    lines = [line for line in refused.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "holds the archive" in lines[0], refused.output
    assert upgrade.returncode == ExitCode.ARCHIVE_LOCKED
    assert len(runs_of(db)) == 1  # the refused run left no record
    assert crawl(db, site.base_url, *LOOSE, name="after").code == ExitCode.COMPLETED


def test_5_site_unreachable(tmp_path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = crawl(tmp_path / "archive.sqlite", f"http://127.0.0.1:{port}", name="down")
    assert result.code == ExitCode.SITE_UNREACHABLE
    assert "unreachable" in result.output.lower()
