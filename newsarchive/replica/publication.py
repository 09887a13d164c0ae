"""What the replica needs to know about one RebelMouse publication: a `Publication` says
what differs between two sites on the same platform (names, sections and types, URL rules
for articles, listings, authors, tags and static pages, feeds and sitemaps). The markup is the
platform's, the same for all (docs/replica-markup.md). The tables: publications/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True, kw_only=True)
class Section:
    label: str
    """Label as the page shows it ("QiOSK", "Middle East")."""
    slug: str
    """Slug used by feeds (`/feeds/topic/<slug>.rss`) and the section path."""
    region: bool = False
    """Regions live at `/regions/<slug>/` (and answer at `/<slug>/` with a canonical)."""
    weight: int = 1
    """Relative share of generated articles whose primary section this is."""
    regions: tuple[str, ...] = ()
    """Region slugs whose countries articles of this section talk about (empty: any). The
    United States is never an article's main country: the site looks at it from inside."""
    path: str = ""
    """The listing's path; by default `/<slug>/` (`/regions/<slug>/` for a region)."""
    kind: str = "topic"
    """`topic` (a section proper), `type` (an article-type listing) or `collection`."""

    def __post_init__(self) -> None:
        if not self.path:
            default = f"/regions/{self.slug}/" if self.region else f"/{self.slug}/"
            object.__setattr__(self, "path", default)


@dataclass(frozen=True, kw_only=True, eq=False)
class Publication:
    name: str
    """Site name and archive key, e.g. `responsiblestatecraft.org`."""
    display_name: str
    """What pages call themselves (`og:site_name`, the `<title>` suffix)."""
    title_separator: str
    """Between a page's headline and the display name in `<title>`: " | " or " - "."""
    description: str
    """The feeds' channel description."""
    newsletter_text: str
    sections: tuple[Section, ...]
    """Every listing of articles by section, region or type, navigation order."""
    article_types: tuple[str, ...]
    """Type labels; each is the label of a `sections` entry (its listing)."""
    trailing_slash: bool
    """Articles, author, tag and static pages end in "/" (`/<slug>/`) or not (`/<slug>`)."""
    author_prefix: str
    tag_prefix: str = "tag"
    static_pages: dict[str, tuple[str, tuple[str, ...]]]
    """Slug -> (title, paragraphs) of the non-article pages."""
    section_feeds: tuple[str, ...]
    """Feed path forms per listing, `{slug}` and `{kind}` filled in."""
    sitemap_index_path: str
    monthly_sitemaps: bool
    """`/sitemaps/<yyyy>-<mm>.xml` per month (else numbered `/feeds/sitemaps/sitemap_<n>`)."""
    legacy_urls: bool
    """Old posts also answer at `/YYYY/MM/DD/<slug>` (the site's WordPress past)."""
    seed_articles: bool
    """The corpus holds the real seed page and its four linked articles."""
    sidebar_section: str
    """Slug of the section whose newest articles the sidebar's second box lists."""
    collections: tuple[tuple[str, str], ...] = ()
    """(label, slug) of collections or issues some articles belong to."""
    collection_prefix: str = "collections"
    links_share: float
    """Share of generated articles whose header section line is several plain links in
    `div.all-related-sections` (topic, type, collection; some hidden)."""
    site_id: int
    reserved: frozenset[str] = field(default_factory=frozenset)
    """Further first path segments no article slug may take."""

    def page_path(self, *segments: str) -> str:
        path = "/" + "/".join(segments)
        return path + "/" if self.trailing_slash else path

    def article_path(self, slug: str) -> str:
        return self.page_path(slug)

    def author_path(self, handle: str) -> str:
        return self.page_path(self.author_prefix, handle)

    def tag_path(self, slug: str) -> str:
        return self.page_path(self.tag_prefix, slug)

    def collection_path(self, slug: str) -> str:
        return self.page_path(self.collection_prefix, slug)

    @cached_property
    def section_by_label(self) -> dict[str, Section]:
        return {s.label: s for s in self.sections}

    @cached_property
    def section_by_slug(self) -> dict[str, Section]:
        return {s.slug: s for s in self.sections}

    @cached_property
    def section_by_path(self) -> dict[str, Section]:
        """Listing path without its trailing slash -> section (regions also at `/<slug>`)."""
        paths = {s.path.rstrip("/"): s for s in self.sections}
        for s in self.sections:
            if s.region:
                paths.setdefault(f"/{s.slug}", s)
        return paths

    @cached_property
    def primary_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.weight > 0)

    @cached_property
    def reserved_slugs(self) -> frozenset[str]:
        first = {s.path.strip("/").split("/")[0] for s in self.sections}
        return frozenset(
            {s.slug for s in self.sections}
            | first
            | set(self.static_pages)
            | {self.author_prefix, self.tag_prefix, self.collection_prefix}
            | {"feed", "feeds", "res", "media-library", "search", "core", "u", "r"}
            | {"amp", "sitemaps", "regions", "author", "tag"}
            | self.reserved
        )

    def feed_paths(self, section: Section) -> tuple[str, ...]:
        return tuple(
            form.format(slug=section.slug, kind=section.kind)
            for form in self.section_feeds
        )
