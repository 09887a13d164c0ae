"""`crawl_runs`: one row per crawl, opened when it starts and completed when it ends.

A run killed with SIGKILL (or by a power cut) never completes its row. The next run,
once it holds the archive's lock, knows no other run is alive, so a row still `running`
belongs to a dead process: `close_abandoned_runs` marks it `interrupted` (close reason
`killed`), finished at its last stored page, with the counts that can be read back from
the archive.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from newsarchive import __version__
from newsarchive.archive_url import shown_location
from newsarchive.models import CrawlRun, Page
from newsarchive.models.versions import ArticleVersion

logger = logging.getLogger(__name__)

KILLED = "killed"
DATABASE_ERROR_STAT = "newsarchive/store/database_error"

# crawl_runs column -> the stats it sums (a key ending in "/" sums every key under it).
COUNT_STATS: dict[str, tuple[str, ...]] = {
    "discovered": ("newsarchive/discovered/articles",),
    "fetched": ("response_received_count",),
    "not_modified": ("downloader/response_status_count/304",),
    "new": ("newsarchive/store/inserted",),
    "changed": ("newsarchive/store/updated",),
    "unchanged": ("newsarchive/store/unchanged",),
    "gone": ("newsarchive/gone",),
    "failed": ("newsarchive/failures/",),
    "retried": ("retry/count",),
    "skipped": ("newsarchive/skipped/",),
    "moved": ("newsarchive/store/moved",),
    "teasers_changed": ("newsarchive/store/teasers_changed",),
    "failures_retried": ("newsarchive/failures_retried",),
}
MODE_STAT = "newsarchive/incremental/mode"


def run_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """The crawl_runs count columns from a crawl's stats."""
    return {column: _sum_stats(stats, keys) for column, keys in COUNT_STATS.items()}


def _sum_stats(stats: Mapping[str, Any], keys: tuple[str, ...]) -> int:
    return sum(
        value
        for name, value in stats.items()
        if isinstance(value, int)
        and not isinstance(value, bool)
        and any(name.startswith(k) if k.endswith("/") else name == k for k in keys)
    )


def describe_error(error: BaseException) -> str:
    """One line naming a database error (without the SQL and parameters)."""
    cause = getattr(error, "orig", None) or error
    first_line = (str(cause).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first_line}"


def nothing_fetched(stats: Mapping[str, Any]) -> bool:
    """The start URL gave no answer, no page was received and nothing was stored."""
    if stats.get("newsarchive/shared_crawl/lead") is False:
        # A worker of a shared crawl that does not lead it never fetches the start URL,
        # and may find the crawl's queue empty (docs/scale-out.md).
        return False
    counts = run_counts(stats)
    return not (
        stats.get("newsarchive/start_url/status")
        or stats.get("downloader/response_count")
        or counts["fetched"]
        or counts["new"]
        or counts["changed"]
        or counts["unchanged"]
    )


def run_status(close_reason: str | None, stats: Mapping[str, Any]) -> str:
    """How a run ended, from Scrapy's close reason and its stats.

    `completed` when it went through (or stopped at a limit it was given, a
    `closespider_*` reason) without a failed page, `partial` (completed with failures)
    with some, `interrupted` when stopped by a signal, `failed` when it could not go on:
    a database error, nothing fetched at all, or any other reason to stop.
    """
    if close_reason == "database_error" or stats.get(DATABASE_ERROR_STAT):
        return "failed"
    if close_reason in ("shutdown", "cancelled"):
        return "interrupted"
    if nothing_fetched(stats):
        return "failed"
    if close_reason == "finished" or (close_reason or "").startswith("closespider_"):
        return "partial" if run_counts(stats)["failed"] > 0 else "completed"
    return "failed"


