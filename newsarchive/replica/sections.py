"""The site's sections, regions and article types, as the replica serves them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Section:
    label: str
    """Label as the page shows it ("QiOSK", "Middle East")."""
    slug: str
    """Slug used by feeds (`/feeds/<slug>.rss`) and the section path."""
    region: bool = False
    """Regions live at `/regions/<slug>/` (and answer at `/<slug>/` with a canonical)."""
    weight: int = 1
    """Relative share of generated articles whose primary section this is."""
    regions: tuple[str, ...] = ()
    """Region slugs whose countries articles of this section talk about (empty: any). The
    United States is never an article's main country: the site looks at it from inside."""

    @property
    def path(self) -> str:
        return f"/regions/{self.slug}/" if self.region else f"/{self.slug}/"


SECTIONS: tuple[Section, ...] = (
    Section(label="QiOSK", slug="qiosk", weight=14),
    Section(label="Media", slug="media", weight=4),
    Section(label="Latest", slug="latest", weight=6),
    Section(label="Analysis", slug="analysis", weight=3),
    Section(
        label="Military Industrial Complex",
        slug="military-industrial-complex",
        weight=6,
    ),
    Section(label="Washington Politics", slug="washington-politics", weight=6),
    Section(label="Global Crises", slug="global-crises", weight=5),
    Section(label="Reporting", slug="reporting", weight=0),
    Section(label="Opinion", slug="opinion", weight=0),
    Section(label="Africa", slug="africa", region=True, weight=5, regions=("africa",)),
    Section(label="Europe", slug="europe", region=True, weight=8, regions=("europe",)),
    Section(
        label="Middle East",
        slug="middle-east",
        region=True,
        weight=9,
        regions=("middle-east",),
    ),
    Section(
        label="Asia-Pacific",
        slug="asia-pacific",
        region=True,
        weight=7,
        regions=("asia-pacific",),
    ),
    Section(
        label="Latin America",
        slug="latin-america",
        region=True,
        weight=4,
        regions=("latin-america",),
    ),
    Section(
        label="North America",
        slug="north-america",
        region=True,
        weight=3,
        regions=("north-america",),
    ),
)

SECTION_BY_LABEL: dict[str, Section] = {s.label: s for s in SECTIONS}
SECTION_BY_SLUG: dict[str, Section] = {s.slug: s for s in SECTIONS}

ARTICLE_TYPES: tuple[str, ...] = ("Analysis", "Reporting", "Opinion")
"""Type labels of "Analysis | QiOSK" lines; each is also a section page."""

PRIMARY_SECTIONS: tuple[Section, ...] = tuple(s for s in SECTIONS if s.weight > 0)
PRIMARY_WEIGHTS: tuple[int, ...] = tuple(s.weight for s in PRIMARY_SECTIONS)
