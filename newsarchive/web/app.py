"""Datasette set up by the project: the archive read-only, generated metadata, the
reading-room plugin, templates and stylesheet."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from newsarchive.query.database import ArchiveLocation, connect_archive

PACKAGE_DIR = Path(__file__).resolve().parent


def on_read_only_storage(path: Path) -> bool:
    """True when SQLite could not make its side files (-wal, -shm) beside the archive:
    then the archive is served immutable (read as it is, no locking)."""
    return not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK)


def build_datasette(db: Path | str):
    """A Datasette instance serving the archive `db` (checked first: `NoArchive` /
    `NotAnArchive` for anything that is not one)."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from newsarchive.web import plugin
    from newsarchive.web.metadata import PLUGIN_NAME, archive_metadata

    path = ArchiveLocation.parse(db).path.resolve()
    with contextlib.closing(connect_archive(db)) as connection:
        metadata = archive_metadata(connection, path)
    if not pm.is_registered(plugin):
        pm.register(plugin, name=PLUGIN_NAME)
    immutable = on_read_only_storage(path)
    return Datasette(
        files=[] if immutable else [str(path)],
        immutables=[str(path)] if immutable else [],
        metadata=metadata,
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
