"""The SQLite archive as a library: open it, create or upgrade its schema, write fetched
pages (articles with their children and FTS row, raw pages, failures), record runs, and
read articles back. The schema is documented in docs/schema.md.

Typical use::

    from newsarchive.store import default_db_path, open_engine, upgrade
    upgrade(default_db_path())            # create or migrate
    engine = open_engine(default_db_path())
"""

from __future__ import annotations

from newsarchive.store.compression import PageBodyReader, page_body
from newsarchive.store.crawl_archive import (
    CrawlArchive,
    acquire_archive,
    release_archive,
)
from newsarchive.store.duplicates import Duplicate, DuplicateFinder
from newsarchive.store.engine import default_db_path, open_engine
from newsarchive.store.fetches import WriteResult, write_fetch
from newsarchive.store.hashing import content_hash
from newsarchive.store.read import load_article
from newsarchive.store.runs import finish_run, run_status, set_exit_code, start_run
from newsarchive.store.schema import current_revision, head_revision, upgrade
from newsarchive.store.writer import ArchiveWriter

__all__ = [
    "ArchiveWriter",
    "CrawlArchive",
    "Duplicate",
    "DuplicateFinder",
    "PageBodyReader",
    "WriteResult",
    "acquire_archive",
    "content_hash",
    "current_revision",
    "default_db_path",
    "finish_run",
    "head_revision",
    "load_article",
    "open_engine",
    "page_body",
    "release_archive",
    "run_status",
    "set_exit_code",
    "start_run",
    "upgrade",
    "write_fetch",
]
