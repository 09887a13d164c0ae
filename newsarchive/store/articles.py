"""Write parsed articles: the `articles` row and everything that hangs from it.

An article is written one way, whatever the number: `insert_articles` creates new ones
together, one statement per table for all of them (on a first crawl nearly every page is
a new article); a single one is a batch of one (`store_article`). An archived article
fetched again is updated, moved (its URL changed) or confirmed unchanged
(`store_article`), recording a version when its content or URL changed. Its rows: the
article's columns, its byline, tags, section and images (the vocabulary rows they name,
found or created through `vocabulary`), its related-article teasers and their links to
archived articles, its URL map (`identity.map_urls`), its versions and the page it was
parsed from. Full-text rows and teaser links are written once per batch
(`finish_articles`). A 404/410 at an archived article's URL marks it gone, never
deleted (`gone_article`, `mark_gone`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Insert, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    ArticleUrl,
    Image,
    Teaser,
)
from newsarchive.store import fts
from newsarchive.store.batch_index import BatchIndex
from newsarchive.store.engine import insert_ignoring_conflicts
from newsarchive.store.hashing import content_hash, plain
from newsarchive.store.identity import (
    OWN_URL_KINDS,
    PageKeys,
    PageUrls,
    article_by_key,
    article_id_for_url,
    map_urls,
    moved_article,
)
from newsarchive.store.pages import insert_pages
from newsarchive.store.url_states import forget_listing
from newsarchive.store.versions import (
    insert_versions,
    next_version_number,
    snapshot,
    version_row,
)
from newsarchive.store.vocabulary import vocabulary_of
from newsarchive.urls import url_key

logger = logging.getLogger(__name__)

GONE_STATUSES = (404, 410)


@dataclass(frozen=True, kw_only=True)
class StoredArticle:
    outcome: str
    """`inserted`, `updated`, `moved` (same content at a new URL), `unchanged`, or
    `constraint` (the unique constraint on (site, url_key) refused an insert: the page
    was mapped to the existing article)."""
    article_id: int
    page_id: int | None = None
    """The page written with it (None: it was given none)."""
    moved: bool = False
    """The article's URL changed (also when its content changed: `updated`)."""
    teasers_changed: bool = False
    """An archived article's related teasers rotated (not counted as a change)."""


@dataclass(frozen=True)
class NewArticle:
    """A page to store as its article (new to the archive, or archived)."""

    fetch: items.PageFetch
    article: items.Article
    site: str
    page: dict[str, Any] | None = None
    """Its `pages` row (`pages.page_values`), written with it; None: no page to write
    (`reparse` stores the article of a page already kept)."""

    @functools.cached_property
    def keys(self) -> PageKeys:
        return PageKeys.of(self.fetch, self.article)

    @functools.cached_property
    def digest(self) -> str:
        return content_hash(self.article)

    @property
    def own_keys(self) -> tuple[str, str, str]:
        return self.keys.fetched, self.keys.requested, self.keys.key


# --- writing articles ---------------------------------------------------------------


def find_archived(
    session: Session, site: str, keys: PageKeys, index: BatchIndex
) -> Article | None:
    """The archived article a page is: the one with its key, or the one its requested
    URL redirected away from (a move). Keys the `index` knows absent are not looked up."""
    row = None
    if index.may_be_archived(site, keys.key):
        row = article_by_key(session, site, keys.key)
    if row is None and index.may_be_mapped(site, keys.requested):
        row = moved_article(session, site, keys)
    return row


def store_article(
    session: Session,
    new: NewArticle,
    *,
    run_id: int | None,
    index: BatchIndex,
    rewrite: bool = False,
) -> StoredArticle:
    """Store one page's article: inserted (a batch of one) if the archive does not
    hold it, else the archived one updated, moved or confirmed. `rewrite`: an unchanged
    article's row and children are written again all the same (a parser fix must land
    even when the content hash does not change, e.g. `body_html`)."""
    row = find_archived(session, new.site, new.keys, index)
    if row is None:
        (stored,) = insert_articles(session, [new], run_id=run_id, index=index)
        return stored
    return update_archived(
        session, row, new, run_id=run_id, index=index, rewrite=rewrite
    )


