"""Each faulty page variant, checked against what the parser and the checks make of it."""

from __future__ import annotations

import gzip
import zlib

import pytest
from scrapy.http import HtmlResponse, Request

from newsarchive.extraction import MissingField, parse_article
from newsarchive.items import to_json_dict
from newsarchive.replica import Corpus
from newsarchive.replica import fault_content as fc
from newsarchive.resilience.charset import needs_fallback
from newsarchive.resilience.failures import xml_problem
from newsarchive.resilience.truncation import looks_truncated
from newsarchive.sites import profile_named
from newsarchive.urls import url_key

NOT_COMPARED = {"body_html"}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus(articles=60, seed=1, page_kb=20)


@pytest.fixture(scope="module")
def pages(corpus) -> list[tuple[str, bytes]]:
    return [
        (corpus.base_url + p, corpus.render(p).body) for p in corpus.article_paths()
    ]


def comparable(article) -> dict:
    data = to_json_dict(article)
    return {k: v for k, v in data.items() if k not in NOT_COMPARED}


def test_markup_change_breaks_extraction_on_every_page(pages) -> None:
    for url, body in pages:
        with pytest.raises(MissingField) as raised:
            parse_article(fc.markup_changed(body), url)
        assert raised.value.reason in {"missing_title", "missing_body"}


@pytest.mark.parametrize(
    ("variant", "reason"), [(0, "missing_title"), (1, "missing_body")]
)
def test_missing_title_or_body_is_a_parse_error(pages, variant, reason) -> None:
    for url, body in pages[:20]:
        with pytest.raises(MissingField) as raised:
            parse_article(fc.missing_field(body, variant), url)
        assert raised.value.reason == reason


def test_missing_dates_and_unreadable_dates_leave_published_at_empty(pages) -> None:
    for url, body in pages:
        left_out = parse_article(fc.missing_field(body, 2), url)
        assert left_out.published_at is None and left_out.published_raw is None
        unreadable = parse_article(fc.bad_date(body), url)
        assert unreadable.published_at is None
        assert unreadable.published_raw == fc.UNREADABLE_DATE
        assert unreadable.title and unreadable.body_text


def test_truncated_pages_are_caught_healthy_pages_are_not(corpus, pages) -> None:
    for _url, body in pages:
        assert not looks_truncated(body, "text/html; charset=utf-8")
        assert looks_truncated(fc.truncated(body), "text/html; charset=utf-8")
    for path in ("/", "/qiosk/", "/about/", "/no-such-page/"):
        assert not looks_truncated(corpus.render(path).body, "text/html")
    fragment = corpus.render("/res/load_more_posts/data.js?resource_id=home&pn=2").body
    assert not looks_truncated(fragment, "text/html")
    assert not looks_truncated(b"<rss>...", "application/rss+xml")


@pytest.mark.parametrize("declare_utf8", [True, False])
def test_cp1252_pages_read_with_the_fallback_equal_the_truth(
    corpus, declare_utf8
) -> None:
    for path in corpus.article_paths()[:25]:
        url = corpus.base_url + path
        body = fc.cp1252(corpus.render(path).body, declare_utf8=declare_utf8)
        content_type = "text/html; charset=utf-8" if declare_utf8 else "text/html"
        assert needs_fallback(body, content_type) == (
            "utf-8" if declare_utf8 else "none"
        )
        response = HtmlResponse(url=url, body=body, encoding="cp1252", request=Request(url),
                                headers={"Content-Type": "text/html; charset=windows-1252"})  # fmt: skip
        parsed = parse_article(
            response, site=profile_named("responsiblestatecraft.org")
        )
        assert comparable(parsed) == comparable(corpus.article(path))


def test_utf8_pages_need_no_fallback(pages) -> None:
    _url, body = pages[0]
    assert needs_fallback(body, "text/html; charset=utf-8") is None
    assert needs_fallback(body, "text/html") is None
    assert (
        needs_fallback(fc.cp1252(body, declare_utf8=True), "application/json") is None
    )
    assert (
        needs_fallback("é".encode("latin-1"), "text/html; charset=iso-8859-1") is None
    )


def test_oversized_page_and_gzip_bomb() -> None:
    page = b"<html><body><p>hi</p></body></html>"
    big = fc.oversized(page, 64)
    assert len(big) >= 64 * 1024 and big.endswith(b"</body></html>")
    bomb = fc.gzip_bomb(8)
    assert len(bomb) < 64 * 1024
    inflated = zlib.decompressobj(31).decompress(bomb, 9 * 1024 * 1024)
    assert len(inflated) > 8 * 1024 * 1024
    assert gzip.decompress(bomb)[:15] == b"<!DOCTYPE html>"


def test_malformed_xml_is_reported(corpus) -> None:
    for path in ("/feeds/feed.rss", "/feeds/sitemaps/sitemap_1.xml", "/sitemap.xml"):
        body = corpus.render(path).body
        assert xml_problem(body) is None
        assert xml_problem(fc.malformed_xml(body)).startswith("malformed XML")
    assert xml_problem(b"  ") == "the document is empty"


def test_url_variants_fold_to_one_key(corpus) -> None:
    path = corpus.article_paths()[7]
    variants = fc.url_variants(corpus.base_url, path)
    assert len(variants) == 5
    assert {url_key(link) for link in variants} == {url_key(corpus.base_url + path)}
    assert any("WWW." in link for link in variants)


def test_sitemap_and_home_additions(corpus) -> None:
    sitemap = fc.with_sitemap_entries(corpus.render("/feeds/sitemaps/sitemap_1.xml").body,
                                      ["http://x/ghost-deleted/"])  # fmt: skip
    assert sitemap.endswith(b"<url><loc>http://x/ghost-deleted/</loc></url></urlset>\n")
    home = fc.with_home_links(corpus.render("/").body, ["http://x/a/?utm_source=y"])
    assert b'href="http://x/a/?utm_source=y"' in home and home.rstrip().endswith(
        b"</html>"
    )
