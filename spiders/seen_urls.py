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

from newsarchive.digests import DigestSet


class SeenUrls(DigestSet):
    """URLs (exact strings, in their scheduling form) seen before."""

    __slots__ = ()
