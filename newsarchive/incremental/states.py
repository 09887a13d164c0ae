"""Writing `url_states`: what the next run needs to know about each fetched URL.

For an article, the state is written in the same transaction as the article itself
(`record_article_state`, called by the store's `write_fetch`): a stored `<lastmod>` or
`ETag` must never promise a content the archive does not hold, or a run killed between
the two would skip a change forever. The state of the URL the sitemap listed (the one
requested) records the `<lastmod>`; the final URL's state the validators. A failed fetch
changes no promise. Index pages' validators are only an optimisation and are written
at the end of a run (`record_index_states`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.incremental.items import NotModified
from newsarchive.incremental.listings import Listings
from newsarchive.models import Article
from newsarchive.models.versions import UrlState
from newsarchive.store.failures import resolve_failures
from newsarchive.urls import url_key

if TYPE_CHECKING:
    from newsarchive.store.batch_index import BatchIndex

SITEMAP, VANISHED = "sitemap", "vanished"


@dataclass(frozen=True, kw_only=True)
class IndexState:
    url: str
    etag: str | None
    last_modified: str | None
    checked_at: datetime


def header(headers: dict[str, str], name: str) -> str | None:
    """A response header by name, whatever its case."""
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


def record_article_state(
    session: Session,
    fetch: items.PageFetch,
    *,
    site: str,
    run_id: int | None,
    stored: bool,
    batch: BatchIndex | None = None,
) -> None:
    """Remember what this fetch taught (`stored`: the page was archived as an article or
    as a duplicate of one, in this transaction). With its `batch`, a URL the batch knows
    has no state yet is not looked up."""
    requested_key = url_key(fetch.requested_url or fetch.url)
    if not stored:
        if batch is not None and not batch.may_have_state(site, requested_key):
            return
        state = _find(session, site, requested_key)
        if state is not None:
            state.last_status, state.checked_at = fetch.status or None, fetch.fetched_at
        return
    etag, modified = (
        header(fetch.headers, "ETag"),
        header(fetch.headers, "Last-Modified"),
    )
    keys = {
        requested_key: fetch.requested_url or fetch.url,
        url_key(fetch.url): fetch.url,
    }
    found: dict[str, UrlState] = {}
    for key, url in keys.items():
        state = _find_or_new(session, site, key, url, fetch.fetched_at, batch)
        state.etag, state.last_modified = etag, modified
        state.last_status, state.checked_at, state.run_id = (
            fetch.status,
            fetch.fetched_at,
            run_id,
        )
        found[key] = state
    _note_listing(found[requested_key], fetch.source, fetch.sitemap_lastmod)


def record_not_modified(
    session: Session, item: NotModified, *, site: str, run_id: int | None
) -> bool:
    """A 304: the archived article is still current. False if the URL has no state
    (then nothing was promised for it and nothing is recorded)."""
    key = url_key(item.requested_url or item.url)
    state = _find(session, site, key)
    if state is None:
        return False
    state.last_status, state.checked_at, state.run_id = 304, item.fetched_at, run_id
    _note_listing(state, item.source, item.sitemap_lastmod)
    article_id = _article_of(session, site, key)
    if article_id is not None:
        session.execute(
            update(Article)
            .where(Article.id == article_id, Article.last_seen_at < item.fetched_at)
            .values(last_seen_at=item.fetched_at, last_run_id=run_id)
            .execution_options(synchronize_session=False)
        )
    resolve_failures(
        session, site=site, url_keys=[key, url_key(item.url)], at=item.fetched_at
    )
    return True


def forget_listing(session: Session, *, site: str, key: str) -> None:
    """The URL no longer stands for a live, listed article (it is gone)."""
    state = _find(session, site, key)
    if state is not None:
        state.in_sitemap = False


def record_late_listings(
    session: Session,
    listings: Listings | dict[str, str],
    *,
    site: str,
    run_id: int | None,
) -> int:
    """Articles this run archived from another source (a feed, an index page) before the
    sitemaps listed them: record their listing now. Only rows this run wrote, so only
    committed articles (call after the store's last batch). How many were updated."""
    if run_id is None:
        return 0
    updated = 0
    rows = session.scalars(
        select(UrlState).where(
            UrlState.site == site,
            UrlState.run_id == run_id,
            UrlState.kind == "article",
            UrlState.in_sitemap.is_(False),
            UrlState.last_status == 200,
        )
    )
    for state in rows:
        if state.url_key in listings:
            state.in_sitemap, state.sitemap_lastmod = True, listings[state.url_key]
            updated += 1
    return updated


def record_index_states(
    session: Session, states: Iterable[IndexState], *, site: str, run_id: int | None
) -> None:
    for index in states:
        key = url_key(index.url)
        state = _find(session, site, key)
        if state is None:
            state = _new(session, site, key, index.url, index.checked_at, kind="index")
        state.etag, state.last_modified = index.etag, index.last_modified
        state.last_status, state.checked_at, state.run_id = (
            200,
            index.checked_at,
            run_id,
        )


def _note_listing(state: UrlState, source: str | None, lastmod: str | None) -> None:
    for column, value in _listing(source, lastmod).items():
        setattr(state, column, value)


def _listing(source: str | None, lastmod: str | None) -> dict[str, Any]:
    """What a fetch found by `source` says of its URL's listing in the sitemaps."""
    if source == SITEMAP:
        return {"in_sitemap": True, "sitemap_lastmod": lastmod or ""}
    if source == VANISHED:
        return {"in_sitemap": False}
    return {}


@functools.cache
def _find_statement() -> Select:
    # Built once with bound parameters: it runs for every stored page.
    return select(UrlState).where(
        UrlState.site == bindparam("b_site"), UrlState.url_key == bindparam("b_key")
    )


def _find(session: Session, site: str, key: str) -> UrlState | None:
    return session.scalars(
        _find_statement(), {"b_site": site, "b_key": key}
    ).one_or_none()


def _find_or_new(
    session: Session,
    site: str,
    key: str,
    url: str,
    at: datetime,
    batch: BatchIndex | None,
) -> UrlState:
    if (batch is None or batch.may_have_state(site, key)) and (
        state := _find(session, site, key)
    ) is not None:
        return state
    if batch is not None:
        batch.state_written(site, key)
    return _new(session, site, key, url, at)


def _new(
    session: Session,
    site: str,
    key: str,
    url: str,
    at: datetime,
    *,
    kind: str = "article",
) -> UrlState:
    state = UrlState(
        site=site, url_key=key, url=url, kind=kind, in_sitemap=False, checked_at=at
    )
    session.add(state)  # flushed before the next query (autoflush): `_find` sees it
    return state


def _article_of(session: Session, site: str, key: str) -> int | None:
    from newsarchive.store.identity import article_id_for_url

    return article_id_for_url(session, site, key)


def new_article_state_rows(
    fetch: items.PageFetch, *, site: str, run_id: int | None
) -> list[dict[str, Any]]:
    """The new `url_states` rows of a stored article's requested and final URL, as
    `record_article_state` writes them for URLs without a state (the store's batch
    path for new articles writes them all in one statement)."""
    requested = fetch.requested_url or fetch.url
    urls = {url_key(requested): requested, url_key(fetch.url): fetch.url}
    etag = header(fetch.headers, "ETag")
    modified = header(fetch.headers, "Last-Modified")
    rows = [
        {"site": site, "url_key": key, "url": url, "kind": "article",
         "in_sitemap": False, "sitemap_lastmod": None, "etag": etag,
         "last_modified": modified, "last_status": fetch.status,
         "checked_at": fetch.fetched_at, "run_id": run_id}
        for key, url in urls.items()
    ]  # fmt: skip
    # The requested URL's row: the URL the sitemap listed.
    rows[0].update(_listing(fetch.source, fetch.sitemap_lastmod))
    return rows
