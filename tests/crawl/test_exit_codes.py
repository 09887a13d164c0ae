"""Exit codes (docs/design/decisions.md 22), the run's status and the last line, from a
crawl's stats and close reason: one vocabulary for the line and the run record."""

from __future__ import annotations

import pytest

from newsarchive.crawl.exit_codes import ExitCode, verdict_for
from newsarchive.store import STATUS_WORDS, run_status

OK_STATS = {
    "downloader/response_count": 40,
    "newsarchive/start_url/status": 200,
    "newsarchive/article_pages": 20,
    "newsarchive/store/inserted": 20,
}


def test_codes_are_stable() -> None:
    assert [code.value for code in ExitCode] == [0, 1, 2, 3, 4, 5, 6]


def test_completed() -> None:
    verdict = verdict_for(OK_STATS, "finished", max_failure_rate=0.05)
    assert verdict.code == 0 and verdict.status == "completed"
    assert verdict.message.startswith("Completed: fetched 20 article pages; 20 new")
    limited = verdict_for(OK_STATS, "closespider_max_articles", max_failure_rate=0.05)
    assert limited.code == 0 and limited.status == "completed"
    assert "stopped at its limit: max_articles" in limited.message


def test_failures_above_threshold() -> None:
    stats = {
        **OK_STATS,
        "newsarchive/failures/missing_title": 1,
        "newsarchive/failures/http_404": 1,
    }
    strict = verdict_for(stats, "finished", max_failure_rate=0.05)
    assert strict.code == 1 and strict.status == "partial"
    assert strict.message.startswith("Completed with failures:")
    assert "2 failed (10.0%, above --max-failure-rate 5.0%)" in strict.message
    loose = verdict_for(stats, "finished", max_failure_rate=0.2)
    assert loose.code == 0 and loose.status == "partial"
    assert "2 failed (10.0%, within --max-failure-rate 20.0%)" in loose.message


def test_interrupted() -> None:
    verdict = verdict_for(OK_STATS, "shutdown", max_failure_rate=0.05)
    assert verdict.code == 4 and verdict.status == "interrupted"
    assert verdict.message.startswith("Interrupted: fetched 20 article pages")
    unwritten = verdict_for(
        {**OK_STATS, "newsarchive/store/not_written": 3},
        "shutdown",
        max_failure_rate=0.05,
    )
    assert "3 pages not written" in unwritten.message


def test_site_unreachable_only_when_nothing_was_fetched() -> None:
    stats = {"newsarchive/start_url/error": "dns_lookup_failed"}
    verdict = verdict_for(stats, "site_unreachable", max_failure_rate=0.05)
    assert verdict.code == 5 and verdict.status == "failed"
    assert "dns_lookup_failed" in verdict.message
    assert verdict_for({}, "finished", max_failure_rate=0.05).code == 5
    # The start URL failed after the sitemaps gave 416 articles: not "unreachable".
    later = {
        **OK_STATS,
        "newsarchive/store/inserted": 416,
        "newsarchive/start_url/status": None,
        "newsarchive/start_url/error": "timeout",
    }
    verdict = verdict_for(later, "site_unreachable", max_failure_rate=0.05)
    assert verdict.code == 1 and verdict.status == "failed"
    assert "unreachable" not in verdict.message and "416 new" in verdict.message


def test_stopped_by_an_error_is_not_success() -> None:
    verdict = verdict_for(OK_STATS, "database_error", max_failure_rate=0.05)
    assert verdict.code == 1 and verdict.status == "failed"
    assert verdict.message.startswith("Failed:")


def test_a_re_run_counts_what_it_fetched_apart_from_what_it_checked() -> None:
    stats = {
        **OK_STATS,
        "newsarchive/article_pages": 1,
        "newsarchive/store/inserted": 0,
        "newsarchive/store/updated": 1,
        "newsarchive/incremental/unchanged_articles": 1000,
    }
    verdict = verdict_for(stats, "finished", max_failure_rate=0.05)
    assert verdict.message == (
        "Completed: fetched 1 article page, 1000 unchanged by lastmod; 0 new, "
        "1 updated; no failures."
    )


@pytest.mark.parametrize(
    "reason",
    ["finished", "shutdown", "database_error", "closespider_max_articles", "other"],
)
@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"newsarchive/failures/http_404": 1},
        {"newsarchive/failures/http_404": 19},
        {"newsarchive/store/database_error": "OperationalError: database is locked"},
    ],
)
def test_the_line_starts_with_the_run_records_status(reason, extra) -> None:
    stats = {**OK_STATS, **extra}
    verdict = verdict_for(stats, reason, max_failure_rate=0.05)
    assert verdict.status == run_status(reason, stats)
    said = verdict.message.partition(":")[0]
    assert said == STATUS_WORDS[verdict.status].capitalize()
