"""Runs that were killed: a `crawl_runs` row still `running` when nobody holds the lock.

A run killed with SIGKILL (or by a power cut) never completes its row. The next run,
once it holds the archive's lock, knows no other run is alive, so such rows belong to
dead processes: they are marked `interrupted` (close reason `killed`), finished at their
last stored page, with the counts that can be read back from the archive.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from newsarchive.models import CrawlRun, Page
from newsarchive.models.versions import ArticleVersion

logger = logging.getLogger(__name__)

KILLED = "killed"


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
