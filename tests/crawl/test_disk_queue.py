"""The scheduler's disk queue writes what Scrapy's own writes, and gives it back."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import FormRequest
from scrapy.utils.test import get_crawler

from newsarchive.crawl.queues import NamedCallbackDiskQueue
from spiders.responsiblestatecraft import ResponsiblestatecraftSpider

BASE = "https://responsiblestatecraft.org"


@pytest.fixture
def queue(tmp_path: Path):
    crawler = get_crawler(ResponsiblestatecraftSpider)
    crawler.spider = ResponsiblestatecraftSpider.from_crawler(crawler, start_url=f"{BASE}/")
    made = NamedCallbackDiskQueue.from_crawler(crawler, str(tmp_path / "queue"))
    yield made
    made.close()


def requests_of(spider) -> list[Request]:
    return [
        spider._request(f"{BASE}/some-article-slug/", source="sitemap", lastmod="2024-01-02"),
        spider._request(f"{BASE}/sitemap.xml", source="robots"),
        spider._request(f"{BASE}/feeds/feed.rss", source="feed"),
        spider._request(f"{BASE}/africa/", source="index"),
        spider._request(f"{BASE}/tag/iran/?page=2", source="index"),
        Request(f"{BASE}/robots.txt", callback=spider.parse_robots, priority=5),
        Request(f"{BASE}/plain/"),  # no callback: the spider's parse
        FormRequest(f"{BASE}/form/", formdata={"a": "1"}, callback=spider.parse_index),
    ]


def test_same_dict_as_scrapy_and_the_same_request_back(queue) -> None:
    spider = queue.spider
    for request in requests_of(spider):
        assert request is not None
        assert queue.to_dict(request) == request.to_dict(spider=spider)
        queue.push(request)
    for expected in reversed(requests_of(spider)):  # LIFO
        popped = queue.pop()
        assert type(popped) is type(expected)
        assert popped.to_dict(spider=spider) == expected.to_dict(spider=spider)


def test_a_callback_that_is_not_a_spider_method_fails_as_in_scrapy(queue) -> None:
    request = Request(f"{BASE}/x/", callback=lambda response: None)
    with pytest.raises(ValueError, match="not an instance method"):
        queue.push(request)
