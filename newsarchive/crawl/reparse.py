"""`reparse`: run the parser again over the archive's stored raw pages (no fetching).

For each archived article, its newest own page (not a duplicate's page mapped to it) is
re-parsed and the article rewritten through the store's functions when any field
differs; then each open parse/validate failure with a stored page is tried again and
resolved when it now parses. Work goes in batches of ids, one transaction per batch, so
an archive of any size is never loaded whole. Each page is parsed with the site profile
of its article's site: a shipped one, or one the caller gives (`--site-file`).
"""

from __future__ import annotations

import codecs
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, select, union
from sqlalchemy.orm import Session
from w3lib.encoding import http_content_type_encoding

from newsarchive.extraction import ParseError, parse_article
from newsarchive.items import Article as ParsedArticle
from newsarchive.items import PageFetch, to_json_dict
from newsarchive.models import Article, ArticleUrl, Failure, Page
from newsarchive.sites import DEFAULT_SITE, SiteProfile, builtin_profiles
from newsarchive.store import (
    OWN_URL_KINDS,
    BatchIndex,
    NewArticle,
    PageBodyReader,
    finish_articles,
    load_article,
    open_engine,
    resolve_failures,
    store_article,
)
from newsarchive.urls import url_key
from pipelines.validate import article_problems

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
REPARSED_STAGES = ("parse", "validate")


class UnknownArchivedSite(LookupError):
    """The archive holds pages of a site that no given profile describes."""


@dataclass(kw_only=True)
class ReparseReport:
    articles_checked: int = 0
    articles_changed: int = 0
    field_changes: Counter[str] = field(default_factory=Counter)
    """Per item field: how many articles it changed in."""
    no_longer_parse: Counter[str] = field(default_factory=Counter)
    """Archived articles whose page the parser now rejects, by reason (left as they are)."""
    failures_checked: int = 0
    failures_resolved: int = 0
    still_failing: Counter[str] = field(default_factory=Counter)


def reparse_archive(
    db_path: Path,
    *,
    profiles: Iterable[SiteProfile] = (),
    batch_size: int = BATCH_SIZE,
    on_progress: Callable[[int], None] | None = None,
) -> ReparseReport:
    """Re-parse every stored article page and every failed page of the archive, each
    with its site's profile (the shipped ones and `profiles`). `UnknownArchivedSite`,
    before anything changes, when a site of the archive has no profile."""
    report = ReparseReport()
    engine = open_engine(db_path)
    try:
        sites = _site_profiles(engine, profiles)
        for article_ids in _id_batches(
            engine, select(Article.id), Article.id, batch_size
        ):
            with Session(engine) as session, session.begin():
                index = BatchIndex()
                for article_id, page in _own_newest_pages(session, article_ids):
                    _reparse_article(
                        session,
                        PageBodyReader(session),
                        index,
                        article_id,
                        page,
                        report,
                        sites,
                    )
                finish_articles(session, index)
            if on_progress:
                on_progress(len(article_ids))
        open_failures = select(Failure.id).where(
            Failure.resolved_at.is_(None),
            Failure.ignored_at.is_(None),
            Failure.stage.in_(REPARSED_STAGES),
            Failure.page_id.is_not(None),
        )
        for failure_ids in _id_batches(engine, open_failures, Failure.id, batch_size):
            with Session(engine) as session, session.begin():
                reader, index = PageBodyReader(session), BatchIndex()
                for failure in session.scalars(
                    select(Failure).where(Failure.id.in_(failure_ids))
                ):
                    _retry_failure(session, reader, index, failure, report, sites)
                finish_articles(session, index)
            if on_progress:
                on_progress(len(failure_ids))
    finally:
        engine.dispose()
    return report


def _site_profiles(
    engine: Engine, given: Iterable[SiteProfile]
) -> Mapping[str, SiteProfile]:
    """Site name -> profile for every site whose pages the archive holds."""
    known = {profile.name: profile for profile in (*builtin_profiles(), *given)}
    archived = union(select(Article.site).distinct(), select(Failure.site).distinct())
    with engine.connect() as connection:
        names = {name or DEFAULT_SITE for name in connection.scalars(archived)}
    missing = sorted(names - set(known))
    if missing:
        raise UnknownArchivedSite(
            f"the archive holds pages of {', '.join(missing)}, which no site profile "
            "describes: give its profile with --site-file PATH"
        )
    return {name: known[name] for name in names}


def _id_batches(engine: Engine, query, id_column, size: int) -> Iterator[list[int]]:
    last = 0
    while True:
        with Session(engine) as session:
            ids = list(
                session.scalars(
                    query.where(id_column > last).order_by(id_column).limit(size)
                )
            )
        if not ids:
            return
        yield ids
        last = ids[-1]


