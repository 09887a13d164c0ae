"""Schema upgrades that never break an archive: a timestamped backup copy first.

An archive made by an older newsarchive is upgraded when a crawl opens it (or by
`newsarchive db upgrade`). Before any migration runs, the whole file is copied with
SQLite's online backup API (consistent, WAL included) to
`<name>.backup-<UTC time>-r<revision>.sqlite` beside it; the migrations then run in one
transaction, so a failure leaves the archive as it was, and the copy stays anyway.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsarchive.store import current_revision, head_revision, open_engine, upgrade

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class UpgradeReport:
    db_path: Path
    before: str | None
    """The revision found (None: a new, empty archive)."""
    after: str | None
    backup: Path | None
    """The copy made before upgrading (None when nothing needed upgrading)."""

    @property
    def upgraded(self) -> bool:
        return self.before != self.after


def archive_revision(db_path: Path) -> str | None:
    """The schema revision of the archive at `db_path` (None if missing or empty)."""
    if not db_path.exists():
        return None
    engine = open_engine(db_path)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def backup_path(db_path: Path, revision: str, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return db_path.with_name(
        f"{db_path.stem}.backup-{stamp}-r{revision}{db_path.suffix}"
    )


def backup_archive(db_path: Path, target: Path) -> Path:
    """A consistent copy of the archive (SQLite online backup) at `target`."""
    source = sqlite3.connect(db_path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


def upgrade_archive(
    db_path: str | Path, *, now: datetime | None = None
) -> UpgradeReport:
    """Bring the archive to the newest schema, backing it up first if it has one.

    The caller holds the archive's lock (`newsarchive.runlock.ArchiveLock`)."""
    path = Path(db_path).expanduser().resolve()
    before = archive_revision(path)
    head = head_revision()
    backup = None
    if before is not None and before != head:
        backup = backup_archive(
            path, backup_path(path, before, now or datetime.now(UTC))
        )
        logger.warning(
            "Upgrading the archive %s from schema %s to %s; a copy of it was kept at %s",
            path,
            before,
            head,
            backup,
        )
    upgrade(path)
    return UpgradeReport(db_path=path, before=before, after=head, backup=backup)


def open_for_run(db_path: str | Path) -> UpgradeReport:
    """Ready the archive for a run (lock held): upgrade it, backup first, and mark the
    runs a killed process left `running` as interrupted."""
    from newsarchive.incremental.abandoned import close_abandoned_runs

    report = upgrade_archive(db_path)
    engine = open_engine(report.db_path)
    try:
        close_abandoned_runs(engine)
    finally:
        engine.dispose()
    return report
