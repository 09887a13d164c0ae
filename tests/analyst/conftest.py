"""A shared archive for the analyst tests, built from the replica's ground truth through
the store library (fast and realistic: real rendered pages, real items), plus a failed
page and a run record. Tests only read it (query commands open it read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from newsarchive.items import Article, article_from_json_dict

from .archive_builder import build_archive

ARTICLES = 300
BASE_URL = "http://127.0.0.1:8765"


@dataclass
class TruthArchive:
    db: Path
    truth: list[dict]
    corpus: object

    def by_url(self, url: str) -> dict:
        return next(a for a in self.truth if a["url"] == url)

    @property
    def seed(self) -> dict:
        return self.by_url(BASE_URL + self.corpus.seed_path)


@pytest.fixture(scope="session")
def truth_archive(tmp_path_factory: pytest.TempPathFactory) -> TruthArchive:
    from newsarchive.replica import Corpus

    corpus = Corpus(articles=ARTICLES, seed=1, base_url=BASE_URL, page_kb=8)
    truth = list(corpus.truth())
    # Named so Datasette calls it "archive", as the shipped metadata expects.
    db = tmp_path_factory.mktemp("analyst") / "archive.sqlite"
    articles: list[Article] = [article_from_json_dict(a) for a in truth]
    build_archive(
        db, articles, page_body=lambda article: corpus.render(article.url).body
    )
    return TruthArchive(db=db, truth=truth, corpus=corpus)
