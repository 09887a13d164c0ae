"""Property: on every article of a generated replica, the parser returns the truth.

In-process from the generator, no HTTP (docs/design/decisions.md 23). `body_html` is kept, not compared
exactly (docs/design/decisions.md 3).
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.extraction import parse_article
from newsarchive.items import to_json_dict
from newsarchive.replica import Corpus
from newsarchive.sites import SiteProfile, profile_named

BASE_URL = "http://127.0.0.1:8765"
SITE = profile_named("responsiblestatecraft.org")
NOT_COMPARED = {"body_html"}


def mismatches(
    corpus: Corpus, shard: int = 0, shards: int = 1, site: SiteProfile = SITE
) -> dict[str, list[str]]:
    """Field -> paths of the shard's articles whose parsed value is not the truth."""
    wrong: dict[str, list[str]] = defaultdict(list)
    for path in corpus.article_paths()[shard::shards]:
        parsed = to_json_dict(
            parse_article(corpus.render(path).body, BASE_URL + path, site=site)
        )
        for field, expected in corpus.truth_for(path).items():
            if field not in NOT_COMPARED and parsed[field] != expected:
                wrong[field].append(path)
    return dict(wrong)


def describe(wrong: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{field}: {len(paths)} pages, e.g. {paths[0]}"
        for field, paths in wrong.items()
    )


# Two shards so `pytest -n 2` checks the 2,000 articles on both cores.
@pytest.mark.parametrize("shard", [0, 1])
def test_parser_matches_the_truth_on_a_2000_article_replica(shard: int) -> None:
    corpus = Corpus(articles=2000, seed=1, base_url=BASE_URL, page_kb=20)
    wrong = mismatches(corpus, shard, shards=2)
    assert not wrong, describe(wrong)


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(min_value=2, max_value=10**6))
def test_parser_matches_the_truth_for_any_replica_seed(seed: int) -> None:
    corpus = Corpus(articles=40, seed=seed, base_url=BASE_URL, page_kb=20)
    wrong = mismatches(corpus)
    assert not wrong, describe(wrong)


def test_parser_matches_the_truth_on_a_second_publication() -> None:
    """spectrum.ieee.org: other URL rules, sections and names, the same platform markup."""
    corpus = Corpus(
        articles=400, seed=1, base_url=BASE_URL, page_kb=20, site="spectrum.ieee.org"
    )
    wrong = mismatches(corpus, site=profile_named("spectrum.ieee.org"))
    assert not wrong, describe(wrong)
