"""Deciding what a run fetches again: the revisit rules of incremental runs.

Pure decisions over an `ArchiveMemory` snapshot (no I/O). A run is in one of three modes:

- `first`: no run of this site has finished yet (a new archive, or one whose runs were
  all interrupted): discovery is complete (every index page and its pagination), but
  articles already archived are skipped unless their sitemap `<lastmod>` changed, so a
  killed first run resumes where it stopped;
- `incremental`: discovery is sitemaps, feeds and the first page of the site's front
  pages (`SiteProfile.front_pages`: by default the home page and every section
  listing). A new URL is fetched; an archived article is fetched again only on a
  sign of change: its sitemap `<lastmod>` differs from the stored one, it vanished from
  the sitemaps (gone or moved?), it is older than `--recheck-after`, or it failed last
  time. Revisits are conditional (`If-None-Match` / `If-Modified-Since`): a 304 costs no
  body;
- `full` (`--full`): discovery is complete and every archived article is fetched again,
  unconditionally.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsarchive.digests import DigestMap, DigestSet
from newsarchive.sites import SiteProfile
from newsarchive.store import NO_VALIDATORS, ArchiveMemory, Validators
from newsarchive.urls import url_key

FIRST, INCREMENTAL, FULL = "first", "incremental", "full"


@dataclass(frozen=True, kw_only=True)
class Plan:
    fetch: bool
    reason: str
    """Why: `new`, `lastmod`, `relisted`, `vanished`, `recheck`, `retry`, `full`, or,
    when not fetched, `unchanged` (listed with its stored `<lastmod>`), `known` (a link
    to an archived article), `retrying` (an open failure, requested at the start) or
    `deep_index`."""
    validators: Validators = NO_VALIDATORS
    """Sent with the request (empty: an unconditional request)."""


SKIP_KNOWN = Plan(fetch=False, reason="known")


class Listings(DigestMap[str]):
    """url_key -> the `<lastmod>` the sitemaps gave it (`""`: none) in this run. The
    sitemaps list every article at the start of a run, and the map lives to its end,
    so its keys are digests (newsarchive/digests.py)."""

    __slots__ = ()


class RevisitPlanner:
    def __init__(
        self, memory: ArchiveMemory, *, site: SiteProfile, full: bool = False
    ) -> None:
        self.memory = memory
        self.site = site
        self.mode = FULL if full else (INCREMENTAL if memory.finished_before else FIRST)
        self.listed = Listings()
        """url_key -> `<lastmod>` (`""`: none) of every article the sitemaps listed
        during this run."""
        self.retrying = {url_key(url) for url in memory.retry_urls}
        self.unchanged = DigestSet()
        """Archived articles the sitemaps list with the `<lastmod>` stored: checked,
        and unchanged, without a request."""

    def article(self, url: str, *, source: str, lastmod: str | None = None) -> Plan:
        """Whether to fetch an article URL that discovery found."""
        key = url_key(url)
        if source == "sitemap":
            self.listed[key] = lastmod or ""
        if key in self.retrying:
            return Plan(
                fetch=False, reason="retrying"
            )  # requested when the run started
        if self.mode == FULL:
            return Plan(fetch=True, reason="full")
        article_id = self.memory.known.get(key)
        if article_id is None:
            return Plan(fetch=True, reason="new")
        if source != "sitemap":
            return SKIP_KNOWN  # a link is no sign of change
        state = self.memory.articles.get(key)
        validators = state.validators if state else Validators()
        if article_id in self.memory.gone:
            return Plan(fetch=True, reason="relisted", validators=validators)
        if state is None or state.sitemap_lastmod != (lastmod or ""):
            return Plan(fetch=True, reason="lastmod", validators=validators)
        self.unchanged.add(key)
        return Plan(fetch=False, reason="unchanged")

    def index(self, url: str) -> Plan:
        """Whether to fetch an index page (incremental runs read first pages only)."""
        state = self.memory.indexes.get(url_key(url))
        validators = state.validators if state and self.mode != FULL else Validators()
        if self.mode != INCREMENTAL:
            return Plan(fetch=True, reason=self.mode, validators=validators)
        if not self.revisited_index(url):
            return Plan(fetch=False, reason="deep_index")
        return Plan(fetch=True, reason="first_page", validators=validators)

    def revisited_index(self, url: str) -> bool:
        """An index page later runs fetch again: the first page of a front page (the
        only index pages whose validators are worth keeping)."""
        return self.site.is_front_page(url)

    def start(self) -> list[tuple[str, Plan]]:
        """Article URLs to request when the run starts, besides discovery."""
        plans: dict[str, tuple[str, Plan]] = {}
        if self.mode == FULL:
            for url in self.memory.article_urls:
                plans.setdefault(url_key(url), (url, Plan(fetch=True, reason="full")))
        for url in self.memory.recheck_urls:
            plans.setdefault(url_key(url), (url, self._revisit(url, "recheck")))
        for url in self.memory.retry_urls:
            plans.setdefault(url_key(url), (url, self._revisit(url, "retry")))
        return list(plans.values())

    def vanished(self) -> list[tuple[str, Plan]]:
        """Archived articles the sitemaps listed when stored but no longer list: fetched
        again to learn whether they are gone (410/404) or moved (301)."""
        found = []
        known, listed = self.memory.known.by_digest, self.listed.by_digest
        for digest, state in self.memory.articles.by_digest.items():
            article_id = known.get(digest)
            if (
                state.in_sitemap
                and digest not in listed
                and article_id is not None
                and article_id not in self.memory.gone
            ):
                found.append((state.url, Plan(fetch=True, reason="vanished")))
        return found

    def _revisit(self, url: str, reason: str) -> Plan:
        state = self.memory.articles.get(url_key(url))
        validators = state.validators if state and self.mode != FULL else Validators()
        return Plan(fetch=True, reason=reason, validators=validators)
