"""`SiteProfile`: one RebelMouse publication described as data (docs/sites.md).

The profile names the site (name, display name, host, start URL, language, title
suffix), spells its URL rules as path templates (`newsarchive.sites.templates`), says
where its feeds and sitemaps are, which section links give an article its section, which
index pages are its front pages, and any selector overrides. Its methods only read that
data: what kind of page a URL is (`classify`, `index_kind`), the canonical form of an
article URL, whether a page is a front page. The crawler's parts (spider, incremental
planner, failure recorder) and the parsers all take one profile and ask it; none holds a
site's constants of its own.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import parse_qs, urljoin, urlsplit

from newsarchive.sites.templates import (
    BUILTIN_PLACEHOLDERS,
    PathTemplate,
    compile_template,
    path_for_matching,
)
from newsarchive.urls import host_of


class UrlKind(enum.Enum):
    """What the crawler does with a URL."""

    ARTICLE = "article"
    """Fetched and parsed as an article (a static page too: the parser says it is not
    one, and it is counted as skipped)."""
    LEGACY_ARTICLE = "legacy_article"
    """An old article URL, fetched as it is and resolved by the site's redirect."""
    INDEX = "index"
    FEED = "feed"
    SITEMAP = "sitemap"
    OTHER = "other"
    """Not crawled."""


_CACHED = frozenset({"_matcher", "_front_paths", "listing_kinds"})
"""A profile's memoised attributes (cached_property): rebuilt after unpickling."""


class _Picklable:
    """Pickled without its memoised parts and with its read-only mappings as dicts
    (a profile travels to worker processes); restored as it was."""

    _MAPPINGS: tuple[str, ...] = ()

    def __getstate__(self) -> dict:
        state = {
            name: value for name, value in self.__dict__.items() if name not in _CACHED
        }
        for name in self._MAPPINGS:
            state[name] = dict(state[name])
        return state

    def __setstate__(self, state: dict) -> None:
        for name in self._MAPPINGS:
            state[name] = MappingProxyType(state[name])
        self.__dict__.update(state)


SECTION_FIELDS = ("section", "article_type", "nothing")
"""What a section family's links give an article (`nothing`: collection and issue
listings, never a post's section)."""


@dataclass(frozen=True, kw_only=True)
class SectionFamily:
    """One kind of section listing, e.g. IEEE Spectrum's topics (`/topic/<slug>/`)."""

    name: str
    """Also the index kind of its pages (`newsarchive/index_pages/<name>` counts)."""
    paths: tuple[str, ...]
    gives: str = "section"
    """`section`, `article_type` (a type listing such as `/type/news/`) or `nothing`
    (a collection or an issue: never the section, and not crawled)."""
    feed: str | None = None
    """Path template of one listing's feed, e.g. `/feeds/topic/{slug}.rss`."""


@dataclass(frozen=True, kw_only=True)
class UrlRules(_Picklable):
    """Path templates per kind of page (docs/sites.md, "URL rules")."""

    _MAPPINGS = ("placeholders",)

    article: tuple[str, ...]
    legacy_article: tuple[str, ...] = ()
    static: tuple[str, ...] = ()
    """Pages that are not articles but are fetched (the parser decides: `/about`)."""
    ignore: tuple[str, ...] = ()
    """Never crawled (tried before every rule but feeds and sitemaps)."""
    author: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()
    load_more: tuple[str, ...] = ()
    placeholders: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    """The profile's own placeholders: name -> regular expression."""


@dataclass(frozen=True, kw_only=True)
class UrlMatch:
    """Which rule a URL matched."""

    role: str
    """`sitemap`, `feed`, `ignore`, `static`, `legacy_article`, `home`, `load_more`,
    `section`, `author`, `tag` or `article`."""
    kind: UrlKind
    index_kind: str | None
    """`home`, `load_more`, a section family's name, `author` or `tag`; None when the
    page is not an index page."""
    template: PathTemplate | None
    family: SectionFamily | None = None