def insert_articles(
    session: Session, new: list[NewArticle], *, run_id: int | None, index: BatchIndex
) -> list[StoredArticle]:
    """Insert articles the archive does not hold, with all their rows, one statement
    per table; their outcomes, in order. Their keys must differ from each other's.

    The unique constraint on (site, url_key) is the last dedupe guard: an article it
    refuses (archived since the `index` looked) is a `constraint`: its page and URLs go
    to the article already there, as an alias. Any other constraint still raises."""
    if not new:
        return []
    vocabulary = [_vocabulary_ids(session, one.article, site=one.site) for one in new]
    returned = session.execute(
        _article_insert(session.get_bind().dialect.name),
        [_new_article_values(one, run_id=run_id, section_id=ids.section_id)
         for one, ids in zip(new, vocabulary, strict=True)],
    )  # fmt: skip
    # By key: RETURNING gives no row for an article the constraint refuses.
    inserted_ids = {(site, key): article_id for article_id, site, key in returned}
    refused = [(one.site, one.keys.key) not in inserted_ids for one in new]
    ids = [
        _refused(session, one) if refuse else inserted_ids[(one.site, one.keys.key)]
        for one, refuse in zip(new, refused, strict=True)
    ]
    urls = [
        PageUrls(site=one.site, fetch=one.fetch, parsed=one.article,
                 article_id=article_id, article_key=one.keys.key, alias=refuse)
        for one, article_id, refuse in zip(new, ids, refused, strict=True)
    ]  # fmt: skip
    pages = [
        one.page | {"article_id": article_id}
        for one, article_id in zip(new, ids, strict=True)
        if one.page is not None
    ]
    children: list[dict[str, Any]] = []
    teasers: list[dict[str, Any]] = []
    for one, article_id, vocabulary_ids, refuse in zip(
        new, ids, vocabulary, refused, strict=True
    ):
        index.article_key_written(one.site, one.keys.key)
        if not refuse:
            children += _child_rows(article_id, one.article, vocabulary_ids)
            teasers += _teaser_rows(article_id, one.article.teasers)
            index.text_due(article_id)
            index.links_due(one.site, article_id)
    _write_children(session, children)
    map_urls(session, [page for page in urls if not page.alias], index=index)
    # A refused article was archived since the index looked: nor are its URLs known.
    refused_urls = [page for page in urls if page.alias]
    map_urls(session, refused_urls, index=index, look_up_all=True)
    page_ids = insert_pages(session, pages)
    versions = [
        version_row(
            article_id, number=1, fetched_at=one.fetch.fetched_at, url=one.article.url,
            content_hash=one.digest, run_id=run_id, page_id=page_ids.get(article_id),
        )
        for one, article_id, refuse in zip(new, ids, refused, strict=True)
        if not refuse
    ]  # fmt: skip
    insert_versions(session, versions)
    _insert_rows(session, Teaser, teasers)
    return [
        StoredArticle(
            outcome="constraint" if refuse else "inserted",
            article_id=article_id,
            page_id=page_ids.get(article_id) if one.page is not None else None,
        )
        for one, article_id, refuse in zip(new, ids, refused, strict=True)
    ]


def _refused(session: Session, new: NewArticle) -> int:
    existing = article_by_key(session, new.site, new.keys.key)
    assert existing is not None  # the constraint only refuses an existing key
    logger.warning(
        "Unique constraint refused a second article for %s (site %s): mapped %s to "
        "article %d instead",
        new.keys.key,
        new.site,
        new.article.url,
        existing.id,
    )
    return existing.id


def _new_article_values(
    new: NewArticle, *, run_id: int | None, section_id: int | None
) -> dict[str, Any]:
    seen_at = new.fetch.fetched_at
    return dict(
        site=new.site,
        url_key=new.keys.key,
        content_hash=new.digest,
        first_seen_at=seen_at,
        last_seen_at=seen_at,
        last_changed_at=seen_at,
        first_run_id=run_id,
        last_run_id=run_id,
        last_status=new.fetch.status,
        section_id=section_id,
        **article_columns(new.article),
    )


