"""Writing `url_states`: what the next run needs to know about each fetched URL.

For an article, the state is written in the same transaction as the article itself
(`record_stored_states`, called by the writer with each stored page): a stored
`<lastmod>` or `ETag` must never promise a content the archive does not hold, or a run
killed between the two would skip a change forever. The state of the URL the sitemap
listed (the one requested) records the `<lastmod>`; the final URL's state the
validators. A failed fetch changes no promise (`record_failed_state`). A 304 confirms
the archived article (`record_not_modified`). Index pages' validators are only an
optimisation and are written at the end of a run, with the sitemap listings learnt
late (`record_run_states`).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Select, Table, Update, bindparam, insert, select, update
from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.digests import DigestMap
from newsarchive.models import Article
from newsarchive.models.versions import UrlState
from newsarchive.store.batch_index import BatchIndex
from newsarchive.store.failures import resolve_failures
from newsarchive.store.identity import article_id_for_url
from newsarchive.urls import url_key

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


def record_stored_states(
    session: Session,
    fetches: list[tuple[items.PageFetch, str]],
    *,
    run_id: int | None,
    index: BatchIndex,
) -> None:
    """Remember what these (fetch, site) taught: each was archived, as an article or as
    a duplicate of one, in this transaction. URLs the `index` knows without a state are
    not looked up; new rows go in one statement, and changed ones a statement per set of
    columns."""
    changes: dict[tuple[str, str], dict[str, Any]] = {}
    """(site, url_key) -> the columns to set, in the order the fetches set them."""
    urls: dict[tuple[str, str], str] = {}
    for fetch, site in fetches:
        requested = fetch.requested_url or fetch.url
        values = {
            "etag": header(fetch.headers, "ETag"),
            "last_modified": header(fetch.headers, "Last-Modified"),
            "last_status": fetch.status,
            "checked_at": fetch.fetched_at,
            "run_id": run_id,
        }
        own = {url_key(requested): requested, url_key(fetch.url): fetch.url}
        for key, url in own.items():
            urls.setdefault((site, key), url)
            changes.setdefault((site, key), {}).update(values)
        # The requested URL's state: the URL the sitemap listed.
        changes[(site, url_key(requested))].update(
            _listing(fetch.source, fetch.sitemap_lastmod)
        )
    lookups: defaultdict[str, list[str]] = defaultdict(list)
    for site, key in changes:
        if index.may_have_state(site, key):
            lookups[site].append(key)
    stored = {
        (site, key)
        for site, keys in lookups.items()
        for key in session.scalars(_state_keys(), {"b_site": site, "b_keys": keys})
    }
    new = []
    updates: defaultdict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for (site, key), values in changes.items():
        index.state_written(site, key)
        if (site, key) in stored:
            columns = tuple(sorted(values))
            updates[columns].append(
                {"b_site": site, "b_key": key}
                | {f"b_{name}": value for name, value in values.items()}
            )
        else:
            url = urls[(site, key)]
            new.append(_new_state(site, key, url, kind="article") | values)
    if new:
        session.execute(insert(_table()), new)
    for columns, rows in updates.items():
        session.execute(_state_update(columns), rows)


def record_failed_state(
    session: Session, fetch: items.PageFetch, *, site: str, index: BatchIndex
) -> None:
    """A fetch that archived nothing: its requested URL's state, if it has one, says
    when it was tried and what the site answered (its promises stand)."""
    key = url_key(fetch.requested_url or fetch.url)
    if not index.may_have_state(site, key):
        return
    values = {"last_status": fetch.status or None, "checked_at": fetch.fetched_at}
    session.execute(
        _state_update(tuple(sorted(values))),
        {"b_site": site, "b_key": key}
        | {f"b_{name}": value for name, value in values.items()},
    )


def forget_listing(session: Session, *, site: str, key: str) -> None:
    """The URL no longer stands for a live, listed article (it is gone)."""
    session.execute(
        _state_update(("in_sitemap",)),
        {"b_site": site, "b_key": key, "b_in_sitemap": False},
    )


def record_not_modified(
    session: Session, item: items.NotModified, *, site: str, run_id: int | None
) -> bool:
    """A 304: the archived article is still current. False if the URL has no state
    (then nothing was promised for it and nothing is recorded)."""
    key = url_key(item.requested_url or item.url)
    if (
        session.scalars(_state_keys(), {"b_site": site, "b_keys": [key]}).first()
        is None
    ):
        return False
    values = {"last_status": 304, "checked_at": item.fetched_at, "run_id": run_id}
    values |= _listing(item.source, item.sitemap_lastmod)
    session.execute(
        _state_update(tuple(sorted(values))),
        {"b_site": site, "b_key": key}
        | {f"b_{name}": value for name, value in values.items()},
    )
    article_id = article_id_for_url(session, site, key)
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


def record_not_modified_pages(
    engine: Engine,
    pages: Iterable[items.NotModified],
    *,
    site: str,
    run_id: int | None,
) -> None:
    """`record_not_modified` for each page, in one transaction."""
    with Session(engine) as session, session.begin():
        for item in pages:
            record_not_modified(session, item, site=site, run_id=run_id)


def record_run_states(
    engine: Engine,
    *,
    site: str,
    run_id: int | None,
    index_states: Iterable[IndexState],
    listed: DigestMap[str] | Mapping[str, str],
) -> None:
    """What a run learnt on the side, written at its end (after the store's last
    batch), in one transaction: the validators of the index pages it read, and the
    sitemap listing of the articles it archived before the sitemaps listed them."""
    with Session(engine) as session, session.begin():
        record_index_states(session, index_states, site=site, run_id=run_id)
        record_late_listings(session, listed, site=site, run_id=run_id)


def record_late_listings(
    session: Session,
    listed: DigestMap[str] | Mapping[str, str],
    *,
    site: str,
    run_id: int | None,
) -> int:
    """Articles this run archived from another source (a feed, an index page) before the
    sitemaps listed them (`listed`: url_key -> `<lastmod>`): record their listing now.
    Only rows this run wrote, so only committed articles (call after the store's last
    batch). How many were updated."""
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
        if state.url_key in listed:
            state.in_sitemap, state.sitemap_lastmod = True, listed[state.url_key]
            updated += 1
    return updated


def record_index_states(
    session: Session, states: Iterable[IndexState], *, site: str, run_id: int | None
) -> None:
    for index in states:
        key = url_key(index.url)
        state = session.scalars(
            select(UrlState).where(UrlState.site == site, UrlState.url_key == key)
        ).one_or_none()
        if state is None:
            state = UrlState(**_new_state(site, key, index.url, kind="index"))
            session.add(state)
        state.etag, state.last_modified = index.etag, index.last_modified
        state.last_status, state.checked_at, state.run_id = (
            200,
            index.checked_at,
            run_id,
        )


def _new_state(site: str, key: str, url: str, *, kind: str) -> dict[str, Any]:
    """A new row's columns that no fetch sets."""
    return {
        "site": site, "url_key": key, "url": url, "kind": kind, "in_sitemap": False,
        "sitemap_lastmod": None, "etag": None, "last_modified": None,
        "last_status": None,
    }  # fmt: skip


def _listing(source: str | None, lastmod: str | None) -> dict[str, Any]:
    """What a fetch found by `source` says of its URL's listing in the sitemaps."""
    if source == SITEMAP:
        return {"in_sitemap": True, "sitemap_lastmod": lastmod or ""}
    if source == VANISHED:
        return {"in_sitemap": False}
    return {}


def _table() -> Table:
    table: Table = UrlState.__table__  # type: ignore[assignment]
    return table


# Built once with bound parameters: they run for every stored page.
@functools.cache
def _state_keys() -> Select:
    return select(UrlState.url_key).where(
        UrlState.site == bindparam("b_site"),
        UrlState.url_key.in_(bindparam("b_keys", expanding=True)),
    )


@functools.cache
def _state_update(columns: tuple[str, ...]) -> Update:
    table = _table()
    return (
        update(table)
        .where(table.c.site == bindparam("b_site"))
        .where(table.c.url_key == bindparam("b_key"))
        .values({name: bindparam(f"b_{name}") for name in columns})
    )
