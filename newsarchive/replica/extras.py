"""Per-article markup variants (docs/replica-markup.md) and the page's non-body extras.

Rare variants are assigned by index arithmetic rather than chance, so every corpus of a few
hundred articles is guaranteed to contain each of them.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from newsarchive.replica.catalog import ArticleMeta
from newsarchive.replica.model import Forms, InlineLink
from newsarchive.replica.people import analyst_name
from newsarchive.replica.publication import Publication

if TYPE_CHECKING:
    from newsarchive.replica.content import ContentBuilder

DATE_OFFSETS = (
    "America/New_York",
    "America/New_York",
    "Z",
    "+00:00",
    "+01:00",
    "+03:00",
    "-07:00",
    "+05:30",
    "+09:00",
)
COMMENTS = (
    "Great piece. Congress needs to read this before the next vote.",
    "I disagree with the premise, but the numbers are hard to argue with.",
    "Finally someone says it out loud — restraint is not isolationism.",
    "Where is the accountability? This has been going on for years.",
    "Sharing this with my representative’s office.",
)


def article_forms(
    rng: random.Random,
    index: int,
    meta: ArticleMeta,
    fixed: bool,
    pub: Publication,
    line_rng: random.Random,
) -> Forms:
    """The markup variants one article uses. Fixed (seed-related) articles use the plain forms."""
    if fixed:
        return Forms(google_ctas=1 + index % 2)
    # Drawn apart from the other forms, so adding them left those as they were.
    roll = line_rng.random()
    line_form = (
        "links"
        if roll < pub.links_share
        else ("category" if index % 61 == 7 else ("meta" if index % 61 == 23 else ""))
    )
    jsonld = index % 33 != 5
    meta_times = jsonld or index % 99 != 5
    single = len(meta.authors) == 1
    if meta.article_type:
        section_line = "b" if rng.random() < 0.6 else "c"
    else:
        section_line = "a" if rng.random() < 0.8 else "c"
    forms = Forms(
        jsonld=jsonld,
        jsonld_type="Article" if rng.random() < 0.2 else "NewsArticle",
        author_as_list=not single or rng.random() < 0.3,
        meta_times=meta_times,
        meta_attr="name" if rng.random() < 0.25 else "property",
        h1_span=rng.random() < 0.4,
        subtitle_tag=None
        if rng.random() < 0.25
        else ("h2" if rng.random() < 0.7 else "p"),
        section_line=section_line,
        byline_visible=not (jsonld and index % 47 == 11),
        bio_box=rng.random() < 0.85,
        comments=rng.randint(1, 4) if rng.random() < 0.15 else 0,
        around_the_web=rng.random() < 0.2,
        rebellt=rng.random() < 0.1,
        google_ctas=rng.randint(1, 3),
        audio=rng.random() < 0.08,
        date_offset=rng.choice(DATE_OFFSETS),
    )
    forms.section_line = line_form or forms.section_line
    forms.meta_description = index % 19 != 4
    return forms


def comments_for(rng: random.Random, count: int) -> tuple[tuple[str, str], ...]:
    return tuple((analyst_name(rng), rng.choice(COMMENTS)) for _ in range(count))


def related_links(
    rng: random.Random, builder: ContentBuilder, meta: ArticleMeta
) -> tuple[InlineLink, ...]:
    """ "From Your Site Articles" (replica articles) then "Around the Web" (elsewhere)."""
    catalog = builder.catalog
    links = []
    for index in rng.sample(range(catalog.base_count), min(2, catalog.base_count)):
        target = catalog.metas[index]
        links.append(InlineLink(builder.url(target.path), target.title))
    links.append(
        InlineLink(
            f"https://www.wirewatch.example/{meta.slug}",
            f"{meta.theme.topic_title}: a primer",
        )
    )
    return tuple(links)
