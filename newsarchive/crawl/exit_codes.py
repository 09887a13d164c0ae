"""How a crawl ended: the run's status, the exit code (docs/design/decisions.md 22) and the
last line printed, decided in one place from the crawl's stats and Scrapy's close reason.

Scripts and cron jobs branch on the exit codes, so they never change meaning. The last
line starts with the run's status in the words of `newsarchive.run_statuses`
(completed, completed with failures, interrupted, failed), the status the run record
gets, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from newsarchive.crawl.counts import CrawlCounts, counts_from_stats

NOT_WRITTEN_STAT = "newsarchive/store/not_written"
UNCHANGED_STAT = "newsarchive/incremental/unchanged_articles"


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
    status: str
    """The run record's status (`completed`, `partial`, `interrupted`, `failed`)."""
    message: str
    """One line for the user saying how the run ended, starting with the status."""


def _plural(count: int, what: str) -> str:
    return f"{count} {what}" if count == 1 else f"{count} {what}s"


def work_done(counts: CrawlCounts, stats: Mapping[str, Any]) -> str:
    """What the run fetched, apart from what it only checked by sitemap `<lastmod>`:
    `fetched 1 article page, 1000 unchanged by lastmod; 0 new, 1 updated`."""
    fetched = f"fetched {_plural(counts.article_pages, 'article page')}"
    unchanged = int(stats.get(UNCHANGED_STAT, 0))
    if unchanged:
        fetched += f", {unchanged} unchanged by lastmod"
    stored = f"{counts.new} new, {counts.updated} updated"
    if counts.unchanged:
        stored += f", {counts.unchanged} unchanged"
    not_written = int(stats.get(NOT_WRITTEN_STAT, 0))
    if not_written:
        stored += f", {_plural(not_written, 'page')} not written"
    return f"{fetched}; {stored}"


def verdict_for(
    stats: Mapping[str, Any], finish_reason: str | None, *, max_failure_rate: float
) -> Verdict:
    """How a crawl ended, from its stats and Scrapy's close reason."""
    # Imported here: the CLI reads ExitCode before it has loaded the storage layer.
    from newsarchive.resilience.stale_parser import STALE_REASON, STALE_STAT
    from newsarchive.run_statuses import STATUS_WORDS
    from newsarchive.store import DATABASE_ERROR_STAT, nothing_fetched, run_status

    status = run_status(finish_reason, stats)
    word = STATUS_WORDS[status].capitalize()
    counts = counts_from_stats(stats)
    done = work_done(counts, stats)
    if status == "interrupted":
        return Verdict(
            code=ExitCode.INTERRUPTED,
            status=status,
            message=f"{word}: {done}. The archive holds everything stored before the "
            "stop; the next run goes on from there.",
        )
    database_error = stats.get(DATABASE_ERROR_STAT)
    if database_error:  # also when it struck while writing the last batch, at close
        return Verdict(
            code=ExitCode.FAILURES_ABOVE_THRESHOLD,
            status=status,
            message=f"{word}: database error ({database_error}); {done}. "
            "Nothing stored before it is lost.",
        )
    if nothing_fetched(stats):
        reason = stats.get("newsarchive/start_url/error", "no response")
        return Verdict(
            code=ExitCode.SITE_UNREACHABLE,
            status=status,
            message=f"{word}: site unreachable, nothing could be fetched from the start "
            f"URL ({reason}).",
        )
    stale = stats.get(STALE_STAT)
    if stale or finish_reason == STALE_REASON:
        # newsarchive.resilience.stale_parser: extraction broke on most recent pages.
        return Verdict(
            code=ExitCode.PARSER_STALE,
            status=status,
            message=f"{word}: {stale or 'the parser is stale'}. The pages are archived "
            "raw: fix the parser, then run `newsarchive reparse`.",
        )
    if status == "failed":
        if finish_reason == "site_unreachable":
            cause = "the start URL could not be fetched " + (
                f"({stats['newsarchive/start_url/error']})"
                if stats.get("newsarchive/start_url/error")
                else ""
            )
        else:
            cause = f"the crawl stopped early ({finish_reason})"
        return Verdict(
            code=ExitCode.FAILURES_ABOVE_THRESHOLD,
            status=status,
            message=f"{word}: {cause.strip()}; {done}. See the log.",
        )
    # Articles an incremental run found unchanged by their sitemap <lastmod> were checked
    # too: a retried old failure is then a share of the site, not of the few pages fetched.
    failures = counts.failed
    pages = counts.article_pages + int(stats.get(UNCHANGED_STAT, 0))
    rate = failures / pages if pages else 0.0
    limit = _limit_note(finish_reason)
    if status == "completed":
        return Verdict(
            code=ExitCode.COMPLETED,
            status=status,
            message=f"{word}: {done}; no failures{limit}.",
        )
    above = rate > max_failure_rate
    return Verdict(
        code=ExitCode.FAILURES_ABOVE_THRESHOLD if above else ExitCode.COMPLETED,
        status=status,
        message=(
            f"{word}: {done}; {failures} failed ({rate:.1%}, "
            f"{'above' if above else 'within'} --max-failure-rate "
            f"{max_failure_rate:.1%}){limit}."
        ),
    )


def _limit_note(finish_reason: str | None) -> str:
    """`, stopped at its limit: max_articles` for a run a `closespider_*` limit ended."""
    if finish_reason and finish_reason.startswith("closespider_"):
        return f", stopped at its limit: {finish_reason.removeprefix('closespider_')}"
    return ""
