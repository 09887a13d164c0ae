"""responsiblestatecraft.org (docs/design/real-markup-notes.md §1): one-segment sections with
a trailing slash, regions under `/regions/`, authors under `/author/`, numbered sitemaps."""

from __future__ import annotations

from newsarchive.replica.publication import Publication, Section

SECTIONS: tuple[Section, ...] = (
    Section(label="QiOSK", slug="qiosk", weight=14),
    Section(label="Media", slug="media", weight=4),
    Section(label="Latest", slug="latest", weight=6),
    Section(label="Analysis", slug="analysis", weight=3),
    Section(
        label="Military Industrial Complex", slug="military-industrial-complex", weight=6
    ),
    Section(label="Washington Politics", slug="washington-politics", weight=6),
    Section(label="Global Crises", slug="global-crises", weight=5),
    Section(label="Reporting", slug="reporting", weight=0),
    Section(label="Opinion", slug="opinion", weight=0),
    Section(label="Africa", slug="africa", region=True, weight=5, regions=("africa",)),
    Section(label="Europe", slug="europe", region=True, weight=8, regions=("europe",)),
    Section(
        label="Middle East", slug="middle-east", region=True, weight=9,
        regions=("middle-east",),
    ),
    Section(
        label="Asia-Pacific", slug="asia-pacific", region=True, weight=7,
        regions=("asia-pacific",),
    ),
    Section(
        label="Latin America", slug="latin-america", region=True, weight=4,
        regions=("latin-america",),
    ),
    Section(
        label="North America", slug="north-america", region=True, weight=3,
        regions=("north-america",),
    ),
)  # fmt: skip

PUBLICATION = Publication(
    name="responsiblestatecraft.org",
    display_name="Responsible Statecraft",
    title_separator=" | ",
    description="Responsible Statecraft: analysis and news on U.S. foreign policy",
    newsletter_text=(
        "Subscribe now to our weekly round-up and don't miss a beat with your favorite RS "
        "contributors and reporters, as well as staff analysis, opinion, and news "
        "promoting a positive, non-partisan vision of U.S. foreign policy."
    ),
    sections=SECTIONS,
    article_types=("Analysis", "Reporting", "Opinion"),
    trailing_slash=True,
    author_prefix="author",
    static_pages={
        "about": (
            "About",
            (
                (
                    "Responsible Statecraft is an online magazine dedicated to promoting a "
                    "foreign policy of restraint."
                ),
                (
                    "We publish analysis, reporting and opinion from a wide range of "
                    "contributors."
                ),
            ),
        ),
        "contact": (
            "Contact",
            ("Write to the editors at editors@responsiblestatecraft.example.",),
        ),
        "privacy-policy": (
            "Privacy Policy",
            (
                "We collect as little information as we can and never sell it.",
                "Newsletter subscribers can unsubscribe at any time.",
            ),
        ),
        "editorial-and-submission-policy": (
            "Editorial and Submission Policy",
            (
                "We welcome pitches of 800 to 1,500 words on U.S. foreign policy.",
                "Contributors must disclose any conflicts of interest.",
            ),
        ),
    },
    section_feeds=("/feeds/{slug}.rss", "/feeds/topic/{slug}.rss"),
    sitemap_index_path="/sitemap.xml",
    monthly_sitemaps=False,
    legacy_urls=True,
    seed_articles=True,
    sidebar_section="qiosk",
    collections=(
        ("Diplomacy Watch", "diplomacy-watch"),
        ("Special Reports", "special-reports"),
    ),
    links_share=0.25,
    site_id=20817,
)
