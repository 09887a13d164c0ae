"""Crawl run records and the open failures, for `newsarchive runs` / `failures`."""

from __future__ import annotations

from typing import Any

from newsarchive.query.database import Connection, fetch_all
from newsarchive.query.dialect import column_names, instant_value
from newsarchive.query.filters import resolve_site
from newsarchive.run_statuses import status_words

RUN_COLUMNS = (
    "id",
    "crawl_id",
    "site",
    "spider",
    "mode",
    "status",
    "close_reason",
    "exit_code",
    "started_at",
    "finished_at",
    "discovered",
    "fetched",
    "not_modified",
    "new",
    "changed",
    "unchanged",
    "moved",
    "gone",
    "failed",
    "retried",
    "skipped",
    "teasers_changed",
    "failures_retried",
    "newsarchive_version",
    "db_path",
    "log_file",
)
"""Every column of `crawl_runs` except the `settings` and `stats` JSON blobs, in the
order a reader wants them. An archive of an older schema revision lacks some (null)."""
FAILURE_COLUMNS = (
    "id",
    "site",
    "stage",
    "reason",
    "http_status",
    "attempts",
    "first_seen_at",
    "last_seen_at",
    "url",
    "detail",
)
_RUN_INSTANTS = ("started_at", "finished_at")
_OPEN = "resolved_at IS NULL AND ignored_at IS NULL"


def crawl_runs(
    connection: Connection, *, site: str | None = None, limit: int | None = 50
) -> list[dict[str, Any]]:
    """The run records, newest first; `status` in the words the crawl's last line uses."""
    present = set(column_names(connection, "crawl_runs"))
    selected = ", ".join(
        name if name in present else f"NULL AS {name}" for name in RUN_COLUMNS
    )
    params: dict[str, Any] = {}
    sql = f"SELECT {selected} FROM crawl_runs"
    if site is not None:
        sql += " WHERE site = :site"
        params["site"] = resolve_site(connection, site)
    sql += " ORDER BY started_at DESC, id DESC"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    rows = fetch_all(connection, sql, params)
    for row in rows:
        for name in _RUN_INSTANTS:
            row[name] = instant_value(row[name])
        # One vocabulary with the crawl's last line (newsarchive/run_statuses.py).
        row["status"] = status_words(row["status"])
    return rows


CRAWL_SUMMED = (
    "discovered", "fetched", "not_modified", "new", "changed", "unchanged", "moved",
    "gone", "failed", "retried", "skipped", "teasers_changed", "failures_retried",
)  # fmt: skip
CRAWL_COLUMNS = (
    "crawl_id", "workers", "site", "mode", "status", "exit_code", "started_at",
    "finished_at", *CRAWL_SUMMED,
)  # fmt: skip
"""A shared crawl's summary (docs/scale-out.md): its workers' runs added up."""
_STATUS_ORDER = (
    "failed", "interrupted", "running", "completed with failures", "completed"
)  # fmt: skip
"""The crawl's status is its worst worker's."""


def crawl_summaries(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The runs (newest first) grouped by crawl: one row per shared crawl, its workers'
    counts added up; a run on its own is a crawl of one worker (its id for crawl id)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for run in runs:
        groups.setdefault(run["crawl_id"] or str(run["id"]), []).append(run)
    summaries = []
    for crawl_id, workers in groups.items():
        statuses = [run["status"] for run in workers]
        codes = [run["exit_code"] for run in workers if run["exit_code"] is not None]
        finished = [run["finished_at"] for run in workers]
        summary: dict[str, Any] = {
            "crawl_id": crawl_id,
            "workers": len(workers),
            "site": workers[0]["site"],
            "mode": workers[-1]["mode"],
            "status": min(statuses, key=_status_rank),
            "exit_code": max(codes) if codes else None,
            "started_at": min(run["started_at"] for run in workers),
            "finished_at": None if None in finished else max(finished),
        }
        for name in CRAWL_SUMMED:
            summary[name] = sum(run[name] or 0 for run in workers)
        summaries.append(summary)
    return summaries


def _status_rank(status: str) -> int:
    return _STATUS_ORDER.index(status) if status in _STATUS_ORDER else 0


def failures_by_reason(
    connection: Connection, *, site: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Open failures (neither resolved nor ignored) counted per stage and reason."""
    params = _site_params(connection, site)
    sql = (
        "SELECT reason, stage, count(id) AS count, max(last_seen_at) AS last_seen_at, "
        f"min(url) AS example_url FROM failures WHERE {_OPEN}"
        + (" AND site = :site" if site is not None else "")
        + " GROUP BY stage, reason ORDER BY count DESC, reason"
    )
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    rows = fetch_all(connection, sql, params)
    for row in rows:
        row["last_seen_at"] = instant_value(row["last_seen_at"])
    return rows


def open_failures(
    connection: Connection,
    *,
    reason: str | None = None,
    site: str | None = None,
    limit: int | None = 50,
) -> list[dict[str, Any]]:
    """Open failures one by one, most recently seen first (optionally of one reason)."""
    params = _site_params(connection, site)
    sql = f"SELECT {', '.join(FAILURE_COLUMNS)} FROM failures WHERE {_OPEN}"
    if site is not None:
        sql += " AND site = :site"
    if reason is not None:
        sql += " AND reason = :reason"
        params["reason"] = reason
    sql += " ORDER BY last_seen_at DESC, id DESC"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    rows = fetch_all(connection, sql, params)
    for row in rows:
        for name in ("first_seen_at", "last_seen_at"):
            row[name] = instant_value(row[name])
    return rows


def known_failure_reasons(connection: Connection) -> list[str]:
    rows = fetch_all(
        connection,
        f"SELECT DISTINCT reason FROM failures WHERE {_OPEN} ORDER BY reason",
    )
    return [row["reason"] for row in rows]


def _site_params(connection: Connection, site: str | None) -> dict[str, Any]:
    return {} if site is None else {"site": resolve_site(connection, site)}
