"""Work done once per batch instead of once per page: full-text rows and teaser links
(at the batch's end), and at its start which pages may have open failures to resolve,
which articles are archived, which URLs are mapped and which have a `url_states` row.

Written per article, each is a few statements and an ORM flush for every page; a batch
of 100 new articles then runs them 100 times where once would do (the statements take
lists of ids). `ArchiveWriter` collects the articles of a batch here and calls `finish`
before the batch commits, so readers never see an article without its index row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from newsarchive.models import Article, ArticleUrl, Failure
from newsarchive.models.versions import UrlState
from newsarchive.store import fts
from newsarchive.store.identity import present_url_keys
from newsarchive.store.teaser_links import link_teasers, link_teasers_of


@dataclass
class BatchIndex:
    fts_ids: set[int] = field(default_factory=set)
    teaser_ids: defaultdict[str, set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    failure_keys: set[tuple[str, str]] | None = None
    """(site, url_key) of the open failures the batch may resolve: those open when it
    began (`find_open_failures`) and those it recorded since. None: not looked up."""

    archived_keys: set[tuple[str, str]] | None = None
    """(site, url_key) of the batch's pages that name an article: archived when the
    batch began (`find_archived_keys`) or written by it since. None: not looked up."""

    def find_archived_keys(
        self, session: Session, keys: Iterable[tuple[str, str]]
    ) -> None:
        """Look up which of these article keys are archived (one query for the batch, so
        that new articles, nearly all in a first run, skip their own lookup)."""
        self.archived_keys = _present(session, Article, keys)

    def may_be_archived(self, site: str, url_key: str) -> bool:
        return self.archived_keys is None or (site, url_key) in self.archived_keys

    def article_key_written(self, site: str, url_key: str) -> None:
        if self.archived_keys is not None:
            self.archived_keys.add((site, url_key))

    state_keys: set[tuple[str, str]] | None = None
    """(site, url_key) of the batch's URLs with a `url_states` row: there when the batch
    began (`find_url_states`) or written by it since. None: not looked up."""

    def find_url_states(
        self, session: Session, keys: Iterable[tuple[str, str]]
    ) -> None:
        """Look up which of these URLs have a state (one query for the batch, so that new
        URLs, nearly all in a first run, skip their own lookup)."""
        self.state_keys = _present(session, UrlState, keys)

    def may_have_state(self, site: str, url_key: str) -> bool:
        return self.state_keys is None or (site, url_key) in self.state_keys

    def state_written(self, site: str, url_key: str) -> None:
        if self.state_keys is not None:
            self.state_keys.add((site, url_key))

    url_keys: set[tuple[str, str]] | None = None
    """(site, url_key) of the batch's URLs that `article_urls` maps: mapped when the
    batch began (`find_mapped_urls`) or (perhaps) by it since. None: not looked up."""

    def find_mapped_urls(
        self, session: Session, keys: Iterable[tuple[str, str]]
    ) -> None:
        """Look up which of these URLs are mapped to an article (one query for the
        batch, so that a new article at new URLs is written with the batch's others)."""
        self.url_keys = _present(session, ArticleUrl, keys)

    def may_be_mapped(self, site: str, url_key: str) -> bool:
        return self.url_keys is None or (site, url_key) in self.url_keys

    def urls_written(self, site: str, url_keys: Iterable[str]) -> None:
        if self.url_keys is not None:
            self.url_keys.update((site, key) for key in url_keys)

    def find_open_failures(
        self, session: Session, keys: Iterable[tuple[str, str]]
    ) -> None:
        """Look up which of these URLs have open failures (one query for the batch, so
        that pages without one, nearly all, skip `resolve_failures`)."""
        self.failure_keys = _present(
            session, Failure, keys, where=(Failure.resolved_at.is_(None),)
        )

    def may_resolve(self, site: str, url_keys: Iterable[str]) -> bool:
        if self.failure_keys is None:
            return True
        return any((site, key) in self.failure_keys for key in url_keys)

    def failure_recorded(self, site: str, url_key: str) -> None:
        if self.failure_keys is not None:
            self.failure_keys.add((site, url_key))

    def finish(self, session: Session) -> None:
        """Do the collected work, in the batch's transaction."""
        fts.refresh_articles(session, self.fts_ids)
        for site, ids in self.teaser_ids.items():
            link_teasers_of(session, site=site, article_ids=ids)
        self.fts_ids.clear()
        self.teaser_ids.clear()


def _present(
    session: Session,
    model: Any,
    keys: Iterable[tuple[str, str]],
    where: tuple[Any, ...] = (),
) -> set[tuple[str, str]]:
    """The (site, url_key) pairs among `keys` that rows of `model` have."""
    by_site: defaultdict[str, set[str]] = defaultdict(set)
    for site, key in keys:
        by_site[site].add(key)
    return {
        (site, key)
        for site, url_keys in by_site.items()
        for key in present_url_keys(
            session, model, site=site, url_keys=url_keys, where=where
        )
    }


def refresh_fts(session: Session, article_id: int, batch: BatchIndex | None) -> None:
    """The article's FTS row: now, or with its batch."""
    if batch is None:
        fts.refresh_article(session, article_id)
    else:
        batch.fts_ids.add(article_id)


def link_article_teasers(
    session: Session, *, site: str, article_id: int, batch: BatchIndex | None
) -> None:
    """The article's teaser links (both ways): now, or with its batch."""
    if batch is None:
        link_teasers(session, site=site, article_id=article_id)
    else:
        batch.teaser_ids[site].add(article_id)
