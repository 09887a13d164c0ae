"""Exit codes (docs/design/decisions.md 22) from a crawl's stats and close reason."""

from __future__ import annotations

from newsarchive.crawl.exit_codes import ExitCode, verdict_for

OK_STATS = {
    "downloader/response_count": 40,
    "newsarchive/start_url/status": 200,
    "newsarchive/article_pages": 20,
}


def test_codes_are_stable() -> None:
    assert [code.value for code in ExitCode] == [0, 1, 2, 3, 4, 5, 6]


def test_completed() -> None:
    assert verdict_for(OK_STATS, "finished", max_failure_rate=0.05).code == 0
    assert (
        verdict_for(OK_STATS, "closespider_max_articles", max_failure_rate=0.05).code
        == 0
    )


def test_failures_above_threshold() -> None:
    stats = {
        **OK_STATS,
        "newsarchive/failures/missing_title": 1,
        "newsarchive/failures/http_404": 1,
    }
    assert verdict_for(stats, "finished", max_failure_rate=0.05).code == 1
    verdict = verdict_for(stats, "finished", max_failure_rate=0.2)
    assert verdict.code == 0 and "2 failures" in verdict.message


def test_interrupted() -> None:
    assert verdict_for(OK_STATS, "shutdown", max_failure_rate=0.05).code == 4


def test_site_unreachable() -> None:
    stats = {"newsarchive/start_url/error": "dns_lookup_failed"}
    verdict = verdict_for(stats, "site_unreachable", max_failure_rate=0.05)
    assert verdict.code == 5 and "dns_lookup_failed" in verdict.message
    assert verdict_for({}, "finished", max_failure_rate=0.05).code == 5


def test_stopped_by_an_error_is_not_success() -> None:
    assert verdict_for(OK_STATS, "database_error", max_failure_rate=0.05).code == 1