def _own_newest_pages(
    session: Session, article_ids: list[int]
) -> list[tuple[int, Page]]:
    """The newest page of each article fetched at one of its own URLs (a content
    duplicate's page is mapped to the article too, but is another URL's page)."""
    own = session.execute(
        select(ArticleUrl.article_id, ArticleUrl.url_key).where(
            ArticleUrl.article_id.in_(article_ids), ArticleUrl.kind.in_(OWN_URL_KINDS)
        )
    ).all()
    own_keys = {(article_id, key) for article_id, key in own}
    pages = session.scalars(
        select(Page)
        .where(Page.article_id.in_(article_ids))
        .order_by(Page.article_id, Page.fetched_at.desc(), Page.id.desc())
    )
    newest: dict[int, Page] = {}
    for page in pages:
        if (
            page.article_id not in newest
            and (page.article_id, page.url_key) in own_keys
        ):
            newest[page.article_id] = page
    return sorted(newest.items())


def _parse(
    reader: PageBodyReader, page: Page, site: SiteProfile
) -> ParsedArticle | ParseError:
    try:
        parsed = parse_article(_page_text(reader.body(page), page), page.url, site=site)
    except ParseError as error:
        return error
    problems = article_problems(parsed)
    if problems:
        return ParseError(problems[0].detail, reason=problems[0].reason)
    return parsed


def _page_text(body: bytes, page: Page) -> bytes | str:
    """The body as the crawl read it: decoded by the charset its stored `Content-Type`
    names when that is not UTF-8 (a page the crawl read as Windows-1252 although its
    `<meta>` claims UTF-8, newsarchive.resilience.charset); else the bytes as they are."""
    content_type = (page.headers or {}).get("Content-Type") or ""
    encoding = http_content_type_encoding(content_type)
    if encoding is None or codecs.lookup(encoding).name == "utf-8":
        return body
    return body.decode(encoding, errors="replace")


def _fetch_of(page: Page, parsed: ParsedArticle) -> PageFetch:
    # The stored fetch again, for the store's functions (they read URLs and times).
    return PageFetch(
        url=page.url,
        requested_url=page.requested_url,
        status=page.status,
        headers=dict(page.headers or {}),
        fetched_at=page.fetched_at,
        fingerprint=page.fingerprint,
        article=parsed,
    )


def _reparse_article(
    session: Session,
    reader: PageBodyReader,
    index: BatchIndex,
    article_id: int,
    page: Page,
    report: ReparseReport,
    sites: Mapping[str, SiteProfile],
) -> None:
    report.articles_checked += 1
    row = session.get_one(Article, article_id)
    parsed = _parse(reader, page, sites[row.site or DEFAULT_SITE])
    if isinstance(parsed, ParseError):
        report.no_longer_parse[parsed.reason] += 1
        logger.warning("Archived article %s no longer parses: %s", page.url, parsed)
        return
    before = to_json_dict(load_article(session, article_id))
    after = to_json_dict(parsed)
    changed = [name for name, value in after.items() if before.get(name) != value]
    if not changed:
        return
    report.articles_changed += 1
    report.field_changes.update(changed)
    # `rewrite`: should the stored hash match (fields outside it changed, e.g.
    # body_html, or the row was edited), a crawl would keep the row, but a parser fix
    # must land.
    store_article(
        session,
        NewArticle(_fetch_of(page, parsed), parsed, row.site),
        run_id=None,
        index=index,
        rewrite=True,
    )


def _retry_failure(
    session: Session,
    reader: PageBodyReader,
    index: BatchIndex,
    failure: Failure,
    report: ReparseReport,
    sites: Mapping[str, SiteProfile],
) -> None:
    report.failures_checked += 1
    page = session.get_one(Page, failure.page_id)
    parsed = _parse(reader, page, sites[failure.site or DEFAULT_SITE])
    if isinstance(parsed, ParseError):
        report.still_failing[parsed.reason] += 1
        failure.reason, failure.detail = parsed.reason, str(parsed)
        return
    fetch = _fetch_of(page, parsed)
    stored = store_article(
        session, NewArticle(fetch, parsed, failure.site), run_id=None, index=index
    )
    page.article_id = stored.article_id
    keys = {
        url_key(page.url),
        url_key(page.requested_url),
        url_key(parsed.canonical_url or page.url),
    }
    resolve_failures(session, site=failure.site, url_keys=keys, at=datetime.now(UTC))
    report.failures_resolved += 1
    logger.info(
        "Failure %d (%s) now parses: article %d",
        failure.id,
        page.url,
        stored.article_id,
    )
