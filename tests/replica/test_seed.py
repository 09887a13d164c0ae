"""The seed article: its visible text, its truth, and the four articles it links to."""

from __future__ import annotations

from newsarchive.replica import Corpus
from newsarchive.replica.visible_text import is_ordered_subsequence, visible_lines

from .conftest import SEED_TEXT

SEED_PATH = "/diplomacy-watch-ukraine-russia-quietly-talking/"


def seed_lines() -> list[str]:
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    return [" ".join(line.split()) for line in lines if line.strip()]


def first_missing(needles: list[str], haystack: list[str]) -> str | None:
    position = 0
    for needle in needles:
        if needle not in haystack[position:]:
            return needle
        position = haystack.index(needle, position) + 1
    return None


def test_seed_visible_text_contains_every_seed_line_in_order(corpus: Corpus) -> None:
    lines = visible_lines(corpus.render(SEED_PATH).body)
    assert first_missing(seed_lines(), lines) is None
    assert is_ordered_subsequence(seed_lines(), lines)


def test_seed_first_headline_line_is_the_hero_alt(corpus: Corpus) -> None:
    truth = corpus.truth_for(SEED_PATH)
    assert truth["top_image"]["alt"] == truth["title"] == seed_lines()[1]
    assert truth["top_image"]["credit_raw"].startswith("Top photo credit: ")


def test_seed_truth_core_fields(corpus: Corpus) -> None:
    truth = corpus.truth_for(SEED_PATH)
    assert truth["published_raw"] == "2023-10-27T12:00:00-04:00"
    assert truth["published_at"] == "2023-10-27T16:00:00+00:00"
    assert (truth["section"], truth["article_type"]) == ("QiOSK", None)
    assert (
        truth["subtitle"]
        == "A new report sheds light on secretive channels between the warring parties."
    )
    assert len(truth["authors"]) == 1 and truth["site"] == "responsiblestatecraft.org"
    assert "keep reading" not in truth["body_text"]
    assert truth["body_text"].startswith("Ukrainian officials continue")
    assert truth["body_text"].endswith(
        "“we have not even been officially notified of her arrest by the Russian Government.”"
    )


def test_seed_teasers_and_next_article(corpus: Corpus) -> None:
    truth = corpus.truth_for(SEED_PATH)
    teasers = truth["teasers"]
    assert [(t["headline"], t["section"]) for t in teasers] == [
        ("The great fade out: Neocon influencers rage as they diminish", "Media"),
        ("5 ways the military industrial complex is a killer", "Latest"),
        ("Will Sudan attack the UAE?", "Africa"),
    ]
    assert [t["image_alt"] for t in teasers] == [
        "Mark Levin",
        "american military missiles",
        "Sudan",
    ]
    assert teasers[0]["image_credit"] == "Erick Stakelbeck on TBN/Screengrab"
    assert teasers[2]["image_credit_raw"].startswith(
        "Top image credit: A Sudanese army soldier"
    )
    assert (
        truth["next_article"]["headline"]
        == "Diplomacy Watch: A peace summit without Russia"
    )
    assert truth["next_article"]["section"] == "QiOSK"


def test_seed_linked_articles_exist_and_open_with_the_teaser_text(
    corpus: Corpus,
) -> None:
    seed = corpus.truth_for(SEED_PATH)
    linked = {corpus.base_url + p for p in corpus.linked_paths()}
    assert linked == {t["url"] for t in seed["teasers"]} | {seed["next_article"]["url"]}
    for teaser in seed["teasers"]:
        target = corpus.truth_for(teaser["url"])
        assert target["title"] == teaser["headline"]
        assert target["section"] == teaser["section"]
        assert target["body_text"].startswith(teaser["excerpt"] + "\n\n")
        assert len(target["body_text"]) > len(teaser["excerpt"]) + 200


def test_rare_seed_words_stay_rare(corpus: Corpus) -> None:
    with_word = [p for p in corpus.article_paths() if "Umerov" in corpus.render(p).text]
    assert with_word == [SEED_PATH]
