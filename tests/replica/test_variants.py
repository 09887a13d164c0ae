"""Every markup variant of docs/replica-markup.md (and the issue's variety) occurs in a
300-article corpus."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from newsarchive.replica import Corpus


@pytest.fixture(scope="module")
def pages(corpus: Corpus) -> list[tuple[str, dict]]:
    # The big inline style names every class: look at the markup without it.
    without_style = (
        re.sub(r"<style>.*?</style>", "", corpus.render(p).text, flags=re.DOTALL)
        for p in corpus.article_paths()
    )
    return [
        (html, corpus.truth_for(p))
        for html, p in zip(without_style, corpus.article_paths(), strict=True)
    ]


HTML_VARIANTS: dict[str, Callable[[str], bool]] = {
    "jsonld NewsArticle": lambda h: '"@type": "NewsArticle"' in h,
    "jsonld Article": lambda h: '"@type": "Article"' in h,
    "jsonld absent": lambda h: "application/ld+json" not in h,
    "jsonld author object": lambda h: '"author": {' in h,
    "jsonld author list": lambda h: '"author": [' in h,
    "meta property=": lambda h: 'property="article:published_time"' in h,
    "meta name=": lambda h: 'name="article:published_time"' in h,
    "no time meta": lambda h: "article:published_time" not in h,
    "h1 plain": lambda h: '<h1 class="widget__headline h1">\n' in h,
    "h1 with span": lambda h: (
        '<h1 class="widget__headline h1"><span class="widget__headline-text">' in h
    ),
    "subtitle h2": lambda h: '<h2 class="widget__subheadline-text h2"' in h,
    "subtitle p": lambda h: '<div class="widget__subheadline"><p>' in h,
    "no subtitle": lambda h: "widget__subheadline" not in h,
    "section line a": lambda h: (
        '<div class="widget__section-line"><a class="widget__section"' in h
    ),
    "section line b": lambda h: '<span class="widget__article-type">' in h,
    "section line c": lambda h: (
        '<div class="all-related-sections"><a' in h.split("read_also_posts")[0]
    ),
    "hero credit div": lambda h: '<div class="photo-credit">\n   Top' in h,
    "hero credit body line": lambda h: "<p>Top image credit: " in h,
    "hero caption": lambda h: '<div class="photo-caption">' in h,
    "no hero": lambda h: "rm-hero-media" not in h,
    "image src": lambda h: re.search(r'loading="lazy" src="http', h) is not None,
    "image data-runner-src": lambda h: "data-runner-src=" in h,
    "tweet": lambda h: 'class="twitter-tweet"' in h,
    "youtube": lambda h: "youtube.com/embed/" in h,
    "iframe": lambda h: "datawrapper.dwcdn.net" in h,
    "audio": lambda h: 'class="audio-player"' in h,
    "blockquote": lambda h: "<blockquote><p>" in h,
    "list": lambda h: "<ul><li>" in h or "<ol><li>" in h,
    "heading": lambda h: "<h2>" in h or "<h3>" in h,
    "comments": lambda h: "talk-comments-wrp" in h,
    "around the web": lambda h: 'class="around-the-web"' in h,
    "rebellt item": lambda h: 'class="rebellt-item"' in h,
    "post context": lambda h: 'class="post-context"' in h,
    "post data": lambda h: 'class="post-data" hidden' in h,
    "teaser section div": lambda h: (
        '<div class="all-related-sections">' in h.split("read_also_posts")[-1]
    ),
    "updated date": lambda h: "social-date-modified__text" in h,
    # docs/design/real-markup-notes.md §7, "Section label may not be a.widget__section".
    "section links without separator": lambda h: (
        re.search(
            r'<div class="all-related-sections">(<a href="[^"]*">[^<]*</a>){2}', h
        )
        is not None
    ),
    "section link hidden by inline style": lambda h: (
        '<div class="all-related-sections"><a href="' in h
        and 'style="display:none">' in h
    ),
    "section link hidden by a class": lambda h: '<a class="rm-section-hidden"' in h,
    "section link hidden attribute": lambda h: (
        re.search(r'<a href="[^"]*" hidden>', h) is not None
    ),
    "section link in a hidden span": lambda h: '<span style="display: none"><a' in h,
    "collection link": lambda h: "/collections/" in h.split("read_also_posts")[0],
    "type link before topic": lambda h: (
        re.search(
            r'all-related-sections"><a href="[^"]*/(analysis|reporting|opinion)/"', h
        )
        is not None
    ),
    "section only in data-category": lambda h: (
        "data-category" in h.split("body-description")[0]
        and "all-related-sections" not in h.split("read_also_posts")[0]
        and "widget__section-line" not in h
    ),
    "section only in metadata": lambda h: (
        "data-category" not in h.split("read_also_posts")[0]
        and "all-related-sections" not in h.split("read_also_posts")[0]
        and "widget__section-line" not in h
    ),
    # §2, photo caption/credit: old posts keep them at the foot, away from the image.
    "hero caption and credit at the foot": lambda h: (
        re.search(
            r'<div class="tags">(?:[^<]|<a [^>]*>[^<]*</a>)*</div>'
            r'<div class="widget__body"><div class="photo-c',
            h,
        )
        is not None
    ),
    "teasers in the sidebar too": lambda h: "sidebar--related" in h,
    "teaser section links with a hidden one": lambda h: (
        re.search(
            r'read_also_posts.*<div class="all-related-sections"><(a class="rm-section-hidden"|a href="[^"]*" (style|hidden)|span)',
            h,
        )
        is not None
    ),
    "meta description differs from og:description": lambda h: (
        (d := re.search(r'<meta name="description" content="([^"]*)"', h)) is not None
        and f'<meta property="og:description" content="{d.group(1)}"' not in h
    ),
    "no meta description": lambda h: '<meta name="description"' not in h,
    "3 google ctas": lambda h: (
        h.count('<div class="google-preferred-source-cta">') == 3
    ),
}

TRUTH_VARIANTS: dict[str, Callable[[dict], bool]] = {
    "1 author": lambda t: len(t["authors"]) == 1,
    "2 authors": lambda t: len(t["authors"]) == 2,
    "3 authors": lambda t: len(t["authors"]) == 3,
    "authors from JSON-LD only": lambda t: t["authors"] and not t["author_bios"],
    "seo title": lambda t: t["seo_title"] is not None,
    "date-only fallback": lambda t: (
        t["published_raw"] and "T" not in t["published_raw"]
    ),
    "Top photo credit": lambda t: (
        (t["top_image"] or {}).get("credit_raw", "").startswith("Top photo credit:")
        if t["top_image"] and t["top_image"]["credit_raw"]
        else False
    ),
    "Top image credit": lambda t: bool(
        t["top_image"]
        and (t["top_image"]["credit_raw"] or "").startswith("Top image credit:")
    ),
    "image with caption and credit": lambda t: any(
        i["caption"] and i["credit"] for i in t["images"]
    ),
    "internal tag": lambda t: any(tag["internal"] for tag in t["tags"]),
    "0 teasers": lambda t: not t["teasers"],
    "4 teasers": lambda t: len(t["teasers"]) == 4,
    "non-ASCII": lambda t: any(ch in t["body_text"] for ch in "“’—é"),
    "outlink with tracking": lambda t: any(
        "utm_source=" in o["url"] for o in t["outlinks"]
    ),
    "outlink with fragment": lambda t: any("#" in o["url"] for o in t["outlinks"]),
    "outlink without slash": lambda t: any(
        re.search(r"8765/[a-z0-9-]+$", o["url"]) for o in t["outlinks"]
    ),
    "outlink to legacy URL": lambda t: any(
        re.search(r"/\d{4}/\d{2}/\d{2}/", o["url"]) for o in t["outlinks"]
    ),
    "offset Z": lambda t: (t["published_raw"] or "").endswith("Z"),
    "offset -05:00": lambda t: (t["published_raw"] or "").endswith("-05:00"),
    "offset -04:00": lambda t: (t["published_raw"] or "").endswith("-04:00"),
    "offset +03:00": lambda t: (t["published_raw"] or "").endswith("+03:00"),
    "analysis type": lambda t: t["article_type"] == "Analysis",
    "bio of two paragraphs": lambda t: any(
        "\n\n" in b["text"] for b in t["author_bios"]
    ),
}


@pytest.mark.parametrize("name", sorted(HTML_VARIANTS))
def test_markup_variant_is_served(pages: list[tuple[str, dict]], name: str) -> None:
    assert any(HTML_VARIANTS[name](html) for html, _ in pages)


@pytest.mark.parametrize("name", sorted(TRUTH_VARIANTS))
def test_content_variant_is_served(pages: list[tuple[str, dict]], name: str) -> None:
    assert any(TRUTH_VARIANTS[name](truth) for _, truth in pages)


def test_spread_over_sections_and_years(pages: list[tuple[str, dict]]) -> None:
    sections = {t["section"] for _, t in pages}
    assert {
        "QiOSK",
        "Media",
        "Latest",
        "Africa",
        "Europe",
        "Middle East",
        "Asia-Pacific",
        "Latin America",
        "Military Industrial Complex",
        "Washington Politics",
    } <= sections
    years = {t["published_at"][:4] for _, t in pages}
    assert {str(y) for y in range(2019, 2027)} <= years


def test_slugs_unique_and_often_not_the_headline(corpus: Corpus) -> None:
    paths = corpus.article_paths()
    assert len(paths) == len(set(paths))
    from newsarchive.replica.prose import slugify

    differing = [m for m in corpus.catalog.metas if slugify(m.title) != m.slug]
    assert len(differing) > len(paths) * 0.8


def test_publication_order_is_index_order(pages: list[tuple[str, dict]]) -> None:
    instants = [
        t["published_at"] for _, t in pages if "T" in (t["published_raw"] or "")
    ]
    assert instants == sorted(instants)
