"""The sitemap listings of one run, kept compact (one entry per article of the site)."""

from __future__ import annotations

from hashlib import blake2b

DIGEST_BYTES = 16


def _digest(url_key: str) -> bytes:
    return blake2b(url_key.encode("utf-8"), digest_size=DIGEST_BYTES).digest()


class Listings:
    """url_key -> the `<lastmod>` the sitemaps gave it (`""`: none) in this run.

    The sitemaps list every article at the start of a run, and the map lives to its end:
    keys are 16-byte BLAKE2b digests, not URL strings (~100 bytes less per article on a
    site of 100,000; bench/scale.py). A collision is out of reach.
    """

    def __init__(self) -> None:
        self._lastmods: dict[bytes, str] = {}

    def __setitem__(self, url_key: str, lastmod: str) -> None:
        self._lastmods[_digest(url_key)] = lastmod

    def __getitem__(self, url_key: str) -> str:
        return self._lastmods[_digest(url_key)]

    def __contains__(self, url_key: object) -> bool:
        return isinstance(url_key, str) and _digest(url_key) in self._lastmods

    def __len__(self) -> int:
        return len(self._lastmods)