@dataclass(frozen=True, kw_only=True)
class SiteProfile(_Picklable):
    _MAPPINGS = ("selectors",)

    name: str
    """Stored as each article's `site` (`responsiblestatecraft.org`)."""
    display_name: str
    host: str
    """Lower case, without `www.` and port."""
    start_url: str
    language: str
    title_suffix: str = ""
    """What the site appends to its `<title>`, e.g. ` - IEEE Spectrum`."""
    urls: UrlRules
    sections: tuple[SectionFamily, ...] = ()
    """Section families, best first: a post's section comes from the first family it
    links to (topic links before type links)."""
    main_feed: str
    feeds: tuple[str, ...] = ()
    """Other feed path templates (besides the main feed and the section feeds)."""
    sitemap_index: str
    """Asked for when robots.txt names no sitemap."""
    sitemaps: tuple[str, ...] = ()
    """Path templates of the sitemaps the index lists."""
    front_pages: tuple[str, ...] = ()
    """Paths of the index pages whose first page is read on every run and whose
    placements are recorded; empty: the home page and the first page of every
    section listing."""
    selectors: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    """Field name -> CSS selector that replaces the platform's for that field."""
    source: str = field(default="", compare=False, hash=False)
    """Where the profile was read from (a shipped file's name, or a path)."""

    def __hash__(self) -> int:
        # Equal profiles have equal names and hosts. Hashing only those keeps cheap the
        # memoised functions that take a profile with every URL (spiders/discovery.py).
        return hash((self.name, self.host))

    @functools.cached_property
    def _matcher(self) -> _Matcher:
        # Built once per profile (cached_property writes the instance's __dict__, which
        # a frozen dataclass allows).
        return _Matcher(self)

    @functools.cached_property
    def _front_paths(self) -> frozenset[str]:
        return frozenset(path_for_matching(path).lower() for path in self.front_pages)

    # --- where things are ------------------------------------------------------------

    def url(self, path: str, base_url: str | None = None) -> str:
        """`path` on the site, or on `base_url` (a replica serving the site)."""
        return urljoin(base_url or self.start_url, path)

    def is_on_host(self, url: str) -> bool:
        """Whether `url` is on the profile's host (`www.` and case ignored)."""
        return host_of(url) == self.host

    # --- what a URL is ---------------------------------------------------------------

    def match(self, url: str) -> UrlMatch | None:
        """The rule `url` matches (by its path), or None."""
        return self._matcher.match(url)

    def classify(self, url: str) -> UrlKind:
        """What kind of page `url` is, from its path alone."""
        found = self.match(url)
        return found.kind if found is not None else UrlKind.OTHER

    def index_kind(self, url: str) -> str | None:
        """`home`, `load_more`, a section family's name, `author` or `tag` for index
        pages; None for anything else (articles, feeds, static pages)."""
        found = self.match(url)
        return found.index_kind if found is not None else None

    def is_article_url(self, url: str) -> bool:
        """An article's URL (current or legacy form); static pages are not."""
        found = self.match(url)
        return found is not None and found.role in ("article", "legacy_article")

    def section_family(self, url: str) -> SectionFamily | None:
        """The section family of a listing's URL, or None."""
        found = self.match(url)
        return found.family if found is not None else None

    def section_rank(self, url: str) -> int | None:
        """Where a section link's family stands in `sections` (0: best), None for a
        URL that is no section listing: of a post's links that give its section, the
        parser takes the best-ranked one."""
        family = self.section_family(url)
        return self.sections.index(family) if family is not None else None

    def section_link_role(self, url: str) -> str | None:
        """What a link in a post's section line gives it: `section`, `article_type`
        or `nothing`; None for a URL that is no section listing of this site."""
        family = self.section_family(url)
        return family.gives if family is not None else None

    def canonical_article_path(self, path: str) -> str:
        """An article path in the site's canonical form: with or without its trailing
        slash as the matching article template has it."""
        found = self._matcher.match_path(path)
        if found is None or found.template is None or found.kind is not UrlKind.ARTICLE:
            return path
        bare = path_for_matching(path)
        return bare + "/" if found.template.trailing_slash else bare

    def is_front_page(self, url: str) -> bool:
        """The first page of a front page (see `front_pages`)."""
        parts = urlsplit(url)
        if parse_qs(parts.query).get("page", ["1"])[-1] != "1":
            return False
        if self.front_pages:
            return path_for_matching(parts.path).lower() in self._front_paths
        return self.index_kind(url) in {"home", *self.listing_kinds}

    @functools.cached_property
    def listing_kinds(self) -> tuple[str, ...]:
        """Index kinds of the section families that are crawled (all but those that
        give `nothing`)."""
        return tuple(s.name for s in self.sections if s.gives != "nothing")


