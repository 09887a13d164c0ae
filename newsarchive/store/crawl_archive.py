"""One crawl's connection to the archive, shared by its pipelines and extensions.

Scrapy components are built separately, each from plain settings (`db_path_setting`,
`site_setting`); they meet here by database path. The first `acquire_archive()` upgrades
the schema and opens the engine (one engine per crawl), the last `release_archive()`
disposes of it.

One writer per archive, however the crawl was started: `newsarchive crawl` takes the
archive's lock and readies the archive (`open_for_run`) before Scrapy starts; a plain
`scrapy crawl` gets the lock here, from the first `acquire_archive()` to the last
`release_archive()` (`ArchiveLocked` if another run holds it, and the crawl does not
start).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine

from newsarchive.advisory_lock import archive_lock, held_by_this_process
from newsarchive.archive_url import archive_location, shown_location
from newsarchive.sites import DEFAULT_SITE
from newsarchive.store.engine import BUSY_TIMEOUT_SECONDS, default_db_path, open_engine
from newsarchive.store.runs import close_abandoned_runs
from newsarchive.store.schema import UpgradeReport, upgrade_archive
from newsarchive.store.writer import ArchiveWriter

logger = logging.getLogger(__name__)

DEFAULT_STORE_BATCH_SIZE = 100


class SettingsLike(Protocol):
    def get(self, name: str, default: Any = None) -> Any: ...


def db_path_setting(settings: SettingsLike) -> Path | str:
    """`NEWSARCHIVE_DB`, else `default_db_path()` (which honours the environment)."""
    value = settings.get("NEWSARCHIVE_DB")
    return archive_location(value) if value else default_db_path()


def site_setting(settings: SettingsLike) -> str:
    return settings.get("NEWSARCHIVE_SITE") or DEFAULT_SITE


def busy_timeout_setting(settings: SettingsLike) -> float:
    """`NEWSARCHIVE_BUSY_TIMEOUT`: seconds a write waits for another process's lock."""
    value = settings.get("NEWSARCHIVE_BUSY_TIMEOUT")
    return BUSY_TIMEOUT_SECONDS if value in (None, "") else float(value)


def open_for_run(
    db_path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS
) -> UpgradeReport:
    """Ready the archive for a run (lock held): upgrade it, backup first, and mark the
    runs a killed process left `running` as interrupted."""
    report = upgrade_archive(db_path, busy_timeout=busy_timeout)
    engine = open_engine(report.db_path, busy_timeout=busy_timeout)
    try:
        close_abandoned_runs(engine)
    finally:
        engine.dispose()
    return report


class CrawlArchive:
    def __init__(
        self, db_path: Path | str, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS
    ) -> None:
        self.db_path = db_path
        self._lock: Any = None
        if not held_by_this_process(db_path):
            self._lock = archive_lock(db_path, what="scrapy crawl")
            self._lock.acquire()
        try:
            if self._lock is not None:
                # `scrapy crawl`: an older schema is copied aside before it is
                # upgraded (`newsarchive crawl` did it with the lock: open_for_run).
                upgrade_archive(db_path, busy_timeout=busy_timeout)
            self.engine: Engine = open_engine(db_path, busy_timeout=busy_timeout)
        except BaseException:
            self._release_lock()
            raise
        self.writer = ArchiveWriter(self.engine)
        self.users = 0

    def close(self) -> None:
        try:
            self.engine.dispose()
        finally:
            self._release_lock()

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __repr__(self) -> str:
        return f"CrawlArchive({str(self.db_path)!r}, users={self.users})"


_OPEN: dict[Path | str, CrawlArchive] = {}


def acquire_archive(
    db_path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS
) -> CrawlArchive:
    """The crawl's archive at `db_path` (opened and upgraded on first use, its SQLite
    transactions waiting up to `busy_timeout` seconds for another process's lock)."""
    path = archive_location(db_path)
    archive = _OPEN.get(path)
    if archive is None:
        archive = _OPEN[path] = CrawlArchive(path, busy_timeout=busy_timeout)
        logger.info("Archive: %s", shown_location(path))
    archive.users += 1
    return archive


def release_archive(archive: CrawlArchive) -> None:
    """Give the archive back; the last user disposes of the engine."""
    archive.users -= 1
    if archive.users > 0:
        return
    _OPEN.pop(archive.db_path, None)
    if archive.writer.pending:
        logger.warning(
            "Archive closed with %d queued pages not written (the store stopped "
            "early, or no StorePipeline ran); the next run fetches them again",
            archive.writer.pending,
        )
    archive.close()
