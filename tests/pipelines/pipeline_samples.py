"""Hand-built PageFetch items for the pipeline tests (shared with the crawl script)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsarchive.items import Article, PageFetch, article_from_json_dict

# The store tests' fully populated sample article: one source for both test folders.
SAMPLE_ARTICLE = Path(__file__).parent.parent / "store" / "data" / "sample_article.json"
SITE = "responsiblestatecraft.org"
FETCHED_AT = datetime(2024, 3, 1, 12, 0, 0, tzinfo=UTC)
STYLE = "".join(f".w{i} {{ margin: {i % 17}px }}\n" for i in range(5000))


def article_at(slug: str | None = None, **overrides: Any) -> Article:
    article = article_from_json_dict(json.loads(SAMPLE_ARTICLE.read_text("utf-8")))
    if slug is not None:
        url = f"https://{SITE}/{slug}/"
        article = dataclasses.replace(article, url=url, canonical_url=url)
    return dataclasses.replace(article, **overrides)


def fetch_of(article: Article | None, **overrides: Any) -> PageFetch:
    url = overrides.pop("url", None) or (
        article.url if article else f"https://{SITE}/broken/"
    )
    values: dict[str, Any] = {
        "url": url,
        "requested_url": url,
        "status": 200,
        "headers": {"Content-Type": "text/html"},
        "body": f"<html><head><style>{STYLE}</style></head><body>{url}</body>".encode(),
        "fetched_at": FETCHED_AT,
        "fingerprint": "0" * 40,
        "article": article,
    }
    values.update(overrides)
    return PageFetch(**values)


def parse_failure(slug: str = "broken") -> PageFetch:
    return fetch_of(
        None,
        url=f"https://{SITE}/{slug}/",
        failure_stage="parse",
        failure_reason="missing_title",
        failure_detail="the page has no title",
    )


def crawl_fetches() -> list[PageFetch]:
    """One of each: a new article, a legacy-URL copy (canonical), the same text at
    another URL (content hash), a page that failed to parse, one failing validation,
    and another article."""
    original = article_at()
    legacy = f"https://{SITE}/2023/10/27/diplomacy-watch-ukraine-russia"
    return [
        fetch_of(original),
        fetch_of(dataclasses.replace(original, url=legacy), url=legacy),
        fetch_of(article_at("same-text-elsewhere")),
        parse_failure(),
        fetch_of(article_at("undated", published_at=None, title="Undated")),
        fetch_of(article_at("second", title="Second", body_text="Other words.")),
    ]
