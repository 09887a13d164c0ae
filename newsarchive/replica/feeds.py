"""RSS feeds, sitemaps (index, `.xml` and Google News `.ggl`) and robots.txt."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from email.utils import format_datetime
from xml.sax.saxutils import escape

from newsarchive.replica.content import ContentBuilder
from newsarchive.replica.people import author_pool
from newsarchive.replica.publication import Publication
from newsarchive.replica.timeline import to_datetime

FEED_SIZE = 30
SITEMAP_SIZE = 250
ROBOTS_DISALLOW = ("/res/", "/core/", "/search/", "/u/", "/r/")


def robots(base_url: str, pub: Publication) -> str:
    lines = [
        "User-agent: *",
        # Never the publication's own author pages (`/u/<handle>` on spectrum.ieee.org).
        *(f"Disallow: {p}" for p in ROBOTS_DISALLOW if p != f"/{pub.author_prefix}/"),
        "",
        f"Sitemap: {base_url}{pub.sitemap_index_path}",
        "",
    ]
    return "\n".join(lines)


def rss(
    builder: ContentBuilder,
    indexes: Sequence[int],
    title: str,
    link: str,
    self_url: str,
) -> str:
    """RSS 2.0 with dc:creator and media:content, newest first."""
    catalog, base = builder.catalog, builder.base_url
    people = author_pool(catalog.seed)
    items = []
    for index in indexes:
        meta = catalog.metas[index]
        url = escape(base + meta.path)
        creators = "".join(
            f"<dc:creator>{escape(people[a].name)}</dc:creator>" for a in meta.authors
        )
        hero = builder.hero(index)
        media = (
            f'<media:content url="{escape(hero.url)}" medium="image"/>' if hero else ""
        )
        lede = "".join(
            p if isinstance(p, str) else p.text for p in builder.lede(index)[0].inlines
        )
        items.append(
            f"<item><title>{escape(meta.title)}</title><link>{url}</link>"
            f'<guid isPermaLink="true">{url}</guid>'
            f"<pubDate>{format_datetime(to_datetime(meta.published), usegmt=True)}</pubDate>{creators}"
            f"<category>{escape(meta.section_info.label)}</category>"
            f"<description>{escape(lede)}</description>{media}</item>"
        )
    newest = (
        format_datetime(to_datetime(catalog.metas[indexes[0]].published), usegmt=True)
        if indexes
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        f"<title>{escape(title)}</title><link>{escape(link)}</link>"
        f'<atom:link href="{escape(self_url)}" rel="self" type="application/rss+xml"/>'
        f"<description>{escape(catalog.pub.description)}</description>"
        f"<language>en</language><lastBuildDate>{newest}</lastBuildDate>{''.join(items)}</channel></rss>\n"
    )


def sitemap_count(count: int) -> int:
    return max(1, -(-count // SITEMAP_SIZE))


def sitemap_chunk(number: int, listed: Sequence[int]) -> Sequence[int]:
    """Article indexes of sitemap `number` (1-based; oldest listed articles first)."""
    return listed[(number - 1) * SITEMAP_SIZE : number * SITEMAP_SIZE]


def _lastmod(epoch: int) -> str:
    return to_datetime(epoch).isoformat()


def months(builder: ContentBuilder) -> dict[str, list[int]]:
    """`yyyy-mm` (UTC publication month) -> listed article indexes, oldest first."""
    by_month: dict[str, list[int]] = {}
    for index in builder.catalog.listed:
        month = f"{to_datetime(builder.catalog.metas[index].published).astimezone(UTC):%Y-%m}"
        by_month.setdefault(month, []).append(index)
    return by_month


def sitemap_index(builder: ContentBuilder) -> str:
    catalog, base = builder.catalog, builder.base_url
    if catalog.pub.monthly_sitemaps:
        return _monthly_index(builder)
    entries = []
    for number in range(1, sitemap_count(len(catalog.listed)) + 1):
        chunk = sitemap_chunk(number, catalog.listed)
        lastmod = _lastmod(max(catalog.metas[i].modified for i in chunk))
        for ext in ("xml", "ggl"):
            entries.append(
                f"<sitemap><loc>{base}/feeds/sitemaps/sitemap_{number}.{ext}</loc>"
                f"<lastmod>{lastmod}</lastmod></sitemap>"
            )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{''.join(entries)}</sitemapindex>\n"
    )


def _monthly_index(builder: ContentBuilder) -> str:
    """`/sitemaps/<yyyy>-<mm>.xml`, one per month with articles, oldest first."""
    catalog, base = builder.catalog, builder.base_url
    entries = [
        f"<sitemap><loc>{base}/sitemaps/{month}.xml</loc>"
        f"<lastmod>{_lastmod(max(catalog.metas[i].modified for i in indexes))}</lastmod></sitemap>"
        for month, indexes in months(builder).items()
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{''.join(entries)}</sitemapindex>\n"
    )


def month_sitemap(builder: ContentBuilder, month: str) -> str | None:
    indexes = months(builder).get(month)
    return _urlset(builder, indexes, news=False) if indexes else None


def sitemap(builder: ContentBuilder, number: int, news: bool) -> str | None:
    catalog = builder.catalog
    if not 1 <= number <= sitemap_count(len(catalog.listed)):
        return None
    return _urlset(builder, sitemap_chunk(number, catalog.listed), news)


def _urlset(builder: ContentBuilder, indexes: Sequence[int], news: bool) -> str:
    catalog, base = builder.catalog, builder.base_url
    urls = []
    for index in indexes:
        meta = catalog.metas[index]
        extra = ""
        if news:
            extra = (
                f"<news:news><news:publication><news:name>{escape(catalog.pub.display_name)}</news:name>"
                "<news:language>en</news:language></news:publication>"
                f"<news:publication_date>{_lastmod(meta.published)}</news:publication_date>"
                f"<news:title>{escape(meta.title)}</news:title></news:news>"
            )
        urls.append(
            f"<url><loc>{escape(base + meta.path)}</loc><lastmod>{_lastmod(meta.modified)}</lastmod>{extra}</url>"
        )
    namespace = (
        ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{namespace}>{"".join(urls)}</urlset>\n'
    )
