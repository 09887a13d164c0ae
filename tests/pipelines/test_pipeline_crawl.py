"""The pipelines and the run-record extension inside a real Scrapy crawl (a subprocess:
the Twisted reactor can't restart). The spider yields hand-built items, no HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsarchive.models import Article, CrawlRun, Failure, Page
from newsarchive.store import open_engine

SCRIPT = Path(__file__).parent / "pipeline_crawl_script.py"


def crawl(tmp_path: Path, *extra: str) -> tuple[dict, subprocess.CompletedProcess]:
    db_path, stats_path = tmp_path / "archive.sqlite", tmp_path / "stats.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(db_path), str(stats_path), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(stats_path.read_text()), done


def archive_summary(db_path: Path) -> dict:
    engine = open_engine(db_path)
    try:
        with Session(engine) as session:
            run = session.scalars(select(CrawlRun)).one()
            return {
                "run": (run.status, run.close_reason, run.new, run.failed),
                "articles": session.scalar(select(func.count()).select_from(Article)),
                "pages": session.scalar(select(func.count()).select_from(Page)),
                "failures": session.scalar(select(func.count()).select_from(Failure)),
            }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def clean_crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    tmp_path = tmp_path_factory.mktemp("crawl")
    stats, _ = crawl(tmp_path)
    return tmp_path / "archive.sqlite", stats


def test_every_page_is_archived_and_counted(clean_crawl) -> None:
    db_path, stats = clean_crawl
    assert stats["newsarchive/store/inserted"] == 2
    assert stats["newsarchive/store/pages"] == 6
    assert stats["newsarchive/dedupe/canonical_url"] == 1
    assert stats["newsarchive/dedupe/content_hash"] == 1
    assert stats["newsarchive/dedupe/fingerprint"] == 0
    assert stats["newsarchive/failures/missing_title"] == 1
    assert stats["newsarchive/failures/missing_published_at"] == 1
    assert stats["item_dropped_count"] == 2  # the duplicates, after being recorded
    assert archive_summary(db_path) == {
        "run": ("partial", "finished", 2, 2), "articles": 2, "pages": 6, "failures": 2,
    }  # fmt: skip


def test_a_database_error_stops_the_crawl(tmp_path: Path) -> None:
    stats, done = crawl(tmp_path, "--refuse-url", "same-text")
    assert stats["finish_reason"] == "database_error"
    assert stats["newsarchive/store/database_error"] == "IntegrityError: disk on fire"
    assert stats["newsarchive/store/inserted"] == 1
    assert stats["newsarchive/store/not_written"] == 5
    assert "stopping the crawl" in done.stderr
    assert "Traceback" in done.stderr  # re-raised, so Scrapy logs it in full
    assert archive_summary(tmp_path / "archive.sqlite")["run"][:2] == (
        "failed", "database_error",
    )  # fmt: skip
