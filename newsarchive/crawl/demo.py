"""`newsarchive demo`: the replica on a free port, crawled into a fresh demo archive.

Works offline on a fresh machine: the replica is generated locally, and a loopback start
URL switches the politeness delays off (robots.txt is still obeyed).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_DEMO_DB = Path("data") / "demo.sqlite"
DEMO_SEARCH_TERM = "Ukraine"
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


class NotADemoArchive(Exception):
    """The --db of a fresh demo points at a file that does not look like a demo archive."""


@dataclass(kw_only=True)
class SearchHit:
    title: str
    url: str
    snippet: str


def reset_demo_archive(db_path: Path) -> bool:
    """Delete an earlier demo archive so the demo starts empty; True if one was removed.

    Only a file whose name says it is a demo (`*demo*`) is deleted, so a mistyped --db
    never wipes a real archive.
    """
    if not db_path.exists():
        return False
    if "demo" not in db_path.name.lower():
        raise NotADemoArchive(
            f"{db_path} exists and is not named like a demo archive; "
            "pass a new --db path (or --reuse to crawl into it)"
        )
    for suffix in ("", *SQLITE_SIDE_FILES):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    logger.info("Removed the previous demo archive %s", db_path)
    return True


def sample_search(
    db_path: Path, term: str = DEMO_SEARCH_TERM, limit: int = 5
) -> list[SearchHit]:
    """The best `limit` full-text matches for `term` (FTS5 `articles_fts`)."""
    from newsarchive.query.database import fetch_all, reading

    with reading(db_path) as connection:
        rows = fetch_all(
            connection,
            "SELECT articles.title AS title, articles.url AS url, "
            "snippet(articles_fts, 2, '[', ']', '…', 12) AS snippet "
            "FROM articles_fts JOIN articles ON articles.id = articles_fts.rowid "
            "WHERE articles_fts MATCH :term ORDER BY rank LIMIT :limit",
            {"term": term, "limit": limit},
        )
    return [
        SearchHit(title=row["title"] or "", url=row["url"], snippet=row["snippet"])
        for row in rows
    ]
