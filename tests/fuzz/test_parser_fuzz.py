"""Fuzzing the page parsers with random and mutated HTML (hypothesis).

Whatever they are given, `parse_article` and `parse_index` return their item or raise a
`ParseError` of their own: never another exception, and never the catch-all
`parser_error` that wraps a crash (that would be a parser bug the wrapper hides). A
parsed article keeps the item contract (title and body present, datetimes aware UTC).

The example budget is fixed and the search derandomised, so CI runs are repeatable; set
`NEWSARCHIVE_FUZZ_EXAMPLES=5000` for a longer, randomised hunt.
"""

from __future__ import annotations

import os
from datetime import timedelta
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse, Request

from newsarchive.extraction import ParseError, parse_article, parse_index
from newsarchive.extraction.dates import parse_datetime
from newsarchive.items import Article, IndexPage
from newsarchive.replica import Corpus, fault_content
from newsarchive.sites import profile_named

LONG_RUN = int(os.environ.get("NEWSARCHIVE_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=LONG_RUN or 200,
    deadline=None,
    derandomize=not LONG_RUN,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
URL = "http://127.0.0.1:8765/some-article/"
# Pieces a mutation splices in: markup the parsers look for, and markup that hurts.
FRAGMENTS = [
    b"<h1>", b"</h1>", b"<h1 class=\"widget__headline h1\"></h1>", b"<div class=\"body-description\">",
    b"</div>", b"<p>", b"<script type=\"application/ld+json\">", b"{\"@type\": \"NewsArticle\"",
    b"\"datePublished\": \"2023-13-45T99:99:99+25:00\"", b"<meta property=\"og:type\" content=\"website\">",
    b"<meta name=\"article:published_time\" content=\"9999-99-99\">", b"</script>", b"<!--", b"-->",
    b"<![CDATA[", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"&#0;", b"&#xD800;", b"&bogus;",
    b"<a href=\"javascript:alert(1)\">", b"<a href=\"http://[::1\">", b"<a href=\"//evil\">",
    b"<a class=\"pagination__next\" rel=\"next\" href=\"?page=-1\">", b"<link rel=canonical href=\"\">",
    b"<base href=\"ftp://x/\">", b"<div class=\"posts-wrapper\">" * 50, b"<span>" * 300,
    b"<svg><foreignObject><p>", b"<table><tr><td>", b"\r\n", b" " * 100,
]  # fmt: skip

RS = profile_named("responsiblestatecraft.org")


@lru_cache(maxsize=1)
def samples() -> tuple[bytes, ...]:
    """A few replica pages to mutate: articles (some in fault variants) and index pages."""
    corpus = Corpus(articles=12, seed=3, page_kb=4)
    paths = corpus.article_paths()
    pages = [corpus.render(path).body for path in paths[:5]]
    pages += [fault_content.markup_changed(pages[0]), fault_content.bad_date(pages[1]),
              fault_content.cp1252(pages[2], declare_utf8=False)]  # fmt: skip
    pages += [
        corpus.render(path).body for path in ("/", "/qiosk/", "/about/", "/nope/")
    ]
    return tuple(pages)


@st.composite
def mutated_pages(draw: st.DrawFn) -> bytes:
    page = bytearray(draw(st.sampled_from(samples())))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(page)))
        action = draw(
            st.sampled_from(["delete", "insert", "fragment", "duplicate", "cut"])
        )
        if action == "delete":
            del page[at : at + draw(st.integers(1, 4000))]
        elif action == "insert":
            page[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif action == "fragment":
            page[at:at] = draw(st.sampled_from(FRAGMENTS))
        elif action == "duplicate":
            page[at:at] = page[at : at + draw(st.integers(1, 3000))]
        else:
            del page[at:]
    return bytes(page)


def check_article(result: Article) -> None:
    assert isinstance(result, Article)
    assert result.title and result.body_text
    for value in (result.published_at, result.modified_at):
        assert value is None or value.utcoffset() == timedelta(0)


def parse_both(page) -> None:
    """Both parsers on one input: only their typed errors, never a wrapped crash."""
    for parse, check in ((parse_article, check_article), (parse_index, None)):
        try:
            result = parse(page, URL, site=RS)
        except ParseError as error:
            assert error.reason != "parser_error", f"{parse.__name__} crashed: {error}"
            continue
        if check is not None:
            check(result)
        else:
            assert isinstance(result, IndexPage)


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes(body: bytes) -> None:
    parse_both(body)


@FUZZ
@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    parse_both(text)


@FUZZ
@given(mutated_pages())
def test_mutated_replica_pages(body: bytes) -> None:
    parse_both(body)


@FUZZ
@given(mutated_pages(), st.sampled_from([
    "text/html; charset=utf-8", "text/html", "text/html; charset=cp1252",
    "text/html; charset=nonsense", "application/json", "text/html; charset=utf-16",
]))  # fmt: skip
def test_mutated_responses_with_any_declared_charset(
    body: bytes, content_type: str
) -> None:
    response = HtmlResponse(URL, body=body, headers={"Content-Type": content_type},
                            request=Request(URL))  # fmt: skip
    parse_both(response)


@FUZZ
@given(st.text(max_size=80))
def test_dates_parse_to_aware_utc_or_none(text: str) -> None:
    value = parse_datetime(text)
    assert value is None or value.utcoffset() == timedelta(0)


@pytest.mark.parametrize("page", range(12))
def test_unmutated_samples_parse_cleanly(page: int) -> None:
    parse_both(samples()[page])
