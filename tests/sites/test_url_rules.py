"""URL classification per site: what kind of page each URL is, by the shipped profiles
(docs/sites.md, "Which rule wins")."""

from __future__ import annotations

import pickle

import pytest

from newsarchive.sites import UrlKind, profile_named

RS = "https://responsiblestatecraft.org"
SPECTRUM = "https://spectrum.ieee.org"
A, L, I, F, S, O = (
    UrlKind.ARTICLE,
    UrlKind.LEGACY_ARTICLE,
    UrlKind.INDEX,
    UrlKind.FEED,
    UrlKind.SITEMAP,
    UrlKind.OTHER,
)

# (site, path, kind, index kind, is an article URL)
CASES = [
    ("responsiblestatecraft.org", "/diplomacy-watch-ukraine/", A, None, True),
    ("responsiblestatecraft.org", "/ukraine-russia", A, None, True),
    ("responsiblestatecraft.org", "/us-weapons-gaza/?utm_source=x", A, None, True),
    ("responsiblestatecraft.org", "/2022/06/24/diplomacy-watch-how", L, None, True),
    ("responsiblestatecraft.org", "/2021/07/02/revisionists-want/", L, None, True),
    ("responsiblestatecraft.org", "/2022/06/24/", O, None, False),
    ("responsiblestatecraft.org", "/", I, "home", False),
    ("responsiblestatecraft.org", "/?page=2", I, "home", False),
    ("responsiblestatecraft.org", "/qiosk/", I, "section", False),
    ("responsiblestatecraft.org", "/analysis/", I, "type", False),
    ("responsiblestatecraft.org", "/collections/ukraine-war/", O, None, False),
    ("responsiblestatecraft.org", "/military-industrial-complex/", I, "section", False),
    ("responsiblestatecraft.org", "/newsection/", I, "section", False),
    ("responsiblestatecraft.org", "/regions/middle-east/", I, "region", False),
    ("responsiblestatecraft.org", "/author/tparsi/", I, "author", False),
    ("responsiblestatecraft.org", "/tag/israel/?page=3", I, "tag", False),
    ("responsiblestatecraft.org", "/res/load_more_posts/data.js?pn=2", I, "load_more", False),
    ("responsiblestatecraft.org", "/sitemap.xml", S, None, False),
    ("responsiblestatecraft.org", "/feeds/sitemaps/sitemap_3.xml", S, None, False),
    ("responsiblestatecraft.org", "/feeds/sitemaps/sitemap_3.ggl", S, None, False),
    ("responsiblestatecraft.org", "/feeds/feed.rss", F, None, False),
    ("responsiblestatecraft.org", "/feeds/topic/qiosk.rss", F, None, False),
    ("responsiblestatecraft.org", "/feed/", F, None, False),
    ("responsiblestatecraft.org", "/about/", A, None, False),  # static: parser decides
    ("responsiblestatecraft.org", "/privacy-policy/", A, None, False),
    ("responsiblestatecraft.org", "/media-library/photo.jpg?id=3", O, None, False),
    ("responsiblestatecraft.org", "/search/?q=x", O, None, False),
    ("responsiblestatecraft.org", "/u/some-user/", O, None, False),
    ("responsiblestatecraft.org", "/author/", O, None, False),
    ("responsiblestatecraft.org", "/robots.txt", O, None, False),
    ("responsiblestatecraft.org", "/a-b/c-d/", O, None, False),
    ("spectrum.ieee.org", "/the-chip-that-changed-everything", A, None, True),
    ("spectrum.ieee.org", "/the-chip-that-changed-everything/", A, None, True),
    ("spectrum.ieee.org", "/robots", A, None, True),  # one segment: no hyphen needed
    ("spectrum.ieee.org", "/", I, "home", False),
    ("spectrum.ieee.org", "/topic/semiconductors/", I, "topic", False),
    ("spectrum.ieee.org", "/topic/semiconductors/?page=2", I, "topic", False),
    ("spectrum.ieee.org", "/type/news/", I, "type", False),
    ("spectrum.ieee.org", "/magazine/2024/may/", O, None, False),  # a collection
    ("spectrum.ieee.org", "/magazine", A, None, True),
    ("spectrum.ieee.org", "/u/jane-doe", I, "author", False),
    ("spectrum.ieee.org", "/tag/batteries", I, "tag", False),
    ("spectrum.ieee.org", "/about", A, None, False),
    ("spectrum.ieee.org", "/newsletters", A, None, False),
    ("spectrum.ieee.org", "/advertise", A, None, False),
    ("spectrum.ieee.org", "/feeds/feed.rss", F, None, False),
    ("spectrum.ieee.org", "/feeds/topic/energy.rss", F, None, False),
    ("spectrum.ieee.org", "/sitemaps.xml", S, None, False),
    ("spectrum.ieee.org", "/sitemaps/2024-05.xml", S, None, False),
    ("spectrum.ieee.org", "/topic/", O, None, False),
    ("spectrum.ieee.org", "/u/", O, None, False),
    ("spectrum.ieee.org", "/robots.txt", O, None, False),
    ("spectrum.ieee.org", "/media-library/photo.jpg?id=1", O, None, False),
    ("spectrum.ieee.org", "/2022/06/24/old-post", O, None, False),
    ("spectrum.ieee.org", "/author/someone/", O, None, False),  # RS's author path
]  # fmt: skip


