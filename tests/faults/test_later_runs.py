"""After the soak: a later run against the healed site retries what failed and resolves it;
`failures ignore` gives up on failures so later runs leave them alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsarchive.models import CrawlRun, Failure
from newsarchive.resilience.soak import SoakConfig, run_soak
from newsarchive.store import open_engine
from newsarchive.urls import url_key

from .conftest import copy_archive

pytestmark = pytest.mark.slow


def failures_of(db_path: Path) -> list[Failure]:
    engine = open_engine(db_path)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(Failure).order_by(Failure.id)).all())
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def healed(soak, tmp_path_factory):
    """The soak's archive crawled again from the same replica, its faults gone."""
    directory = tmp_path_factory.mktemp("healed")
    copy_archive(soak, directory)
    port = urlsplit(soak.base_url).port
    config = SoakConfig(directory=directory, articles=soak.config.articles,
                        profile="none", port=port)  # fmt: skip
    return run_soak(config)


def test_later_run_resolves_what_failed_and_loses_nothing(soak, healed) -> None:
    assert healed.base_url == soak.base_url
    report = healed.report
    assert report.problems() == {}
    assert report.archived_correctly == report.truth_articles
    assert sum(report.recorded.values()) == 0


def test_failures_of_truth_articles_are_resolved_not_deleted(soak, healed) -> None:
    truth_keys = {url_key(a["url"]) for a in healed.corpus().truth()}
    before = [f for f in failures_of(soak.db_path) if f.url_key in truth_keys]
    after = {f.id: f for f in failures_of(healed.db_path)}
    assert before
    for failure in before:
        assert after[failure.id].resolved_at is not None, failure


def test_open_failures_were_retried(soak, healed) -> None:
    # Dead sitemap entries are listed nowhere on the healed site: only the archive's
    # open failures lead the second run to them. They fail again (still 404).
    assert healed.stats.get("newsarchive/failures_retried", 0) > 0
    ghosts = {soak.base_url + path for path in soak.plan.ghost_paths()}
    rows = [f for f in failures_of(healed.db_path) if f.url in ghosts]
    assert rows and all(f.attempts == 2 and f.resolved_at is None for f in rows)
    assert all(f.run_id == 2 for f in rows)


def test_broken_discovery_files_resolved_once_readable(soak, healed) -> None:
    urls = {
        soak.base_url + soak.plan.malformed_sitemap_path(),
        soak.base_url + "/feeds/feed.rss",
    }
    rows = [f for f in failures_of(healed.db_path) if f.url in urls]
    assert len(rows) == 2 and all(f.resolved_at is not None for f in rows)


def test_second_run_record(healed) -> None:
    engine = open_engine(healed.db_path)
    try:
        with Session(engine) as session:
            runs = session.scalars(select(CrawlRun).order_by(CrawlRun.id)).all()
    finally:
        engine.dispose()
    assert [run.id for run in runs] == [1, 2]
    assert runs[1].exit_code == healed.exit_code


def ignore(db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsarchive", "failures", "ignore", "--db", str(db_path), *args],
        capture_output=True, text=True, timeout=60, check=False)  # fmt: skip


def test_failures_ignore_by_id_and_by_reason(soak, tmp_path) -> None:
    db_path = copy_archive(soak, tmp_path)
    rows = failures_of(db_path)
    first = rows[0]
    done = ignore(db_path, str(first.id))
    assert done.returncode == 0, done.stderr
    assert "Ignored 1 open failure" in done.stdout
    too_large = [f for f in rows if f.reason == "too_large"]
    done = ignore(db_path, "--reason", "too_large")
    assert (
        done.returncode == 0
        and f"Ignored {len(too_large)} open failures" in done.stdout
    )
    after = {f.id: f for f in failures_of(db_path)}
    assert after[first.id].ignored_at is not None
    assert all(after[f.id].ignored_at is not None for f in too_large)
    listed = subprocess.run(
        [sys.executable, "-m", "newsarchive", "failures", "--db", str(db_path),
         "--format", "csv"], capture_output=True, text=True, timeout=60, check=False).stdout  # fmt: skip
    assert "too_large" not in listed


@pytest.mark.parametrize("args", [(), ("1", "--reason", "http_404"), ("999999",),
                                  ("--reason", "no_such_reason")])  # fmt: skip
def test_failures_ignore_mistakes_exit_2_in_one_line(soak, tmp_path, args) -> None:
    db_path = copy_archive(soak, tmp_path)
    done = ignore(db_path, *args)
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr.startswith("Error: ") and len(done.stderr.strip().splitlines()) == 1
    )
    assert all(f.ignored_at is None for f in failures_of(db_path))
