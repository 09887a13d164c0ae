"""What `newsarchive db status` reports, read without changing the archive."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, text

from newsarchive.advisory_lock import lock_holder
from newsarchive.store.schema import current_revision, head_revision, pending_revisions


@dataclass(kw_only=True)
class ArchiveStatus:
    revision: str | None
    head: str | None
    pending: list[str]
    """Revisions an upgrade would apply, oldest first."""
    lock_holder: dict[str, Any] | None
    lines: list[str] = field(default_factory=list)
    """Counts worth a line each (articles, gone, versions, open failures, runs)."""
    last_run: dict[str, Any] | None = None


def archive_status(engine: Engine, path: Path | str) -> ArchiveStatus:
    """The report on the archive at `path`, read through `engine` (opened read-only by
    the caller: `db status` never changes or creates an archive)."""
    revision = current_revision(engine)
    report = ArchiveStatus(
        revision=revision,
        head=head_revision(),
        pending=pending_revisions(revision),
        lock_holder=lock_holder(path),
    )
    tables = set(inspect(engine).get_table_names())
    with engine.connect() as connection:

        def count(sql: str) -> int:
            return connection.execute(text(sql)).scalar() or 0

        articles = count("SELECT count(*) FROM articles")
        gone = (
            count("SELECT count(*) FROM articles WHERE gone_at IS NOT NULL")
            if "url_states" in tables
            else 0
        )
        report.lines.append(f"Articles: {articles} ({gone} gone)")
        if "article_versions" in tables:
            versions = count("SELECT count(*) FROM article_versions")
            report.lines.append(f"Versions: {versions} ({versions - articles} changes)")
        failures = count(
            "SELECT count(*) FROM failures "
            "WHERE resolved_at IS NULL AND ignored_at IS NULL"
        )
        report.lines.append(f"Open failures: {failures}")
        running = count("SELECT count(*) FROM crawl_runs WHERE status = 'running'")
        if running and report.lock_holder is None:
            report.lines.append(
                f"Runs left 'running' by a killed process: {running} "
                "(the next crawl marks them interrupted)"
            )
        row = (
            connection.execute(
                text(
                    "SELECT id, status, started_at, exit_code FROM crawl_runs "
                    "ORDER BY id DESC LIMIT 1"
                )
            )
            .mappings()
            .first()
        )
        report.last_run = dict(row) if row else None
    return report
