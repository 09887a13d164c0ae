"""Runs that are killed or stopped: nothing lost, nothing twice, the record says so, and
the next run finishes the work."""

from __future__ import annotations

import signal
from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsarchive.models import Article
from newsarchive.models.versions import ArticleVersion
from newsarchive.store import open_engine
from newsarchive.urls import url_key

from .crawling import Site, archived_count, crawl, runs_of, start_crawl, stop_when

pytestmark = pytest.mark.slow

ARTICLES, SEED, PAGE_KB = 40, 4, 4
# Small batches and a slower crawl, so there is a "middle" to interrupt.
SLOW = (
    "-s",
    "NEWSARCHIVE_STORE_BATCH_SIZE=5",
    "-s",
    "CONCURRENT_REQUESTS=2",
    "-s",
    "DOWNLOAD_DELAY=0.01",
)


@pytest.fixture(scope="module")
def site():
    served = Site(articles=ARTICLES, seed=SEED, page_kb=PAGE_KB)
    served.serve(1)
    yield served
    served.stop()


def archive_summary(db) -> tuple[Counter, Counter]:
    engine = open_engine(db)
    with Session(engine) as session:
        keys = Counter(session.scalars(select(Article.url_key)).all())
        versions = Counter(
            session.execute(
                select(ArticleVersion.article_id, func.count()).group_by(
                    ArticleVersion.article_id
                )
            ).all()
        )
    engine.dispose()
    return keys, versions


def assert_whole_edition_archived_once(db, site: Site) -> None:
    keys, versions = archive_summary(db)
    expected = {url_key(site.base_url + path) for path in site.corpus().article_paths()}
    assert set(keys) == expected and max(keys.values()) == 1
    assert {count for (_, count) in versions} == {1}  # no spurious second versions


def test_sigkill_mid_crawl_then_rerun(site: Site, tmp_path) -> None:
    db = tmp_path / "archive.sqlite"
    crawl_process = start_crawl(db, site.base_url, *SLOW)
    try:
        killed = stop_when(
            crawl_process, lambda: archived_count(db) >= 12, signal.SIGKILL
        )
        crawl_process.wait(30)
    finally:
        crawl_process.kill()
        crawl_process.stdout.close()
    assert killed, "the crawl ended before it could be killed"
    stored_before = archived_count(db)
    assert 12 <= stored_before < ARTICLES
    (left,) = runs_of(db)
    assert left.status == "running"  # nobody could complete the row
    rerun = crawl(db, site.base_url, name="rerun")
    assert rerun.code == 0, rerun.output[-2000:]
    killed_run, new_run = runs_of(db)
    assert (killed_run.status, killed_run.close_reason) == ("interrupted", "killed")
    assert killed_run.finished_at is not None and killed_run.new >= stored_before
    assert new_run.status in ("completed", "partial") and new_run.mode == "first"
    assert_whole_edition_archived_once(db, site)
    # What the killed run lost was fetched again; what it stored was not (only legacy
    # dated links, never followed before, are fetched to learn where they lead).
    assert rerun.stat("newsarchive/store/inserted") == ARTICLES - stored_before
    # Known by their sitemap <lastmod>, or (if a feed reached them first and the kill came
    # before the run could note their listing) asked "changed since?" and answered 304.
    confirmed = rerun.stat("newsarchive/incremental/unchanged_articles")
    assert confirmed + rerun.stat("newsarchive/not_modified") == stored_before


def test_sigterm_finishes_the_batch_and_exits_4(site: Site, tmp_path) -> None:
    db = tmp_path / "archive.sqlite"
    crawl_process = start_crawl(db, site.base_url, *SLOW)
    try:
        stopped = stop_when(
            crawl_process, lambda: archived_count(db) >= 8, signal.SIGTERM
        )
        output, _ = crawl_process.communicate(timeout=60)
    finally:
        crawl_process.kill()
    assert stopped, "the crawl ended before it could be stopped"
    assert crawl_process.returncode == 4, output[-2000:]
    (run,) = runs_of(db)
    assert (run.status, run.exit_code) == ("interrupted", 4)
    stats = (db.parent / "interrupted-stats.json").read_text()
    assert (
        '"newsarchive/store/not_written"' not in stats
    )  # every yielded page was written
    assert run.new == archived_count(
        db
    )  # (the next run carries on: see the SIGKILL test)
