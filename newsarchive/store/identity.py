"""Which archived article a page is: URL keys, lookups, the `article_urls` map."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.models import Article, ArticleUrl
from newsarchive.urls import url_key

# URL kinds that show a page *is* the article (an alias only shows it is a copy).
OWN_URL_KINDS = ("fetched", "requested", "canonical")


@dataclass(frozen=True, kw_only=True)
class PageKeys:
    """The url_keys of one fetched article page."""

    key: str
    """The article's identity: url_key of its canonical URL, else of the fetched URL."""
    fetched: str
    requested: str

    @classmethod
    def of(cls, fetch: items.PageFetch, article: items.Article | None) -> PageKeys:
        fetched = url_key(fetch.url)
        canonical = article.canonical_url if article is not None else None
        return cls(
            key=url_key(canonical) if canonical else fetched,
            fetched=fetched,
            requested=url_key(fetch.requested_url or fetch.url),
        )

    @property
    def redirected(self) -> bool:
        return self.requested != self.fetched


# The lookups below run several times per stored page: their statements are built
# once, with bound parameters, instead of being rebuilt (and cache-keyed) every call.
@functools.cache
def _article_by_key() -> Select:
    return select(Article).where(
        Article.site == bindparam("b_site"), Article.url_key == bindparam("b_key")
    )


@functools.cache
def _url_row() -> Select:
    return select(ArticleUrl).where(
        ArticleUrl.site == bindparam("b_site"), ArticleUrl.url_key == bindparam("b_key")
    )


@functools.cache
def _article_id_for_url(with_kinds: bool) -> Select:
    query = select(ArticleUrl.article_id).where(
        ArticleUrl.site == bindparam("b_site"), ArticleUrl.url_key == bindparam("b_key")
    )
    if with_kinds:
        query = query.where(ArticleUrl.kind.in_(bindparam("b_kinds", expanding=True)))
    return query


def article_by_key(session: Session, site: str, key: str) -> Article | None:
    return session.scalars(
        _article_by_key(), {"b_site": site, "b_key": key}
    ).one_or_none()


def present_url_keys(
    session: Session,
    model: Any,
    *,
    site: str,
    url_keys: Iterable[str],
    where: tuple[Any, ...] = (),
) -> set[str]:
    """Which of these url_keys rows of `model` (a table with `site` and `url_key`
    columns) have, among those matching `where`."""
    wanted = set(url_keys)
    if not wanted:
        return set()
    query = select(model.url_key).where(
        model.site == site, model.url_key.in_(wanted), *where
    )
    return set(session.scalars(query))


def article_id_for_url(
    session: Session, site: str, key: str, *, kinds: tuple[str, ...] | None = None
) -> int | None:
    """The article `article_urls` maps a URL key to (only through `kinds`, if given)."""
    parameters: dict[str, object] = {"b_site": site, "b_key": key}
    if kinds is not None:
        parameters["b_kinds"] = list(kinds)
    query = _article_id_for_url(kinds is not None)
    return session.scalars(query, parameters).one_or_none()


def moved_article(session: Session, site: str, keys: PageKeys) -> Article | None:
    """The archived article a redirect leads away from (its old URL redirected here).

    Only a redirect counts as evidence: a page at a known URL that does not redirect is
    whatever that URL now declares itself to be.
    """
    if not keys.redirected:
        return None
    article_id = article_id_for_url(session, site, keys.requested, kinds=OWN_URL_KINDS)
    return None if article_id is None else session.get(Article, article_id)


def map_page_urls(
    session: Session,
    *,
    site: str,
    article: Article,
    fetch: items.PageFetch,
    parsed: items.Article | None,
    alias: bool,
    seen_at: datetime,
) -> None:
    """Map every URL of the fetch in `article_urls` (as `alias` for a duplicate)."""
    for key, url, kind in page_urls(fetch, parsed):
        map_url(
            session,
            site=site,
            article=article,
            key=key,
            url=url,
            kind="alias" if alias else kind,
            seen_at=seen_at,
        )


def page_urls(
    fetch: items.PageFetch, parsed: items.Article | None
) -> list[tuple[str, str, str]]:
    """(url_key, url, kind) of each URL of the fetch, each key once: the first kind
    wins (e.g. the canonical URL is the fetched one: mapped as `fetched`)."""
    keys = PageKeys.of(fetch, parsed)
    entries = [(keys.fetched, fetch.url, "fetched")]
    if keys.redirected:
        entries.append((keys.requested, fetch.requested_url, "requested"))
    if parsed is not None and parsed.canonical_url:
        entries.append((keys.key, parsed.canonical_url, "canonical"))
    mapped: set[str] = set()
    unique = []
    for key, url, kind in entries:
        if key not in mapped:
            mapped.add(key)
            unique.append((key, url, kind))
    return unique


def map_url(
    session: Session,
    *,
    site: str,
    article: Article,
    key: str,
    url: str,
    kind: str,
    seen_at: datetime,
) -> None:
    """Map one URL key to `article`. The first mapping wins, except that an article's
    own identity key always points at it (it may have been an alias of another one)."""
    row = session.scalars(_url_row(), {"b_site": site, "b_key": key}).one_or_none()
    if row is None:
        session.add(
            ArticleUrl(
                site=site,
                url_key=key,
                url=url,
                article_id=article.id,
                kind=kind,
                first_seen_at=seen_at,
                last_seen_at=seen_at,
            )
        )
        return
    own_now = kind != "alias" and row.kind == "alias"  # e.g. the new URL of a move
    if key == article.url_key and (row.article_id != article.id or own_now):
        row.article_id, row.kind, row.url = article.id, kind, url
    row.last_seen_at = max(row.last_seen_at, seen_at)
