"""The index parser is linear in links and bounded in attributes per element."""

from __future__ import annotations

import pytest

from newsarchive.extraction import ParseError, parse_article, parse_index
from newsarchive.extraction.document import MAX_ELEMENT_ATTRIBUTES
from newsarchive.sites import profile_named

URL = "https://example.org/"
RS = profile_named("responsiblestatecraft.org")


def _element_with_attributes(count: int, value: str = "") -> str:
    attributes = " ".join(f"a{i}{value}" for i in range(count))
    return (
        f"<html><body><div {attributes}><a href='/one-story/'>x</a></div></body></html>"
    )


@pytest.mark.parametrize("value", ["", '="x"', '="a>b"', "=x"])
def test_an_element_over_the_attribute_limit_is_a_typed_error(value: str) -> None:
    html = _element_with_attributes(MAX_ELEMENT_ATTRIBUTES + 1, value)
    with pytest.raises(ParseError) as raised:
        parse_index(html, URL, site=RS)
    assert raised.value.reason == "too_many_attributes"
    assert "MAX_ELEMENT_ATTRIBUTES" in str(raised.value)


def test_the_article_parser_refuses_it_too() -> None:
    with pytest.raises(ParseError) as raised:
        parse_article(_element_with_attributes(200_000), URL)
    assert raised.value.reason == "too_many_attributes"


def test_an_element_under_the_limit_is_parsed() -> None:
    html = _element_with_attributes(MAX_ELEMENT_ATTRIBUTES // 4, '="x"')
    assert parse_index(html, URL, site=RS).article_urls == [
        "https://example.org/one-story/"
    ]


def test_long_text_and_scripts_are_not_taken_for_attributes() -> None:
    html = (
        "<html><body><script>" + "x = 1; " * 50_000 + "</script>"
        "<p>" + "word " * 50_000 + "</p><a href='/one-story/'>x</a></body></html>"
    )
    assert parse_index(html, URL, site=RS).article_urls == [
        "https://example.org/one-story/"
    ]


def test_links_are_kept_once_in_page_order() -> None:
    links = "".join(
        f'<a href="/story-{i % 5000}/">{i}</a>' for i in range(20_000)
    )  # each link four times
    page = parse_index(f"<html><body>{links}</body></html>", URL, site=RS)
    assert page.article_urls == [f"{URL}story-{i}/" for i in range(5000)]
    assert [p.position for p in page.placements] == list(range(1, 5001))
