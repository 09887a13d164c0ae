"""Where article URLs come from: robots.txt, sitemaps, feeds, and the site's URL rules.

Pure functions over bytes and URLs, so the spider stays a thin router and these rules are
tested without a crawl. What kind of page a URL is, and the canonical form of an article
URL, come from the site profile (`newsarchive.sites`, docs/sites.md).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from parsel import Selector
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from w3lib.url import canonicalize_url

from newsarchive.items import Article
from newsarchive.resilience.failures import sitemap_xml
from newsarchive.sites import SiteProfile, UrlKind
from newsarchive.urls import host_of, strip_tracking

# Re-exported: the spider's modules name kinds and read sitemaps through here.
__all__ = ["UrlKind", "sitemap_xml"]


@dataclass(kw_only=True, frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str | None = None


def classify(url: str, site: SiteProfile) -> UrlKind:
    """What kind of page `url` is on `site`, from its URL alone (the profile's rules,
    which the parsers read too, so spider and parser agree; memoised there)."""
    return site.classify(url)


def classify_and_schedule(url: str, site: SiteProfile) -> tuple[UrlKind, str]:
    """`classify` and `schedule_url` together."""
    kind = site.classify(url)
    return kind, schedule_url(url, kind, site)


@functools.lru_cache(maxsize=16384)
def plan_link(url: str, site_url: str, site: SiteProfile) -> tuple[UrlKind, str] | None:
    """What a link on the site at `site_url` is and its scheduling form; None when it
    leads off the site. Memoised: index pages repeat the same few hundred links
    (navigation, tags, authors) on every page, ~25 per page. Bounded well below a big
    site's URL count: a full cache is ~400 bytes per URL (bench/scale.py)."""
    if not same_site(url, site_url):
        return None
    # `www.`, upper case
    return classify_and_schedule(onto_site_host(url, site_url), site)


def schedule_url(url: str, kind: UrlKind, site: SiteProfile) -> str:
    """The form of `url` handed to the scheduler: the same page always gets the same form.

    Tracking parameters and the fragment go, the query is put in canonical order, and an
    article URL gets the site's canonical form (its trailing slash, or none: the
    profile's article template says). A legacy dated URL keeps its path exactly: it is
    resolved by the site's redirect or canonical, never rewritten by guess.
    """
    cleaned = canonicalize_url(strip_tracking(url), keep_fragments=False)
    if kind is not UrlKind.ARTICLE:
        return cleaned
    parts = urlsplit(cleaned)
    path = site.canonical_article_path(parts.path)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def onto_site_host(url: str, site_url: str) -> str:
    """`url` spelled with the site's own scheme and host when it names the same host
    another way (`www.`, `WWW.`, upper case): `url_key` says they are one page, so they
    are folded before scheduling, which saves a request, and a DNS lookup of a name the
    site may not have. The path is never touched (it is case-sensitive)."""
    parts, site = urlsplit(url), urlsplit(site_url)
    if (parts.scheme, parts.netloc) == (site.scheme, site.netloc):
        return url
    if not same_site(url, site_url):
        return url
    return urlunsplit(
        (site.scheme, site.netloc, parts.path, parts.query, parts.fragment)
    )


def same_site(url: str, site_url: str) -> bool:
    """On the crawled site: same host (ignoring `www.`) and same explicit port."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    try:
        return (
            host_of(url) == host_of(site_url) and parts.port == urlsplit(site_url).port
        )
    except ValueError:  # a malformed port in a link on the page
        return False


def sitemaps_in_robots(body: bytes, robots_url: str) -> list[str]:
    """`Sitemap:` lines of a robots.txt, absolute."""
    return list(sitemap_urls_from_robots(body, base_url=robots_url))


def parse_sitemap(body: bytes, url: str) -> tuple[str, list[SitemapEntry]]:
    """(`sitemapindex` | `urlset` | other root tag, entries) of a sitemap, gzip or not.

    A malformed sitemap gives what its parser recovers (maybe nothing), never an error:
    the spider records the problem (`newsarchive.resilience.failures.xml_problem`)."""
    body = sitemap_xml(body)
    if not body.strip():
        return "", []
    try:
        sitemap = Sitemap(body)
        entries = [
            SitemapEntry(
                loc=urljoin(url, entry["loc"]), lastmod=entry.get("lastmod") or None
            )
            for entry in sitemap
            if entry.get("loc")
        ]
    except Exception:  # noqa: BLE001 - lxml's recovery gives up on some junk (no root at all)
        return "", []
    return sitemap.type, entries


def feed_links(body: bytes, url: str) -> list[str]:
    """Item links of an RSS 2.0 or Atom feed, absolute, in feed order (what a parser
    recovers from a malformed feed; nothing from an empty one)."""
    if not body.strip():
        return []
    try:
        selector = Selector(body=body, type="xml")
        selector.remove_namespaces()
    except Exception:  # noqa: BLE001 - not XML at all
        return []
    rss = selector.xpath("//item/link/text()").getall()
    atom = selector.xpath("//entry/link[not(@rel) or @rel='alternate']/@href").getall()
    return [urljoin(url, link.strip()) for link in rss + atom if link.strip()]


def links_of_article(article: Article) -> list[str]:
    """Pages an article links to: related teasers, next article, in-body links, and the
    index pages of its section, authors and tags."""
    links = [teaser.url for teaser in article.teasers]
    if article.next_article is not None:
        links.append(article.next_article.url)
    links.extend(link.url for link in article.outlinks)
    links.extend(author.url for author in article.authors if author.url)
    links.extend(tag.url for tag in article.tags if tag.url)
    if article.section_url:
        links.append(article.section_url)
    return links
