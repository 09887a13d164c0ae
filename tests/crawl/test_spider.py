"""The spider's callbacks on hand-made responses: what it follows and what it yields."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from newsarchive.items import PageFetch
from spiders.responsiblestatecraft import ResponsiblestatecraftSpider

PAGES = Path(__file__).parent / "pages"
BASE = "https://responsiblestatecraft.org"


def make_spider(**kwargs) -> ResponsiblestatecraftSpider:
    crawler = get_crawler(
        ResponsiblestatecraftSpider, {"NEWSARCHIVE_SITE": "responsiblestatecraft.org"}
    )
    return ResponsiblestatecraftSpider.from_crawler(
        crawler, start_url=f"{BASE}/", **kwargs
    )


def html(name: str, url: str, request: Request | None = None) -> HtmlResponse:
    return HtmlResponse(
        url=url,
        body=(PAGES / name).read_bytes(),
        encoding="utf-8",
        request=request or Request(url),
    )


def collect(output) -> list:
    """What a callback yields."""
    return list(output)


def requests_of(output) -> list[Request]:
    return [item for item in output if isinstance(item, Request)]


def test_robots_leads_to_sitemaps() -> None:
    spider = make_spider()
    body = b"User-agent: *\nDisallow: /res/\nSitemap: https://responsiblestatecraft.org/sitemap.xml\n"
    response = TextResponse(url=f"{BASE}/robots.txt", body=body)
    [request] = requests_of(spider.parse_robots(response))
    assert request.url == f"{BASE}/sitemap.xml"
    assert request.callback == spider.parse_sitemap


def test_robots_without_sitemap_line_falls_back_to_sitemap_xml() -> None:
    spider = make_spider()
    response = TextResponse(url=f"{BASE}/robots.txt", body=b"User-agent: *\n")
    assert [r.url for r in spider.parse_robots(response)] == [f"{BASE}/sitemap.xml"]


def test_sitemap_entries_carry_lastmod() -> None:
    spider = make_spider()
    body = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://responsiblestatecraft.org/a-b</loc><lastmod>2024-05-01</lastmod></url>
      <url><loc>https://elsewhere.example/c-d/</loc></url></urlset>"""
    response = XmlResponse(url=f"{BASE}/feeds/sitemaps/sitemap_1.xml", body=body)
    [request] = requests_of(spider.parse_sitemap(response))
    assert request.url == f"{BASE}/a-b/"
    assert request.meta["sitemap_lastmod"] == "2024-05-01"
    assert request.callback == spider.parse_article
    assert spider.crawler.stats.get_value("newsarchive/offsite_links") == 1
    assert spider.crawler.stats.get_value("newsarchive/discovered/articles") == 1


def test_article_page_yields_page_fetch_and_follows_links() -> None:
    spider = make_spider()
    url = f"{BASE}/small-test-article/"
    request = Request(
        url, meta={"redirect_urls": [f"{BASE}/2021/01/02/small-test-article"]}
    )
    output = collect(spider.parse_article(html("article.html", url, request)))
    [fetch] = [item for item in output if isinstance(item, PageFetch)]
    assert fetch.article is not None and fetch.article.title == "Small test article"
    assert fetch.article.site == "responsiblestatecraft.org"
    assert fetch.requested_url == f"{BASE}/2021/01/02/small-test-article"
    assert fetch.url == url and fetch.status == 200 and fetch.body
    assert fetch.fetched_at.utcoffset().total_seconds() == 0
    assert fetch.fingerprint and len(fetch.fingerprint) == 40
    followed = {r.url for r in requests_of(output)}
    assert {
        f"{BASE}/teaser-target-one/",
        f"{BASE}/next-article-slug/",
        f"{BASE}/linked-article/",  # tracking parameter and fragment gone, slash added
        f"{BASE}/tag/diplomacy/",
        f"{BASE}/author/awriter/",
        f"{BASE}/qiosk/",
    } == followed
    assert spider.crawler.stats.get_value("newsarchive/discovered/url_variants") == 2


def test_page_that_fails_to_parse_becomes_a_failure_item_with_its_body() -> None:
    spider = make_spider()
    response = html("broken.html", f"{BASE}/broken-page/")
    [fetch] = collect(spider.parse_article(response))
    assert fetch.article is None
    assert (fetch.failure_stage, fetch.failure_reason) == ("parse", "missing_title")
    assert "title" in fetch.failure_detail
    assert fetch.body == response.body


def test_non_article_is_counted_and_followed_as_index() -> None:
    spider = make_spider()
    output = collect(spider.parse_article(html("about.html", f"{BASE}/about/")))
    assert not [item for item in output if isinstance(item, PageFetch)]
    assert f"{BASE}/some-article-slug/" in {r.url for r in requests_of(output)}
    assert spider.crawler.stats.get_value("newsarchive/skipped/not_article") == 1


