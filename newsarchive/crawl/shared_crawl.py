"""One crawl across workers: scrapy-redis's scheduler and dupefilter shared in Redis.

`newsarchive crawl --redis redis://HOST:PORT/N` makes the process one worker of a shared
crawl (docs/scale-out.md). The workers of one archive and site meet under one Redis key
prefix; the first to arrive opens a crawl (a new crawl id, set with `SET NX`: it is the
crawl's lock) and leads it: its start requests and the incremental planning's own
requests (retries, rechecks, the articles that left the sitemaps) go into the shared
queue, once. The others join the crawl id they find, wait until the lead has pushed its
start requests, and consume the queue with it. Every request goes through the shared
dupefilter, so a URL is fetched by one worker; the store's unique keys are the last
guard (a worker counts what it found stored already as a duplicate).

A worker stays while the queue holds requests or another worker is busy (a heartbeat
key with a short expiry: a worker killed with SIGKILL stops counting within seconds).
The last worker to find nothing left ends the crawl: the next start opens a new one. A
crawl whose workers were all killed is resumed by the next worker, from its queue.
Requests a killed worker had in flight are gone from the queue; their URLs are still
not archived, so the next crawl's planning fetches them (docs/scale-out.md).
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from secrets import token_hex
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit, urlunsplit

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

from newsarchive.archive_url import shown_location
from newsarchive.urls import host_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

STATS = "newsarchive/shared_crawl"
HEARTBEAT_SECONDS = 1.0
BUSY_EXPIRY_SECONDS = 5
"""A worker that has not said it is busy for this long is taken for dead. Taken for
dead too early, a live worker only finishes the crawl alone."""
STARTUP_EXPIRY_SECONDS = 120
"""The same for a lead between opening its crawl and its spider's start."""
KEY_EXPIRY_SECONDS = 7 * 24 * 3600
"""A crawl's keys go after a week without a worker (a crawl left by killed workers)."""


class NotSharable(Exception):
    """The archive cannot take a shared crawl (a SQLite archive has one writer)."""


def key_prefix(db: str | Path, start_url: str) -> str:
    """Where one archive's crawls of one site keep their keys: two archives (or two
    sites of one archive) never share a queue or a dupefilter."""
    archive = hashlib.sha1(str(shown_location(db)).encode()).hexdigest()[:12]
    return f"newsarchive:{archive}:{host_of(start_url)}"


@dataclass(frozen=True, kw_only=True)
class SharedCrawl:
    redis_url: str
    prefix: str
    crawl_id: str
    lead: bool

    @property
    def keys(self) -> CrawlKeys:
        return CrawlKeys(self.prefix, self.crawl_id)

    def settings(self) -> dict[str, Any]:
        """The Scrapy settings of a worker: scrapy-redis's own scheduler and
        dupefilter on this crawl's keys, and the extension that keeps workers together."""
        keys = self.keys
        return {
            "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "REDIS_URL": self.redis_url,
            "SCHEDULER_QUEUE_KEY": keys.queue,
            "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
            # Workers share the queue: one that ends must not empty it for the others.
            "SCHEDULER_PERSIST": True,
            "NEWSARCHIVE_DISK_QUEUE": False,
            "NEWSARCHIVE_CRAWL_ID": self.crawl_id,
            "NEWSARCHIVE_CRAWL_LEAD": self.lead,
            "NEWSARCHIVE_CRAWL_KEY_PREFIX": self.prefix,
        }


@dataclass(frozen=True)
class CrawlKeys:
    prefix: str
    crawl_id: str

    @property
    def current(self) -> str:
        """The crawl under way (its id), set by its lead."""
        return f"{self.prefix}:crawl"

    @property
    def base(self) -> str:
        return f"{self.prefix}:{self.crawl_id}"

    @property
    def queue(self) -> str:
        return f"{self.base}:requests"

    @property
    def dupefilter(self) -> str:
        return f"{self.base}:dupefilter"

    def busy(self, worker: str) -> str:
        return f"{self.base}:busy:{worker}"

    @property
    def all_busy(self) -> str:
        return f"{self.base}:busy:*"


def redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url)


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=user + host))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def new_crawl_id() -> str:
    return f"{datetime.now(UTC):%Y%m%d-%H%M}-{token_hex(2)}"