def _base(site: str) -> str:
    return RS if site == "responsiblestatecraft.org" else SPECTRUM


@pytest.mark.parametrize(("site", "path", "kind", "index_kind", "article"), CASES)
def test_classify(site, path, kind, index_kind, article) -> None:
    profile = profile_named(site)
    url = _base(site) + path
    assert profile.classify(url) is kind
    assert profile.index_kind(url) == index_kind
    assert profile.is_article_url(url) is article


@pytest.mark.parametrize("site", ["responsiblestatecraft.org", "spectrum.ieee.org"])
@pytest.mark.parametrize(
    "url", ["mailto:some-one@example.org", "javascript:void-it()", "http://[::1"]
)
def test_other_schemes_and_broken_urls_are_nothing(site: str, url: str) -> None:
    assert profile_named(site).classify(url) is UrlKind.OTHER


@pytest.mark.parametrize(
    ("site", "path", "canonical"),
    [
        ("responsiblestatecraft.org", "/some-slug", "/some-slug/"),
        ("responsiblestatecraft.org", "/some-slug/", "/some-slug/"),
        ("spectrum.ieee.org", "/some-slug/", "/some-slug"),
        ("spectrum.ieee.org", "/some-slug", "/some-slug"),
        ("spectrum.ieee.org", "/topic/energy/", "/topic/energy/"),  # not an article
    ],
)
def test_canonical_article_path(site: str, path: str, canonical: str) -> None:
    assert profile_named(site).canonical_article_path(path) == canonical


@pytest.mark.parametrize(
    ("site", "path", "front"),
    [
        ("responsiblestatecraft.org", "/", True),
        ("responsiblestatecraft.org", "/qiosk/", True),
        ("responsiblestatecraft.org", "/regions/europe/", True),
        ("responsiblestatecraft.org", "/qiosk/?page=2", False),
        ("responsiblestatecraft.org", "/tag/israel/", False),
        ("responsiblestatecraft.org", "/author/tparsi/", False),
        ("responsiblestatecraft.org", "/some-article/", False),
        ("spectrum.ieee.org", "/", True),
        ("spectrum.ieee.org", "/topic/energy/", True),
        ("spectrum.ieee.org", "/type/news/?page=1", True),
        ("spectrum.ieee.org", "/type/news/?page=3", False),
        ("spectrum.ieee.org", "/u/jane-doe", False),
    ],
)
def test_front_pages_by_default(site: str, path: str, front: bool) -> None:
    assert profile_named(site).is_front_page(_base(site) + path) is front


def test_section_families_are_ranked_topic_first() -> None:
    spectrum = profile_named("spectrum.ieee.org")
    assert [family.name for family in spectrum.sections] == [
        "topic",
        "type",
        "collection",
    ]
    assert spectrum.section_rank(SPECTRUM + "/topic/energy/") == 0
    assert spectrum.section_rank(SPECTRUM + "/type/news/") == 1
    assert spectrum.section_rank(SPECTRUM + "/some-article") is None
    assert spectrum.section_family(SPECTRUM + "/type/news/").gives == "article_type"
    assert spectrum.section_family(SPECTRUM + "/topic/ai/").gives == "section"


def test_section_link_roles() -> None:
    spectrum = profile_named("spectrum.ieee.org")
    assert spectrum.section_link_role(SPECTRUM + "/topic/energy/") == "section"
    assert spectrum.section_link_role(SPECTRUM + "/type/news/") == "article_type"
    assert spectrum.section_link_role(SPECTRUM + "/some-article") is None
    assert spectrum.section_link_role(SPECTRUM + "/magazine/2024/may/") == "nothing"
    rs = profile_named("responsiblestatecraft.org")
    assert rs.section_link_role(RS + "/regions/europe/") == "section"
    assert rs.section_link_role(RS + "/analysis/") == "article_type"
    assert rs.section_link_role(RS + "/qiosk/") == "section"
    assert rs.section_link_role(RS + "/collections/ukraine-war/") == "nothing"


def test_a_profile_pickles_and_keeps_its_rules() -> None:
    spectrum = profile_named("spectrum.ieee.org")
    spectrum.classify(SPECTRUM + "/topic/energy/")  # builds its memoised rules
    assert spectrum.is_front_page(SPECTRUM + "/")
    copy = pickle.loads(pickle.dumps(spectrum))
    assert copy == spectrum and hash(copy) == hash(spectrum)
    assert copy.index_kind(SPECTRUM + "/type/news/") == "type"
    assert copy.is_front_page(SPECTRUM + "/topic/energy/")
