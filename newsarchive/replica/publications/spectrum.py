"""spectrum.ieee.org, a second RebelMouse publication (docs/design/real-markup-notes.md names
it): articles at `/<slug>` without a trailing slash, topics under `/topic/`, type listings
under `/type/`, authors under `/u/`, per-month sitemaps. Its article pages always carry the
several-link `all-related-sections` (topic first, then type, some hidden)."""

from __future__ import annotations

from newsarchive.replica.publication import Publication, Section

TOPICS = (
    ("Aerospace", "aerospace", 5),
    ("Artificial Intelligence", "artificial-intelligence", 9),
    ("Biomedical", "biomedical", 4),
    ("Climate Tech", "climate-tech", 5),
    ("Computing", "computing", 7),
    ("Consumer Electronics", "consumer-electronics", 3),
    ("Energy", "energy", 6),
    ("Robotics", "robotics", 7),
    ("Semiconductors", "semiconductors", 6),
    ("Telecommunications", "telecommunications", 4),
    ("Transportation", "transportation", 4),
)
TYPES = (
    ("News", "news"),
    ("Analysis", "analysis"),
    ("Opinion", "opinion"),
    ("Feature", "feature"),
    ("Explainer", "explainer"),
)

SECTIONS: tuple[Section, ...] = tuple(
    Section(label=label, slug=slug, weight=weight, path=f"/topic/{slug}/")
    for label, slug, weight in TOPICS
) + tuple(
    Section(label=label, slug=slug, weight=0, path=f"/type/{slug}/", kind="type")
    for label, slug in TYPES
)

PUBLICATION = Publication(
    name="spectrum.ieee.org",
    display_name="IEEE Spectrum",
    title_separator=" - ",
    description="IEEE Spectrum: technology, engineering and science news",
    newsletter_text=(
        "Get the latest technology news in your inbox: subscribe to IEEE Spectrum's "
        "newsletters on the topics you care about."
    ),
    sections=SECTIONS,
    article_types=tuple(label for label, _ in TYPES),
    trailing_slash=False,
    author_prefix="u",
    static_pages={
        "about": (
            "About IEEE Spectrum",
            ("IEEE Spectrum is the flagship magazine and website of the IEEE.",),
        ),
        "contact": (
            "Contact Us",
            ("Write to the editors at spectrum-editors@ieee.example.",),
        ),
        "newsletters": (
            "Newsletters",
            ("Pick the newsletters you would like to receive.",),
        ),
        "privacy": ("Privacy Policy", ("We collect as little information as we can.",)),
        "terms": ("Terms of Use", ("Use of this site means you accept these terms.",)),
        "advertise": (
            "Advertise",
            ("Reach engineers and technologists with IEEE Spectrum.",),
        ),
    },
    section_feeds=("/feeds/{kind}/{slug}.rss",),
    sitemap_index_path="/sitemaps.xml",
    monthly_sitemaps=True,
    legacy_urls=False,
    seed_articles=False,
    sidebar_section="artificial-intelligence",
    collections=(("The AI Issue", "the-ai-issue"), ("Top Tech 2026", "top-tech-2026")),
    links_share=0.95,
    site_id=30113,
)
