"""Machine-readable page metadata: JSON-LD, `<meta>`, canonical, `<title>`, language."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from newsarchive.extraction.text import (
    Parts,
    index_by_class,
    squeeze,
    squeeze_or_none,
    text_of,
)

ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
        "blogposting", "socialmediaposting", "scholarlyarticle", "report",
    }
)  # fmt: skip

HEAD_TAGS = frozenset({"meta", "link", "script", "title"})
"""The tags `read_head` reads: give them to `index_by_class` with the other lists."""


@dataclass(kw_only=True)
class Head:
    """What the page says about itself, before reading the visible markup."""

    json_ld: dict[str, Any] | None = None
    """The first JSON-LD object whose `@type` is an article type."""
    meta: dict[str, str] = field(default_factory=dict)
    """`<meta>` content by lower-case `property` or `name` (first one wins)."""
    canonical: str | None = None
    title_tag: str | None = None
    language: str | None = None

    def meta_value(self, *keys: str) -> str | None:
        for key in keys:
            value = squeeze(self.meta.get(key))
            if value:
                return value
        return None

    @property
    def og_type(self) -> str | None:
        value = self.meta_value("og:type")
        return value.lower() if value else None


def read_head(root: etree._Element, parts: Parts | None = None) -> Head:
    """The page's metadata. `parts`: the document's `HEAD_TAGS` elements by tag, when
    the caller has indexed the tree already (else it is indexed here)."""
    if parts is None:
        parts = index_by_class(root, frozenset(), HEAD_TAGS)
    titles = parts.get("title", [])
    return Head(
        json_ld=_article_json_ld(parts.get("script", [])),
        meta=_meta(parts.get("meta", [])),
        canonical=_canonical(parts.get("link", [])),
        title_tag=(text_of(titles[0]) or None) if titles else None,
        language=_language(root),
    )


def _meta(metas: list[etree._Element]) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in metas:
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content is not None:
            values.setdefault(key.strip().lower(), content)
    return values


def _canonical(links: list[etree._Element]) -> str | None:
    for link in links:
        if "canonical" in (link.get("rel") or "").lower().split():
            return (link.get("href") or "").strip() or None
    return None


def _language(root: etree._Element) -> str | None:
    html = (
        root if getattr(root, "tag", None) == "html" else root.getroottree().getroot()
    )
    return squeeze_or_none(html.get("lang") or html.get("xml:lang"))


def _article_json_ld(scripts: list[etree._Element]) -> dict[str, Any] | None:
    for script in scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _load_json(script.text or "")
        for candidate in _json_ld_objects(data):
            if _is_article_type(candidate.get("@type")):
                return candidate
    return None


def _load_json(text: str) -> Any:
    try:
        # strict=False: CMSs leave raw newlines and tabs inside JSON strings.
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


def _json_ld_objects(data: Any) -> list[dict[str, Any]]:
    """Top-level objects, array members and `@graph` members, in order."""
    if isinstance(data, list):
        items = data
    elif isinstance(data, dict):
        graph = data.get("@graph")
        items = [data, *graph] if isinstance(graph, list) else [data]
    else:
        return []
    return [item for item in items if isinstance(item, dict)]


def _is_article_type(value: Any) -> bool:
    names = value if isinstance(value, list) else [value]
    return any(
        isinstance(name, str) and name.lower() in ARTICLE_TYPES for name in names
    )


def json_ld_text(data: dict[str, Any] | None, key: str) -> str | None:
    """A JSON-LD string value, squeezed (None when absent or not a string)."""
    if not data:
        return None
    value = data.get(key)
    return squeeze_or_none(value) if isinstance(value, str) else None


def json_ld_raw(data: dict[str, Any] | None, key: str) -> str | None:
    """A JSON-LD string value exactly as written (for `*_raw` fields)."""
    if not data:
        return None
    value = data.get(key)
    return value if isinstance(value, str) and value.strip() else None
