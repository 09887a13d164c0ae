"""Strings kept as 16-byte BLAKE2b digests: per-URL memory that stays small.

A crawl keeps several things per URL for its whole length (what was scheduled, what the
archive remembers of each URL, what the sitemaps list in this run). Keys are digests, not
the strings: ~100 bytes less per entry on a site of 100,000 articles (bench/scale.py).
A collision, which would mistake one URL for another, is out of reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from hashlib import blake2b
from typing import Generic, TypeVar

DIGEST_BYTES = 16
V = TypeVar("V")


def digest_of(text: str) -> bytes:
    return blake2b(text.encode("utf-8"), digest_size=DIGEST_BYTES).digest()


class DigestSet:
    """A set of strings, stored as digests."""

    __slots__ = ("digests",)

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.digests: set[bytes] = {digest_of(text) for text in texts}

    def add(self, text: str) -> None:
        self.digests.add(digest_of(text))

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and digest_of(text) in self.digests

    def __len__(self) -> int:
        return len(self.digests)


class DigestMap(Generic[V]):
    """string -> value, stored under the string's digest."""

    __slots__ = ("by_digest",)

    def __init__(self, items: Iterable[tuple[str, V]] = ()) -> None:
        self.by_digest: dict[bytes, V] = {
            digest_of(text): value for text, value in items
        }

    def __setitem__(self, text: str, value: V) -> None:
        self.by_digest[digest_of(text)] = value

    def __getitem__(self, text: str) -> V:
        return self.by_digest[digest_of(text)]

    def get(self, text: str, default: V | None = None) -> V | None:
        return self.by_digest.get(digest_of(text), default)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and digest_of(text) in self.by_digest

    def __len__(self) -> int:
        return len(self.by_digest)

    def values(self) -> Iterator[V]:
        return iter(self.by_digest.values())
