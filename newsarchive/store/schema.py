"""Create or upgrade the archive schema by running the Alembic migrations.

Migrations are the single source of truth: a new archive is made by `upgrade()`, never
by `metadata.create_all()`. The configuration is built in code (no alembic.ini needed).

Upgrades never break an archive: an archive made by an older newsarchive is upgraded
when a crawl opens it (or by `newsarchive db upgrade`, both `upgrade_archive`). Before
any migration runs, the whole file is copied with SQLite's online backup API (consistent,
WAL included) to `<name>.backup-<UTC time>-r<revision>.sqlite` beside it; the migrations
then run in one transaction, so a failure leaves the archive as it was, and the copy
stays anyway. A PostgreSQL archive (docs/postgresql.md) is upgraded the same way, in one
transaction (PostgreSQL's DDL is transactional), without a copy: its backups are the
database's own (`pg_dump`).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from newsarchive.archive_url import archive_location, is_postgres_url, sqlalchemy_url
from newsarchive.store.engine import BUSY_TIMEOUT_SECONDS, open_engine

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
FTS_TABLE = "articles_fts"
# FTS5 keeps its index in shadow tables named after the virtual table.
FTS_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


def alembic_config(db_path: str | Path | None = None) -> Config:
    """The Alembic configuration of our migrations (and `db_path`, if given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if db_path is not None and is_postgres_url(db_path):
        config.set_main_option("sqlalchemy.url", sqlalchemy_url(str(db_path)))
    elif db_path is not None:
        resolved = Path(db_path).expanduser().resolve()
        config.set_main_option("sqlalchemy.url", f"sqlite:///{resolved}")
    return config


def upgrade(
    db_path: str | Path,
    *,
    revision: str = "head",
    busy_timeout: float = BUSY_TIMEOUT_SECONDS,
) -> None:
    """Create the archive at `db_path`, or bring it up to `revision` (the newest)."""
    engine = open_engine(db_path, busy_timeout=busy_timeout)
    try:
        upgrade_engine(engine, revision=revision)
    finally:
        engine.dispose()


def upgrade_engine(engine: Engine, *, revision: str = "head") -> None:
    """`upgrade()` on an open engine, in one transaction."""
    config = alembic_config()
    with engine.begin() as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        after = MigrationContext.configure(connection).get_current_revision()
    if before != after:
        logger.info(
            "Archive schema upgraded from %s to %s (%s)",
            before,
            after,
            engine.url.database,
        )


def current_revision(engine: Engine) -> str | None:
    """The archive's schema revision (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision the package ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def pending_revisions(revision: str | None) -> list[str]:
    """The revisions an upgrade from `revision` would apply, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    steps = script.iterate_revisions("head", revision)
    return [step.revision for step in reversed(list(steps))]


@dataclass(frozen=True, kw_only=True)
class UpgradeReport:
    db_path: Path | str
    """The SQLite file, or the PostgreSQL URL."""
    before: str | None
    """The revision found (None: a new, empty archive)."""
    after: str | None
    backup: Path | None
    """The copy made before upgrading (None when nothing needed upgrading)."""

    @property
    def upgraded(self) -> bool:
        return self.before != self.after


def archive_revision(
    db_path: Path | str, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS
) -> str | None:
    """The schema revision of the archive at `db_path` (None if missing or empty)."""
    if not is_postgres_url(db_path) and not Path(db_path).exists():
        return None
    engine = open_engine(db_path, busy_timeout=busy_timeout)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def backup_path(db_path: Path, revision: str, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return db_path.with_name(
        f"{db_path.stem}.backup-{stamp}-r{revision}{db_path.suffix}"
    )


class BackupFailed(Exception):
    """The copy made before an upgrade could not be written (a full disk): nothing was
    upgraded, and no partial copy is left."""


def backup_archive(db_path: Path, target: Path) -> Path:
    """A consistent copy of the archive (SQLite online backup) at `target`, written
    under a temporary name and renamed when whole: a failed or interrupted copy leaves
    nothing behind (`BackupFailed`)."""
    partial = target.with_name(target.name + ".partial")
    try:
        source = sqlite3.connect(db_path)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        partial.replace(target)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, (sqlite3.Error, OSError)):
            raise BackupFailed(
                f"the backup copy {target.name} could not be written ({error}); "
                "nothing was upgraded"
            ) from error
        raise
    return target


def upgrade_archive(
    db_path: str | Path,
    *,
    now: datetime | None = None,
    busy_timeout: float = BUSY_TIMEOUT_SECONDS,
) -> UpgradeReport:
    """Bring the archive to the newest schema, backing it up first if it has one.

    The caller holds the archive's lock (`newsarchive.runlock.ArchiveLock`)."""
    path = archive_location(db_path)
    before = archive_revision(path, busy_timeout=busy_timeout)
    head = head_revision()
    backup = None
    if before is not None and before != head and isinstance(path, Path):
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
    upgrade(path, busy_timeout=busy_timeout)
    return UpgradeReport(db_path=path, before=before, after=head, backup=backup)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the hand-written FTS5 table and its shadow tables out of autogenerate and
    `compare_metadata`: SQLAlchemy models don't describe virtual tables."""
    if type_ != "table" or name is None:
        return True
    return name != FTS_TABLE and not (
        name.startswith(FTS_TABLE) and name.endswith(FTS_SHADOW_SUFFIXES)
    )
