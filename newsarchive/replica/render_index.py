"""Index pages (home, sections, regions, authors, tags), their `?page=N` pagination and the
`/res/load_more_posts/data.js` fragments."""

from __future__ import annotations

from newsarchive.replica.content import ContentBuilder
from newsarchive.replica.front_pages import Slot
from newsarchive.replica.listings import Listing
from newsarchive.replica.markup import esc, footer, page, top_bar
from newsarchive.replica.people import author_pool
from newsarchive.replica.style import style_prefix
from newsarchive.replica.timeline import display_date, to_datetime

SITE_ID = 20817
INDEX_STYLE_CHARS = 24 * 1024


def widget(builder: ContentBuilder, index: int, headline: str | None = None) -> str:
    catalog, base = builder.catalog, builder.base_url
    meta = catalog.metas[index]
    url = esc(base + meta.path)
    section = meta.section_info
    hero = builder.hero(index)
    head = ""
    if hero:
        head = (
            f'<div class="widget__head"><a class="widget__img-link" href="{url}">'
            f'<img src="{esc(hero.url)}" alt="{esc(hero.alt)}" loading="lazy"></a></div>'
        )
    people = author_pool(catalog.seed)
    authors = "".join(
        f'<div class="social-author"><a class="social-author__name" href="{base}{catalog.pub.author_path(people[a].handle)}">{esc(people[a].name)}</a></div>'
        for a in meta.authors
    )
    return (
        f'<div class="widget" data-category="{esc(section.label)}"><article>{head}<div class="widget__body">'
        f'<h2 class="widget__headline h2"><a class="widget__headline-text" href="{url}">{esc(headline or meta.title)}</a></h2>'
        f'<a class="widget__section" href="{base}{section.path}">{esc(section.label)}</a>{authors}'
        f'<span class="social-date__text">{display_date(to_datetime(meta.published))}</span></div></article></div>'
    )


def load_more_div(listing: Listing, next_page: int, site_id: int = SITE_ID) -> str:
    href = (
        f"/res/load_more_posts/data.js?site_id={site_id}&resource_id={listing.resource_id}"
        f"&pn={next_page}&rm_lazy_load=1"
    )
    return f'<div class="load-more" data-href="{esc(href)}"><button class="load-more__button">Load more</button></div>'


def render_index(
    builder: ContentBuilder,
    listing: Listing,
    number: int,
    sidebar: str,
    extras: str = "",
    arrangement: list[Slot] | None = None,
) -> str:
    """`arrangement`: a first page's lead and river (front_pages.py); else the page's
    stories newest first, all in the river."""
    base, pub = builder.base_url, builder.catalog.pub
    canonical = base + listing.path + (f"?page={number}" if number > 1 else "")
    title = (
        listing.label
        if listing.kind == "home"
        else f"{listing.label}{pub.title_separator}{pub.display_name}"
    )
    feed = ""
    if listing.kind in ("section", "region"):
        feed_path = pub.feed_paths(pub.section_by_slug[listing.key])[-1]
        feed = (
            f'<link rel="alternate" type="application/rss+xml" title="{esc(listing.label)}" '
            f'href="{base}{feed_path}">'
        )
    head = (
        f'<meta charset="utf-8"><title>{esc(title)}</title><link rel="canonical" href="{esc(canonical)}">'
        f'<meta property="og:type" content="website"><meta property="og:title" content="{esc(title)}">'
        f'<meta property="og:site_name" content="{pub.display_name}">'
        f'<link rel="alternate" type="application/rss+xml" title="{pub.display_name}" href="{base}/feeds/feed.rss">{feed}'
        f"<style>{style_prefix(INDEX_STYLE_CHARS)}</style>"
    )
    lead = ""
    if arrangement is None:
        widgets = "".join(widget(builder, i) for i in listing.page(number))
    else:
        lead = "".join(
            f'<div class="lead-story">{widget(builder, s.index, s.headline)}</div>'
            for s in arrangement
            if s.block == "lead"
        )
        widgets = "".join(
            widget(builder, s.index, s.headline)
            for s in arrangement
            if s.block == "river"
        )
    nav = []
    if number > 1:
        previous = "?page=" + str(number - 1) if number > 2 else listing.path
        nav.append(
            f'<a class="pagination__prev" rel="prev" href="{previous}">Previous</a>'
        )
    more = ""
    if number < listing.page_count:
        nav.append(
            f'<a class="pagination__next" rel="next" href="?page={number + 1}">Next</a>'
        )
        more = load_more_div(listing, number + 1, pub.site_id)
    heading = (
        f'<h1 class="section-page__title">{esc(listing.label)}</h1>'
        if listing.kind != "home"
        else ""
    )
    body = (
        f'{top_bar(pub, base)}<main class="section-page section-page--{listing.kind}">{heading}{lead}{extras}'
        f'<div class="posts-list">{widgets}</div><nav class="pagination">{"".join(nav)}</nav>{more}</main>'
        f"{sidebar}{footer(pub, base)}"
    )
    return page(head=head, body=body)


def render_load_more(builder: ContentBuilder, listing: Listing, number: int) -> str:
    """The fragment infinite scroll appends: the page's widgets and the next trigger."""
    widgets = "".join(widget(builder, i) for i in listing.page(number))
    site_id = builder.catalog.pub.site_id
    more = (
        load_more_div(listing, number + 1, site_id)
        if number < listing.page_count
        else ""
    )
    return f'<div class="posts-list">{widgets}</div>{more}'
