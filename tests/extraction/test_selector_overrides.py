"""A site profile's selector overrides replace the platform's rule for their field."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

from newsarchive.extraction import parse_article
from newsarchive.sites import profile_named

PAGE = Path(__file__).parent / "pages" / "handmade_article.html"
URL = "https://example.org/talks-quietly/"
RS = profile_named("responsiblestatecraft.org")
MOVED = """<div class="story-kicker"><a href="/desk/diplomacy/">Diplomacy desk</a></div>
<h2 class="story-title">The real headline</h2><p class="story-dek">The real dek</p>
<meta name="story-summary" content="The real summary">
<div class="story-text"><p>Only this paragraph.</p></div>"""


def with_selectors(**selectors: str):
    return dataclasses.replace(RS, selectors=MappingProxyType(selectors))


def page() -> str:
    html = PAGE.read_text(encoding="utf-8")
    return html.replace("</body>", MOVED + "</body>")


def test_overrides_pick_their_fields() -> None:
    site = with_selectors(
        title="h2.story-title", subtitle="p.story-dek",
        description="meta[name=story-summary]", section="div.story-kicker",
        body="div.story-text",
    )  # fmt: skip
    article = parse_article(page(), URL, site=site)
    assert article.title == "The real headline"
    assert article.subtitle == "The real dek"
    assert article.description == "The real summary"
    assert (article.section, article.section_url) == (
        "Diplomacy desk",
        "https://example.org/desk/diplomacy/",
    )
    assert article.body_text == "Only this paragraph."


def test_without_overrides_or_without_a_match_the_platform_rules_stay() -> None:
    plain = parse_article(page(), URL, site=RS)
    missed = parse_article(
        page(), URL, site=with_selectors(title="h6.nowhere", body="div.nowhere")
    )
    assert plain.title == missed.title == "Talks, quietly"
    assert plain.body_text == missed.body_text != "Only this paragraph."
