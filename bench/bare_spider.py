"""A bare Scrapy spider: fetches a list of URLs and does nothing else (the baseline).

    python bench/bare_spider.py --base-url http://127.0.0.1:PORT --paths FILE --stats-json OUT

`FILE` holds one path per line (what the replica served to a `newsarchive crawl`, see
`warm_replica.py`); each is fetched once, in that order, with the crawl's download
settings for a loopback site (same concurrency, no delay, no AutoThrottle, same timeout
and size limit) and none of its work: no parsing, no link following, no robots.txt (its
fetches are in the list already), no redirects followed (the redirect targets are in the
list too), no pipelines, no extensions. The callback drops the response. Scrapy's stats
go to `OUT` as JSON.

`--parse` adds newsarchive's page parsers and nothing else: each response goes through
the parser the crawl would use for its URL (article, index, sitemap, feed) and the result
is dropped: no links followed, no items, no pipelines, no store. It is the ceiling of any
crawl that parses in the crawling process.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from scrapy import Request, Spider

REPO_ROOT = Path(__file__).resolve().parent.parent


class BareSpider(Spider):
    name = "bare"

    def __init__(self, *, base_url: str, paths_file: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.paths_file = paths_file

    async def start(self) -> AsyncIterator[Request]:
        paths = Path(self.paths_file).read_text(encoding="utf-8").splitlines()
        for path in filter(None, map(str.strip, paths)):
            yield Request(self.base_url + path, callback=self.drop, dont_filter=True)

    def drop(self, response) -> None:
        return None


class ParsingSpider(BareSpider):
    """The bare spider plus the crawl's parsers, whose results are dropped."""

    name = "bare-parse"

    def drop(self, response) -> None:
        from newsarchive.extraction import (
            NotAnArticle,
            ParseError,
            parse_article,
            parse_index,
        )
        from newsarchive.settings import NEWSARCHIVE_SITE
        from newsarchive.sites import profile_named
        from spiders import discovery

        site = profile_named(NEWSARCHIVE_SITE)

        if (
            response.status != 200
        ):  # redirects and 304s: the crawl parses nothing either
            return
        plan = discovery.plan_link(response.url, self.base_url + "/", site)
        kind = plan[0] if plan else discovery.UrlKind.OTHER
        try:
            if kind is discovery.UrlKind.SITEMAP:
                discovery.parse_sitemap(response.body, response.url)
            elif kind is discovery.UrlKind.FEED:
                discovery.feed_links(response.body, response.url)
            elif kind is discovery.UrlKind.ARTICLE:
                try:
                    parse_article(response, site=site)
                except NotAnArticle:
                    parse_index(response, site=site)
            elif kind is discovery.UrlKind.INDEX:
                parse_index(response, site=site)
        except ParseError:
            pass  # the crawl records these; here only the parsing time counts
        return


def bare_settings() -> dict:
    """The crawl's download settings for a loopback site, and nothing of its own."""
    sys.path.insert(0, str(REPO_ROOT))
    from newsarchive import settings as project
    from newsarchive.politeness import LOOPBACK_SETTINGS, user_agent

    values = {name: getattr(project, name) for name in (
        "DOWNLOAD_TIMEOUT", "RETRY_TIMES", "COOKIES_ENABLED", "HTTPCACHE_ENABLED",
        "TELNETCONSOLE_ENABLED", "DOWNLOAD_MAXSIZE",
    )}  # fmt: skip
    values.update(LOOPBACK_SETTINGS)
    values.update(
        USER_AGENT=user_agent(None),
        ROBOTSTXT_OBEY=False,
        REDIRECT_ENABLED=False,
        HTTPERROR_ALLOW_ALL=True,
        LOG_LEVEL="WARNING",
        REMOTE_CONTROL_ENABLED=False,
    )
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--paths", required=True, help="file with one path per line")
    parser.add_argument("--stats-json", required=True)
    parser.add_argument(
        "--parse",
        action="store_true",
        help="parse each page with newsarchive's parsers, drop the result",
    )
    args = parser.parse_args()

    from scrapy.crawler import AsyncCrawlerProcess

    process = AsyncCrawlerProcess(bare_settings())
    crawler = process.create_crawler(ParsingSpider if args.parse else BareSpider)
    process.crawl(crawler, base_url=args.base_url, paths_file=args.paths)
    process.start()
    stats = crawler.stats.get_stats()
    Path(args.stats_json).write_text(json.dumps(stats, default=str, indent=2))


if __name__ == "__main__":
    main()
