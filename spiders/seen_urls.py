"""A compact set of URLs (or URL keys): the spider's per-URL memory.

Its main use: the URLs already handed to Scrapy's scheduler. Index and article pages
repeat the same links (navigation, sidebars, tags, authors) on every page: a crawl of
2,000 articles yields ~25 already-scheduled links per page. Each one built into a
`Request` costs the spider middlewares, the engine's signals, a task and a request
fingerprint before the dupefilter drops it. The spider checks this set
first and skips those links (counted as `newsarchive/dedupe/fingerprint`: the same
layer, met earlier); the dupefilter stays the exact layer behind it.

URLs are kept as 16-byte BLAKE2b digests, not strings: memory stays small on a site of
100,000 articles, and a collision (which would skip a link) is out of reach.
"""

from __future__ import annotations

from hashlib import blake2b

DIGEST_BYTES = 16


def url_digest(url: str) -> bytes:
    return blake2b(url.encode("utf-8"), digest_size=DIGEST_BYTES).digest()


class SeenUrls:
    """URLs (exact strings, in their scheduling form) seen before."""

    def __init__(self) -> None:
        self._digests: set[bytes] = set()

    def add(self, url: str) -> None:
        self._digests.add(url_digest(url))

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and url_digest(url) in self._digests

    def __len__(self) -> int:
        return len(self._digests)
