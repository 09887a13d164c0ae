"""The sitemap listings of one run, kept compact (one entry per article of the site)."""

from __future__ import annotations

from newsarchive.digests import DigestMap


class Listings(DigestMap[str]):
    """url_key -> the `<lastmod>` the sitemaps gave it (`""`: none) in this run. The
    sitemaps list every article at the start of a run, and the map lives to its end,
    so its keys are digests (newsarchive/digests.py)."""

    __slots__ = ()
