"""A compact set of URLs (or URL keys): the spider's per-URL memory.

Its main use: the URLs already handed to Scrapy's scheduler. Index and article pages
repeat the same links (navigation, sidebars, tags, authors) on every page: a crawl of
2,000 articles yields ~25 already-scheduled links per page. Each one built into a
`Request` costs the spider middlewares, the engine's signals, a task and a request
fingerprint before the dupefilter drops it. The spider checks this set
first and skips those links (counted as `newsarchive/dedupe/fingerprint`: the same
layer, met earlier); the dupefilter stays the exact layer behind it.

URLs are kept as 16-byte BLAKE2b digests, not strings (newsarchive/digests.py): memory
stays small on a site of 100,000 articles, and a collision (which would skip a link) is
out of reach.
"""

from __future__ import annotations

from typing import NamedTuple

from newsarchive.digests import DigestSet


class SeenUrls(DigestSet):
    """URLs (exact strings, in their scheduling form) seen before."""

    __slots__ = ()


class KnownLink(NamedTuple):
    article: bool
    """An article link (counted in `newsarchive/discovered/links/<source>`)."""
    variant: bool
    """Written otherwise than its scheduling form (`.../url_variants`)."""


class KnownScheduledLinks:
    """Links as written on the pages, already found scheduled: the next time one is
    met, the spider counts it and moves on without planning it again (URL parsing,
    canonical form, two digests). A link once scheduled stays scheduled, so an entry
    never goes stale; the memory is bounded by forgetting everything at `limit` entries
    (what index pages repeat, their navigation, comes back at once)."""

    __slots__ = ("_links", "limit")

    def __init__(self, limit: int = 20_000) -> None:
        self._links: dict[str, KnownLink] = {}
        self.limit = limit

    def get(self, link: str) -> KnownLink | None:
        return self._links.get(link)

    def remember(self, link: str, scheduled: str, *, article: bool) -> None:
        if len(self._links) >= self.limit:
            self._links.clear()
        self._links[link] = KnownLink(article=article, variant=link != scheduled)
