"""Articles that disappear: a 404 or 410 at one of an article's own URLs marks it gone.

The article is never deleted: `gone_at` says since when, `last_status` what the site
answered. A later successful fetch brings it back (the store clears `gone_at`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.incremental import states as url_states
from newsarchive.models import Article
from newsarchive.store.identity import OWN_URL_KINDS, article_id_for_url
from newsarchive.urls import url_key

GONE_STATUSES = (404, 410)


def gone_article(
    session: Session, fetch: items.PageFetch, *, site: str
) -> Article | None:
    """The archived article this failed fetch shows to be gone, if any."""
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
    """Mark `article` gone (True if it was not already)."""
    newly = article.gone_at is None
    if newly:
        article.gone_at = fetch.fetched_at
    article.last_status = fetch.status
    if run_id is not None:
        article.last_run_id = run_id
    for url in dict.fromkeys((fetch.requested_url or fetch.url, fetch.url)):
        url_states.forget_listing(session, site=site, key=url_key(url))
    return newly
