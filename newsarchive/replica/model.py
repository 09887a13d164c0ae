"""The replica's article model: one description that both the HTML renderer and the ground
truth read, so a page and its truth can never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsarchive.replica.publication import Publication


@dataclass(frozen=True)
class InlineLink:
    url: str
    text: str


Inline = str | InlineLink


@dataclass(frozen=True)
class TextBlock:
    kind: str
    """`p`, `h2`, `h3` or `h4`."""
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class QuoteBlock:
    paragraphs: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class BodyImage:
    url: str
    alt: str
    caption: str | None
    credit: str | None
    lazy: bool
    """True: SVG placeholder in `src`, real URL in `data-runner-src`."""


@dataclass(frozen=True)
class TweetEmbed:
    url: str
    text: str
    author: str
    handle: str
    date_text: str


@dataclass(frozen=True)
class FrameEmbed:
    kind: str
    """`youtube` or `iframe`."""
    url: str
    title: str


Block = TextBlock | ListBlock | QuoteBlock | BodyImage | TweetEmbed | FrameEmbed


@dataclass(frozen=True)
class Hero:
    url: str
    alt: str
    caption: str | None
    credit: str | None
    credit_prefix: str
    """"Top photo credit:" or "Top image credit:"."""
    credit_in_body: bool
    """Old posts: the credit is the body's trailing paragraph (variant B)."""
    credit_at_foot: bool = False
    """Old posts: the caption and credit block stands at the foot of the post, away
    from the image (variant C; docs/design/real-markup-notes.md §2, photo caption/credit)."""

    @property
    def credit_line(self) -> str | None:
        return None if self.credit is None else f"{self.credit_prefix} {self.credit}"


@dataclass(frozen=True)
class Byline:
    name: str
    handle: str
    bio: tuple[str, ...]


@dataclass(frozen=True)
class TagRef:
    name: str
    slug: str

    @property
    def internal(self) -> bool:
        return ":" in self.name


@dataclass(frozen=True)
class SectionLink:
    """One plain link of a several-link `div.all-related-sections`."""

    label: str
    url: str
    role: str
    """`topic`, `type` or `collection`."""
    hidden: str = ""
    """How the page hides it: "" (shown), `style` (inline display:none), `class` (a class
    the page's `<style>` hides), `attr` (the `hidden` attribute), `parent` (a hidden span)."""


@dataclass(frozen=True)
class TeaserRef:
    url: str
    headline: str
    section_label: str
    section_url: str
    image_url: str | None
    image_alt: str | None
    credit_line: str | None
    credit: str | None
    excerpt: tuple[str, ...]
    section_as_div: bool
    """Variant: `div.all-related-sections > a` instead of `a.widget__section`."""
    relative_date: str
    section_links: tuple[SectionLink, ...] = ()
    """Variant: several plain links (some hidden) in `div.all-related-sections`; when set,
    they are the section markup."""


@dataclass(kw_only=True)
class Forms:
    """Which markup variant each part of the page uses (docs/replica-markup.md)."""

    jsonld: bool = True
    jsonld_type: str = "NewsArticle"
    author_as_list: bool = False
    meta_times: bool = True
    meta_attr: str = "property"
    h1_span: bool = False
    subtitle_tag: str | None = "h2"
    """`h2`, `p`, or None for an article without a subtitle."""
    section_line: str = "a"
    """`a`, `b`, `c` (docs/replica-markup.md), `links` (several plain links, some hidden),
    `category` (only `data-category`) or `meta` (only `article:section`/`articleSection`)."""
    meta_description: bool = True
    """False: no `meta name=description` (og:description is the description)."""
    byline_visible: bool = True
    bio_box: bool = True
    comments: int = 0
    around_the_web: bool = False
    rebellt: bool = False
    google_ctas: int = 1
    audio: bool = False
    date_offset: str = "America/New_York"
    """How JSON-LD/meta write the instants: a zone name or a fixed offset like `+03:00`."""


@dataclass(kw_only=True)
class ArticleContent:
    index: int
    path: str
    elid: int
    title: str
    seo_title: str | None
    subtitle: str | None
    description: str
    section_label: str
    section_url: str
    section_slug: str
    article_type: str | None
    type_url: str | None
    authors: tuple[Byline, ...]
    published: datetime
    modified: datetime
    hero: Hero | None
    blocks: tuple[Block, ...]
    audio_url: str | None = None
    tags: tuple[TagRef, ...] = ()
    teasers: tuple[TeaserRef, ...] = ()
    next_article: tuple[str, str, str] | None = None
    """(url, headline, section label)."""
    related_links: tuple[InlineLink, ...] = ()
    """`.around-the-web` links (not outlinks: they are outside the body text)."""
    comments: tuple[tuple[str, str], ...] = ()
    """(commenter, text) pairs of the comments block."""
    forms: Forms = field(default_factory=Forms)
    pub: Publication
    og_description: str = ""
    """`og:description` (and JSON-LD's); differs from `description` on some pages."""
    section_links: tuple[SectionLink, ...] = ()
    """The several-link section line (form `links`), page order."""
    sidebar_teasers: tuple[TeaserRef, ...] = ()
    """A second related list, in the sidebar (after the foot list in page order)."""
