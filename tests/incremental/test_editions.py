"""Replica editions: the site changes deterministically from one edition to the next,
and pages, sitemaps, feeds and truth agree about it (in-process, no HTTP)."""

from __future__ import annotations

import re

import pytest
from scrapy.http import HtmlResponse, Request

from newsarchive.extraction import parse_article
from newsarchive.items import article_from_json_dict, to_json_dict
from newsarchive.replica import Corpus
from newsarchive.replica.editions import CONTENT_EDITS
from newsarchive.sites import profile_named
from newsarchive.store.hashing import content_hash

ARTICLES, SEED, PAGE_KB = 60, 2, 4


def corpus(edition: int) -> Corpus:
    return Corpus(articles=ARTICLES, seed=SEED, page_kb=PAGE_KB, edition=edition)


@pytest.fixture(scope="module")
def editions() -> dict[int, Corpus]:
    return {k: corpus(k) for k in (1, 2, 3)}


def sitemap_lastmods(site: Corpus) -> dict[str, str]:
    index = site.render("/sitemap.xml").text
    found: dict[str, str] = {}
    for loc in re.findall(r"<loc>[^<]*/(feeds/sitemaps/sitemap_\d+\.xml)</loc>", index):
        body = site.render("/" + loc).text
        for url, lastmod in re.findall(
            r"<loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>", body
        ):
            found[url.removeprefix(site.base_url)] = lastmod
    return found


def test_edition_one_is_the_site_as_generated() -> None:
    plain, first = Corpus(articles=30, seed=3), Corpus(articles=30, seed=3, edition=1)
    assert first.changes == []
    for path in [*plain.article_paths()[::5], "/", "/sitemap.xml", "/feeds/feed.rss"]:
        assert plain.render(path).body == first.render(path).body


def test_editions_are_deterministic(editions) -> None:
    again = corpus(3)
    assert [c.to_json() for c in again.changes] == [
        c.to_json() for c in editions[3].changes
    ]
    for path in editions[3].article_paths()[-5:]:
        assert again.render(path).body == editions[3].render(path).body


def test_each_edition_adds_edits_unpublishes_and_moves(editions) -> None:
    for k in (2, 3):
        change = editions[k].changes[-1]
        assert change.edition == k
        assert len(change.new) == 2 and len(change.gone) == 1 and len(change.moved) == 1
        kinds = {kind for kinds in change.changed.values() for kind in kinds}
        assert kinds == set(CONTENT_EDITS)
        assert change.teasers
    assert list(editions[3].changes[-1].gone.values()) == [404]
    assert list(editions[2].changes[-1].gone.values()) == [410]
    # An article edited in edition 2 is edited again in edition 3 (two versions).
    assert set(editions[2].changes[0].changed) & set(editions[3].changes[-1].changed)


def test_paths_answer_as_the_changes_say(editions) -> None:
    site, change = editions[2], editions[2].changes[-1]
    for old, new in change.moved.items():
        page = site.render(old)
        assert page.status == 301 and page.headers["Location"] == site.base_url + new
        assert site.render(new).status == 200
    for path, status in change.gone.items():
        assert site.render(path).status == status
        assert path not in site.article_paths()
        with pytest.raises(KeyError):
            site.truth_for(path)
    for path in change.new:
        assert site.render(path).status == 200


def test_sitemaps_and_feeds_follow_the_edition(editions) -> None:
    before, after = sitemap_lastmods(editions[1]), sitemap_lastmods(editions[2])
    change = editions[2].changes[-1]
    assert set(after) == set(editions[2].article_paths())
    for path in change.changed:
        assert after[path] != before[path], path
    for path in change.teasers:  # a teaser rotation is not an edit of the article
        assert after[path] == before[path], path
    ((old, new),) = change.moved.items()
    assert old not in after and after[new] == before[old]
    assert not set(change.gone) & set(after)
    for path in change.new:
        assert path not in before and path in after
    feed = editions[2].render("/feeds/feed.rss").text
    assert all(path in feed for path in change.new)
    home = editions[2].render("/").text
    assert not any(path in home for path in change.gone)


def test_validators_change_with_the_content(editions) -> None:
    one, two, change = editions[1], editions[2], editions[2].changes[-1]
    for path in change.changed:
        assert one.render(path).headers["ETag"] != two.render(path).headers["ETag"]
        assert (
            one.render(path).headers["Last-Modified"]
            != two.render(path).headers["Last-Modified"]
        )
    untouched = next(
        p
        for p in one.article_paths()
        if p in two.article_paths()
        and p not in change.changed
        and p not in change.teasers
    )
    assert (
        one.render(untouched).headers["Last-Modified"]
        == two.render(untouched).headers["Last-Modified"]
    )


def test_content_hash_changes_exactly_for_edited_articles(editions) -> None:
    def hashes(site: Corpus) -> dict[str, str]:
        return {
            p: content_hash(article_from_json_dict(site.truth_for(p)))
            for p in site.article_paths()
        }

    one, three = hashes(editions[1]), hashes(editions[3])
    changed = {p for c in editions[3].changes for p in c.changed}
    moved = {new: old for c in editions[3].changes for old, new in c.moved.items()}
    differ = {p for p, h in three.items() if p in one and one[p] != h}
    assert differ == changed
    for new, old in moved.items():  # a move changes the URL, not the content
        assert three[new] == one[old]


def test_the_parser_reads_every_page_of_edition_three_as_the_truth(editions) -> None:
    site = editions[3]
    for path in site.article_paths():
        url = site.base_url + path
        response = HtmlResponse(
            url=url, body=site.render(path).body, request=Request(url)
        )
        parsed = to_json_dict(
            parse_article(response, site=profile_named("responsiblestatecraft.org"))
        )
        expected = site.truth_for(path)
        assert {k: v for k, v in parsed.items() if k != "body_html"} == {
            k: v for k, v in expected.items() if k != "body_html"
        }, path