def start_run(
    engine: Engine,
    *,
    site: str,
    started_at: datetime,
    settings: Mapping[str, Any],
    spider: str | None = None,
    db_path: str | Path | None = None,
    log_file: str | None = None,
    crawl_id: str | None = None,
) -> int:
    """Insert a `running` crawl_runs row; its id. `crawl_id`: the shared crawl the run
    is one worker of (docs/scale-out.md)."""
    run = CrawlRun(
        site=site,
        spider=spider,
        started_at=started_at,
        status="running",
        settings=dict(settings),
        newsarchive_version=__version__,
        log_file=log_file,
        crawl_id=crawl_id,
        # A PostgreSQL URL is recorded without its password.
        db_path=shown_location(db_path) if db_path is not None else None,
        **{column: 0 for column in COUNT_STATS},
    )
    with sessionmaker(engine).begin() as session:
        session.add(run)
        session.flush()
        return run.id


def finish_run(
    engine: Engine,
    run_id: int,
    *,
    finished_at: datetime,
    close_reason: str | None,
    stats: Mapping[str, Any],
) -> str:
    """Complete the run from its close reason and stats; the status it got."""
    status = run_status(close_reason, stats)
    with sessionmaker(engine).begin() as session:
        run = session.get_one(CrawlRun, run_id)
        _finish(run, finished_at, close_reason, stats)
        run.status = status
    return status


def _finish(
    run: CrawlRun,
    finished_at: datetime,
    close_reason: str | None,
    stats: Mapping[str, Any],
) -> None:
    run.finished_at = finished_at
    run.close_reason = close_reason
    run.stats = _jsonable_stats(stats)
    run.mode = stats.get(MODE_STAT)
    for column, value in run_counts(stats).items():
        setattr(run, column, value)


def close_run(
    engine: Engine,
    run_id: int,
    *,
    status: str,
    exit_code: int,
    stats: Mapping[str, Any],
) -> None:
    """The run's last word, from the process that ran it: its status and exit code, and
    (if the crawl could not complete the row itself) its close reason and counts."""
    with sessionmaker(engine).begin() as session:
        run = session.get_one(CrawlRun, run_id)
        if run.status == "running":
            _finish(run, datetime.now(UTC), stats.get("finish_reason"), stats)
        run.status = status
        run.exit_code = exit_code


def set_exit_code(session: Session, run_id: int, exit_code: int) -> None:
    """Record the process exit code the CLI chose for the run (docs/design/decisions.md 22)."""
    session.get_one(CrawlRun, run_id).exit_code = exit_code


def _jsonable_stats(stats: Mapping[str, Any]) -> dict[str, Any]:
    jsonable: dict[str, Any] = {}
    for name, value in stats.items():
        if isinstance(value, datetime):
            jsonable[name] = value.isoformat()
        elif value is None or isinstance(value, (bool, int, float, str)):
            jsonable[name] = value
        else:
            jsonable[name] = str(value)
    return jsonable


def close_abandoned_runs(engine: Engine) -> list[int]:
    """Mark every `running` row interrupted; their ids. Call with the lock held."""
    with Session(engine) as session, session.begin():
        runs = session.scalars(
            select(CrawlRun).where(CrawlRun.status == "running")
        ).all()
        for run in runs:
            last_page = session.scalar(
                select(func.max(Page.fetched_at)).where(Page.run_id == run.id)
            )
            run.status, run.close_reason = "interrupted", KILLED
            run.finished_at = (
                max(last_page, run.started_at) if last_page else run.started_at
            )
            run.fetched = (
                session.scalar(select(func.count()).where(Page.run_id == run.id)) or 0
            )
            versions = select(func.count()).where(ArticleVersion.run_id == run.id)
            run.new = session.scalar(versions.where(ArticleVersion.version == 1)) or 0
            run.changed = (
                session.scalar(versions.where(ArticleVersion.version > 1)) or 0
            )
            logger.warning(
                "Run %d was killed while running (no process holds the archive): "
                "marked interrupted",
                run.id,
            )
        return [run.id for run in runs]
