"""Write one parsed article into the archive: insert, update or just touch it."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.dialects.sqlite import Insert, insert
from sqlalchemy.orm import Session

from newsarchive import items

# A module, not names: incremental.versions imports the store too (an import cycle).
from newsarchive.incremental import versions as article_versions
from newsarchive.models import Article
from newsarchive.store.article_rows import (
    article_columns,
    new_article_values,
    replace_children,
    replace_teasers_if_changed,
)
from newsarchive.store.batch_index import (
    BatchIndex,
    link_article_teasers,
    refresh_fts,
)
from newsarchive.store.hashing import content_hash
from newsarchive.store.identity import (
    PageKeys,
    article_by_key,
    map_page_urls,
    moved_article,
)

if TYPE_CHECKING:
    from newsarchive.models.versions import ArticleVersion

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class StoredArticle:
    outcome: str
    """`inserted`, `updated`, `moved` (same content at a new URL), `unchanged`, or
    `constraint` (the unique constraint on (site, url_key) refused an insert: the page
    was mapped to the existing article)."""
    article_id: int
    moved: bool = False
    """The article's URL changed (also when its content changed: `updated`)."""
    teasers_changed: bool = False
    """An archived article's related teasers rotated (not counted as a change)."""
    version: ArticleVersion | None = None
    """The `article_versions` row this write added (the caller sets its `page_id`)."""


def store_article(
    session: Session,
    *,
    fetch: items.PageFetch,
    article: items.Article,
    site: str,
    run_id: int | None,
    batch: BatchIndex | None = None,
) -> StoredArticle:
    """Insert the article, or update the archived one (same url_key, or the one an old
    URL redirected from), with its children, URL map, teaser links and FTS row (the
    last two with the `batch`, if given: see `batch_index`)."""
    keys = PageKeys.of(fetch, article)
    digest = content_hash(article)
    seen_at = fetch.fetched_at
    row = _find_archived(session, site, keys, batch)
    previous = None
    moved = row is not None and row.url_key != keys.key
    if row is None:
        row, outcome = _insert(
            session,
            article,
            site=site,
            keys=keys,
            digest=digest,
            seen_at=seen_at,
            run_id=run_id,
        )
    elif row.content_hash != digest or moved:
        previous = article_versions.snapshot(session, row.id)  # the version's "before"
        outcome = "updated" if row.content_hash != digest else "moved"
        _update(session, row, article, keys=keys, digest=digest, seen_at=seen_at)
    else:
        outcome = "unchanged"
    if batch is not None:  # whatever the outcome, this key names an archived row now
        batch.article_key_written(site, row.url_key)
    if outcome in ("updated", "moved", "unchanged"):
        row.last_seen_at = max(row.last_seen_at, seen_at)
        row.last_run_id = run_id if run_id is not None else row.last_run_id
    if outcome in ("inserted", "updated"):
        replace_children(session, row, article, site=site, fresh=outcome == "inserted")
        refresh_fts(session, row.id, batch)
    map_page_urls(
        session,
        site=site,
        article=row,
        fetch=fetch,
        parsed=article,
        alias=outcome == "constraint",
        seen_at=seen_at,
    )
    version = None
    teasers_changed = False
    if outcome != "constraint":
        if outcome == "inserted":
            version = article_versions.add_version(
                session, row, fetched_at=seen_at, run_id=run_id
            )
        elif previous is not None:
            version = article_versions.add_version(
                session, row, fetched_at=seen_at, run_id=run_id,
                previous=previous, current=items.to_json_dict(article),
            )  # fmt: skip
        if row.gone_at is None or seen_at > row.gone_at:  # back (not a reparse of old)
            row.gone_at, row.last_status = None, fetch.status
        rotated = replace_teasers_if_changed(
            session, row, article.teasers, fresh=outcome == "inserted"
        )
        teasers_changed = rotated and outcome != "inserted"
        if teasers_changed:
            row.teasers_changed_at = seen_at
        link_article_teasers(session, site=site, article_id=row.id, batch=batch)
    return StoredArticle(outcome=outcome, article_id=row.id, moved=moved,
                         teasers_changed=teasers_changed, version=version)  # fmt: skip


def _find_archived(
    session: Session, site: str, keys: PageKeys, batch: BatchIndex | None
) -> Article | None:
    row = None
    if batch is None or batch.may_be_archived(site, keys.key):
        row = article_by_key(session, site, keys.key)
    return row or moved_article(session, site, keys)


def _insert(
    session: Session,
    article: items.Article,
    *,
    site: str,
    keys: PageKeys,
    digest: str,
    seen_at: datetime,
    run_id: int | None,
) -> tuple[Article, str]:
    # The unique constraint on (site, url_key) is the last dedupe guard: when it refuses
    # the insert, the page is recorded against the article already there. Any other
    # constraint still raises.
    session.flush()
    values = new_article_values(
        article, site=site, key=keys.key, digest=digest, seen_at=seen_at, run_id=run_id
    )
    inserted = session.scalars(_insert_statement(), [values]).one_or_none()
    if inserted is not None:
        return inserted, "inserted"
    existing = article_by_key(session, site, keys.key)
    assert existing is not None  # the constraint only refuses an existing key
    logger.warning(
        "Unique constraint refused a second article for %s (site %s): mapped %s to "
        "article %d instead",
        keys.key,
        site,
        article.url,
        existing.id,
    )
    return existing, "constraint"


@functools.cache
def _insert_statement() -> Insert:
    """Built once, rows given as parameters: a 40-column statement is not rebuilt and
    cache-keyed for every article. RETURNING the entity puts the new row in the session
    (no SELECT after); ON CONFLICT DO NOTHING returns no row for a taken url_key."""
    return (
        insert(Article)
        .on_conflict_do_nothing(index_elements=["site", "url_key"])
        .returning(Article)
    )


def _update(
    session: Session,
    row: Article,
    article: items.Article,
    *,
    keys: PageKeys,
    digest: str,
    seen_at: datetime,
) -> None:
    if row.url_key != keys.key:
        logger.info("Article %d moved from %s to %s", row.id, row.url_key, keys.key)
        row.url_key = keys.key
    for column, value in article_columns(article).items():
        setattr(row, column, value)
    if row.content_hash != digest:
        row.content_hash = digest
        row.last_changed_at = seen_at
