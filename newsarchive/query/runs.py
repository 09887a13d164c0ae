"""Crawl run records and the open failures, for `newsarchive runs` / `failures`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from newsarchive.models import CrawlRun, Failure

RUN_COLUMNS = (
    "id",
    "started_at",
    "finished_at",
    "status",
    "exit_code",
    "discovered",
    "fetched",
    "new",
    "changed",
    "unchanged",
    "failed",
    "skipped",
    "site",
)


def crawl_runs(
    connection: Connection, *, limit: int | None = 20
) -> list[dict[str, Any]]:
    """The run records, newest first."""
    columns = [getattr(CrawlRun, name) for name in RUN_COLUMNS]
    statement = select(*columns).order_by(
        CrawlRun.started_at.desc(), CrawlRun.id.desc()
    )
    if limit is not None:
        statement = statement.limit(limit)
    return [dict(row) for row in connection.execute(statement).mappings()]


def _open_failure():
    return Failure.resolved_at.is_(None) & Failure.ignored_at.is_(None)


def failures_by_reason(connection: Connection) -> list[dict[str, Any]]:
    """Open failures (neither resolved nor ignored) counted per stage and reason."""
    count = func.count(Failure.id)
    statement = (
        select(
            Failure.reason,
            Failure.stage,
            count.label("count"),
            func.max(Failure.last_seen_at).label("last_seen_at"),
            func.min(Failure.url).label("example_url"),
        )
        .where(_open_failure())
        .group_by(Failure.stage, Failure.reason)
        .order_by(count.desc(), Failure.reason)
    )
    return [dict(row) for row in connection.execute(statement).mappings()]


def open_failures(
    connection: Connection, *, reason: str | None = None, limit: int | None = 100
) -> list[dict[str, Any]]:
    """Open failures one by one, most recently seen first (optionally of one reason)."""
    statement = (
        select(
            Failure.id,
            Failure.stage,
            Failure.reason,
            Failure.http_status,
            Failure.attempts,
            Failure.last_seen_at,
            Failure.url,
            Failure.detail,
        )
        .where(_open_failure())
        .order_by(Failure.last_seen_at.desc(), Failure.id.desc())
    )
    if reason is not None:
        statement = statement.where(Failure.reason == reason)
    if limit is not None:
        statement = statement.limit(limit)
    return [dict(row) for row in connection.execute(statement).mappings()]


def known_failure_reasons(connection: Connection) -> list[str]:
    statement = (
        select(Failure.reason)
        .where(_open_failure())
        .distinct()
        .order_by(Failure.reason)
    )
    return list(connection.execute(statement).scalars())
