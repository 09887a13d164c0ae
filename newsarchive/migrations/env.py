"""Alembic environment: runs the migrations on the connection the caller passes in
(`config.attributes["connection"]`, see `newsarchive.store.schema`), or on an engine
opened for `sqlalchemy.url`."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from newsarchive.archive_url import is_postgres_url
from newsarchive.models import Base
from newsarchive.store.engine import open_engine
from newsarchive.store.schema import include_name

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        # SQLite can't ALTER most things: later migrations rebuild tables in batches.
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or ""
    engine = open_engine(
        url if is_postgres_url(url) else url.removeprefix("sqlite:///")
    )
    try:
        with engine.connect() as new_connection:
            _configure_and_run(new_connection)
            new_connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
