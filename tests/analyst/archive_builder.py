"""Build a test archive through the store library (no crawl): articles from items,
plus a failed page and a run record, as a crawl would leave them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsarchive.items import Article, PageFetch
from newsarchive.store import ArchiveWriter, finish_run, open_engine, start_run, upgrade

SITE = "responsiblestatecraft.org"
FETCHED_AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
BROKEN_URL = "http://127.0.0.1:8765/broken-page/"


def build_archive(
    path: Path,
    articles: Iterable[Article],
    *,
    page_body: Callable[[Article], bytes] | None = None,
    batch_size: int = 200,
) -> int:
    """Write `articles` and their raw pages into a new archive at `path`; the count."""
    upgrade(path)
    engine = open_engine(path)
    try:
        run_id = start_run(
            engine, site=SITE, started_at=FETCHED_AT, settings={"test": True}
        )
        writer = ArchiveWriter(engine)
        count = 0
        for count, article in enumerate(articles, start=1):
            body = page_body(article) if page_body else _placeholder_page(article)
            writer.add(_fetch(article, body, count), site=SITE)
            if writer.pending >= batch_size:
                writer.flush(run_id=run_id)
        writer.add(_broken_fetch(), site=SITE)
        stats = writer.flush(run_id=run_id)
        finish_run(
            engine,
            run_id,
            finished_at=FETCHED_AT + timedelta(minutes=5),
            close_reason="finished",
            stats={"newsarchive/store/inserted": count, **stats},
        )
    finally:
        engine.dispose()
    return count


def _fetch(article: Article, body: bytes, number: int) -> PageFetch:
    return PageFetch(
        url=article.url,
        requested_url=article.url,
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=body,
        fetched_at=FETCHED_AT + timedelta(seconds=number),
        article=article,
    )


def _broken_fetch() -> PageFetch:
    return PageFetch(
        url=BROKEN_URL,
        requested_url=BROKEN_URL,
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=b"<html><body><p>No headline here.</p></body></html>",
        fetched_at=FETCHED_AT,
        failure_stage="parse",
        failure_reason="missing_title",
        failure_detail="the page has no title",
    )


def _placeholder_page(article: Article) -> bytes:
    head = f"<head><title>{article.title}</title></head>"
    return f"<html>{head}<body>{article.body_html}</body></html>".encode()