def join_crawl(redis_url: str, db: str | Path, start_url: str) -> SharedCrawl:
    """Join the crawl under way for this archive and site, or open (and lead) one."""
    prefix = key_prefix(db, start_url)
    current = CrawlKeys(prefix, "").current
    import redis

    client = redis_client(redis_url)
    try:
        client.ping()
    except redis.RedisError as error:
        client.close()
        reason = " ".join(str(error).split())
        raise NotSharable(
            f"cannot reach Redis at --redis {_without_password(redis_url)}: {reason}"
        ) from None
    try:
        while True:
            crawl_id = new_crawl_id()
            if client.set(current, crawl_id, nx=True):
                # Busy from now: the others wait for its start requests while it starts.
                keys = CrawlKeys(prefix, crawl_id)
                client.set(keys.busy(worker_name()), "1", ex=STARTUP_EXPIRY_SECONDS)
                logger.info("Opened shared crawl %s (this worker leads)", crawl_id)
                return SharedCrawl(
                    redis_url=redis_url, prefix=prefix, crawl_id=crawl_id, lead=True
                )
            found = client.get(current)
            if found is not None:  # else it ended between the two calls: open one
                crawl_id = found.decode()
                logger.info("Joined shared crawl %s", crawl_id)
                return SharedCrawl(
                    redis_url=redis_url, prefix=prefix, crawl_id=crawl_id, lead=False
                )
    finally:
        client.close()


# Ends the crawl if it is still the one under way (another may have opened since).
_END_CRAWL = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
"""


class LeadStartsMiddleware:
    """Only the lead's start requests (the spider's and the planning's) reach the queue:
    the other workers consume what the lead and the pages put there."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.get("NEWSARCHIVE_CRAWL_ID"):
            raise NotConfigured
        self.lead = settings.getbool("NEWSARCHIVE_CRAWL_LEAD")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        if not self.lead:
            return
        async for item in start:
            yield item
        logger.info("Start requests of the shared crawl pushed")


class SharedCrawlExtension:
    """Keeps a worker until the whole crawl is done, not just its own share: while the
    queue holds requests or another worker is busy (the lead is from the moment it opens
    the crawl). The last one out ends the crawl."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.get("NEWSARCHIVE_CRAWL_ID"):
            raise NotConfigured
        self.crawler = crawler
        self.crawl_id = settings["NEWSARCHIVE_CRAWL_ID"]
        self.keys = CrawlKeys(settings["NEWSARCHIVE_CRAWL_KEY_PREFIX"], self.crawl_id)
        self.client = redis_client(settings["REDIS_URL"])
        self.worker = worker_name()
        self.busy = True  # from the start: the lead is about to push its requests
        self.heartbeat: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(
            extension.request_reached_downloader,
            signal=signals.request_reached_downloader,
        )
        return extension

    def spider_opened(self) -> None:
        stats = self.crawler.stats
        stats.set_value(f"{STATS}/crawl_id", self.crawl_id)
        stats.set_value(
            f"{STATS}/lead", bool(self.crawler.settings["NEWSARCHIVE_CRAWL_LEAD"])
        )
        self._beat()
        self.heartbeat = task.LoopingCall(self._beat)
        self.heartbeat.start(HEARTBEAT_SECONDS, now=False)

    def request_reached_downloader(self) -> None:
        if not self.busy:
            self.busy = True
            self._beat()

    def _beat(self) -> None:
        if self.busy:
            self.client.set(self.keys.busy(self.worker), "1", ex=BUSY_EXPIRY_SECONDS)

    def spider_idle(self) -> None:
        self.busy = False
        self.client.delete(self.keys.busy(self.worker))
        if self._crawl_goes_on():
            raise DontCloseSpider
        self._end_crawl()

    def _crawl_goes_on(self) -> bool:
        """Requests queued, or a worker busy (the lead is, until it has pushed its
        start requests). A lead killed before that leaves a crawl nobody can finish:
        no worker busy ends it, and the next start opens a new one."""
        if self.client.zcard(self.keys.queue):
            return True
        return any(True for _ in self.client.scan_iter(self.keys.all_busy, count=100))

    def _end_crawl(self) -> None:
        ended = self.client.eval(_END_CRAWL, 1, self.keys.current, self.crawl_id)
        if ended:
            logger.info("Shared crawl %s done: this worker was the last", self.crawl_id)
        for key in (self.keys.queue, self.keys.dupefilter):
            self.client.expire(key, KEY_EXPIRY_SECONDS)

    def spider_closed(self) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        try:
            self.client.delete(self.keys.busy(self.worker))
            for key in (self.keys.queue, self.keys.dupefilter):
                self.client.expire(key, KEY_EXPIRY_SECONDS)
        finally:
            self.client.close()
