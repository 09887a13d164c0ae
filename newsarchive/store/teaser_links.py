"""Point teasers at the archived articles they link to."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from newsarchive.models import ArticleUrl, Teaser


def link_teasers(session: Session, *, site: str, article_id: int) -> None:
    """Resolve this article's teasers to archived targets, and point teasers elsewhere
    in the archive that link to any URL of this article at it."""
    link_teasers_of(session, site=site, article_ids=[article_id])


def link_teasers_of(session: Session, *, site: str, article_ids: Iterable[int]) -> None:
    """`link_teasers` for many articles at once (a batch's, before it commits: every
    URL of the batch is mapped by then, so the links are the same)."""
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
