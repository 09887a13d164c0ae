"""RunRecordExtension: a crawl_runs row per crawl, whose id tags pages and failures."""

from __future__ import annotations

from pathlib import Path

from pipeline_chain import build_pipelines, close_all, open_all, process
from pipeline_samples import article_at, fetch_of, parse_failure
from scrapy import Spider
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsarchive.extensions.run_record import RunRecordExtension
from newsarchive.models import CrawlRun, Failure, Page
from newsarchive.store import open_engine


class SampleSpider(Spider):
    name = "sample"


def crawl(crawler, items, reason: str = "finished") -> int:
    extension = RunRecordExtension.from_crawler(crawler)
    pipelines = build_pipelines(crawler)
    open_all(pipelines)  # Scrapy opens pipelines before sending spider_opened
    extension.spider_opened(SampleSpider())
    run_id = crawler.stats.get_value("newsarchive/run_id")
    for item in items:
        process(pipelines, item)
    close_all(pipelines)
    extension.spider_closed(reason)
    return run_id


def read_run(
    db_path: Path, run_id: int
) -> tuple[CrawlRun, list[int | None], list[int | None]]:
    engine = open_engine(db_path)
    try:
        with Session(engine) as session:
            run = session.get_one(CrawlRun, run_id)
            page_runs = session.scalars(select(Page.run_id)).all()
            failure_runs = session.scalars(select(Failure.run_id)).all()
            session.expunge(run)
            return run, list(page_runs), list(failure_runs)
    finally:
        engine.dispose()


def test_a_clean_crawl_completes(make_crawler, db_path: Path) -> None:
    crawler = make_crawler(
        NEWSARCHIVE_SITE="responsiblestatecraft.org", DOWNLOAD_DELAY=2
    )
    run_id = crawl(crawler, [fetch_of(article_at())])
    run, page_runs, _ = read_run(db_path, run_id)
    assert (run.status, run.close_reason, run.new, run.spider) == (
        "completed", "finished", 1, "sample",
    )  # fmt: skip
    assert run.settings["NEWSARCHIVE_SITE"] == "responsiblestatecraft.org"
    assert run.settings["DOWNLOAD_DELAY"] == 2
    assert run.db_path == str(db_path)
    assert run.started_at <= run.finished_at
    assert page_runs == [run_id]


def test_failures_make_a_partial_run_and_carry_its_id(
    make_crawler, db_path: Path
) -> None:
    run_id = crawl(make_crawler(), [fetch_of(article_at()), parse_failure()])
    run, page_runs, failure_runs = read_run(db_path, run_id)
    assert (run.status, run.failed, run.new) == ("partial", 1, 1)
    assert page_runs == [run_id, run_id]
    assert failure_runs == [run_id]


def test_an_interrupted_crawl(make_crawler, db_path: Path) -> None:
    run_id = crawl(make_crawler(), [], reason="shutdown")
    assert read_run(db_path, run_id)[0].status == "interrupted"
