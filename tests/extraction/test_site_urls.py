"""Which URLs look like articles (docs/design/real-markup-notes.md §1 "Crawler rules")."""

from __future__ import annotations

import pytest

from newsarchive.extraction import looks_like_article_url
from newsarchive.extraction.site_urls import index_kind

BASE = "https://responsiblestatecraft.org"


@pytest.mark.parametrize(
    "path",
    [
        "/diplomacy-watch-ukraine-russia-quietly-talking/",
        "/ukraine-russia",
        "/2022/06/24/diplomacy-watch-how-much-is-the-us-focused-on-it",
        "/2021/07/02/revisionists-want-dont-listen/",
        "/us-weapons-gaza/?utm_source=x",
    ],
)
def test_articles(path: str) -> None:
    assert looks_like_article_url(BASE + path)


@pytest.mark.parametrize(
    "path",
    [
        "/", "/qiosk/", "/media/", "/military-industrial-complex/", "/washington-politics/",
        "/global-crises/", "/north-america/", "/asia-pacific/", "/latin-america/",
        "/middle-east/", "/video-section/", "/author/tparsi/", "/tag/israel/",
        "/regions/middle-east/", "/feeds/feed.rss", "/feeds/topic/qiosk.rss",
        "/res/load_more_posts/data.js?pn=2", "/media-library/some-image.jpg?id=1",
        "/u/some-user/", "/about/", "/privacy-policy/", "/editorial-and-submission-policy/",
        "/sitemap.xml", "/robots.txt", "/2022/06/24/", "/noslug/", "/a-b/c-d/",
    ],
)  # fmt: skip
def test_not_articles(path: str) -> None:
    assert not looks_like_article_url(BASE + path)


def test_other_schemes_are_not_articles() -> None:
    assert not looks_like_article_url("mailto:some-one@example.org")
    assert not looks_like_article_url("javascript:void-it()")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/", "home"), ("/?page=2", "home"), ("/qiosk/", "section"),
        ("/regions/europe/", "region"), ("/author/tparsi/", "author"),
        ("/tag/israel/", "tag"), ("/res/load_more_posts/data.js?pn=2", "load_more"),
        ("/some-article/", None), ("/about/", None), ("/reporting/", "section"),
        ("/newsection/", "section"), ("/robots.txt", None), ("/feeds/feed.rss", None),
    ],
)  # fmt: skip
def test_index_kinds(path: str, kind: str | None) -> None:
    assert index_kind(BASE + path) == kind
