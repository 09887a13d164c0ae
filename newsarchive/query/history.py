"""An article's history: its versions, and what each one changed, as readable diffs.

Versions store the previous values of the fields they changed; walking them backwards
from the current row gives each version's before and after. `diff_lines` turns one
field's change into lines a terminal shows: a unified diff for text (by paragraph),
`- removed` / `+ added` for lists such as authors and tags, per key for the top image.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newsarchive.query.database import Connection, fetch_all, fetch_one
from newsarchive.query.detail import find_article_id
from newsarchive.query.dialect import instant_value, table_names
from newsarchive.query.errors import NotFound, QueryError

VERSIONS_TABLE = "article_versions"
TEXT_CONTEXT = 1
"""Unchanged paragraphs shown around a changed one."""


@dataclass(frozen=True, kw_only=True)
class FieldChange:
    name: str
    before: Any
    after: Any


@dataclass(kw_only=True)
class VersionView:
    version: int
    fetched_at: datetime
    url: str
    run_id: int | None
    content_hash: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass(kw_only=True)
class ArticleHistory:
    article_id: int
    title: str
    url: str
    urls: list[str]
    """Every URL the archive maps to the article (old ones of a moved article too)."""
    gone_at: datetime | None
    last_status: int | None
    versions: list[VersionView]


class NoHistory(QueryError):
    """The archive predates version history (schema revision 0001)."""


def find_article(connection: Connection, reference: str) -> int:
    """The archived article an id or any of its URLs (old, legacy, alias, canonical)
    leads to; `NotFound` otherwise."""
    return find_article_id(connection, reference)


def article_history(connection: Connection, article_id: int) -> ArticleHistory:
    """The article's versions, newest state last, each with what it changed."""
    if VERSIONS_TABLE not in table_names(connection):
        raise NoHistory(
            "this archive predates version history: run `newsarchive db upgrade` "
            "(or any crawl) on it first"
        )
    row = fetch_one(
        connection,
        "SELECT id, title, url, gone_at, last_status FROM articles WHERE id = :id",
        {"id": article_id},
    )
    if row is None:
        raise NotFound(f"no article {article_id} in the archive")
    versions = fetch_all(
        connection,
        f"SELECT version, fetched_at, url, run_id, content_hash, changed_fields, "
        f"previous_values FROM {VERSIONS_TABLE} WHERE article_id = :id "
        "ORDER BY version",
        {"id": article_id},
    )
    state = article_state(connection, article_id)
    views: list[VersionView] = []
    for version in reversed(versions):
        changes = []
        previous = json.loads(version["previous_values"] or "{}")
        for name in json.loads(version["changed_fields"] or "[]"):
            after = state.get(name)
            before = previous.get(name)
            changes.append(FieldChange(name=name, before=before, after=after))
            state[name] = before
        views.append(
            VersionView(
                version=version["version"],
                fetched_at=instant_value(version["fetched_at"]),
                url=version["url"],
                run_id=version["run_id"],
                content_hash=version["content_hash"],
                changes=changes,
            )
        )
    urls = fetch_all(
        connection,
        "SELECT url FROM article_urls WHERE article_id = :id ORDER BY id",
        {"id": article_id},
    )
    return ArticleHistory(
        article_id=article_id,
        title=row["title"],
        url=row["url"],
        urls=[url["url"] for url in urls],
        gone_at=instant_value(row["gone_at"]),
        last_status=row["last_status"],
        versions=views[::-1],
    )


_ARTICLE_FIELDS = (
    "url", "canonical_url", "site", "title", "seo_title", "subtitle", "description",
    "section", "section_url", "article_type", "published_raw", "published_at",
    "modified_raw", "modified_at", "body_text", "body_html", "next_article",
    "outlinks", "embeds", "author_bios", "language",
)  # fmt: skip
_JSON_FIELDS = ("next_article", "outlinks", "embeds", "author_bios")
_IMAGE_FIELDS = ("url", "alt", "caption", "credit", "credit_raw")


