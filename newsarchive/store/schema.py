"""Create or upgrade the archive schema by running the Alembic migrations.

Migrations are the single source of truth: a new archive is made by `upgrade()`, never
by `metadata.create_all()`. The configuration is built in code (no alembic.ini needed).
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
FTS_TABLE = "articles_fts"
# FTS5 keeps its index in shadow tables named after the virtual table.
FTS_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


def alembic_config(db_path: str | Path | None = None) -> Config:
    """The Alembic configuration of our migrations (and `db_path`, if given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if db_path is not None:
        resolved = Path(db_path).expanduser().resolve()
        config.set_main_option("sqlalchemy.url", f"sqlite:///{resolved}")
    return config


def upgrade(db_path: str | Path, *, revision: str = "head") -> None:
    """Create the archive at `db_path`, or bring it up to `revision` (the newest)."""
    from newsarchive.store.engine import open_engine

    engine = open_engine(db_path)
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


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the hand-written FTS5 table and its shadow tables out of autogenerate and
    `compare_metadata`: SQLAlchemy models don't describe virtual tables."""
    if type_ != "table" or name is None:
        return True
    return name != FTS_TABLE and not (
        name.startswith(FTS_TABLE) and name.endswith(FTS_SHADOW_SUFFIXES)
    )
