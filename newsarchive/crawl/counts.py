"""What a crawl did, read from its Scrapy stats (one reading for progress, summary, bench)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(kw_only=True)
class CrawlCounts:
    discovered: int = 0
    """Distinct article URLs found (sitemaps, feeds, index and article pages)."""
    fetched: int = 0
    """HTTP responses received (every page type, redirects included)."""
    article_pages: int = 0
    """Article pages handled: parsed, failed to parse or failed to fetch."""
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: dict[str, int] = field(default_factory=dict)
    """Per dedupe layer: fingerprint, canonical_url, content_hash, constraint."""
    skipped: dict[str, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    """Per reason (`missing_title`, `http_404`, ...)."""

    @property
    def stored(self) -> int:
        return self.new + self.updated + self.unchanged

    @property
    def failed(self) -> int:
        return sum(self.failures.values())


def _by_suffix(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {
        key[len(prefix) :]: int(value)
        for key, value in sorted(stats.items())
        if key.startswith(prefix) and isinstance(value, int)
    }


def counts_from_stats(stats: Mapping[str, Any]) -> CrawlCounts:
    duplicates = _by_suffix(stats, "newsarchive/dedupe/")
    # The first dedupe layer is counted into the stats at close; read it directly while
    # the crawl runs.
    duplicates.setdefault(
        "fingerprint",
        int(stats.get("dupefilter/filtered", 0))
        + int(stats.get("newsarchive/links/repeated", 0)),
    )
    return CrawlCounts(
        discovered=int(stats.get("newsarchive/discovered/articles", 0)),
        fetched=int(stats.get("response_received_count", 0)),
        article_pages=int(stats.get("newsarchive/article_pages", 0)),
        new=int(stats.get("newsarchive/store/inserted", 0)),
        updated=int(stats.get("newsarchive/store/updated", 0)),
        unchanged=int(stats.get("newsarchive/store/unchanged", 0)),
        duplicates=duplicates,
        skipped=_by_suffix(stats, "newsarchive/skipped/"),
        failures=_by_suffix(stats, "newsarchive/failures/"),
    )
