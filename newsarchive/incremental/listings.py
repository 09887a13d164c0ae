"""Per-URL maps and sets that stay compact on a site of 100,000 articles.

A run keeps several things per URL key for its whole length: what the archive remembers
of each URL (`memory.ArchiveMemory`), what the sitemaps list in this run, which archived
articles they showed unchanged. Keys are 16-byte BLAKE2b digests of the URL key, not the
key strings: ~100 bytes less per entry and per map (bench/scale.py). A collision is out
of reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from hashlib import blake2b
from typing import Generic, TypeVar

DIGEST_BYTES = 16
V = TypeVar("V")


def key_digest(url_key: str) -> bytes:
    return blake2b(url_key.encode("utf-8"), digest_size=DIGEST_BYTES).digest()


class DigestMap(Generic[V]):
    """url_key -> value, stored under the key's digest."""

    __slots__ = ("by_digest",)

    def __init__(self, items: Iterable[tuple[str, V]] = ()) -> None:
        self.by_digest: dict[bytes, V] = {key_digest(key): value for key, value in items}

    def __setitem__(self, url_key: str, value: V) -> None:
        self.by_digest[key_digest(url_key)] = value

    def __getitem__(self, url_key: str) -> V:
        return self.by_digest[key_digest(url_key)]

    def get(self, url_key: str, default: V | None = None) -> V | None:
        return self.by_digest.get(key_digest(url_key), default)

    def __contains__(self, url_key: object) -> bool:
        return isinstance(url_key, str) and key_digest(url_key) in self.by_digest

    def __len__(self) -> int:
        return len(self.by_digest)

    def values(self) -> Iterator[V]:
        return iter(self.by_digest.values())


class DigestSet:
    """A set of url_keys, stored as digests."""

    __slots__ = ("digests",)

    def __init__(self, url_keys: Iterable[str] = ()) -> None:
        self.digests: set[bytes] = {key_digest(key) for key in url_keys}

    def add(self, url_key: str) -> None:
        self.digests.add(key_digest(url_key))

    def __contains__(self, url_key: object) -> bool:
        return isinstance(url_key, str) and key_digest(url_key) in self.digests

    def __len__(self) -> int:
        return len(self.digests)


class Listings(DigestMap[str]):
    """url_key -> the `<lastmod>` the sitemaps gave it (`""`: none) in this run. The
    sitemaps list every article at the start of a run, and the map lives to its end."""

    __slots__ = ()