_ROLE_KINDS: dict[str, tuple[UrlKind, str | None]] = {
    "sitemap": (UrlKind.SITEMAP, None),
    "feed": (UrlKind.FEED, None),
    "ignore": (UrlKind.OTHER, None),
    "static": (UrlKind.ARTICLE, None),
    "legacy_article": (UrlKind.LEGACY_ARTICLE, None),
    "home": (UrlKind.INDEX, "home"),
    "load_more": (UrlKind.INDEX, "load_more"),
    "author": (UrlKind.INDEX, "author"),
    "tag": (UrlKind.INDEX, "tag"),
    "section": (UrlKind.INDEX, None),  # the family's name is the index kind
    "article": (UrlKind.ARTICLE, None),
}


class _Matcher:
    """The profile's templates as one regular expression whose alternatives are
    tried in the order of docs/sites.md ("Which rule wins"); the first that matches
    decides. Memoised per URL: index pages repeat the same links on every page."""

    def __init__(self, profile: SiteProfile) -> None:
        placeholders = {**BUILTIN_PLACEHOLDERS, **profile.urls.placeholders}
        rules: list[UrlMatch] = []
        alternatives: list[str] = []

        def add(role: str, paths, family: SectionFamily | None = None) -> None:
            for text in paths:
                template = compile_template(text, placeholders)
                kind, index_kind = _ROLE_KINDS[role]
                if family is not None and family.gives == "nothing":
                    kind = UrlKind.OTHER  # a collection: never crawled
                elif family is not None:
                    index_kind = family.name
                alternatives.append(f"(?P<r{len(rules)}>{template.pattern})")
                rules.append(
                    UrlMatch(
                        role=role,
                        kind=kind,
                        index_kind=index_kind,
                        template=template,
                        family=family,
                    )
                )

        urls = profile.urls
        add("sitemap", (profile.sitemap_index, *profile.sitemaps))
        family_feeds = [s.feed for s in profile.sections if s.feed]
        add("feed", (profile.main_feed, *family_feeds, *profile.feeds))
        add("ignore", urls.ignore)
        add("static", urls.static)
        add("legacy_article", urls.legacy_article)
        add("home", ("/",))
        add("load_more", urls.load_more)
        for family in profile.sections:
            add("section", family.paths, family)
        add("author", urls.author)
        add("tag", urls.tag)
        add("article", urls.article)
        self.rules = rules
        self.regex = re.compile(
            "^(?:" + "|".join(alternatives) + ")$", re.IGNORECASE | re.DOTALL
        )
        self.match = functools.lru_cache(maxsize=8192)(self._match)
        self.match_path = functools.lru_cache(maxsize=1024)(self._match_path)

    def _match(self, url: str) -> UrlMatch | None:
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return None
        if parts.scheme and parts.scheme.lower() not in ("http", "https"):
            return None
        return self._match_path(parts.path)

    def _match_path(self, path: str) -> UrlMatch | None:
        found = self.regex.match(path_for_matching(path))
        if found is None or found.lastgroup is None:
            return None
        return self.rules[int(found.lastgroup[1:])]
