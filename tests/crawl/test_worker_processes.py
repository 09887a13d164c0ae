"""A crawl with its parsing and storing in worker processes archives exactly what a
crawl in one process does."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsarchive.items import to_json_dict
from newsarchive.models import Article, Failure, Page
from newsarchive.store import load_article, open_engine

from ..incremental.crawling import Site, crawl

pytestmark = pytest.mark.slow

WORKERS = (
    "-s",
    "NEWSARCHIVE_PARSE_PROCESS=True",
    "-s",
    "NEWSARCHIVE_STORE_PROCESS=True",
)


def archived(db) -> tuple[dict, list, list]:
    engine = open_engine(db)
    with Session(engine) as session:
        ids = session.scalars(select(Article.id)).all()
        articles = {}
        for article_id in ids:
            stored = to_json_dict(load_article(session, article_id))
            articles[stored["url"]] = stored
        pages = sorted(session.execute(select(Page.url, Page.status)).all())
        failures = sorted(session.execute(select(Failure.url, Failure.reason)).all())
    engine.dispose()
    return articles, pages, failures


def test_worker_processes_archive_what_one_process_does(tmp_path) -> None:
    site = Site(articles=60, seed=3, page_kb=8)
    site.serve(1)
    try:
        alone = crawl(tmp_path / "alone.sqlite", site.base_url, name="alone")
        workers = crawl(
            tmp_path / "workers.sqlite", site.base_url, *WORKERS, name="workers"
        )
    finally:
        site.stop()
    assert alone.code == workers.code == 0, workers.output
    assert "Parsing pages in a worker process" in workers.output
    assert archived(tmp_path / "workers.sqlite") == archived(tmp_path / "alone.sqlite")
    for name in ("newsarchive/store/inserted", "newsarchive/article_pages"):
        assert workers.stat(name) == alone.stat(name) > 0