def update_archived(
    session: Session,
    row: Article,
    new: NewArticle,
    *,
    run_id: int | None,
    index: BatchIndex,
    rewrite: bool = False,
) -> StoredArticle:
    """Update, move or confirm the archived article `row` from a new fetch of it
    (`find_archived`); `rewrite` as for `store_article`."""
    fetch, article, site, keys = new.fetch, new.article, new.site, new.keys
    digest = new.digest
    seen_at = fetch.fetched_at
    moved = row.url_key != keys.key
    changed = row.content_hash != digest
    previous = snapshot(session, row.id) if changed or moved else None  # "before"
    outcome = "updated" if changed else "moved" if moved else "unchanged"
    if moved:
        logger.info("Article %d moved from %s to %s", row.id, row.url_key, keys.key)
        row.url_key = keys.key
    if changed:
        row.content_hash = digest
        row.last_changed_at = seen_at
    if changed or moved or rewrite:
        for column, value in article_columns(article).items():
            setattr(row, column, value)
    row.last_seen_at = max(row.last_seen_at, seen_at)
    row.last_run_id = run_id if run_id is not None else row.last_run_id
    if changed or (rewrite and not moved):
        ids = _vocabulary_ids(session, article, site=site)
        row.section_id = ids.section_id
        for model in (ArticleAuthor, ArticleTag, Image):
            session.execute(delete(model).where(model.article_id == row.id))
        _write_children(session, _child_rows(row.id, article, ids))
        index.text_due(row.id)
    index.article_key_written(site, row.url_key)
    map_urls(
        session,
        [PageUrls(site=site, fetch=fetch, parsed=article, article_id=row.id,
                  article_key=row.url_key)],
        index=index,
    )  # fmt: skip
    if row.gone_at is None or seen_at > row.gone_at:  # back (not a reparse of old)
        row.gone_at, row.last_status = None, fetch.status
    teasers_changed = _replace_teasers_if_changed(session, row, article.teasers)
    if teasers_changed:
        row.teasers_changed_at = seen_at
    index.links_due(site, row.id)
    page_id = None
    if new.page is not None:
        page_id = insert_pages(session, [new.page | {"article_id": row.id}])[row.id]
    if previous is not None:
        version = version_row(
            row.id, number=next_version_number(session, row.id), fetched_at=seen_at,
            url=row.url, content_hash=row.content_hash, run_id=run_id,
            page_id=page_id, previous=previous, current=items.to_json_dict(article),
        )  # fmt: skip
        insert_versions(session, [version])
    return StoredArticle(
        outcome=outcome, article_id=row.id, page_id=page_id, moved=moved,
        teasers_changed=teasers_changed,
    )  # fmt: skip


def finish_articles(session: Session, index: BatchIndex) -> None:
    """The full-text rows and teaser links the batch's articles need (before it
    commits: readers never see an article without its index row)."""
    fts.refresh_articles(session, index.fts_ids)
    for site, ids in index.teaser_ids.items():
        link_teasers(session, site=site, article_ids=ids)
    index.fts_ids.clear()
    index.teaser_ids.clear()


# --- an article's columns and children ------------------------------------------------


def article_columns(article: items.Article) -> dict[str, Any]:
    """The item's own scalar and JSON fields, by `articles` column name."""
    top = article.top_image or items.Image()
    return {
        "url": article.url,
        "canonical_url": article.canonical_url,
        "title": article.title or "",
        "seo_title": article.seo_title,
        "subtitle": article.subtitle,
        "description": article.description,
        "section": article.section,
        "section_url": article.section_url,
        "article_type": article.article_type,
        "published_raw": article.published_raw,
        "published_at": article.published_at,
        "modified_raw": article.modified_raw,
        "modified_at": article.modified_at,
        "body_text": article.body_text,
        "body_html": article.body_html,
        "top_image_url": top.url,
        "top_image_alt": top.alt,
        "top_image_caption": top.caption,
        "top_image_credit": top.credit,
        "top_image_credit_raw": top.credit_raw,
        "next_article": _json(article.next_article),
        "outlinks": [_json(link) for link in article.outlinks],
        "embeds": [_json(embed) for embed in article.embeds],
        "author_bios": [_json(bio) for bio in article.author_bios],
        "language": article.language,
    }


