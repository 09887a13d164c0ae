"""The edition journey shared by test_edition_runs: one archive crawled at editions
1, 1 (unchanged), 2, 3 and with --full at 3, once per test session (xdist included)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsarchive.models import Article, ArticleUrl
from newsarchive.replica import Corpus
from newsarchive.replica.editions import EditionChanges
from newsarchive.store import open_engine

from .crawling import Run, Site, crawl, shared

ARTICLES, SEED, PAGE_KB = 30, 3, 4


@dataclass(kw_only=True)
class Journey:
    db: Path | str
    """A SQLite file, or a PostgreSQL URL."""
    base_url: str
    runs: dict[str, Run]
    ids_before: dict[str, int]
    """url_key -> article id after the edition-1 runs."""
    hashes_after_e3: dict[str, str]
    """url_key -> content_hash after the edition-3 run (before --full)."""
    changes: list[EditionChanges]
    truth: list[dict]


def key_ids(db) -> dict[str, int]:
    engine = open_engine(db)
    with Session(engine) as session:
        result = dict(
            session.execute(select(ArticleUrl.url_key, ArticleUrl.article_id)).all()
        )
    engine.dispose()
    return result


def article_hashes(db) -> dict[str, str]:
    engine = open_engine(db)
    with Session(engine) as session:
        result = dict(
            session.execute(select(Article.url_key, Article.content_hash)).all()
        )
    engine.dispose()
    return result


def travel(directory: Path, db: Path | str | None = None) -> dict:
    """Crawl editions 1, 1, 2, 3 and a --full run of 3 into one archive (JSON result):
    a SQLite file in `directory` unless `db` names another archive."""
    db = db or directory / "archive.sqlite"
    place = {"directory": directory}
    site = Site(articles=ARTICLES, seed=SEED, page_kb=PAGE_KB)
    runs: dict[str, Run] = {}
    try:
        site.serve(1)
        runs["first"] = crawl(db, site.base_url, name="first", **place)
        runs["again"] = crawl(db, site.base_url, name="again", **place)
        ids_before = key_ids(db)
        site.serve(2)
        runs["e2"] = crawl(db, site.base_url, name="e2", **place)
        site.serve(3)
        runs["e3"] = crawl(db, site.base_url, name="e3", **place)
        hashes = article_hashes(db)
        runs["full"] = crawl(db, site.base_url, "--full", name="full", **place)
    finally:
        site.stop()
    return {
        "db": str(db),
        "base_url": site.base_url,
        "ids_before": ids_before,
        "hashes_after_e3": hashes,
        "runs": {name: dataclasses.asdict(run) for name, run in runs.items()},
    }


def load_journey(tmp_path_factory, postgres_server: str | None = None) -> Journey:
    """The journey on SQLite, or on PostgreSQL when given a server's URL (once per
    server: workers that started their own servers each travel)."""
    if postgres_server is None:
        result = shared(tmp_path_factory, "edition-journey", travel)
    else:
        from tests.servers import create_database

        port = postgres_server.rsplit(":", 1)[1].split("/")[0]
        result = shared(
            tmp_path_factory,
            f"edition-journey-postgresql-{port}",
            lambda directory: travel(
                directory, create_database(postgres_server, prefix="journey")
            ),
        )
    corpus = Corpus(
        articles=ARTICLES,
        seed=SEED,
        page_kb=PAGE_KB,
        base_url=result["base_url"],
        edition=3,
    )
    return Journey(
        db=result["db"] if postgres_server else Path(result["db"]),
        base_url=result["base_url"],
        runs={name: Run(**run) for name, run in result["runs"].items()},
        ids_before=result["ids_before"],
        hashes_after_e3=result["hashes_after_e3"],
        changes=corpus.changes,
        truth=list(corpus.truth()),
    )
