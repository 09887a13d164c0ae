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

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsarchive.models import Article, ArticleUrl
from newsarchive.models.versions import ArticleVersion
from newsarchive.store import snapshot
from newsarchive.urls import url_key

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


def find_article(session: Session, url: str) -> int | None:
    """The archived article any of its URLs (old, legacy, alias, canonical) leads to."""
    key = url_key(url)
    found = session.scalars(
        select(ArticleUrl.article_id).where(ArticleUrl.url_key == key)
    )
    article_id = found.first()
    if article_id is None:
        article_id = session.scalars(
            select(Article.id).where(Article.url_key == key)
        ).first()
    return article_id


def article_history(session: Session, article_id: int) -> ArticleHistory:
    row = session.get_one(Article, article_id)
    rows = session.scalars(
        select(ArticleVersion)
        .where(ArticleVersion.article_id == article_id)
        .order_by(ArticleVersion.version)
    ).all()
    state = snapshot(session, article_id)
    views: list[VersionView] = []
    for version in reversed(rows):
        changes = []
        for name in version.changed_fields:
            after = state.get(name)
            before = version.previous_values.get(name)
            changes.append(FieldChange(name=name, before=before, after=after))
            state[name] = before
        views.append(
            VersionView(
                version=version.version,
                fetched_at=version.fetched_at,
                url=version.url,
                run_id=version.run_id,
                content_hash=version.content_hash,
                changes=changes,
            )
        )
    urls = session.scalars(
        select(ArticleUrl.url)
        .where(ArticleUrl.article_id == article_id)
        .order_by(ArticleUrl.id)
    ).all()
    return ArticleHistory(
        article_id=article_id,
        title=row.title,
        url=row.url,
        urls=list(urls),
        gone_at=row.gone_at,
        last_status=row.last_status,
        versions=views[::-1],
    )


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
