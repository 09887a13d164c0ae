"""One crawl's connection to the archive, shared by its pipelines and extension.

Scrapy components are built separately, each from plain settings; they meet here by
database path. The first `acquire_archive()` upgrades the schema and opens the engine
(one engine per crawl), the last `release_archive()` disposes of it.

One writer per archive, however the crawl was started: `newsarchive crawl` takes the
archive's lock before Scrapy starts; a plain `scrapy crawl` gets it here, from the first
`acquire_archive()` to the last `release_archive()` (`ArchiveLocked` if another run holds
it, and the crawl does not start).
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine

from newsarchive.runlock import ArchiveLock, held_by_this_process
from newsarchive.store.engine import open_engine
from newsarchive.store.writer import ArchiveWriter

logger = logging.getLogger(__name__)


class CrawlArchive:
    def __init__(self, db_path: Path) -> None:
        # An older schema is copied aside before it is upgraded (the CLI's runner has
        # done it already; this covers `scrapy crawl`). Imported here: it imports the store.
        from newsarchive.incremental.upgrade import upgrade_archive

        self.db_path = db_path
        self._lock: ArchiveLock | None = None
        if not held_by_this_process(db_path):
            self._lock = ArchiveLock(db_path, what="scrapy crawl")
            self._lock.acquire()
        try:
            upgrade_archive(db_path)
            self.engine: Engine = open_engine(db_path)
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


_OPEN: dict[Path, CrawlArchive] = {}


def acquire_archive(db_path: str | Path) -> CrawlArchive:
    """The crawl's archive at `db_path` (opened and upgraded on first use)."""
    path = Path(db_path).expanduser().resolve()
    archive = _OPEN.get(path)
    if archive is None:
        archive = _OPEN[path] = CrawlArchive(path)
        logger.info("Archive: %s", path)
    archive.users += 1
    return archive


def release_archive(archive: CrawlArchive) -> None:
    """Give the archive back; the last user disposes of the engine."""
    archive.users -= 1
    if archive.users > 0:
        return
    _OPEN.pop(archive.db_path, None)
    if archive.writer.pending:
        logger.error(
            "Archive closed with %d pages never written (no StorePipeline ran)",
            archive.writer.pending,
        )
    archive.close()
