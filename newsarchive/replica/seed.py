"""The seed article (reproduced from the real site) and the four articles it links to.

The seed's text lives in `data/seed-article-page.txt`, a copy of the real page's visible
text. The teaser excerpts it shows open the bodies of the linked articles (docs/design/decisions.md 12: only
this text comes from the real site).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources

SEED_SLUG = "diplomacy-watch-ukraine-russia-quietly-talking"
SEED_PATH = f"/{SEED_SLUG}/"
TOGGLE_TEXT = "keep readingShow less"
QUOTE_OPENINGS = ("When the war in Ukraine first broke out", "There is a perception")


@dataclass(frozen=True, kw_only=True)
class FixedArticle:
    slug: str
    title: str
    section: str
    published: str
    """ISO 8601 with offset, as the page writes it."""
    hero_name: str
    hero_alt: str
    credit_line: str | None
    country: str
    other: str
    topic: str
    """Slug words of a vocabulary topic (prose.TOPICS)."""
    subtitle: str | None = None
    opening: tuple[str, ...] = ()
    """First body paragraphs (the teaser excerpt); generated paragraphs follow."""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SeedPage:
    title: str
    subtitle: str
    section: str
    body: tuple[str, ...]
    next_headline: str
    next_section: str
    teasers: tuple[tuple[str, str, str, str, tuple[str, ...]], ...]
    """(image alt, credit line, headline, section, excerpt paragraphs) in page order."""


@lru_cache(maxsize=1)
def seed_page() -> SeedPage:
    """The seed file, split into the parts the page is built from."""
    text = resources.files("newsarchive.replica").joinpath("data/seed-article-page.txt")
    lines = [
        ln.strip() for ln in text.read_text(encoding="utf-8").splitlines() if ln.strip()
    ]
    title, subtitle, section = lines[2], lines[3], lines[4]
    next_at = lines.index("Diplomacy Watch: A peace summit without Russia")
    body = tuple(lines[5:next_at])
    rest = lines[next_at + 2 : lines.index("LATEST")]
    teasers = []
    while TOGGLE_TEXT in rest:
        end = rest.index(TOGGLE_TEXT)
        alt, credit, headline, label, *excerpt = rest[:end]
        teasers.append((alt, credit, headline, label, tuple(excerpt)))
        rest = rest[end + 1 :]
    return SeedPage(
        title,
        subtitle,
        section,
        body,
        lines[next_at],
        lines[next_at + 1],
        tuple(teasers),
    )


@lru_cache(maxsize=1)
def fixed_articles() -> tuple[FixedArticle, ...]:
    """The seed and its four linked articles, in publication order."""
    page = seed_page()
    (levin, missiles, sudan) = page.teasers
    return (
        FixedArticle(
            slug=SEED_SLUG,
            title=page.title,
            subtitle=page.subtitle,
            section=page.section,
            published="2023-10-27T12:00:00-04:00",
            hero_name="ukraine-russia-talks-istanbul",
            hero_alt=page.title,
            credit_line="Top photo credit: Halvorsen Images/Shutterstock",
            country="Ukraine",
            other="Russia",
            topic="prisoner-swap",
            tags=("diplomacy-watch", "ukraine", "russia", "ukraine-war"),
        ),
        FixedArticle(
            slug="diplomacy-watch-peace-summit-russia",
            title=page.next_headline,
            section=page.next_section,
            published="2024-06-14T11:00:00-04:00",
            hero_name="peace-summit-switzerland",
            hero_alt="peace summit",
            credit_line="Top photo credit: Meridian Images/Shutterstock",
            country="Ukraine",
            other="Russia",
            topic="ceasefire",
            subtitle="Dozens of countries gathered to talk peace. The other side was not invited.",
            tags=("diplomacy-watch", "ukraine", "russia", "ceasefire"),
        ),
        _linked(
            levin,
            "neocons-media-influence-iran-deal",
            "2025-05-20T10:30:00-04:00",
            "Iran",
            "the United States",
            "nuclear-talks",
            ("media", "iran", "neoconservatives"),
        ),
        _linked(
            sudan,
            "sudan-uae-icj-chemical-weapons",
            "2025-05-29T09:15:00-04:00",
            "Sudan",
            "Egypt",
            "arms-sales",
            ("sudan", "uae", "africa"),
        ),
        _linked(
            missiles,
            "pentagon-budget-military-industrial-complex",
            "2025-07-01T08:00:00-04:00",
            "China",
            "the United States",
            "pentagon-budget",
            ("pentagon", "defense-budget", "military-industrial-complex"),
        ),
    )


def _linked(
    teaser: tuple[str, str, str, str, tuple[str, ...]],
    slug: str,
    published: str,
    country: str,
    other: str,
    topic: str,
    tags: tuple[str, ...],
) -> FixedArticle:
    alt, credit_line, headline, section, excerpt = teaser
    return FixedArticle(
        slug=slug,
        title=headline,
        section=section,
        published=published,
        hero_name=slug.split("-")[0] + "-top",
        hero_alt=alt,
        credit_line=credit_line,
        country=country,
        other=other,
        topic=topic,
        opening=excerpt,
        tags=tags,
    )


def fixed_epoch(article: FixedArticle) -> int:
    return int(datetime.fromisoformat(article.published).timestamp())
