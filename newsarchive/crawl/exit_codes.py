"""Exit codes of `newsarchive crawl` / `demo` (docs/design/decisions.md 22), mapped in one place.

Scripts and cron jobs branch on these numbers, so they never change meaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from newsarchive.crawl.counts import counts_from_stats
from newsarchive.resilience.stale_parser import STALE_REASON, STALE_STAT


class ExitCode(IntEnum):
    COMPLETED = 0
    FAILURES_ABOVE_THRESHOLD = 1
    USAGE_ERROR = 2
    ARCHIVE_LOCKED = 3
    INTERRUPTED = 4
    SITE_UNREACHABLE = 5
    PARSER_STALE = 6


@dataclass(kw_only=True, frozen=True)
class Verdict:
    code: ExitCode
    message: str
    """One line for the user saying how the run ended."""


def verdict_for(
    stats: Mapping[str, Any], finish_reason: str | None, *, max_failure_rate: float
) -> Verdict:
    """How a crawl ended, from its stats and Scrapy's close reason."""
    if finish_reason == "shutdown":
        return Verdict(
            code=ExitCode.INTERRUPTED,
            message="Interrupted: the archive holds everything stored before the stop.",
        )
    # A worker of a shared crawl that does not lead it never fetches the start URL, and
    # may find the crawl's queue empty (docs/scale-out.md).
    follower = stats.get("newsarchive/shared_crawl/lead") is False
    if finish_reason == "site_unreachable" or (
        not follower
        and not stats.get("newsarchive/start_url/status")
        and not stats.get("downloader/response_count")
    ):
        reason = stats.get("newsarchive/start_url/error", "no response")
        return Verdict(
            code=ExitCode.SITE_UNREACHABLE,
            message=f"Site unreachable: nothing could be fetched from the start URL ({reason}).",
        )
    stale = stats.get(STALE_STAT)
    if stale or finish_reason == STALE_REASON:
        # newsarchive.resilience.stale_parser: extraction broke on most recent pages.
        return Verdict(
            code=ExitCode.PARSER_STALE,
            message=f"Stopped: {stale or 'the parser is stale'}. The pages are archived "
            "raw: fix the parser, then run `newsarchive reparse`.",
        )
    counts = counts_from_stats(stats)
    # Articles an incremental run found unchanged by their sitemap <lastmod> were checked
    # too: a retried old failure is then a share of the site, not of the few pages fetched.
    unchanged = int(stats.get("newsarchive/incremental/unchanged_articles", 0))
    failures, pages = counts.failed, counts.article_pages + unchanged
    rate = failures / pages if pages else 0.0
    database_error = stats.get("newsarchive/store/database_error")
    if database_error:  # also when it struck while writing the last batch, at close
        return Verdict(
            code=ExitCode.FAILURES_ABOVE_THRESHOLD,
            message=f"The crawl stopped on a database error ({database_error}); see the log.",
        )
    if finish_reason not in ("finished", None) and not finish_reason.startswith(
        "closespider_"
    ):
        return Verdict(
            code=ExitCode.FAILURES_ABOVE_THRESHOLD,
            message=f"The crawl stopped early ({finish_reason}); see the log.",
        )
    if rate > max_failure_rate:
        return Verdict(
            code=ExitCode.FAILURES_ABOVE_THRESHOLD,
            message=(
                f"Completed with {failures} failures in {pages} article pages "
                f"({rate:.1%} > --max-failure-rate {max_failure_rate:.1%})."
            ),
        )
    return Verdict(
        code=ExitCode.COMPLETED,
        message=f"Completed: {pages} article pages, {failures} failures.",
    )
