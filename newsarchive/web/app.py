"""Datasette set up by the project: the archive read-only, generated metadata, the
reading-room plugin, templates and stylesheet.

Datasette opens SQLite files only. A PostgreSQL archive gets the reading room all the
same (its pages read through the query layer, `newsarchive.web.plugin.PostgresReads`);
Datasette's own table browser and SQL page have no database to show there.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from newsarchive.archive_url import is_postgres_url
from newsarchive.query.database import ArchiveLocation, connect_archive

PACKAGE_DIR = Path(__file__).resolve().parent


def on_read_only_storage(path: Path) -> bool:
    """True when SQLite could not make its side files (-wal, -shm) beside the archive:
    then the archive is served immutable (read as it is, no locking)."""
    return not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK)


def build_datasette(db: Path | str):
    """A Datasette instance serving the archive `db` (checked first: `NoArchive` /
    `NotAnArchive` for anything that is not one)."""
    from datasette.plugins import pm

    from newsarchive.web import plugin
    from newsarchive.web.metadata import PLUGIN_NAME, archive_metadata, archive_title

    if not pm.is_registered(plugin):
        pm.register(plugin, name=PLUGIN_NAME)
    if is_postgres_url(str(db)):
        with contextlib.closing(connect_archive(db)) as connection:
            metadata = {"title": archive_title(connection)}
        datasette = _datasette(files=[], immutables=[], metadata=metadata)
        plugin.read_postgres(datasette, str(db))
        return datasette
    path = ArchiveLocation.parse(db).path.resolve()
    with contextlib.closing(connect_archive(db)) as connection:
        metadata = archive_metadata(connection, path)
    immutable = on_read_only_storage(path)
    return _datasette(
        files=[] if immutable else [str(path)],
        immutables=[str(path)] if immutable else [],
        metadata=metadata,
    )


def _datasette(**archive):
    from datasette.app import Datasette

    return Datasette(
        **archive,
        template_dir=str(PACKAGE_DIR / "templates"),
        static_mounts=[("newsarchive-static", str(PACKAGE_DIR / "static"))],
        settings={
            "default_page_size": 50,
            "facet_time_limit_ms": 500,
            "sql_time_limit_ms": 5000,
            # Suggesting facets tries every column of a table page: over a second on
            # the articles table (bench/web_pages.py).
            "suggest_facets": False,
        },
    )


def serve_datasette(datasette, *, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
