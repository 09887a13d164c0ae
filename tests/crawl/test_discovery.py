"""URL rules and the robots/sitemap/feed readers of the spider (no crawl)."""

from __future__ import annotations

import gzip

import pytest

from newsarchive.extraction import parse_index
from newsarchive.sites import profile_named
from spiders import discovery
from spiders.discovery import UrlKind

BASE = "https://responsiblestatecraft.org"
RS = profile_named("responsiblestatecraft.org")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (f"{BASE}/diplomacy-watch-ukraine-russia-quietly-talking/", UrlKind.ARTICLE),
        (f"{BASE}/ukraine-russia", UrlKind.ARTICLE),
        (f"{BASE}/2022/06/24/diplomacy-watch-how-much", UrlKind.LEGACY_ARTICLE),
        (f"{BASE}/2022/06/24/diplomacy-watch-how-much/", UrlKind.LEGACY_ARTICLE),
        (f"{BASE}/", UrlKind.INDEX),
        (f"{BASE}/qiosk/", UrlKind.INDEX),
        (f"{BASE}/military-industrial-complex/", UrlKind.INDEX),
        (f"{BASE}/regions/middle-east/", UrlKind.INDEX),
        (f"{BASE}/author/tparsi/", UrlKind.INDEX),
        (f"{BASE}/tag/israel/?page=3", UrlKind.INDEX),
        (f"{BASE}/res/load_more_posts/data.js?pn=2", UrlKind.INDEX),
        (f"{BASE}/sitemap.xml", UrlKind.SITEMAP),
        (f"{BASE}/feeds/sitemaps/sitemap_3.xml", UrlKind.SITEMAP),
        (f"{BASE}/feeds/sitemaps/sitemap_3.ggl", UrlKind.SITEMAP),
        (f"{BASE}/feeds/feed.rss", UrlKind.FEED),
        (f"{BASE}/feeds/topic/qiosk.rss", UrlKind.FEED),
        (f"{BASE}/feed/", UrlKind.FEED),
        (f"{BASE}/about/", UrlKind.ARTICLE),  # fetched, then decided by the parser
        (f"{BASE}/media-library/photo.jpg?id=3", UrlKind.OTHER),
        (f"{BASE}/search/?q=x", UrlKind.OTHER),
    ],
)
def test_classify(url: str, kind: UrlKind) -> None:
    assert discovery.classify(url, RS) is kind


@pytest.mark.parametrize(
    ("url", "scheduled"),
    [
        (f"{BASE}/some-slug", f"{BASE}/some-slug/"),
        (f"{BASE}/some-slug/?utm_source=twitter&utm_medium=x", f"{BASE}/some-slug/"),
        (f"{BASE}/some-slug/#comments", f"{BASE}/some-slug/"),
        (f"{BASE}/some-slug?fbclid=abc#top", f"{BASE}/some-slug/"),
    ],
)
def test_article_url_variants_share_one_scheduling_form(
    url: str, scheduled: str
) -> None:
    assert discovery.schedule_url(url, discovery.classify(url, RS), RS) == scheduled


def test_legacy_url_keeps_its_path() -> None:
    for url in (f"{BASE}/2021/07/02/some-slug", f"{BASE}/2021/07/02/some-slug/"):
        assert (
            discovery.schedule_url(url + "?utm_source=x", UrlKind.LEGACY_ARTICLE, RS)
            == url
        )


def test_index_pagination_keeps_page_parameter() -> None:
    url = f"{BASE}/tag/israel/?utm_campaign=a&page=2"
    assert (
        discovery.schedule_url(url, UrlKind.INDEX, RS) == f"{BASE}/tag/israel/?page=2"
    )


@pytest.mark.parametrize(
    ("url", "same"),
    [
        (f"{BASE}/x-y/", True),
        ("https://www.responsiblestatecraft.org/x-y/", True),
        ("http://responsiblestatecraft.org/x-y/", True),
        ("https://twitter.com/x/status/1", False),
        ("mailto:editor@responsiblestatecraft.org", False),
        ("http://127.0.0.1:9999/x-y/", False),
    ],
)
def test_same_site(url: str, same: bool) -> None:
    assert discovery.same_site(url, f"{BASE}/") is same


def test_same_site_compares_ports_on_loopback() -> None:
    assert discovery.same_site("http://127.0.0.1:8765/a-b/", "http://127.0.0.1:8765/")
    assert not discovery.same_site(
        "http://127.0.0.1:8766/a-b/", "http://127.0.0.1:8765/"
    )


def test_sitemaps_in_robots() -> None:
    robots = b"User-agent: *\nDisallow: /res/\nSitemap: /sitemap.xml\n"
    assert discovery.sitemaps_in_robots(robots, f"{BASE}/robots.txt") == [
        f"{BASE}/sitemap.xml"
    ]


SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://responsiblestatecraft.org/feeds/sitemaps/sitemap_1.xml</loc>
    <lastmod>2024-01-02T00:00:00+00:00</lastmod></sitemap>
</sitemapindex>"""

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://responsiblestatecraft.org/a-b/</loc><lastmod>2024-01-02</lastmod></url>
  <url><loc>https://responsiblestatecraft.org/c-d/</loc></url>
</urlset>"""


def test_parse_sitemap_index_and_urlset() -> None:
    root, entries = discovery.parse_sitemap(SITEMAP_INDEX, f"{BASE}/sitemap.xml")
    assert root == "sitemapindex"
    assert entries[0].loc.endswith("sitemap_1.xml")
    root, entries = discovery.parse_sitemap(
        URLSET, f"{BASE}/feeds/sitemaps/sitemap_1.xml"
    )
    assert root == "urlset"
    assert [(e.loc, e.lastmod) for e in entries] == [
        (f"{BASE}/a-b/", "2024-01-02"),
        (f"{BASE}/c-d/", None),
    ]


def test_parse_gzipped_and_empty_sitemaps() -> None:
    root, entries = discovery.parse_sitemap(gzip.compress(URLSET), f"{BASE}/s.xml.gz")
    assert root == "urlset" and len(entries) == 2
    assert discovery.parse_sitemap(b"", f"{BASE}/s.xml") == ("", [])


def test_feed_links_rss_and_atom() -> None:
    rss = b"""<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
      <link>https://responsiblestatecraft.org/</link>
      <item><title>A</title><link>https://responsiblestatecraft.org/a-b/</link></item>
      <item><title>B</title><link> /c-d/ </link></item></channel></rss>"""
    assert discovery.feed_links(rss, f"{BASE}/feeds/feed.rss") == [
        f"{BASE}/a-b/",
        f"{BASE}/c-d/",
    ]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
      <link rel="alternate" href="https://responsiblestatecraft.org/e-f/"/></entry></feed>"""
    assert discovery.feed_links(atom, f"{BASE}/feed.atom") == [f"{BASE}/e-f/"]


def test_feeds_and_load_more_in_page() -> None:
    # The index parser reads both from the page it parses for links (no second parse).
    page = parse_index(
        """<html><head>
        <link rel="alternate" type="application/rss+xml" href="/feeds/feed.rss">
        </head><body><div class="load-more" data-href="/res/load_more_posts/data.js?pn=2">
        </div></body></html>""",
        f"{BASE}/",
        site=RS,
    )
    assert page.feed_urls == [f"{BASE}/feeds/feed.rss"]
    assert page.next_page_url == f"{BASE}/res/load_more_posts/data.js?pn=2"
