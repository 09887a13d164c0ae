"""What a batch knows of the archive: which of its keys the archive already has.

A batch looks up once, at its start, which of its pages' URL keys name an archived
article, are mapped in `article_urls`, have a `url_states` row or an open failure, and
notes each key it writes since. Written per page, each of these is a query; on a first
crawl nearly every answer is "no", and knowing it spares the query (and lets new
articles be written together, one statement per table). A set left at None was not
looked up: every question about it answers "maybe" and the writer looks the row up.

It also collects the articles whose full-text rows and teaser links are due
(`articles.finish_articles` writes them once, before the batch commits, so readers never
see an article without its index row).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsarchive.models import Article, ArticleUrl, Failure
from newsarchive.models.versions import UrlState

Keys = set[tuple[str, str]]
"""(site, url_key) pairs."""


@dataclass
class BatchIndex:
    archived_keys: Keys | None = None
    """Keys of archived articles (`articles.url_key`)."""
    url_keys: Keys | None = None
    """Keys `article_urls` maps (perhaps: a key the batch mapped is noted as mapped)."""
    state_keys: Keys | None = None
    """Keys with a `url_states` row."""
    failure_keys: Keys | None = None
    """Keys with an open failure (those open when the batch began, and those it
    recorded since)."""
    fts_ids: set[int] = field(default_factory=set)
    """Articles whose full-text row is due."""
    teaser_ids: defaultdict[str, set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    """site -> articles whose teaser links are due."""

    def look_up(
        self,
        session: Session,
        *,
        page_keys: Iterable[tuple[str, str]],
        article_keys: Iterable[tuple[str, str]],
    ) -> None:
        """One query per table for the batch: which of its URLs (`page_keys`) have a
        mapping, a state or an open failure, and which of its article keys are
        archived."""
        page_keys = set(page_keys)
        self.failure_keys = _present(
            session, Failure, page_keys, where=(Failure.resolved_at.is_(None),)
        )
        self.state_keys = _present(session, UrlState, page_keys)
        self.url_keys = _present(session, ArticleUrl, page_keys)
        self.archived_keys = _present(session, Article, article_keys)

    def may_be_archived(self, site: str, key: str) -> bool:
        return _maybe(self.archived_keys, site, key)

    def may_be_mapped(self, site: str, key: str) -> bool:
        return _maybe(self.url_keys, site, key)

    def may_have_state(self, site: str, key: str) -> bool:
        return _maybe(self.state_keys, site, key)

    def may_resolve(self, site: str, keys: Iterable[str]) -> bool:
        return any(_maybe(self.failure_keys, site, key) for key in keys)

    def article_key_written(self, site: str, key: str) -> None:
        _note(self.archived_keys, site, [key])

    def urls_written(self, site: str, keys: Iterable[str]) -> None:
        _note(self.url_keys, site, keys)

    def state_written(self, site: str, key: str) -> None:
        _note(self.state_keys, site, [key])

    def failure_recorded(self, site: str, key: str) -> None:
        _note(self.failure_keys, site, [key])

    def text_due(self, article_id: int) -> None:
        """The article's full-text row is due (it is new, or its text changed)."""
        self.fts_ids.add(article_id)

    def links_due(self, site: str, article_id: int) -> None:
        """The article's teasers, and teasers elsewhere leading to it, are to link."""
        self.teaser_ids[site].add(article_id)


def _maybe(keys: Keys | None, site: str, key: str) -> bool:
    return keys is None or (site, key) in keys


def _note(keys: Keys | None, site: str, written: Iterable[str]) -> None:
    if keys is not None:
        keys.update((site, key) for key in written)


def _present(
    session: Session,
    model: Any,
    keys: Iterable[tuple[str, str]],
    where: tuple[Any, ...] = (),
) -> Keys:
    """The (site, url_key) pairs among `keys` that rows of `model` (a table with `site`
    and `url_key` columns) have, among those matching `where`."""
    by_site: defaultdict[str, set[str]] = defaultdict(set)
    for site, key in keys:
        by_site[site].add(key)
    present: Keys = set()
    for site, url_keys in by_site.items():
        query = select(model.url_key).where(
            model.site == site, model.url_key.in_(url_keys), *where
        )
        present.update((site, key) for key in session.scalars(query))
    return present
