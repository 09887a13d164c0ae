"""One article with everything the archive knows about it, for `newsarchive show`."""

from __future__ import annotations

import json
from typing import Any

from newsarchive.query.database import Connection, fetch_all, fetch_one, fetch_value
from newsarchive.query.dialect import column_names, instant_value, table_names
from newsarchive.query.errors import NotFound

# Added by schema revision 0002; `show` lists its rows when the archive has it.
VERSIONS_TABLE = "article_versions"
MAX_ARTICLE_ID = 2**63 - 1
"""The largest id SQLite (and PostgreSQL's bigint) can hold."""
_JSON_COLUMNS = ("next_article", "outlinks", "embeds", "author_bios")
_INSTANT_SUFFIX = "_at"


def find_article_id(connection: Connection, reference: str) -> int:
    """The id of the article `reference` names: an id, or any URL seen for it."""
    from newsarchive.urls import url_key  # w3lib: only for a URL, not for every command

    reference = reference.strip()
    found = None
    if reference.isascii() and reference.isdigit():
        number = int(reference) if len(reference) <= len(str(MAX_ARTICLE_ID)) else None
        if number is not None and number <= MAX_ARTICLE_ID:
            found = fetch_value(
                connection, "SELECT id FROM articles WHERE id = :id", {"id": number}
            )
    elif reference:
        try:
            key = url_key(reference)
        except ValueError:  # e.g. `http://[::1` or a port over 65535: no such URL
            key = None
        found = (
            None
            if key is None
            else fetch_value(
                connection,
                "SELECT id FROM articles WHERE url_key = :key LIMIT 1",
                {"key": key},
            )
        )
        if found is None and key is not None:
            found = fetch_value(
                connection,
                "SELECT article_id FROM article_urls WHERE url_key = :key LIMIT 1",
                {"key": key},
            )
    if found is None:
        shown = reference if len(reference) <= 80 else reference[:77] + "..."
        raise NotFound(
            f"no article {shown!r} in the archive: give an id or URL as "
            "`newsarchive list` or `newsarchive search` show them"
        )
    return found


def article_detail(connection: Connection, article_id: int) -> dict[str, Any]:
    """Every column of the article, plus its authors, tags, images, teasers (with
    whether each target is archived), the articles that tease it, its URLs, its raw
    page fetches and, when the archive records them, its versions."""
    # Only the columns this archive has: one made by an older schema revision lacks the
    # newer ones, and query commands never upgrade it (they open it read-only).
    detail = fetch_one(
        connection, "SELECT * FROM articles WHERE id = :id", {"id": article_id}
    )
    if detail is None:
        raise NotFound(f"no article {article_id} in the archive")
    _read_values(detail)
    params = {"id": article_id}
    detail["authors"] = fetch_all(
        connection,
        "SELECT aa.position, aa.name, au.url, au.id AS author_id "
        "FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
        "WHERE aa.article_id = :id ORDER BY aa.position",
        params,
    )
    detail["tags"] = fetch_all(
        connection,
        "SELECT t.name, t.slug, t.internal, t.url "
        "FROM article_tags at JOIN tags t ON t.id = at.tag_id "
        "WHERE at.article_id = :id ORDER BY at.position",
        params,
    )
    for tag in detail["tags"]:
        tag["internal"] = bool(tag["internal"])
    detail["images"] = fetch_all(
        connection,
        "SELECT kind, position, url, alt, caption, credit, credit_raw FROM images "
        "WHERE article_id = :id ORDER BY kind DESC, position",
        params,
    )
    detail["teasers"] = teasers_of(connection, article_id)
    detail["teased_by"] = fetch_all(
        connection,
        "SELECT a.id, a.title, t.position FROM teasers t "
        "JOIN articles a ON a.id = t.article_id "
        "WHERE t.target_article_id = :id ORDER BY a.id",
        params,
    )
    detail["urls"] = _read_rows(
        fetch_all(
            connection,
            "SELECT url, kind, first_seen_at, last_seen_at FROM article_urls "
            "WHERE article_id = :id ORDER BY id",
            params,
        )
    )
    detail["pages"] = _read_rows(
        fetch_all(
            connection,
            "SELECT id, fetched_at, status, body_size, url FROM pages "
            "WHERE article_id = :id ORDER BY fetched_at, id",
            params,
        )
    )
    detail["versions"] = versions_of(connection, article_id)
    return detail


def teasers_of(connection: Connection, article_id: int) -> list[dict[str, Any]]:
    """The article's teasers in page order; `target_id` is the archived target, found
    through the store's link or, failing that, any URL the archive knows for it."""
    teasers = fetch_all(
        connection,
        "SELECT t.position, t.headline, t.section, t.url, target.id AS target_id, "
        "target.title AS target_title, t.image_url, t.image_alt, t.image_credit, "
        "t.excerpt FROM teasers t LEFT JOIN articles target ON target.id = coalesce("
        "t.target_article_id, (SELECT u.article_id FROM article_urls u "
        "WHERE u.url_key = t.url_key LIMIT 1)) "
        "WHERE t.article_id = :id ORDER BY t.position",
        {"id": article_id},
    )
    for teaser in teasers:
        teaser["archived"] = teaser["target_id"] is not None
    return teasers


def versions_of(connection: Connection, article_id: int) -> list[dict[str, Any]] | None:
    """The article's `article_versions` rows, oldest first; None when the archive
    predates that table (schema revision 0001)."""
    if VERSIONS_TABLE not in table_names(connection):
        return None
    present = column_names(connection, VERSIONS_TABLE)
    rows = fetch_all(
        connection,
        f"SELECT {', '.join(present)} FROM {VERSIONS_TABLE} "
        "WHERE article_id = :id ORDER BY id",
        {"id": article_id},
    )
    for row in rows:
        _read_values(row, json_columns=("changed_fields", "previous_values"))
    return rows


def _read_values(
    row: dict[str, Any], *, json_columns: tuple[str, ...] = _JSON_COLUMNS
) -> dict[str, Any]:
    """Instants as datetimes and JSON columns as data, in place."""
    for name, value in row.items():
        if name.endswith(_INSTANT_SUFFIX) and isinstance(value, str):
            row[name] = instant_value(value)
        elif name in json_columns and isinstance(value, str):
            row[name] = json.loads(value)
    return row


def _read_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        _read_values(row)
    return rows