def _json(value: Any) -> Any:
    # `plain`, not `items.to_json_dict`: the same data without deep copies.
    return None if value is None else plain(value)


@dataclass(frozen=True)
class _VocabularyIds:
    section_id: int | None
    author_ids: list[int]
    tag_ids: list[int]


def _vocabulary_ids(
    session: Session, article: items.Article, *, site: str
) -> _VocabularyIds:
    """The ids of the article's section, authors and tags (found or created in the
    session's vocabulary, in that order)."""
    vocabulary = vocabulary_of(session)
    with session.no_autoflush:  # the vocabulary's statements need nothing pending
        section_id = vocabulary.section_id(
            session, site=site, label=article.section, url=article.section_url
        )
        author_ids = [vocabulary.author_id(session, site=site, author=author)
                      for author in article.authors]  # fmt: skip
        tag_ids = [
            vocabulary.tag_id(session, site=site, tag=tag) for tag in article.tags
        ]
    return _VocabularyIds(section_id, author_ids, tag_ids)


def _child_rows(
    article_id: int, article: items.Article, ids: _VocabularyIds
) -> list[dict[str, Any]]:
    """The rows of the article's byline, tags and images, each with its `table`."""
    bylines = [
        {"table": ArticleAuthor, "article_id": article_id, "position": position,
         "author_id": author_id, "name": author.name}
        for position, (author, author_id) in enumerate(
            zip(article.authors, ids.author_ids, strict=True)
        )
    ]  # fmt: skip
    tags = [
        {"table": ArticleTag, "article_id": article_id, "position": position,
         "tag_id": tag_id}
        for position, tag_id in enumerate(ids.tag_ids)
    ]  # fmt: skip
    images = [("top", 0, article.top_image)] if article.top_image else []
    images += [
        ("body", position, image) for position, image in enumerate(article.images)
    ]
    image_rows = [
        {"table": Image, "article_id": article_id, "kind": kind, "position": position,
         "url": image.url, "alt": image.alt, "caption": image.caption,
         "credit": image.credit, "credit_raw": image.credit_raw}
        for kind, position, image in images
        if image is not None  # typing: the top image is only listed when present
    ]  # fmt: skip
    return bylines + tags + image_rows


