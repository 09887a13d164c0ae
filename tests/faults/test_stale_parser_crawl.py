"""A site redesign (most pages' markup changed): the crawl stops with exit code 6 and its
run record says why, instead of filling the archive with failures or empty fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsarchive.models import Article, CrawlRun
from newsarchive.resilience.soak import SoakConfig
from newsarchive.resilience.stale_parser import STALE_REASON, STALE_STAT
from newsarchive.store import open_engine

from .conftest import shared_soak

pytestmark = pytest.mark.slow
ARTICLES = 300


@pytest.fixture(scope="module")
def stale(tmp_path_factory):
    return shared_soak(tmp_path_factory, "soak-stale", SoakConfig(
        directory=Path("unused"), articles=ARTICLES, profile="stale",
    ))  # fmt: skip


def test_exit_code_6_and_the_run_record_says_why(stale) -> None:
    assert stale.exit_code == 6, stale.output[-2000:]
    assert "parser stale" in stale.output
    engine = open_engine(stale.db_path)
    try:
        with Session(engine) as session:
            run = session.scalars(select(CrawlRun)).one()
            archived = session.scalars(select(Article)).all()
    finally:
        engine.dispose()
    assert (run.status, run.close_reason, run.exit_code) == ("failed", STALE_REASON, 6)
    assert "failed extraction" in run.stats[STALE_STAT]
    assert "NEWSARCHIVE_STALE_PARSER_RATIO" in run.stats[STALE_STAT]
    # Whatever was archived before the stop is complete, not empty fields.
    assert all(article.title and article.body_text and article.published_at
               for article in archived)  # fmt: skip


def test_the_crawl_stopped_early(stale) -> None:
    assert stale.stats["finish_reason"] == STALE_REASON
    assert stale.stats["newsarchive/article_pages"] < ARTICLES
    assert stale.report.wrong == [] and stale.report.unexplained == []
