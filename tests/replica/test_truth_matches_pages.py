"""The truth is what the pages say: a literal reading of the markup contract
(reference_parser.py) returns the truth for every article of a 300-article corpus."""

from __future__ import annotations

import pytest

from newsarchive.replica import Corpus

from .reference_parser import parse

FIELDS = [
    "url",
    "canonical_url",
    "site",
    "title",
    "seo_title",
    "subtitle",
    "description",
    "section",
    "section_url",
    "article_type",
    "authors",
    "published_raw",
    "published_at",
    "modified_raw",
    "modified_at",
    "body_text",
    "top_image",
    "images",
    "tags",
    "teasers",
    "next_article",
    "outlinks",
    "embeds",
    "author_bios",
    "language",
]


@pytest.fixture(
    scope="module", params=["responsiblestatecraft.org", "spectrum.ieee.org"]
)
def parsed(request: pytest.FixtureRequest) -> list[tuple[dict, dict]]:
    corpus = Corpus(articles=300, seed=1, site=request.param)
    pairs = []
    for path in corpus.article_paths():
        pairs.append(
            (
                corpus.truth_for(path),
                parse(corpus.render(path).text, corpus.base_url + path),
            )
        )
    return pairs


@pytest.mark.parametrize("field", FIELDS)
def test_field_matches_the_page(parsed: list[tuple[dict, dict]], field: str) -> None:
    wrong = [
        (truth["url"], truth[field], got[field])
        for truth, got in parsed
        if truth[field] != got[field]
    ]
    assert not wrong, wrong[:3]


def test_truth_has_exactly_the_article_fields(corpus: Corpus) -> None:
    assert set(corpus.truth_for(corpus.seed_path)) == set(FIELDS) | {"body_html"}


def test_truth_covers_every_article_once(corpus: Corpus) -> None:
    urls = [t["url"] for t in corpus.truth()]
    assert len(urls) == len(set(urls)) == 300
    assert urls == corpus.article_urls()
