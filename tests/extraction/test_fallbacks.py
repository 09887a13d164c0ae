"""Fallbacks when the preferred source is missing (JSON-LD, then meta, then markup)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from newsarchive.extraction import parse_article
from newsarchive.items import Article, Author
from newsarchive.sites import profile_named

PAGE = Path(__file__).parent / "pages" / "handmade_article.html"
URL = "https://example.org/talks-quietly/"
JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.DOTALL)


def parse(html: str) -> Article:
    return parse_article(html, URL, site=profile_named("responsiblestatecraft.org"))


def without_json_ld() -> str:
    return JSON_LD.sub("", PAGE.read_text(encoding="utf-8"))


def test_published_falls_back_to_meta_with_name_attribute() -> None:
    html = without_json_ld().replace(
        'property="article:published_time"', 'name="article:published_time"'
    )
    article = parse(html)
    assert article.published_raw == "2023-10-27T16:00:00Z"
    assert article.published_at == datetime(2023, 10, 27, 16, tzinfo=UTC)


def test_a_visible_date_only_means_midnight_in_new_york() -> None:
    html = re.sub(
        r'<meta property="article:published_time"[^>]*>', "", without_json_ld()
    )
    html = html.replace(
        '<div class="social-date">',
        '<div class="social-date-modified"><span class="social-date-modified__text">'
        'Updated Nov 2, 2023</span></div><div class="social-date">',
    )
    article = parse(html)
    assert article.published_raw == "Oct 27, 2023"
    assert article.published_at == datetime(2023, 10, 27, 4, tzinfo=UTC)
    assert article.modified_raw == "Updated Nov 2, 2023"
    assert article.modified_at == datetime(2023, 11, 2, 4, tzinfo=UTC)  # EST again


def test_an_unparseable_date_keeps_its_raw_value() -> None:
    html = re.sub(
        r'<meta property="article:published_time"[^>]*>', "", without_json_ld()
    )
    article = parse(html.replace("Oct 27, 2023", "sometime soon"))
    assert (article.published_raw, article.published_at) == ("sometime soon", None)


def test_authors_fall_back_to_json_ld_names() -> None:
    html = re.sub(
        r'<div class="social-author"><a class="social-author__name"[^<]*</a></div>',
        "",
        PAGE.read_text(encoding="utf-8"),
    )
    assert parse(html).authors == [
        Author(name="Jane Roe", url="https://example.org/author/jroe/"),
        Author(name="John Doe", url=None),
    ]


def test_seo_title_falls_back_to_the_title_tag_without_the_site_name() -> None:
    assert parse(without_json_ld()).seo_title == "An SEO headline about talks"
    same = without_json_ld().replace(
        "An SEO headline about talks |", "Talks, quietly |"
    )
    assert parse(same).seo_title is None


def test_h1_with_inner_span_and_subtitle_as_paragraph() -> None:
    html = (
        PAGE.read_text(encoding="utf-8")
        .replace(
            "\n     Talks, quietly\n   ",
            '<span class="widget__headline-text"> Talks,\n quietly </span>',
        )
        .replace(
            '<h2 class="widget__subheadline-text h2" data-type="text">A new report sheds light.</h2>',
            "<p>A new report sheds light.</p>",
        )
    )
    article = parse(html)
    assert (article.title, article.subtitle) == (
        "Talks, quietly",
        "A new report sheds light.",
    )


def test_section_from_all_related_sections() -> None:
    html = PAGE.read_text(encoding="utf-8").replace(
        '<div class="widget__section-line"><span class="widget__article-type">Analysis</span> | '
        '<a class="widget__section" href="/qiosk/">QiOSK</a></div>',
        '<div class="all-related-sections"><a href="/analysis/">Analysis</a> | '
        '<a href="/regions/europe/">Europe</a></div>',
    )
    article = parse(html)
    assert (article.article_type, article.section) == ("Analysis", "Europe")
    assert article.section_url == "https://example.org/regions/europe/"


def test_a_bare_section_label_has_no_type() -> None:
    html = PAGE.read_text(encoding="utf-8").replace(
        '<span class="widget__article-type">Analysis</span> | ', ""
    )
    article = parse(html)
    assert (article.article_type, article.section) == (None, "QiOSK")


def test_section_from_data_category_when_no_line_is_shown() -> None:
    html = re.sub(
        r'<div class="widget__section-line">.*?</div>',
        "",
        PAGE.read_text(encoding="utf-8"),
    )
    article = parse(html)
    assert (article.section, article.section_url, article.article_type) == (
        "QiOSK",
        None,
        None,
    )


def test_seo_title_drops_the_title_suffix_of_the_site_profile() -> None:
    html = without_json_ld().replace(
        "An SEO headline about talks | Responsible Statecraft",
        "An SEO headline about talks - IEEE Spectrum",
    )
    spectrum = profile_named("spectrum.ieee.org")
    assert parse_article(html, URL, site=spectrum).seo_title == (
        "An SEO headline about talks"
    )
