"""Which archived article a page is: URL keys, lookups, the `article_urls` map."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, Table, Update, bindparam, insert, select, update
from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.models import Article, ArticleUrl
from newsarchive.store.batch_index import BatchIndex
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


@dataclass(frozen=True, kw_only=True)
class PageUrls:
    """The URLs of one fetched page, and the archived article they lead to."""

    site: str
    fetch: items.PageFetch
    parsed: items.Article | None
    article_id: int
    article_key: str
    """The article's own url_key: that key always points at the article."""
    alias: bool = False
    """The page is a copy of the article (a duplicate): its URLs are aliases."""


def map_urls(
    session: Session,
    pages: list[PageUrls],
    *,
    index: BatchIndex,
    look_up_all: bool = False,
) -> None:
    """Map every URL of these pages in `article_urls`, in their order. The first
    mapping of a URL wins, except that an article's own identity key always points at
    it (it may have been an alias of another one, or the old URL of a move). URLs the
    `index` knows unmapped are not looked up (`look_up_all`: they are, the index having
    been proved wrong); new rows go in one statement, changed ones in another."""
    urls = [(page, page_urls(page.fetch, page.parsed)) for page in pages]
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    """(site, url_key) -> the row as it must be: stored ones with their `id`."""
    lookups: defaultdict[str, list[str]] = defaultdict(list)
    for page, entries in urls:
        for key, _url, _kind in entries:
            if look_up_all or index.may_be_mapped(page.site, key):
                lookups[page.site].append(key)
    for site, keys in lookups.items():
        for row in session.execute(_mapped_rows(), {"b_site": site, "b_keys": keys}):
            rows[(site, row.url_key)] = dict(row._mapping)
    stored = {pair: dict(row) for pair, row in rows.items()}
    for page, entries in urls:
        seen_at = page.fetch.fetched_at
        for key, url, kind in entries:
            kind = "alias" if page.alias else kind
            row = rows.get((page.site, key))
            if row is None:
                rows[(page.site, key)] = {
                    "site": page.site, "url_key": key, "url": url,
                    "article_id": page.article_id, "kind": kind,
                    "first_seen_at": seen_at, "last_seen_at": seen_at,
                }  # fmt: skip
                continue
            own_now = kind != "alias" and row["kind"] == "alias"  # e.g. a move's URL
            if key == page.article_key and (
                row["article_id"] != page.article_id or own_now
            ):
                row.update(article_id=page.article_id, kind=kind, url=url)
            row["last_seen_at"] = max(row["last_seen_at"], seen_at)
        index.urls_written(page.site, [key for key, _, _ in entries])
    new = [row for row in rows.values() if "id" not in row]
    changed = [
        {"b_id": row["id"], **{f"b_{name}": row[name] for name in _CHANGING}}
        for pair, row in rows.items()
        if "id" in row and row != stored[pair]
    ]
    if new:
        session.execute(insert(_table()), new)
    if changed:
        session.execute(_url_update(), changed)


_CHANGING = ("article_id", "kind", "url", "last_seen_at")
"""The columns of a mapped URL that a later page may change."""


def _table() -> Table:
    table: Table = ArticleUrl.__table__  # type: ignore[assignment]
    return table


@functools.cache
def _mapped_rows() -> Select:
    return select(
        ArticleUrl.id, ArticleUrl.url_key, ArticleUrl.article_id, ArticleUrl.kind,
        ArticleUrl.url, ArticleUrl.last_seen_at,
    ).where(
        ArticleUrl.site == bindparam("b_site"),
        ArticleUrl.url_key.in_(bindparam("b_keys", expanding=True)),
    )  # fmt: skip


@functools.cache
def _url_update() -> Update:
    table = _table()
    return (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values({name: bindparam(f"b_{name}") for name in _CHANGING})
    )
