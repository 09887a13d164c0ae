"""Loading a page: encodings, non-HTML responses, and the big inline style cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, TextResponse

from newsarchive.extraction import ParseError, parse_article
from newsarchive.extraction.document import without_style_text

PAGE = Path(__file__).parent / "pages" / "handmade_article.html"
URL = "https://example.org/talks-quietly/"
TITLE = "Talks, quiétly €"


def page_in(encoding: str) -> bytes:
    html = PAGE.read_text(encoding="utf-8").replace("Talks, quietly", TITLE)
    return html.replace(
        '<meta charset="utf-8">', f'<meta charset="{encoding}">'
    ).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
def test_declared_encodings_are_respected(encoding: str) -> None:
    body = page_in(encoding)
    response = HtmlResponse(
        url=URL, body=body, headers={"Content-Type": f"text/html; charset={encoding}"}
    )
    assert parse_article(response).title == TITLE
    assert parse_article(body, URL).title == TITLE


def test_invalid_utf8_bytes_do_not_truncate_the_page() -> None:
    body = page_in("utf-8").replace(b"First", b"\xff\xfeFirst")
    article = parse_article(body, URL)
    assert article.body_text.startswith("\ufffd\ufffdFirst paragraph")
    assert article.author_bios  # the end of the page was read


def test_a_non_html_response_is_refused() -> None:
    response = TextResponse(
        url=URL, body=b'{"a": 1}', headers={"Content-Type": "application/json"}
    )
    with pytest.raises(ParseError, match="not an HTML page") as caught:
        parse_article(response)
    assert caught.value.reason == "not_html"


CSS = b".widget__headline{font-size:2rem}" * 100


def test_big_style_text_is_cut_before_parsing() -> None:
    body = b"<html><head><style>" + CSS + b"</style></head><body><p>x</p></body></html>"
    assert (
        without_style_text(body)
        == b"<html><head><style></style></head><body><p>x</p></body></html>"
    )


@pytest.mark.parametrize(
    "body",
    [
        b"<style>.a{b:c}</style><p>small styles stay</p>",
        b"<script>var s = '<style>'; " + CSS + b"</script><p>kept</p></style>",
        b"<style>" + CSS + b"<p>unclosed style: nothing is cut</p>",
        b"<styles>" + CSS + b"</style>",
    ],
)
def test_style_cut_never_touches_markup(body: bytes) -> None:
    assert without_style_text(body) == body