def _write_children(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert children rows (`_child_rows`), one statement per table. The rows they
    replace are deleted before (explicit statements, so that new rows never meet old
    ones in the unique constraints)."""
    for model in (ArticleAuthor, ArticleTag, Image):
        _insert_rows(
            session,
            model,
            [{k: v for k, v in row.items() if k != "table"}
             for row in rows if row["table"] is model],
        )  # fmt: skip


# --- teasers --------------------------------------------------------------------------

# In the order of `_teaser_values`.
TEASER_COLUMNS = (
    Teaser.url, Teaser.headline, Teaser.section, Teaser.image_url, Teaser.image_alt,
    Teaser.image_credit, Teaser.image_credit_raw, Teaser.excerpt,
)  # fmt: skip


def _teaser_values(teaser: items.Teaser) -> tuple[Any, ...]:
    return (
        teaser.url,
        teaser.headline,
        teaser.section,
        teaser.image_url,
        teaser.image_alt,
        teaser.image_credit,
        teaser.image_credit_raw,
        teaser.excerpt,
    )


def _teaser_rows(article_id: int, teasers: list[items.Teaser]) -> list[dict[str, Any]]:
    """The `teasers` rows of an article (their targets are linked later)."""
    return [
        {"article_id": article_id, "position": position, "url": teaser.url,
         "url_key": url_key(teaser.url), "headline": teaser.headline,
         "section": teaser.section, "image_url": teaser.image_url,
         "image_alt": teaser.image_alt, "image_credit": teaser.image_credit,
         "image_credit_raw": teaser.image_credit_raw, "excerpt": teaser.excerpt}
        for position, teaser in enumerate(teasers)
    ]  # fmt: skip


def _replace_teasers_if_changed(
    session: Session, row: Article, teasers: list[items.Teaser]
) -> bool:
    """Replace an archived article's teasers when they differ from the stored ones
    (the site rotates them; they are not part of its content). True when replaced."""
    stored = session.execute(
        select(*TEASER_COLUMNS)
        .where(Teaser.article_id == row.id)
        .order_by(Teaser.position)
    ).all()
    if [tuple(values) for values in stored] == [_teaser_values(t) for t in teasers]:
        return False
    session.execute(delete(Teaser).where(Teaser.article_id == row.id))
    _insert_rows(session, Teaser, _teaser_rows(row.id, teasers))
    return True


def link_teasers(session: Session, *, site: str, article_ids: Iterable[int]) -> None:
    """Resolve these articles' teasers to archived targets, and point teasers elsewhere
    in the archive that link to any URL of these articles at them (every URL of a batch
    is mapped by the time it links its articles' teasers)."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    session.flush()
    target = (
        select(ArticleUrl.article_id)
        .where(ArticleUrl.site == site, ArticleUrl.url_key == Teaser.url_key)
        .scalar_subquery()
    )
    session.execute(
        update(Teaser)
        .where(Teaser.article_id.in_(ids))
        .values(target_article_id=target)
        .execution_options(synchronize_session=False)
    )
    own_keys = select(ArticleUrl.url_key).where(ArticleUrl.article_id.in_(ids))
    owner = (
        select(ArticleUrl.article_id)
        .where(ArticleUrl.url_key == Teaser.url_key, ArticleUrl.article_id.in_(ids))
        .limit(1)
        .scalar_subquery()
    )
    session.execute(
        update(Teaser)
        .where(Teaser.url_key.in_(own_keys), Teaser.target_article_id.is_(None))
        .values(target_article_id=owner)
        .execution_options(synchronize_session=False)
    )


# --- gone marks -----------------------------------------------------------------------


def gone_article(
    session: Session, fetch: items.PageFetch, *, site: str
) -> Article | None:
    """The archived article this failed fetch shows to be gone, if any: a 404 or 410
    at one of its own URLs."""
    if fetch.failure_stage != "fetch" or fetch.status not in GONE_STATUSES:
        return None
    for url in dict.fromkeys((fetch.requested_url or fetch.url, fetch.url)):
        article_id = article_id_for_url(
            session, site, url_key(url), kinds=OWN_URL_KINDS
        )
        if article_id is not None:
            return session.get(Article, article_id)
    return None


def mark_gone(
    session: Session,
    article: Article,
    fetch: items.PageFetch,
    *,
    site: str,
    run_id: int | None,
) -> bool:
    """Mark `article` gone (True if it was not already): `gone_at` says since when,
    `last_status` what the site answered. A later successful fetch brings it back."""
    newly = article.gone_at is None
    if newly:
        article.gone_at = fetch.fetched_at
    article.last_status = fetch.status
    if run_id is not None:
        article.last_run_id = run_id
    for url in dict.fromkeys((fetch.requested_url or fetch.url, fetch.url)):
        forget_listing(session, site=site, key=url_key(url))
    return newly


# --- statements -----------------------------------------------------------------------


@functools.cache
def _article_insert(dialect: str) -> Insert:
    """Built once, rows given as parameters: a 40-column statement is not rebuilt and
    cache-keyed for every batch. It returns ids only: nothing needs the rows as ORM
    objects."""
    table = _table(Article)
    return insert_ignoring_conflicts(
        table, ["site", "url_key"], dialect=dialect
    ).returning(table.c.id, table.c.site, table.c.url_key)


def _insert_rows(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:  # an empty executemany would insert a row of NULLs
        session.execute(_table_insert(_table(model)), rows)


@functools.cache
def _table_insert(table: Table) -> Insert:
    return insert(table)


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table
