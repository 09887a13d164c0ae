"""Machine-readable page metadata: JSON-LD, `<meta>`, canonical, `<title>`, language."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from newsarchive.extraction.text import squeeze, squeeze_or_none, text_of

ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
        "blogposting", "socialmediaposting", "scholarlyarticle", "report",
    }
)  # fmt: skip

_JSON_LD = etree.XPath(
    "//script[translate(normalize-space(@type), 'LDJSON', 'ldjson')"
    " = 'application/ld+json']"
)
_METAS = etree.XPath("//meta[@content]")
_LINKS = etree.XPath("//link[@rel and @href]")
_TITLE = etree.XPath("(//title)[1]")


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


def read_head(root: etree._Element) -> Head:
    return Head(
        json_ld=_article_json_ld(root),
        meta=_meta(root),
        canonical=_canonical(root),
        title_tag=_title_tag(root),
        language=_language(root),
    )


def _meta(root: etree._Element) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in _METAS(root):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        if key:
            values.setdefault(key.strip().lower(), meta.get("content") or "")
    return values


def _canonical(root: etree._Element) -> str | None:
    for link in _LINKS(root):
        if "canonical" in link.get("rel", "").lower().split():
            return link.get("href", "").strip() or None
    return None


def _title_tag(root: etree._Element) -> str | None:
    found = _TITLE(root)
    return (text_of(found[0]) or None) if found else None


def _language(root: etree._Element) -> str | None:
    html = (
        root if getattr(root, "tag", None) == "html" else root.getroottree().getroot()
    )
    return squeeze_or_none(html.get("lang") or html.get("xml:lang"))


def _article_json_ld(root: etree._Element) -> dict[str, Any] | None:
    for script in _JSON_LD(root):
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