def article_state(connection: Connection, article_id: int) -> dict[str, Any]:
    """The archived article as the JSON of its item (`items.to_json_dict` of what the
    parser gave), which is what versions' `previous_values` are taken from; read with
    plain SQL so that `history` needs neither the ORM nor the store."""
    params = {"id": article_id}
    row = fetch_one(
        connection,
        f"SELECT {', '.join(_ARTICLE_FIELDS)} FROM articles WHERE id = :id",
        params,
    )
    if row is None:
        raise NotFound(f"no article {article_id} in the archive")
    state: dict[str, Any] = dict(row)
    for name in _JSON_FIELDS:
        if isinstance(state[name], str):
            state[name] = json.loads(state[name])
    for name in ("outlinks", "embeds", "author_bios"):
        state[name] = state[name] or []
    state["body_text"] = state["body_text"] or ""
    state["body_html"] = state["body_html"] or ""
    state["authors"] = fetch_all(
        connection,
        "SELECT aa.name, au.url FROM article_authors aa "
        "JOIN authors au ON au.id = aa.author_id "
        "WHERE aa.article_id = :id ORDER BY aa.position",
        params,
    )
    images = fetch_all(
        connection,
        f"SELECT kind, {', '.join(_IMAGE_FIELDS)} FROM images "
        "WHERE article_id = :id ORDER BY position",
        params,
    )
    top = next((image for image in images if image["kind"] == "top"), None)
    state["top_image"] = _without_kind(top) if top is not None else None
    state["images"] = [_without_kind(i) for i in images if i["kind"] == "body"]
    state["tags"] = [
        {**tag, "internal": bool(tag["internal"])}
        for tag in fetch_all(
            connection,
            "SELECT t.name, t.slug, t.url, t.internal FROM article_tags at "
            "JOIN tags t ON t.id = at.tag_id WHERE at.article_id = :id "
            "ORDER BY at.position",
            params,
        )
    ]
    state["teasers"] = fetch_all(
        connection,
        "SELECT url, headline, section, image_url, image_alt, image_credit, "
        "image_credit_raw, excerpt FROM teasers WHERE article_id = :id "
        "ORDER BY position",
        params,
    )
    return state


def _without_kind(image: dict[str, Any]) -> dict[str, Any]:
    return {name: image[name] for name in _IMAGE_FIELDS}


def diff_lines(change: FieldChange) -> list[str]:
    """One field's change as lines starting with `-`, `+` or ` ` (context)."""
    before, after = change.before, change.after
    if isinstance(before, str) and isinstance(after, str):
        return _text_diff(before, after)
    if isinstance(before, list) or isinstance(after, list):
        return _list_diff(before or [], after or [])
    if isinstance(before, dict) or isinstance(after, dict):
        return _dict_diff(before or {}, after or {})
    return [f"- {_show(before)}", f"+ {_show(after)}"]


def _text_diff(before: str, after: str) -> list[str]:
    old, new = before.split("\n\n"), after.split("\n\n")
    if len(old) == 1 and len(new) == 1:
        return [f"- {before}", f"+ {after}"]
    lines = difflib.unified_diff(old, new, lineterm="", n=TEXT_CONTEXT)
    return [
        f"{line[:1]} {line[1:]}"
        for line in lines
        if not line.startswith(("---", "+++", "@@"))
    ]


def _label(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("name", "url", "text"):
            if value.get(key):
                return str(value[key])
    return _show(value)


def _list_diff(before: list[Any], after: list[Any]) -> list[str]:
    old, new = [_label(v) for v in before], [_label(v) for v in after]
    lines = [f"- {label}" for label in old if label not in new]
    lines += [f"+ {label}" for label in new if label not in old]
    if not lines and old != new:
        lines = [f"- {', '.join(old)}", f"+ {', '.join(new)}"]
    return lines or ["  (same items, other details changed)"]


def _dict_diff(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    lines = []
    for key in dict.fromkeys([*before, *after]):
        if before.get(key) != after.get(key):
            lines += [
                f"- {key}: {_show(before.get(key))}",
                f"+ {key}: {_show(after.get(key))}",
            ]
    return lines


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
