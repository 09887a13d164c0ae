"""Validate -> normalise -> dedupe -> store on hand-built items, with Scrapy stats."""

from __future__ import annotations

from pathlib import Path

from pipeline_chain import build_pipelines, close_all, open_all, process, run_chain
from pipeline_samples import article_at, crawl_fetches, fetch_of
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsarchive.models import Article, ArticleUrl, Failure, Page
from newsarchive.store import open_engine

NEWSARCHIVE_STATS = "newsarchive/"


def archive_counts(db_path: Path) -> dict[str, int]:
    engine = open_engine(db_path)
    try:
        with Session(engine) as session:
            return {
                model.__tablename__: session.scalar(
                    select(func.count()).select_from(model)
                )
                for model in (Article, ArticleUrl, Failure, Page)
            }
    finally:
        engine.dispose()


def test_each_layer_and_outcome_is_counted(make_crawler, db_path: Path) -> None:
    crawler = make_crawler()
    crawler.stats.set_value("dupefilter/filtered", 7)
    results = run_chain(crawler, crawl_fetches())
    assert [r.split(":")[0] for r in results] == [
        "passed", "dropped", "dropped", "passed", "passed", "passed",
    ]  # fmt: skip
    stats = {
        key: value
        for key, value in crawler.stats.get_stats().items()
        if key.startswith(NEWSARCHIVE_STATS)
    }
    assert stats == {
        "newsarchive/store/inserted": 2,
        "newsarchive/store/pages": 6,
        "newsarchive/dedupe/canonical_url": 1,
        "newsarchive/dedupe/content_hash": 1,
        "newsarchive/dedupe/fingerprint": 7,
        "newsarchive/failures/missing_title": 1,
        "newsarchive/failures/missing_published_at": 1,
    }
    # Nothing lost: six pages kept, two articles, both duplicates mapped, two failures.
    assert archive_counts(db_path) == {
        "articles": 2, "article_urls": 4, "failures": 2, "pages": 6,
    }  # fmt: skip


def test_a_second_crawl_counts_unchanged_and_updated(
    make_crawler, db_path: Path
) -> None:
    run_chain(
        make_crawler(), [fetch_of(article_at()), fetch_of(article_at("b", title="B"))]
    )
    crawler = make_crawler()
    run_chain(crawler, [fetch_of(article_at()), fetch_of(article_at("b", title="B2"))])
    assert crawler.stats.get_value("newsarchive/store/unchanged") == 1
    assert crawler.stats.get_value("newsarchive/store/updated") == 1
    assert crawler.stats.get_value("newsarchive/store/inserted") is None


def test_batches_are_flushed_at_size_and_on_close(make_crawler, db_path: Path) -> None:
    crawler = make_crawler(NEWSARCHIVE_STORE_BATCH_SIZE=3)
    pipelines = build_pipelines(crawler)
    open_all(pipelines)
    for slug in ("a", "b"):
        process(pipelines, fetch_of(article_at(slug, title=slug)))
    assert archive_counts(db_path)["articles"] == 0
    process(pipelines, fetch_of(article_at("c", title="c")))
    assert archive_counts(db_path)["articles"] == 3
    process(pipelines, fetch_of(article_at("d", title="d")))
    assert archive_counts(db_path)["articles"] == 3
    close_all(pipelines)
    assert archive_counts(db_path)["articles"] == 4
    assert crawler.stats.get_value("newsarchive/store/inserted") == 4
