"""Deterministic fault injection for the replica: which URL fails, and how.

A `FaultPlan` picks, from a hash of (fault seed, path), a share of the article pages and
gives each one fault kind; discovery pages (listings, sitemap chunks, section feeds) get
only transient faults that a retry recovers, and site-wide kinds (a malformed sitemap or
feed, sitemap entries that 404, duplicate links with tracking parameters / `www.` /
upper case) are on whenever their kind is enabled. The truth stays the truth of the
un-faulted site; the plan says what a crawler should make of each fault
(`Fault.expected`), so tests can check "archived correctly or recorded with its reason".

    plan = FaultPlan(corpus.article_paths(), FaultOptions.from_profile("mixed", share=0.2))
    plan.article_faults()          # {"/<slug>/": Fault(kind="http_503", fail_times=2), ...}
    plan.fault_for("/<slug>/")     # the same for one path (None: healthy)
    plan.ghost_paths()             # sitemap entries that answer 404
    plan.variant_links(base_url)   # {"/<slug>/": [URL variants linked from the home page]}
    fault_middleware(plan)         # the aiohttp middleware (newsarchive.replica.fault_server)

Transient faults fail the first `fail_times` requests of their path in one server process
(`ALWAYS`: every request), so a crawler with 2 retries recovers from 1 or 2 failures.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from newsarchive.replica.fault_kinds import (
    ALWAYS,
    DEFAULT_SHARE,
    DISCOVERY_KINDS,
    FAULT_KINDS,
    GHOST_SUFFIX,
    PROFILE_SHARES,
    PROFILES,
    TRANSIENT_KINDS,
    FaultKind,
)

__all__ = [
    "ALWAYS", "DISCOVERY_KINDS", "FAULT_KINDS", "PROFILES", "TRANSIENT_KINDS", "Fault",
    "FaultKind", "FaultOptions", "FaultPlan", "plan_for",
]  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class FaultOptions:
    kinds: tuple[str, ...] = ()
    share: float = DEFAULT_SHARE
    """Share of article pages that get a per-page fault."""
    seed: int = 1
    retry_after: int = 1
    """Seconds in the Retry-After header of 503 and 429 answers."""
    hang_seconds: float = 3.0
    """How long a `timeout` stalls and a `slow_body` trickles (beyond the client's timeout)."""
    oversize_kb: int = 40 * 1024
    """Size of an `oversized` page (the crawler's default limit is 32 MB)."""
    bomb_mb: int = 256
    """Inflated size of the `gzip_bomb` body."""
    discovery: bool = True
    """Also give listing pages, sitemap chunks and section feeds transient faults."""

    def __post_init__(self) -> None:
        unknown = [kind for kind in self.kinds if kind not in FAULT_KINDS]
        if unknown:
            raise ValueError(
                f"unknown fault kind(s) {', '.join(unknown)}; known: {', '.join(FAULT_KINDS)}"
            )
        if not 0.0 <= self.share <= 1.0:
            raise ValueError(
                f"the fault share must be between 0 and 1, not {self.share}"
            )

    @classmethod
    def from_profile(cls, profile: str, *, extra_kinds: tuple[str, ...] = (),
                     share: float | None = None, **values: Any) -> FaultOptions:  # fmt: skip
        if profile not in PROFILES:
            raise ValueError(
                f"unknown fault profile {profile!r}; known: {', '.join(PROFILES)}"
            )
        kinds = tuple(dict.fromkeys(PROFILES[profile] + tuple(extra_kinds)))
        if share is None:
            share = PROFILE_SHARES.get(profile, DEFAULT_SHARE)
        return cls(kinds=kinds, share=share, **values)

    @property
    def enabled(self) -> bool:
        return bool(self.kinds)


@dataclass(frozen=True, kw_only=True)
class Fault:
    kind: str
    fail_times: int = ALWAYS
    """Requests of this path that fail before it heals (transient kinds only)."""
    variant: int = 0
    """Which form the fault takes (e.g. which field `missing_field` leaves out)."""

    @property
    def info(self) -> FaultKind:
        return FAULT_KINDS[self.kind]

    def expected(self, retries: int) -> frozenset[str]:
        """Reasons a crawler retrying `retries` times may record; empty: it must archive
        the page correctly (the fault heals within its retries, or is not fatal)."""
        if self.info.transient and self.fail_times <= retries:
            return frozenset()
        if self.kind == "sitemap_404":
            return frozenset()  # the article is healthy; its dead sibling is a ghost
        return self.info.reasons


@dataclass(kw_only=True)
class FaultPlan:
    """Which path gets which fault, decided once from the options (deterministic)."""

    article_paths: list[str]
    options: FaultOptions = field(default_factory=FaultOptions)

    def __post_init__(self) -> None:
        per_page = [k for k in self.options.kinds if FAULT_KINDS[k].scope != "site"]
        self._articles: dict[str, Fault] = {}
        if per_page:
            for path in self.article_paths:
                if self._unit("share", path) < self.options.share:
                    self._articles[path] = self._pick(path, per_page)
        self._article_set = set(self.article_paths)

    # --- what the plan decided ---------------------------------------------------------
    def article_faults(self) -> dict[str, Fault]:
        """Every faulted article path and its fault, in publication order."""
        return dict(self._articles)

    def fault_for(self, path: str, query: str = "") -> Fault | None:
        """The fault of a page as requested (None: healthy). An article's fault holds
        for any query string; a discovery page's is decided per path and query."""
        slash = path if path.endswith("/") else path + "/"
        if slash in self._articles:
            return self._articles[slash]
        kinds = self._discovery_kinds()
        if slash in self._article_set or not kinds or not self._is_discovery_page(path):
            return None
        key = f"{path}?{query}" if query else path
        if self._unit("discovery", key) >= self.options.share:
            return None
        kind = kinds[int(self._unit("discovery-kind", key) * len(kinds))]
        return Fault(kind=kind, fail_times=1 + int(self._unit("times", key) * 2))

    def has(self, kind: str) -> bool:
        return kind in self.options.kinds

    def ghost_paths(self) -> list[str]:
        """Dead URLs the newest sitemap chunk lists (`sitemap_404`): they answer 404."""
        return [
            path.rstrip("/") + GHOST_SUFFIX + "/"
            for path, fault in self._articles.items()
            if fault.kind == "sitemap_404"
        ]

    def variant_links(self, base_url: str) -> dict[str, list[str]]:
        """URL variants of each `tracking_duplicates` article (the home page links them)."""
        from newsarchive.replica.fault_content import url_variants

        return {
            path: url_variants(base_url, path)
            for path, fault in self._articles.items()
            if fault.kind == "tracking_duplicates"
        }

    def sitemap_count(self) -> int:
        from newsarchive.replica.feeds import sitemap_count

        return sitemap_count(len(self.article_paths))

    def malformed_sitemap_path(self) -> str | None:
        """The sitemap chunk served as broken XML, when `malformed_sitemap` is on: any
        but the newest (which lists the ghosts) when there are several."""
        if not self.has("malformed_sitemap"):
            return None
        older = max(1, self.sitemap_count() - 1)
        number = 1 + int(self._unit("sitemap", "sitemap") * older)
        return f"/feeds/sitemaps/sitemap_{number}.xml"

    def ghost_sitemap_path(self) -> str:
        """The sitemap that also lists the ghost URLs: the newest chunk (its Google News
        twin when a one-chunk site's only `.xml` is the broken one)."""
        newest = f"/feeds/sitemaps/sitemap_{self.sitemap_count()}.xml"
        if newest == self.malformed_sitemap_path():
            return newest.removesuffix(".xml") + ".ggl"
        return newest

    def summary(self) -> dict[str, int]:
        """Faulted article pages per kind (site-wide kinds count 1 when on)."""
        counts: dict[str, int] = {}
        for fault in self._articles.values():
            counts[fault.kind] = counts.get(fault.kind, 0) + 1
        for kind in self.options.kinds:
            if FAULT_KINDS[kind].scope == "site":
                counts[kind] = 1
        return counts

    # --- deterministic choices ---------------------------------------------------------
    def _pick(self, path: str, kinds: list[str]) -> Fault:
        kind = kinds[int(self._unit("kind", path) * len(kinds))]
        variant = int(self._unit("variant", path) * 3)
        if not FAULT_KINDS[kind].transient:
            return Fault(kind=kind, variant=variant)
        # 40% heal after one failure, 30% after two, 30% never (within this process).
        roll = self._unit("times", path)
        fail_times = 1 if roll < 0.4 else 2 if roll < 0.7 else ALWAYS
        return Fault(kind=kind, fail_times=fail_times, variant=variant)

    def _discovery_kinds(self) -> list[str]:
        if not self.options.discovery:
            return []
        return [kind for kind in DISCOVERY_KINDS if kind in self.options.kinds]

    def _unit(self, purpose: str, path: str) -> float:
        """A number in [0, 1) fixed by (seed, purpose, path): the same in every process."""
        digest = hashlib.blake2b(
            f"{self.options.seed}\0{purpose}\0{path}".encode(), digest_size=8
        ).digest()
        return int.from_bytes(digest, "big") / 2**64

    @staticmethod
    def _is_discovery_page(path: str) -> bool:
        """Listings, sitemap chunks and section feeds. Never the home page, robots.txt,
        the sitemap index or the main feed (losing them would end the crawl or hide the
        site; the main feed has its own kind), nor dead URLs: a 404 stays a plain 404."""
        from newsarchive.replica.sections import SECTION_BY_SLUG

        if path.startswith(("/author/", "/tag/", "/regions/", "/feeds/sitemaps/")):
            return True
        if path.startswith("/feeds/") and path != "/feeds/feed.rss":
            return True
        return path.strip("/") in SECTION_BY_SLUG


def plan_for(corpus: Any, options: FaultOptions) -> FaultPlan:
    """The plan for a `Corpus` (its article paths)."""
    return FaultPlan(article_paths=corpus.article_paths(), options=options)
