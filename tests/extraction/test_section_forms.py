"""Section, teaser sections, hero caption/credit and description on small hand-made pages
written after real RebelMouse markup (docs/design/real-markup-notes.md §7): several plain
links in `all-related-sections`, some hidden by the page's CSS."""

from __future__ import annotations

import dataclasses

import pytest

from newsarchive.extraction import parse_article
from newsarchive.items import Image
from newsarchive.sites import SectionFamily, profile_named

URL = "https://example.org/some-story/"


def page(
    section_line: str = "",
    *,
    style: str = "",
    head: str = "",
    category: str = "",
    foot: str = "",
    after: str = "",
    hero_body: str = "",
) -> str:
    data = f' data-category="{category}"' if category else ""
    return f"""<!DOCTYPE html><html lang="en"><head>
<meta property="og:type" content="article">{head}<style>{style}</style></head><body>
<div class="posts-wrapper">
 <div class="widget post-partial"{data}><article>
  <div class="widget__head"><img class="rm-hero-media" src="/media-library/a.jpg?id=1" alt="A">
   {hero_body}</div>
  <h1 class="widget__headline h1">A story</h1>{section_line}
 </article></div>
 <div class="widget post-partial"><article>
  <div class="body js-expandable"><div class="body-description"><p>Text.</p></div></div>
  {foot}
 </article></div>
</div>{after}</body></html>"""


RS = profile_named("responsiblestatecraft.org")
SPECTRUM = profile_named("spectrum.ieee.org")


def parse(html: str, site=RS):
    return parse_article(html, URL, site=site)


def test_type_link_first_then_topic_glued_without_separator() -> None:
    line = (
        '<div class="all-related-sections"><a href="/analysis/">Analysis</a>'
        '<a href="/regions/africa/">Africa</a></div>'
    )
    article = parse(page(line))
    assert (article.section, article.article_type) == ("Africa", "Analysis")
    assert article.section_url == "https://example.org/regions/africa/"


@pytest.mark.parametrize(
    ("hidden_link", "style"),
    [
        ('<a href="/latest/" style="display: none">Latest</a>', ""),
        ('<a href="/latest/" hidden>Latest</a>', ""),
        (
            '<a class="rm-hidden" href="/latest/">Latest</a>',
            ".all-related-sections .rm-hidden{color:red;display:none!important}",
        ),
        ('<span style="display:none"><a href="/latest/">Latest</a></span>', ""),
    ],
    ids=["inline-style", "hidden-attribute", "style-rule", "hidden-parent"],
)
def test_a_hidden_link_is_never_the_section(hidden_link: str, style: str) -> None:
    line = (
        f'<div class="all-related-sections">{hidden_link}'
        '<a href="/topic/robotics/">Robotics</a><a href="/type/news/">News</a>'
        '<a href="/collections/the-ai-issue/">The AI Issue</a></div>'
    )
    article = parse(page(line, style=style), site=SPECTRUM)
    assert (article.section, article.article_type) == ("Robotics", "News")
    assert article.section_url == "https://example.org/topic/robotics/"


def test_a_rule_inside_media_or_for_other_ancestors_hides_nothing() -> None:
    line = (
        '<div class="all-related-sections"><a class="rm-first" href="/media/">Media</a>'
        '<a href="/europe/">Europe</a></div>'
    )
    style = (
        "@media (max-width:600px){.rm-first{display:none}}"
        ".layout-3 .rm-first{display:none}"
    )
    assert parse(page(line, style=style)).section == "Media"


def test_collection_links_never_count_and_a_lone_type_is_the_section() -> None:
    line = (
        '<div class="all-related-sections"><a href="/collections/diplomacy-watch/">'
        'Diplomacy Watch</a><a href="/analysis/">Analysis</a></div>'
    )
    article = parse(page(line))
    assert (article.section, article.article_type) == ("Analysis", None)


def test_site_rules_decide_what_is_a_type() -> None:
    line = (
        '<div class="all-related-sections"><a href="/kind/explainer/">Explainer</a>'
        '<a href="/energy/">Energy</a></div>'
    )
    kinds = SectionFamily(name="kind", paths=("/kind/{slug}/",), gives="article_type")
    site = dataclasses.replace(RS, sections=(kinds, *RS.sections))
    article = parse(page(line), site=site)
    assert (article.section, article.article_type) == ("Energy", "Explainer")


def test_section_from_data_category_then_metadata() -> None:
    assert parse(page(category="Europe")).section == "Europe"
    meta = '<meta property="article:section" content="Climate Tech">'
    article = parse(page(head=meta))
    assert (article.section, article.section_url) == ("Climate Tech", None)
    json_ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"articleSection": ["Energy", "News"]}</script>'
    )
    assert parse(page(head=json_ld)).section == "Energy"


def test_description_is_the_pages_own_meta_description() -> None:
    both = (
        '<meta property="og:description" content="For sharing.">'
        '<meta name="description" content="The page itself.">'
    )
    assert parse(page(head=both)).description == "The page itself."
    og_only = '<meta property="og:description" content="For sharing.">'
    assert parse(page(head=og_only)).description == "For sharing."


def test_hero_caption_and_credit_at_the_foot_of_an_old_post() -> None:
    foot = (
        '<div class="tags"></div><div class="widget__body"><div class="photo-caption">'
        '<p>Kyiv</p></div><div class="photo-credit">\n Top image credit: AP Photo\n'
        "</div></div>"
    )
    teaser = (
        '<div class="read_also_posts"><div class="widget"><div class="photo-credit">'
        'Top photo credit: Other</div><h2 class="widget__headline">'
        '<a class="widget__headline-text" href="/other-story/">Other</a></h2></div></div>'
    )
    image = parse(page(foot=foot, after=teaser)).top_image
    assert image == Image(
        url="https://example.org/media-library/a.jpg?id=1",
        alt="A",
        caption="Kyiv",
        credit="AP Photo",
        credit_raw="Top image credit: AP Photo",
    )


def test_the_header_caption_wins_over_a_block_elsewhere() -> None:
    hero_body = (
        '<div class="widget__body"><div class="photo-caption"><p>Here</p></div></div>'
    )
    foot = (
        '<div class="widget__body"><div class="photo-caption"><p>There</p></div></div>'
    )
    assert parse(page(hero_body=hero_body, foot=foot)).top_image.caption == "Here"


def test_teasers_from_every_list_with_their_visible_topic() -> None:
    style = ".all-related-sections .rm-hidden{display:none}"

    def widget(slug: str, links: str) -> str:
        return (
            f'<div class="widget"><article><h3 class="widget__headline h3">'
            f'<a class="widget__headline-text" href="/{slug}/">{slug}</a></h3>'
            f'<div class="all-related-sections">{links}</div></article></div>'
        )

    hidden_first = (
        '<a class="rm-hidden" href="/latest/">Latest</a><a href="/analysis/">Analysis</a>'
        '<a href="/europe/">Europe</a>'
    )
    media = '<a href="/media/">Media</a>'
    after = (
        f'<div class="read_also_posts">{widget("foot-one", hidden_first)}</div>'
        '<div class="wrapper-lazy-loading next-page-wrapper"><div class="widget">'
        '<a class="widget__headline-text" href="/next-one/">Next</a></div></div>'
        f'<aside class="sidebar sidebar--related">'
        f"{widget('side-one', media)}</aside>"
    )
    teasers = parse(page(style=style, after=after)).teasers
    assert [(t.url, t.section) for t in teasers] == [
        ("https://example.org/foot-one/", "Europe"),
        ("https://example.org/side-one/", "Media"),
    ]
