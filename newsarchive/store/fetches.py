"""Write one `PageFetch` (an article, a duplicate or a failure) with its raw page."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from newsarchive import items

# Modules, not names: they import the store too (circular at import time).
from newsarchive.incremental import gone as gone_articles
from newsarchive.incremental import states as url_states
from newsarchive.models import Article
from newsarchive.store.articles import store_article
from newsarchive.store.batch_index import BatchIndex
from newsarchive.store.compression import PageCompressor
from newsarchive.store.failures import failure_reason, record_failure, resolve_failures
from newsarchive.store.identity import (
    PageKeys,
    article_by_key,
    article_id_for_url,
    map_page_urls,
)
from newsarchive.store.pages import add_page
from newsarchive.urls import url_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class WriteResult:
    outcome: str
    """`inserted`, `updated`, `moved`, `unchanged`, `constraint` (refused by the unique
    constraint, mapped to the existing article), `duplicate`, `failure`, or `gone` /
    `still_gone` (a 404/410 at an archived article's URL: marked, not a failure)."""
    article_id: int | None
    page_id: int | None
    reason: str | None = None
    """The failure reason, for `failure`."""
    moved: bool = False
    """An `updated` article also changed URL."""
    teasers_changed: bool = False

    def stat_keys(self) -> list[str]:
        """The crawl stats this write increments."""
        keys = {
            "inserted": ["newsarchive/store/inserted"],
            "updated": ["newsarchive/store/updated"],
            "moved": ["newsarchive/store/moved"],
            "gone": ["newsarchive/gone"],
            "still_gone": [],
            "unchanged": ["newsarchive/store/unchanged"],
            "constraint": ["newsarchive/dedupe/constraint"],
            "duplicate": [],
            "failure": [f"newsarchive/failures/{self.reason}"],
        }[self.outcome]
        if self.page_id is not None:
            keys.append("newsarchive/store/pages")
        if self.moved and self.outcome == "updated":
            keys.append("newsarchive/store/moved")
        if self.teasers_changed:
            keys.append("newsarchive/store/teasers_changed")
        return keys


def write_fetch(
    session: Session,
    fetch: items.PageFetch,
    *,
    site: str,
    run_id: int | None,
    compressor: PageCompressor,
    duplicate_of: str | None = None,
    batch: BatchIndex | None = None,
) -> WriteResult:
    """Archive one fetch in the caller's transaction (its FTS row and teaser links with
    the `batch`, if given).

    `duplicate_of` is the url_key of the article this page duplicates (decided by the
    dedupe layers): the page is kept and its URLs mapped to that article as aliases.
    """
    article = fetch.article
    if article is None:
        gone = gone_articles.gone_article(session, fetch, site=site)
        if gone is not None:  # an archived article disappeared: marked, never deleted
            newly = gone_articles.mark_gone(
                session, gone, fetch, site=site, run_id=run_id
            )
            url_states.record_article_state(
                session, fetch, site=site, run_id=run_id, stored=False, batch=batch
            )
            session.flush()
            return WriteResult(outcome="gone" if newly else "still_gone",
                               article_id=gone.id, page_id=None)  # fmt: skip
        result = _write_failure(
            session, fetch, site=site, run_id=run_id, compressor=compressor
        )
        if batch is not None:
            batch.failure_recorded(site, url_key(fetch.url))
        url_states.record_article_state(
            session, fetch, site=site, run_id=run_id, stored=False, batch=batch
        )
        return result
    site = article.site or site
    target = _duplicate_target(session, site, duplicate_of) if duplicate_of else None
    stored = None
    if target is not None:
        map_page_urls(
            session,
            site=site,
            article=target,
            fetch=fetch,
            parsed=article,
            alias=True,
            seen_at=fetch.fetched_at,
        )
        outcome, article_id = "duplicate", target.id
    else:
        stored = store_article(
            session, fetch=fetch, article=article, site=site, run_id=run_id,
            batch=batch,
        )  # fmt: skip
        outcome, article_id = stored.outcome, stored.article_id
    page = add_page(
        session,
        fetch,
        site=site,
        article_id=article_id,
        run_id=run_id,
        compressor=compressor,
    )
    if stored is not None and stored.version is not None and page is not None:
        session.flush()  # the page gets its id
        stored.version.page_id = page.id
    # What the next run relies on, in this same transaction (incremental/states.py).
    url_states.record_article_state(
        session, fetch, site=site, run_id=run_id, stored=True, batch=batch
    )
    keys = PageKeys.of(fetch, article)
    own_keys = [keys.fetched, keys.requested, keys.key]
    if batch is None or batch.may_resolve(site, own_keys):
        resolve_failures(session, site=site, url_keys=own_keys, at=fetch.fetched_at)
    if batch is not None:  # all of them (or more than) `map_page_urls` mapped
        batch.urls_written(site, own_keys)
    session.flush()
    return WriteResult(
        outcome=outcome, article_id=article_id, page_id=page.id if page else None,
        moved=stored is not None and stored.moved,
        teasers_changed=stored is not None and stored.teasers_changed,
    )  # fmt: skip


def _write_failure(
    session: Session,
    fetch: items.PageFetch,
    *,
    site: str,
    run_id: int | None,
    compressor: PageCompressor,
) -> WriteResult:
    page = add_page(
        session, fetch, site=site, article_id=None, run_id=run_id, compressor=compressor
    )
    session.flush()
    page_id = page.id if page else None
    record_failure(session, fetch, site=site, run_id=run_id, page_id=page_id)
    session.flush()
    return WriteResult(
        outcome="failure",
        article_id=None,
        page_id=page_id,
        reason=failure_reason(fetch),
    )


def _duplicate_target(session: Session, site: str, key: str) -> Article | None:
    target = article_by_key(session, site, key)
    if target is None:
        article_id = article_id_for_url(session, site, key)
        target = session.get(Article, article_id) if article_id is not None else None
    if target is None:
        logger.warning(
            "Duplicate of %s, but no archived article has that URL: "
            "storing it as an article",
            key,
        )
    return target
