"""Datasette metadata generated from the archive itself: its title names the sites it
holds (not the file), and the articles table opens on readable columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsarchive.query.database import Connection, fetch_all
from newsarchive.query.datasette_metadata import database_name, load_metadata
from newsarchive.query.dialect import column_names

ARTICLE_COLUMNS = ("id", "title", "published_at", "section", "authors_text", "site")
"""What the articles table shows unless the URL asks for other columns: body_html,
url_key and hashes stay one click away (Datasette's column menu)."""
PLUGIN_NAME = "newsarchive-reading-room"
ARTICLE_FACETS = ["section", "site", "article_type"]


def archive_title(connection: Connection) -> str:
    sites = [
        row["site"]
        for row in fetch_all(
            connection,
            "SELECT site, count(*) AS n FROM articles GROUP BY site ORDER BY n DESC",
        )
    ]
    if not sites:
        return "newsarchive: an empty archive"
    shown = ", ".join(sites[:3]) + (
        f" and {len(sites) - 3} more" if len(sites) > 3 else ""
    )
    return f"Archive of {shown}"


def archive_metadata(connection: Connection, db_path: Path | str) -> dict[str, Any]:
    """The shipped metadata keyed by the archive's Datasette name, titled after its
    sites; search on the articles table is found by Datasette from the FTS table's
    `content="articles"`, and ranks by relevance (no default sort)."""
    metadata = load_metadata()
    settings = metadata["databases"]["archive"]
    articles = settings["tables"]["articles"]
    for key in ("fts_table", "fts_pk", "sort_desc"):
        articles.pop(key, None)
    articles["facets"] = ARTICLE_FACETS
    # Column documentation on the table page pushes the rows and the search box a
    # screen down; it stays in docs/schema.md and `newsarchive datasette-metadata`.
    for table in settings["tables"].values():
        if isinstance(table, dict):
            table.pop("columns", None)
    present = set(column_names(connection, "articles"))
    # An archive of an older schema revision lacks authors_text (serve never upgrades).
    metadata.setdefault("plugins", {})[PLUGIN_NAME] = {
        "default_columns": [name for name in ARTICLE_COLUMNS if name in present]
    }
    metadata["title"] = archive_title(connection)
    metadata["databases"] = {database_name(db_path): settings}
    return metadata
