"""The parser's rules on a small hand-made page that follows docs/replica-markup.md."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import parsel
import pytest

from newsarchive.extraction import parse_article
from newsarchive.items import Article, Author, Embed, Image, Link, NextArticle
from newsarchive.sites import profile_named
from tests.conftest import file_response

PAGE = Path(__file__).parent / "pages" / "handmade_article.html"
URL = "https://example.org/talks-quietly/"

RS = profile_named("responsiblestatecraft.org")


@pytest.fixture(scope="module")
def article() -> Article:
    return parse_article(file_response(PAGE, URL), site=RS)


def test_every_input_form_gives_the_same_item(article: Article) -> None:
    html = PAGE.read_text(encoding="utf-8")
    for page in (html, html.encode("utf-8"), parsel.Selector(text=html)):
        assert parse_article(page, URL, site=RS) == article


def test_url_defaults_to_the_response_url(article: Article) -> None:
    assert article.url == URL
    assert article.site == "responsiblestatecraft.org"


def test_url_falls_back_to_the_canonical_link() -> None:
    assert parse_article(PAGE.read_text(encoding="utf-8")).url == URL


def test_title_is_the_trimmed_h1_and_seo_title_the_json_ld_headline(
    article: Article,
) -> None:
    assert article.title == "Talks, quietly"
    assert article.seo_title == "An SEO headline about talks"


def test_type_and_section_come_from_the_section_line(article: Article) -> None:
    assert (article.article_type, article.section) == ("Analysis", "QiOSK")
    assert article.section_url == "https://example.org/qiosk/"


def test_authors_come_from_the_header_block_only(article: Article) -> None:
    assert article.authors == [
        Author(name="Jane Roe", url="https://example.org/author/jroe/"),
        Author(name="John Doe", url="https://example.org/author/jdoe/"),
    ]


def test_dates_prefer_json_ld_and_keep_the_raw_string(article: Article) -> None:
    assert article.published_raw == "2023-10-27T12:00:00-04:00"
    assert article.published_at == datetime(2023, 10, 27, 16, tzinfo=UTC)
    assert article.modified_at == datetime(2023, 10, 28, 9, 30, tzinfo=UTC)


def test_body_has_one_block_per_paragraph_and_no_boilerplate(article: Article) -> None:
    assert article.body_text.split("\n\n") == [
        "First paragraph with a new report and another.",
        "A heading",
        "One",
        "Two bold",
        "Quoted one.",
        "Quoted two.",
        "Last paragraph.",
    ]


def test_body_html_keeps_embeds_and_drops_scripts_and_credit_lines(
    article: Article,
) -> None:
    assert "youtube.com/embed/abc" in article.body_html
    assert "<script" not in article.body_html
    assert "Old credit" not in article.body_html


def test_hero_credit_drops_its_prefix(article: Article) -> None:
    assert article.top_image == Image(
        url="https://example.org/media-library/hero.jpg?id=1&width=1200",
        alt="ukraine war",
        caption="Delegates meet.",
        credit="Someone/Shutterstock",
        credit_raw="Top photo credit: Someone/Shutterstock",
    )


def test_in_body_image_prefers_data_runner_src(article: Article) -> None:
    assert [image.url for image in article.images] == [
        "https://example.org/media-library/inbody.jpg?id=2&width=980"
    ]
    assert article.images[0].caption == "The map."


def test_tags_mark_internal_ones(article: Article) -> None:
    assert [(tag.name, tag.slug, tag.internal) for tag in article.tags] == [
        ("Ukraine", "ukraine", False),
        ("type:analysis", "type-analysis", True),
    ]


def test_teasers_in_page_order_without_toggle_text(article: Article) -> None:
    assert [teaser.headline for teaser in article.teasers] == [
        "The great fade out",
        "Will Sudan attack the UAE?",
    ]
    assert article.teasers[0].excerpt == "Mark Levin appears.\n\nThe veteran host."
    assert article.teasers[0].image_credit == "Erick Stakelbeck on TBN/Screengrab"
    assert article.teasers[1].section == "Africa"


def test_next_article_is_not_a_teaser(article: Article) -> None:
    assert article.next_article == NextArticle(
        url="https://example.org/next-one/",
        headline="Diplomacy Watch: A peace summit without Russia",
        section="QiOSK",
    )


def test_outlinks_embeds_bios_and_language(article: Article) -> None:
    assert article.outlinks == [
        Link(url="https://www.washingtonpost.com/x", text="new report"),
        Link(url="https://example.org/other-article/", text="another"),
    ]
    assert article.embeds == [
        Embed(kind="audio", url="https://audio.example.com/player/1"),
        Embed(kind="tweet", url="https://twitter.com/some/status/123"),
        Embed(kind="youtube", url="https://www.youtube.com/embed/abc"),
    ]
    assert [(bio.name, bio.text) for bio in article.author_bios] == [
        ("Jane Roe", "Jane Roe writes.\n\nShe also edits.")
    ]
    assert article.language == "en"


def test_trailing_credit_paragraph_becomes_the_hero_credit() -> None:
    html = PAGE.read_text(encoding="utf-8").replace(
        "Top photo credit: Someone/Shutterstock", ""
    )
    article = parse_article(html, URL)
    assert article.top_image is not None
    assert article.top_image.credit == "Old credit"
    assert article.top_image.credit_raw == "Top image credit: Old credit"
    assert "Old credit" not in article.body_text
