"""Bad input gets a typed parse error that says why, and nothing else escapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.extraction import (
    MissingField,
    NotAnArticle,
    ParseError,
    parse_article,
    parse_index,
)
from newsarchive.sites import profile_named

PAGE = Path(__file__).parent / "pages" / "handmade_article.html"
URL = "https://example.org/talks-quietly/"

RS = profile_named("responsiblestatecraft.org")


def page_html() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_a_website_page_is_not_an_article() -> None:
    html = (
        '<html><head><meta property="og:type" content="website"><title>About</title>'
        "</head><body><h1>About us</h1><p>We are.</p></body></html>"
    )
    with pytest.raises(NotAnArticle, match="og:type is 'website'") as caught:
        parse_article(html, "https://example.org/about/")
    assert caught.value.reason == "not_article"


def test_a_page_without_any_article_signal_is_not_an_article() -> None:
    with pytest.raises(NotAnArticle, match="no post body"):
        parse_article("<html><body><h1>Page not found</h1></body></html>", URL)


def test_a_missing_title_is_named() -> None:
    html = page_html().replace("<h1", "<div").replace("</h1>", "</div>")
    with pytest.raises(MissingField, match="no title") as caught:
        parse_article(html, URL)
    assert (caught.value.reason, caught.value.field_name) == ("missing_title", "title")


def test_an_empty_body_is_named() -> None:
    start = page_html().index('<div class="body-description">')
    end = page_html().index('<div class="around-the-web">')
    html = page_html()[:start] + page_html()[end:]
    with pytest.raises(MissingField, match="body-description is missing") as caught:
        parse_article(html, URL)
    assert caught.value.reason == "missing_body"


def test_no_url_and_no_canonical_is_a_parse_error() -> None:
    html = page_html().replace('rel="canonical"', 'rel="alternate"')
    with pytest.raises(ParseError, match="none was given: pass its URL"):
        parse_article(html)


def test_an_unsupported_input_type_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="cannot parse a int"):
        parse_article(42, URL)


@pytest.mark.parametrize(
    "page", ["", b"", "   ", "\x00", b"\xff\xfe\x00", "<html", "plain text"]
)
def test_empty_and_junk_input_raise_parse_errors(page: str | bytes) -> None:
    with pytest.raises(ParseError):
        parse_article(page, URL)
    assert parse_index(page, URL, site=RS).article_urls == []


def test_deep_nesting_is_read_without_recursion() -> None:
    deep = "<span>" * 1500 + "text" + "</span>" * 1500  # deeper than Python's stack
    html = page_html().replace("<p>Last   paragraph.", f"<p>Last paragraph.{deep}")
    article = parse_article(html, URL)
    assert article.body_text.endswith("Last paragraph.text")


_TAGS = st.sampled_from(
    ["p", "div", "h1", "h2", "li", "ul", "a", "img", "script", "blockquote", "article",
     "span", "iframe", "small", "meta", "title", "html", "body", "head", "style"]
)  # fmt: skip
_CLASSES = st.sampled_from(
    ["", "body-description", "widget__headline", "social-author__name", "photo-credit",
     "shortcode-media", "read_also_posts", "widget", "tags", "tags__item", "post-partial",
     "social-date__text", "widget__section-line", "next-page-wrapper", "twitter-tweet"]
)  # fmt: skip
_TEXT = st.text(max_size=12)


@st.composite
def _html(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag, cls, text = draw(_TAGS), draw(_CLASSES), draw(_TEXT)
        attributes = f' class="{cls}" href="{draw(_TEXT)}" src="{draw(_TEXT)}"'
        closing = draw(st.booleans())
        parts.append(f"<{tag}{attributes}>{text}" + (f"</{tag}>" if closing else ""))
    return "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html=st.one_of(_html(), st.text(max_size=200), st.binary(max_size=200)))
def test_random_html_raises_only_parse_errors(html: str | bytes) -> None:
    try:
        parse_article(html, "http://127.0.0.1:8765/some-article/")
    except ParseError:
        pass
    parse_index(html, "http://127.0.0.1:8765/qiosk/", site=RS)
