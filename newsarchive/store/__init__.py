"""The archive as a library: everything that writes it, and what the crawl reads of it.

Open it, create or upgrade its schema (a backup first), write fetched pages in batches
(`ArchiveWriter`: articles with their children, versions and FTS rows, raw pages, URL
states, failures, gone marks), record runs, read articles back, and load what the
archive remembers for planning a run. The schema is documented in docs/schema.md.

Typical use::

    from newsarchive.store import default_db_path, open_engine, upgrade
    upgrade(default_db_path())            # create or migrate
    engine = open_engine(default_db_path())

Other packages import these names from `newsarchive.store`, not from its modules.
"""

from __future__ import annotations

from newsarchive.run_statuses import STATUS_WORDS
from newsarchive.store.articles import (
    NewArticle,
    StoredArticle,
    finish_articles,
    store_article,
)
from newsarchive.store.batch_index import BatchIndex
from newsarchive.store.crawl_archive import (
    DEFAULT_SITE,
    DEFAULT_STORE_BATCH_SIZE,
    CrawlArchive,
    acquire_archive,
    busy_timeout_setting,
    db_path_setting,
    open_for_run,
    release_archive,
    site_setting,
)
from newsarchive.store.duplicates import Duplicate, DuplicateFinder
from newsarchive.store.engine import BUSY_TIMEOUT_SECONDS, default_db_path, open_engine
from newsarchive.store.failures import (
    UnknownFailures,
    ignore_failures,
    resolve_failures,
)
from newsarchive.store.hashing import content_hash
from newsarchive.store.identity import OWN_URL_KINDS
from newsarchive.store.memory import (
    NO_VALIDATORS,
    ArchiveMemory,
    UrlMemory,
    Validators,
    load_memory,
)
from newsarchive.store.pages import PageBodyReader, page_body
from newsarchive.store.placements import (
    PlacementsWritten,
    link_all_placements,
    page_path,
    record_placements,
)
from newsarchive.store.read import load_article
from newsarchive.store.runs import (
    DATABASE_ERROR_STAT,
    close_abandoned_runs,
    close_run,
    describe_error,
    finish_run,
    nothing_fetched,
    run_status,
    set_exit_code,
    start_run,
)
from newsarchive.store.schema import (
    BackupFailed,
    UpgradeReport,
    current_revision,
    head_revision,
    upgrade,
    upgrade_archive,
)
from newsarchive.store.status import ArchiveStatus, archive_status
from newsarchive.store.url_states import (
    IndexState,
    record_not_modified_pages,
    record_run_states,
)
from newsarchive.store.versions import snapshot
from newsarchive.store.writer import ArchiveWriter

__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "DATABASE_ERROR_STAT",
    "DEFAULT_SITE",
    "DEFAULT_STORE_BATCH_SIZE",
    "NO_VALIDATORS",
    "OWN_URL_KINDS",
    "STATUS_WORDS",
    "ArchiveMemory",
    "ArchiveStatus",
    "ArchiveWriter",
    "BackupFailed",
    "BatchIndex",
    "CrawlArchive",
    "Duplicate",
    "DuplicateFinder",
    "IndexState",
    "NewArticle",
    "PageBodyReader",
    "PlacementsWritten",
    "StoredArticle",
    "UnknownFailures",
    "UpgradeReport",
    "UrlMemory",
    "Validators",
    "acquire_archive",
    "archive_status",
    "busy_timeout_setting",
    "close_abandoned_runs",
    "close_run",
    "content_hash",
    "current_revision",
    "db_path_setting",
    "default_db_path",
    "describe_error",
    "finish_articles",
    "finish_run",
    "head_revision",
    "ignore_failures",
    "link_all_placements",
    "load_article",
    "load_memory",
    "nothing_fetched",
    "open_engine",
    "open_for_run",
    "page_body",
    "page_path",
    "record_not_modified_pages",
    "record_placements",
    "record_run_states",
    "release_archive",
    "resolve_failures",
    "run_status",
    "set_exit_code",
    "site_setting",
    "snapshot",
    "start_run",
    "store_article",
    "upgrade",
    "upgrade_archive",
]
