"""What the archive remembers about a site, read once when a run starts.

A snapshot (plain dicts and sets) that the revisit planner consults for every discovered
URL without touching the database: which URL keys lead to archived articles, which of
those are gone, the sitemap `<lastmod>` and HTTP validators stored per URL, the open
failures to retry, and the articles due for an age-policy recheck.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsarchive.models import Article, ArticleUrl, CrawlRun, Failure
from newsarchive.models.versions import UrlState

FINISHED_STATUSES = ("completed", "partial")


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional request sends: `If-None-Match` and `If-Modified-Since`."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True, slots=True)
class UrlMemory:
    url: str
    in_sitemap: bool
    sitemap_lastmod: str | None
    validators: Validators


@dataclass(kw_only=True)
class ArchiveMemory:
    known: dict[str, int] = field(default_factory=dict)
    """url_key -> article id, for every URL `article_urls` maps (aliases included)."""
    gone: set[int] = field(default_factory=set)
    """Ids of articles marked gone."""
    articles: dict[str, UrlMemory] = field(default_factory=dict)
    """url_key -> what was stored with the article fetched from that URL."""
    indexes: dict[str, UrlMemory] = field(default_factory=dict)
    """url_key -> validators of an index page."""
    finished_before: bool = False
    """A run of this site has finished (completed or partial) before."""
    retry_urls: list[str] = field(default_factory=list)
    """URLs of open failures (not resolved, not ignored), oldest first."""
    recheck_urls: list[str] = field(default_factory=list)
    """Articles not seen for longer than the recheck age (none without an age)."""
    article_urls: list[str] = field(default_factory=list)
    """Every archived article's URL, gone ones included (for a full run)."""


def load_memory(
    session: Session, site: str, *, now: datetime, recheck_after: timedelta | None
) -> ArchiveMemory:
    memory = ArchiveMemory()
    rows = session.execute(
        select(ArticleUrl.url_key, ArticleUrl.article_id).where(ArticleUrl.site == site)
    )
    memory.known = {key: article_id for key, article_id in rows}
    articles = session.execute(
        select(Article.id, Article.url, Article.gone_at, Article.last_seen_at).where(
            Article.site == site
        )
    ).all()
    cutoff = now - recheck_after if recheck_after is not None else None
    for article_id, url, gone_at, last_seen_at in articles:
        memory.article_urls.append(url)
        if gone_at is not None:
            memory.gone.add(article_id)
        elif cutoff is not None and last_seen_at <= cutoff:
            memory.recheck_urls.append(url)
    for state in session.scalars(select(UrlState).where(UrlState.site == site)):
        remembered = UrlMemory(
            url=state.url,
            in_sitemap=state.in_sitemap,
            sitemap_lastmod=state.sitemap_lastmod,
            validators=Validators(state.etag, state.last_modified),
        )
        target = memory.articles if state.kind == "article" else memory.indexes
        target[state.url_key] = remembered
    memory.finished_before = (
        session.scalar(
            select(CrawlRun.id)
            .where(CrawlRun.site == site, CrawlRun.status.in_(FINISHED_STATUSES))
            .limit(1)
        )
        is not None
    )
    memory.retry_urls = list(
        dict.fromkeys(
            session.scalars(
                select(Failure.url)
                .where(
                    Failure.site == site,
                    Failure.resolved_at.is_(None),
                    Failure.ignored_at.is_(None),
                )
                .order_by(Failure.id)
            )
        )
    )
    return memory
