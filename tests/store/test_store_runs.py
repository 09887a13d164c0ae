"""crawl_runs: opened running, completed from the close reason and the stats."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from store_samples import FETCHED_AT, SITE

from newsarchive import __version__
from newsarchive.models import CrawlRun
from newsarchive.store import finish_run, run_status, set_exit_code, start_run
from newsarchive.store.runs import run_counts

FETCHED = {"downloader/response_count": 3, "newsarchive/start_url/status": 200}


@pytest.mark.parametrize(
    ("reason", "stats", "status"),
    [
        ("finished", {}, "completed"),
        ("finished", {"newsarchive/failures/missing_title": 2}, "partial"),
        # Stopped at a limit it was given (--max-articles, CLOSESPIDER_*): completed.
        ("closespider_timeout", {}, "completed"),
        ("closespider_max_articles", {"newsarchive/failures/x": 1}, "partial"),
        ("shutdown", {}, "interrupted"),
        ("cancelled", {}, "interrupted"),
        ("database_error", {}, "failed"),
        (
            "finished",
            {"newsarchive/store/database_error": "OperationalError: x"},
            "failed",
        ),
        ("something_else", {}, "failed"),
        ("site_unreachable", {}, "failed"),
    ],
)
def test_run_status(reason: str, stats: dict, status: str) -> None:
    assert run_status(reason, {**FETCHED, **stats}) == status


def test_a_run_that_fetched_nothing_failed_unless_interrupted() -> None:
    assert run_status("finished", {}) == "failed"
    assert run_status("shutdown", {}) == "interrupted"


def test_run_counts_sum_namespaced_and_scrapy_stats() -> None:
    stats = {
        "newsarchive/discovered/articles": 50,
        "newsarchive/discovered/links/sitemap": 400,
        "response_received_count": 40,
        "downloader/response_status_count/304": 3,
        "newsarchive/store/inserted": 30,
        "newsarchive/store/updated": 2,
        "newsarchive/store/unchanged": 4,
        "newsarchive/failures/missing_title": 1,
        "newsarchive/failures/timeout": 2,
        "retry/count": 5,
        "newsarchive/skipped/not_article": 6,
        "newsarchive/skipped/robots": 1,
        "newsarchive/store/moved": 1,  # incremental runs
        "newsarchive/failures_retried": 2,
    }
    assert run_counts(stats) == {
        "discovered": 50, "fetched": 40, "not_modified": 3, "new": 30, "changed": 2,
        "unchanged": 4, "gone": 0, "failed": 3, "retried": 5, "skipped": 7,
        "moved": 1, "teasers_changed": 0, "failures_retried": 2,
    }  # fmt: skip


def test_a_run_is_opened_then_completed(engine: Engine, db_path) -> None:
    run_id = start_run(
        engine,
        site=SITE,
        spider="responsiblestatecraft",
        started_at=FETCHED_AT,
        settings={"NEWSARCHIVE_SITE": SITE},
        db_path=db_path,
        log_file="logs/x.log",
    )
    with Session(engine) as session:
        run = session.get_one(CrawlRun, run_id)
        assert (run.status, run.newsarchive_version, run.db_path) == (
            "running", __version__, str(db_path),
        )  # fmt: skip
    status = finish_run(
        engine,
        run_id,
        finished_at=FETCHED_AT + timedelta(minutes=5),
        close_reason="finished",
        stats={"newsarchive/store/inserted": 3, "start_time": FETCHED_AT},
    )
    assert status == "completed"
    with Session(engine) as session, session.begin():
        run = session.get_one(CrawlRun, run_id)
        assert (run.status, run.close_reason, run.new) == ("completed", "finished", 3)
        assert run.stats["start_time"] == "2024-03-01T12:00:00+00:00"
        assert run.settings == {"NEWSARCHIVE_SITE": SITE}
        set_exit_code(session, run_id, 0)
    with Session(engine) as session:
        assert session.get_one(CrawlRun, run_id).exit_code == 0
