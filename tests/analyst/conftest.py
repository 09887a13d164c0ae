"""The archives the analyst tests read, each with the replica's ground truth:

- `crawled`: the session's crawl of a replica (`crawled_archive`, tests/conftest.py);
- `built`: the replica's truth written through the store library (no crawl: every field
  exactly as the truth says), plus a failed page and a run record.

Every CLI test runs against both. Tests only read them (query commands open read-only).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from newsarchive.items import article_from_json_dict

from .archive_builder import BROKEN_URL, build_archive

BUILT_ARTICLES = 300
BUILT_BASE_URL = "http://127.0.0.1:8765"


@dataclass
class AnalystArchive:
    kind: str
    db: Path | str
    """A SQLite file, or the URL of the PostgreSQL archive."""
    base_url: str
    truth: list[dict]
    corpus: object
    broken_url: str
    """The page that failed to parse (missing title)."""

    def by_url(self, url: str) -> dict:
        return next(a for a in self.truth if a["url"] == url)

    @property
    def seed(self) -> dict:
        return self.by_url(self.base_url + self.corpus.seed_path)


@pytest.fixture(scope="session", params=["crawled", "built", "postgresql"])
def archive(request: pytest.FixtureRequest, tmp_path_factory) -> AnalystArchive:
    if request.param == "crawled":
        crawled = request.getfixturevalue("crawled_archive")
        corpus = crawled.corpus()
        broken = crawled.base_url + corpus.extra_paths()["broken"]
        truth = list(corpus.truth())
        return AnalystArchive(
            "crawled", crawled.db_path, crawled.base_url, truth, corpus, broken
        )
    from newsarchive.replica import Corpus

    if request.param == "postgresql":  # the built archive, on PostgreSQL
        from tests.servers import create_database

        server = request.getfixturevalue("postgres_server_url")
        corpus = Corpus(
            articles=BUILT_ARTICLES, seed=1, base_url=BUILT_BASE_URL, page_kb=8
        )
        truth = list(corpus.truth())
        url = create_database(server, prefix="analyst")
        build_archive(
            url,
            [article_from_json_dict(a) for a in truth],
            page_body=lambda article: corpus.render(article.url).body,
        )
        return AnalystArchive(
            "postgresql", url, BUILT_BASE_URL, truth, corpus, BROKEN_URL
        )
    corpus = Corpus(articles=BUILT_ARTICLES, seed=1, base_url=BUILT_BASE_URL, page_kb=8)
    truth = list(corpus.truth())
    # Named so Datasette calls it "archive", as the shipped metadata expects.
    db = tmp_path_factory.mktemp("analyst") / "archive.sqlite"
    articles = [article_from_json_dict(a) for a in truth]
    build_archive(
        db, articles, page_body=lambda article: corpus.render(article.url).body
    )
    return AnalystArchive("built", db, BUILT_BASE_URL, truth, corpus, BROKEN_URL)


@pytest.fixture(autouse=True)
def _sqlite_only_tests(request: pytest.FixtureRequest) -> None:
    """Skip the PostgreSQL run of a test marked `sqlite_only` (a test of the file)."""
    marker = request.node.get_closest_marker("sqlite_only")
    if marker is None or "archive" not in request.fixturenames:
        return
    if request.getfixturevalue("archive").kind == "postgresql":
        pytest.skip(f"SQLite only: {marker.args[0]}")
