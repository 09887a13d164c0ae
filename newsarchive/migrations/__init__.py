"""Alembic migrations of the archive: the single source of truth of its schema.

No alembic.ini is needed: `newsarchive.store.schema.alembic_config()` builds the
configuration in code, so `newsarchive.store.upgrade(db_path)` works from any directory.
"""
