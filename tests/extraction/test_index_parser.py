"""`parse_index` on hand-made index pages and a load-more fragment."""

from __future__ import annotations

from pathlib import Path

from newsarchive.extraction import parse_index
from newsarchive.sites import profile_named
from tests.conftest import file_response

PAGES = Path(__file__).parent / "pages"

RS = profile_named("responsiblestatecraft.org")


def test_section_page_links() -> None:
    page = parse_index(
        file_response(PAGES / "handmade_section.html", "https://example.org/qiosk/"),
        site=RS,
    )
    assert page.kind == "section"
    assert page.article_urls == [
        "https://example.org/first-story/",
        "https://example.org/2021/07/02/old-story/",
    ]
    assert page.index_urls == [
        "https://example.org/military-industrial-complex/",
        "https://example.org/regions/europe/",
        "https://example.org/author/jroe/",
        "https://example.org/tag/ukraine/",
        "https://example.org/qiosk/?page=2",
    ]
    assert page.next_page_url == "https://example.org/qiosk/?page=2"


def test_a_region_alias_takes_its_kind_from_the_canonical_link() -> None:
    html = (
        (PAGES / "handmade_section.html")
        .read_text(encoding="utf-8")
        .replace(
            'href="https://example.org/qiosk/"',
            'href="https://example.org/regions/europe/"',
        )
    )
    assert parse_index(html, "https://example.org/europe/", site=RS).kind == "region"


def test_load_more_fragment() -> None:
    fragment = (
        '<div class="widget"><h2 class="widget__headline"><a class="widget__headline-text" '
        'href="/twenty-first-story/">21</a></h2></div>'
        '<div class="widget"><h2 class="widget__headline"><a class="widget__headline-text" '
        'href="/twenty-second-story/">22</a></h2></div>'
    )
    url = (
        "https://example.org/res/load_more_posts/data.js?site_id=1&pn=2&rm_lazy_load=1"
    )
    page = parse_index(fragment, url, site=RS)
    assert page.kind == "load_more"
    assert page.article_urls == [
        "https://example.org/twenty-first-story/",
        "https://example.org/twenty-second-story/",
    ]
    assert page.next_page_url is None
