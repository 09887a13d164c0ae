"""The replica's front pages move their stories by edition and hour, and its truth is
what the index parser reads from them."""

from __future__ import annotations

import pytest

from newsarchive.extraction import parse_index
from newsarchive.replica import Corpus
from newsarchive.sites import profile_named

RS = profile_named("responsiblestatecraft.org")


def _shown(corpus: Corpus) -> dict[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for row in corpus.placements_truth():
        pages.setdefault(row["page"], []).append(row)
    return pages


def _lead(corpus: Corpus, page: str = "/") -> dict:
    return _shown(corpus)[page][0]


@pytest.mark.parametrize(("edition", "hour"), [(1, 0), (1, 1), (2, 2), (2, 3)])
def test_the_truth_is_what_the_parser_reads(edition: int, hour: int) -> None:
    corpus = Corpus(articles=120, page_kb=8, edition=edition, hour=hour)
    for page, rows in _shown(corpus).items():
        parsed = parse_index(corpus.render(page).body, corpus.base_url + page, site=RS)
        assert [
            {
                "page": page,
                "block": p.block,
                "position": p.position,
                "url": p.url,
                "headline": p.headline,
                "image_url": p.image_url,
            }
            for p in parsed.placements
        ] == rows


def test_a_new_story_takes_the_lead_in_the_next_edition() -> None:
    first, second = Corpus(articles=120, edition=1), Corpus(articles=120, edition=2)
    new = {second.base_url + path for path in second.changes[0].new}
    assert _lead(second)["url"] in new
    assert _lead(first)["url"] not in new


def test_the_others_slide_down_and_the_oldest_drop_off() -> None:
    first, second = Corpus(articles=120, edition=1), Corpus(articles=120, edition=2)
    river = [r["url"] for r in _shown(first)["/"] if r["block"] in ("lead", "river")]
    later = [r["url"] for r in _shown(second)["/"] if r["block"] in ("lead", "river")]
    assert later.index(river[1]) > river.index(river[1])
    assert river[-1] not in later


def test_a_story_leaves_the_lead_and_returns() -> None:
    leads = [_lead(Corpus(articles=120, hour=hour))["url"] for hour in range(5)]
    assert leads[1] == leads[4] != leads[2]
    assert leads[1] not in [r["url"] for r in _shown(Corpus(articles=120, hour=2))["/"]]


def test_the_home_page_retitles_its_lead_at_odd_hours() -> None:
    corpus = Corpus(articles=120, hour=3)
    lead = _lead(corpus)
    title = next(
        m.title for m in corpus.catalog.metas if corpus.base_url + m.path == lead["url"]
    )
    assert lead["headline"] != title
    assert _lead(corpus, "/qiosk/")["headline"] == next(
        m.title
        for m in corpus.catalog.metas
        if corpus.base_url + m.path == _lead(corpus, "/qiosk/")["url"]
    )


def test_hour_zero_keeps_the_listing_order() -> None:
    corpus = Corpus(articles=120)
    newest = [corpus.base_url + corpus.catalog.metas[i].path
              for i in list(corpus.catalog.listed)[::-1][:20]]  # fmt: skip
    shown = [r["url"] for r in _shown(corpus)["/"] if r["block"] in ("lead", "river")]
    assert shown == newest
