"""What the archive remembers about a site, read once when a run starts.

A snapshot that the revisit planner consults for every discovered URL without touching
the database: which URL keys lead to archived articles, which of those are gone, the
sitemap `<lastmod>` and HTTP validators stored per URL, the open failures to retry, and
the articles due for an age-policy recheck.

It holds an entry per archived URL for the whole run, so it is kept small: keys are
digests (`newsarchive.digests.DigestMap`), rows are read as plain tuples a batch at a
time (ORM objects for 100,000 URLs took ~170 MB while loading), and every archived URL
is listed only for a full run, which fetches them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from newsarchive.digests import DigestMap
from newsarchive.models import Article, ArticleUrl, CrawlRun, Failure
from newsarchive.models.versions import UrlState

FINISHED_STATUSES = ("completed", "partial")
ROWS_PER_BATCH = 5_000


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional request sends: `If-None-Match` and `If-Modified-Since`."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


NO_VALIDATORS = Validators()


@dataclass(frozen=True, slots=True)
class UrlMemory:
    url: str
    in_sitemap: bool
    sitemap_lastmod: str | None
    validators: Validators


@dataclass(kw_only=True)
class ArchiveMemory:
    known: DigestMap[int] = field(default_factory=DigestMap)
    """url_key -> article id, for every URL `article_urls` maps (aliases included)."""
    gone: set[int] = field(default_factory=set)
    """Ids of articles marked gone."""
    articles: DigestMap[UrlMemory] = field(default_factory=DigestMap)
    """url_key -> what was stored with the article fetched from that URL."""
    indexes: DigestMap[UrlMemory] = field(default_factory=DigestMap)
    """url_key -> validators of an index page."""
    finished_before: bool = False
    """A run of this site has finished (completed or partial) before."""
    retry_urls: list[str] = field(default_factory=list)
    """URLs of open failures (not resolved, not ignored), oldest first."""
    recheck_urls: list[str] = field(default_factory=list)
    """Articles not seen for longer than the recheck age (none without an age)."""
    article_urls: list[str] = field(default_factory=list)
    """Every archived article's URL, gone ones included (loaded for a full run only)."""

    def __post_init__(self) -> None:
        # Plain dicts are accepted (url_key -> value), for snapshots built by hand.
        for name in ("known", "articles", "indexes"):
            value = getattr(self, name)
            if isinstance(value, dict):
                setattr(self, name, DigestMap(value.items()))


def load_memory(
    engine: Engine,
    site: str,
    *,
    now: datetime,
    recheck_after: timedelta | None,
    full: bool = False,
) -> ArchiveMemory:
    """What the archive remembers of `site`; `full`: also every archived article's URL."""
    with Session(engine) as session:
        return _read_memory(
            session, site, now=now, recheck_after=recheck_after, full=full
        )


def _read_memory(
    session: Session,
    site: str,
    *,
    now: datetime,
    recheck_after: timedelta | None,
    full: bool,
) -> ArchiveMemory:
    memory = ArchiveMemory()
    for key, article_id in _batched(
        session,
        select(ArticleUrl.url_key, ArticleUrl.article_id).where(
            ArticleUrl.site == site
        ),
    ):
        memory.known[key] = article_id
    memory.gone = set(
        session.scalars(
            select(Article.id).where(Article.site == site, Article.gone_at.is_not(None))
        )
    )
    if recheck_after is not None:
        memory.recheck_urls = list(
            session.scalars(
                select(Article.url).where(
                    Article.site == site,
                    Article.gone_at.is_(None),
                    Article.last_seen_at <= now - recheck_after,
                )
            )
        )
    if full:
        memory.article_urls = list(
            session.scalars(select(Article.url).where(Article.site == site))
        )
    states = select(
        UrlState.url_key,
        UrlState.url,
        UrlState.kind,
        UrlState.in_sitemap,
        UrlState.sitemap_lastmod,
        UrlState.etag,
        UrlState.last_modified,
    ).where(UrlState.site == site)
    for key, url, kind, in_sitemap, lastmod, etag, last_modified in _batched(
        session, states
    ):
        remembered = UrlMemory(
            url=url,
            in_sitemap=in_sitemap,
            sitemap_lastmod=lastmod,
            validators=Validators(etag, last_modified)
            if etag or last_modified
            else NO_VALIDATORS,
        )
        target = memory.articles if kind == "article" else memory.indexes
        target[key] = remembered
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


def _batched(session: Session, statement):
    """The rows of `statement`, fetched a batch at a time (never all held at once)."""
    result = session.execute(statement.execution_options(yield_per=ROWS_PER_BATCH))
    for partition in result.partitions():
        yield from partition