def test_legacy_url_fetched_once_and_through_its_redirect() -> None:
    spider = make_spider()
    legacy = f"{BASE}/2021/07/02/old-slug"
    first = spider.link_request(legacy, source="article")
    assert first is not None and first.url == legacy and first.dont_filter
    assert spider.link_request(legacy + "?utm_source=x", source="article") is None


def test_fetch_failure_of_an_article_becomes_a_failure_item() -> None:
    spider = make_spider()
    request = Request(f"{BASE}/gone-article/")
    response = HtmlResponse(
        url=request.url, status=404, body=b"<html>404</html>", request=request
    )
    failure = Failure(HttpError(response, "Ignoring non-200 response"))
    failure.request = request
    [fetch] = list(spider.on_article_error(failure))
    assert (fetch.failure_stage, fetch.failure_reason, fetch.status) == (
        "fetch",
        "http_404",
        404,
    )
    assert fetch.body == b"<html>404</html>"


def test_unreachable_start_url_closes_the_spider() -> None:
    spider = make_spider()
    request = Request(f"{BASE}/", meta={"newsarchive_start": True})
    failure = Failure(DNSLookupError("no such host"))
    failure.request = request
    with pytest.raises(CloseSpider) as raised:
        spider.on_discovery_error(failure)
    assert raised.value.reason == "site_unreachable"
    assert "DNSLookupError" in spider.crawler.stats.get_value(
        "newsarchive/start_url/error"
    )


def test_max_articles_stops_the_crawl() -> None:
    spider = make_spider(max_articles=1)
    url = f"{BASE}/small-test-article/"
    with pytest.raises(CloseSpider):
        collect(spider.parse_article(html("article.html", url)))
    assert collect(spider.parse_article(html("article.html", url))) == []
    assert spider.crawler.stats.get_value("newsarchive/skipped/max_articles") == 1


def test_politeness_applied_before_settings_freeze() -> None:
    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    settings.set("NEWSARCHIVE_CONTACT", "mailto:ops@example.org", priority="cmdline")
    settings.set("CONCURRENT_REQUESTS", 5, priority="cmdline")
    crawler = Crawler(ResponsiblestatecraftSpider, settings)
    ResponsiblestatecraftSpider.from_crawler(
        crawler, start_url="http://127.0.0.1:8765/"
    )
    assert crawler.settings.getfloat("DOWNLOAD_DELAY") == 0
    assert not crawler.settings.getbool("AUTOTHROTTLE_ENABLED")
    assert crawler.settings.getint("CONCURRENT_REQUESTS") == 5  # the user's value wins
    assert crawler.settings["USER_AGENT"].endswith("(+mailto:ops@example.org)")


def test_start_requests() -> None:

    spider = make_spider()

    async def collect() -> list[Request]:
        return [request async for request in spider.start()]

    urls = [r.url for r in asyncio.run(collect())]
    assert urls == [f"{BASE}/robots.txt", f"{BASE}/feeds/feed.rss"]


def test_start_url_crawled_once_the_sitemap_phase_is_idle() -> None:
    spider = make_spider()
    scheduled: list[Request] = []

    class Engine:
        def crawl(self, request: Request) -> None:
            scheduled.append(request)

    spider.crawler.engine = Engine()
    with pytest.raises(DontCloseSpider):
        spider.on_idle()
    [start] = scheduled
    assert start.url == f"{BASE}/" and start.meta["newsarchive_start"]
    assert start.callback == spider.parse_index
    spider.on_idle()  # the second idle is the end of the crawl
    assert len(scheduled) == 1


def test_non_text_response_on_index_is_harmless() -> None:
    spider = make_spider()
    response = Response(
        url=f"{BASE}/qiosk/", body=b"\x00\x01", request=Request(f"{BASE}/qiosk/")
    )
    collect(spider.parse_index(response))


def test_real_site_crawl_settings_are_polite(tmp_path: Path) -> None:
    from newsarchive.crawl.runner import CrawlOptions, build_settings

    settings = build_settings(
        CrawlOptions(
            start_url=f"{BASE}/",
            db_path=tmp_path / "a.sqlite",
            contact="mailto:ops@example.org",
            max_articles=7,
        )
    )
    crawler = Crawler(ResponsiblestatecraftSpider, settings)
    spider = ResponsiblestatecraftSpider.from_crawler(crawler)
    values = crawler.settings
    assert values.getbool("ROBOTSTXT_OBEY") and values.getbool("AUTOTHROTTLE_ENABLED")
    assert 0.5 <= values.getfloat("DOWNLOAD_DELAY") <= 1.0
    assert values.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert not values.getbool("HTTPCACHE_ENABLED")
    assert values["USER_AGENT"].startswith("newsarchive/")
    assert values["USER_AGENT"].endswith("(+mailto:ops@example.org)")
    assert values["NEWSARCHIVE_DB"] == str(tmp_path / "a.sqlite")
    assert (spider.start_url, spider.max_articles, spider.site.name) == (
        f"{BASE}/",
        7,
        "responsiblestatecraft.org",
    )
    assert spider.allowed_domains == ["responsiblestatecraft.org"]
