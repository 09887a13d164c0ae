"""The scheduler's disk queue writes what Scrapy's own writes, and gives it back."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import FormRequest
from scrapy.utils.test import get_crawler

from newsarchive.crawl.queues import NamedCallbackDiskQueue, SpillingDiskQueue
from spiders.responsiblestatecraft import ResponsiblestatecraftSpider

BASE = "https://responsiblestatecraft.org"


@pytest.fixture
def queue(tmp_path: Path):
    crawler = get_crawler(ResponsiblestatecraftSpider)
    crawler.spider = ResponsiblestatecraftSpider.from_crawler(
        crawler, start_url=f"{BASE}/"
    )
    made = NamedCallbackDiskQueue.from_crawler(crawler, str(tmp_path / "queue"))
    yield made
    made.close()


def requests_of(spider) -> list[Request]:
    return [
        spider.link_request(
            f"{BASE}/some-article-slug/", source="sitemap", lastmod="2024-01-02"
        ),
        spider.link_request(f"{BASE}/sitemap.xml", source="robots"),
        spider.link_request(f"{BASE}/feeds/feed.rss", source="feed"),
        spider.link_request(f"{BASE}/africa/", source="index"),
        spider.link_request(f"{BASE}/tag/iran/?page=2", source="index"),
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


@pytest.fixture
def crawler_with_spider():
    crawler = get_crawler(ResponsiblestatecraftSpider)
    crawler.spider = ResponsiblestatecraftSpider.from_crawler(
        crawler, start_url=f"{BASE}/"
    )
    return crawler


def article_requests(count: int) -> list[Request]:
    return [Request(f"{BASE}/story-{n}/", priority=10) for n in range(count)]


def test_a_small_queue_stays_in_memory_and_leaves_nothing_on_disk(
    crawler_with_spider, tmp_path: Path
) -> None:
    key = tmp_path / "queue"
    queue = SpillingDiskQueue.from_crawler(crawler_with_spider, str(key))
    for request in article_requests(3):
        queue.push(request)
    assert len(queue) == 3 and not key.exists()
    assert [queue.pop().url for _ in range(3)] == [
        f"{BASE}/story-{n}/" for n in (2, 1, 0)
    ]
    assert queue.pop() is None and queue.peek() is None
    queue.close()
    assert not key.exists()


def test_a_large_queue_spills_to_disk_and_gives_every_request_back(
    crawler_with_spider, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(SpillingDiskQueue, "MEMORY_LIMIT", 5)
    key = tmp_path / "queue"
    queue = SpillingDiskQueue.from_crawler(crawler_with_spider, str(key))
    for request in article_requests(12):
        queue.push(request)
    assert len(queue) == 12 and key.exists()
    assert queue.peek().url == f"{BASE}/story-11/"  # LIFO: the newest first
    urls = [queue.pop().url for _ in range(12)]
    assert sorted(urls) == sorted(r.url for r in article_requests(12))
    assert urls[:7] == [
        f"{BASE}/story-{n}/" for n in range(11, 4, -1)
    ]  # disk, then memory
    queue.close()


def test_closing_keeps_the_requests_held_in_memory(
    crawler_with_spider, tmp_path
) -> None:
    key = str(tmp_path / "queue")
    queue = SpillingDiskQueue.from_crawler(crawler_with_spider, key)
    for request in article_requests(4):
        queue.push(request)
    queue.close()
    resumed = SpillingDiskQueue.from_crawler(
        crawler_with_spider, key
    )  # a JOBDIR resume
    assert len(resumed) == 4
    assert sorted(resumed.pop().url for _ in range(4)) == sorted(
        r.url for r in article_requests(4)
    )
    resumed.close()


def test_the_spilling_queue_refuses_what_the_disk_queue_refuses(
    crawler_with_spider, tmp_path
) -> None:
    queue = SpillingDiskQueue.from_crawler(crawler_with_spider, str(tmp_path / "queue"))
    with pytest.raises(ValueError, match="not an instance method"):
        queue.push(Request(f"{BASE}/x/", callback=lambda response: None))
    assert len(queue) == 0
    queue.close()
