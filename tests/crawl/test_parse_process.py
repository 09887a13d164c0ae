"""The parser process: the same items and errors as parsing here, and a crawl that goes
on when the worker dies."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, TextResponse

from newsarchive.crawl.parse_process import InProcessParsers, ParseProcess
from newsarchive.extraction import parse_article, parse_index
from newsarchive.extraction.errors import MissingField, NotAnArticle, ParseError
from newsarchive.sites import profile_named

PAGES = Path(__file__).parent / "pages"
BASE = "https://responsiblestatecraft.org"
ARTICLE_URL = f"{BASE}/ukraine-turkey-talks/"
SITE = profile_named("responsiblestatecraft.org")


def page(name: str, url: str, *, encoding: str = "utf-8") -> HtmlResponse:
    return HtmlResponse(url=url, body=(PAGES / name).read_bytes(), encoding=encoding)


def run(coroutine_function):
    """Run `coroutine_function(parsers)` with a fresh parser process, closed after."""

    async def main():
        parsers = ParseProcess(max_in_flight=4)
        try:
            return await coroutine_function(parsers), parsers
        finally:
            parsers.close()

    return asyncio.run(main())


def test_an_article_comes_back_as_parsed_here() -> None:
    response = page("article.html", ARTICLE_URL)
    article, parsers = run(lambda parsers: parsers.article(response, site=SITE))
    assert article == parse_article(response, site=SITE)
    assert (parsers.remote_pages, parsers.local_pages) == (1, 0)


def test_an_index_page_comes_back_as_parsed_here() -> None:
    response = page("about.html", f"{BASE}/about/")
    index, _ = run(lambda parsers: parsers.index(response, site=SITE))
    assert index == parse_index(response, site=SITE)


def test_many_pages_at_once_each_get_their_own_result() -> None:
    responses = [page("article.html", f"{BASE}/story-{n}/") for n in range(20)]

    async def parse_all(parsers):
        return await asyncio.gather(*(parsers.article(r, site=SITE) for r in responses))

    articles, parsers = run(parse_all)
    assert [a.url for a in articles] == [r.url for r in responses]
    assert parsers.remote_pages == 20


@pytest.mark.parametrize(
    ("name", "error_type", "reason"),
    [("about.html", NotAnArticle, "not_article"), ("broken.html", MissingField, None)],
)
def test_parse_errors_come_back_with_their_class_reason_and_message(
    name, error_type, reason
) -> None:
    response = page(name, f"{BASE}/{name}/")
    with pytest.raises(ParseError) as here:
        parse_article(response, site=SITE)

    async def parse(parsers):
        with pytest.raises(ParseError) as there:
            await parsers.article(response, site=SITE)
        return there.value

    there, _ = run(parse)
    assert type(there) is type(here.value) is error_type
    assert there.reason == here.value.reason == (reason or here.value.reason)
    assert str(there) == str(here.value)
    if isinstance(there, MissingField):
        assert there.field_name == here.value.field_name


def test_a_page_not_in_utf8_is_parsed_here() -> None:
    response = page("article.html", ARTICLE_URL, encoding="cp1252")
    article, parsers = run(lambda parsers: parsers.article(response, site=SITE))
    assert article == parse_article(response, site=SITE)
    assert (parsers.remote_pages, parsers.local_pages) == (0, 1)


def test_a_response_without_text_is_parsed_here() -> None:
    response = TextResponse(url=f"{BASE}/res/load_more_posts/data.js", body=b"<a></a>",
                            encoding="latin-1")  # fmt: skip
    index, parsers = run(lambda parsers: parsers.index(response, site=SITE))
    assert index == parse_index(response, site=SITE)
    assert parsers.local_pages == 1


def test_when_the_worker_dies_pages_are_parsed_here(caplog) -> None:
    response = page("article.html", ARTICLE_URL)

    async def kill_then_parse(parsers):
        await parsers.article(response, site=SITE)  # the worker is up
        os.kill(parsers._process.pid, signal.SIGKILL)
        parsers._process.join(10)
        return [await parsers.article(response, site=SITE) for _ in range(3)]

    articles, parsers = run(kill_then_parse)
    assert articles == [parse_article(response, site=SITE)] * 3
    assert (parsers.remote_pages, parsers.local_pages) == (1, 3)
    assert "parsing in the crawl process from now on" in caplog.text


def test_in_process_parsers_are_the_plain_parsers() -> None:
    response = page("article.html", ARTICLE_URL)
    parsers = InProcessParsers()
    article = asyncio.run(parsers.article(response, site=SITE))
    assert article == parse_article(response, site=SITE)
    parsers.close()


def test_max_in_flight_must_be_positive() -> None:
    with pytest.raises(ValueError, match="1 or more"):
        ParseProcess(max_in_flight=0)
