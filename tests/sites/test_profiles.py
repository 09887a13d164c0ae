"""Loading site profiles: the shipped ones, a user's file, and files that are wrong
(each refused with one line naming the field)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.sites import (
    DEFAULT_SITE,
    ProfileError,
    UnknownSite,
    UrlKind,
    builtin_profiles,
    load_profile_file,
    load_profile_text,
    profile_for_url,
    profile_named,
)

MINIMAL = """
name = "example.org"
display_name = "Example News"
host = "example.org"
start_url = "https://www.example.org/"
language = "en"

[urls]
article = ["/story/{slug}/"]

[feeds]
main = "/feeds/feed.rss"

[sitemaps]
index = "/sitemap.xml"
"""


def test_shipped_profiles() -> None:
    assert [profile.name for profile in builtin_profiles()] == [
        "responsiblestatecraft.org",
        "spectrum.ieee.org",
    ]
    assert DEFAULT_SITE == "responsiblestatecraft.org"


def test_responsible_statecraft_profile() -> None:
    rs = profile_named("responsiblestatecraft.org")
    assert rs.display_name == "Responsible Statecraft"
    assert rs.host == "responsiblestatecraft.org"
    assert rs.start_url == "https://responsiblestatecraft.org/"
    assert rs.main_feed == "/feeds/feed.rss"
    assert rs.sitemap_index == "/sitemap.xml"
    assert rs.title_suffix == " | Responsible Statecraft"


def test_spectrum_profile_contract() -> None:
    """The contract the Spectrum replica is built from."""
    spectrum = profile_named("spectrum.ieee.org")
    assert spectrum.display_name == "IEEE Spectrum"
    assert spectrum.host == "spectrum.ieee.org"
    assert spectrum.start_url == "https://spectrum.ieee.org/"
    assert spectrum.language == "en"
    assert spectrum.title_suffix == " - IEEE Spectrum"
    assert spectrum.urls.article == ("/{slug}",)
    assert [(f.name, f.paths) for f in spectrum.sections] == [
        ("topic", ("/topic/{slug}/",)),
        ("type", ("/type/{slug}/",)),
        ("collection", ("/{collection_root}/{rest}/",)),
    ]
    assert spectrum.urls.author == ("/u/{handle}",)
    assert spectrum.urls.tag == ("/tag/{slug}",)
    assert spectrum.urls.static == (
        "/about", "/contact", "/newsletters", "/privacy", "/terms", "/advertise",
    )  # fmt: skip
    assert spectrum.main_feed == "/feeds/feed.rss"
    assert spectrum.sections[0].feed == "/feeds/topic/{slug}.rss"
    assert spectrum.sitemap_index == "/sitemaps.xml"
    assert spectrum.sitemaps == ("/sitemaps/{yyyy}-{mm}.xml",)


def test_profile_for_url() -> None:
    assert (
        profile_for_url("https://www.spectrum.ieee.org/x").name == "spectrum.ieee.org"
    )
    assert profile_for_url("https://RESPONSIBLESTATECRAFT.org/").name == DEFAULT_SITE
    assert profile_for_url("http://127.0.0.1:8000/") is None


def test_unknown_name() -> None:
    with pytest.raises(UnknownSite, match="no site profile named 'nope'.*known: "):
        profile_named("nope")


def test_user_file(tmp_path: Path) -> None:
    path = tmp_path / "example.toml"
    path.write_text(
        MINIMAL.replace(
            'language = "en"', 'language = "en"\nfront_pages = ["/", "/world/"]'
        )
        + """
[[sections]]
name = "desk"
paths = ["/{slug}/"]

[selectors]
section = "div.kicker a"
"""
    )
    profile = load_profile_file(path)
    assert profile.name == "example.org"
    assert profile.host == "example.org"
    assert profile.source == str(path)
    assert profile.classify("https://example.org/story/big-news") is UrlKind.ARTICLE
    assert profile.canonical_article_path("/story/big-news") == "/story/big-news/"
    assert profile.index_kind("https://example.org/world/") == "desk"
    assert profile.is_front_page("https://example.org/world/")
    assert not profile.is_front_page("https://example.org/sport/")
    assert profile.selectors["section"] == "div.kicker a"


def _with(extra: str) -> str:
    return MINIMAL + "\n" + extra


@pytest.mark.parametrize(
    ("text", "field", "says"),
    [
        ("name = ", "", "not valid TOML"),
        (_with('colour = "red"'), "sitemaps.colour", "unknown key"),
        ('colour = "red"\n' + MINIMAL, "colour", "unknown key"),
        (MINIMAL.replace('name = "example.org"', ""), "name", "missing"),
        (MINIMAL.replace('"example.org"', '"Example Org"', 1), "name", "lower-case"),
        (MINIMAL.replace('display_name = "Example News"', "display_name = 3"),
         "display_name", "must be a string"),
        (MINIMAL.replace('host = "example.org"', 'host = "https://example.org/"'),
         "host", "not a host name"),
        (MINIMAL.replace('"https://www.example.org/"', '"https://other.org/"'),
         "start_url", "is not the profile's"),
        (MINIMAL.replace('"https://www.example.org/"', '"ftp://example.org/"'),
         "start_url", "not an http(s) URL"),
        (MINIMAL.replace('language = "en"', 'language = "english!"'),
         "language", "language tag"),
        (MINIMAL.replace('article = ["/story/{slug}/"]', "article = []"),
         "urls.article", "empty"),
        (MINIMAL.replace('article = ["/story/{slug}/"]', 'article = "/{slug}"'),
         "urls.article", "must be a list"),
        (MINIMAL.replace('["/story/{slug}/"]', '["/story/{slugg}/"]'),
         "urls.article[0]", "unknown placeholder {slugg}"),
        (MINIMAL.replace('["/story/{slug}/"]', '["story/{slug}"]'),
         "urls.article[0]", "starts with '/'"),
        (MINIMAL.replace('["/story/{slug}/"]', '["/story/{slug"]'),
         "urls.article[0]", "brace"),
        (MINIMAL.replace("[urls]", '[urls]\nauthr = ["/a/{handle}"]'),
         "urls.authr", "unknown key"),
        (MINIMAL.replace("[urls]", '[urls.placeholders]\nx = "(a|b)"\n[urls]'),
         "urls.placeholders.x", "cannot have groups"),
        (MINIMAL.replace("[urls]", '[urls.placeholders]\nx = "[a-"\n[urls]'),
         "urls.placeholders.x", "not a regular expression"),
        (MINIMAL.replace('main = "/feeds/feed.rss"', ""), "feeds.main", "missing"),
        (MINIMAL.replace("[sitemaps]\nindex", "[sitemaps]\nindx"),
         "sitemaps.indx", "unknown key"),
        (MINIMAL.replace("[feeds]", "[feedz]"), "feedz", "unknown key"),
        (MINIMAL.replace('[feeds]\nmain = "/feeds/feed.rss"', ""), "feeds", "missing"),
        (_with('[[sections]]\nname = "tag"\npaths = ["/t/{slug}"]'),
         "sections[0].name", "taken"),
        (_with('[[sections]]\nname = "desk"\npaths = []'),
         "sections[0].paths", "empty"),
        (_with('[[sections]]\nname = "desk"\npaths = ["/d/{slug}"]\ngives = "x"'),
         "sections[0].gives", "must be one of"),
        (_with("[selectors]\nsection = 'div[['"), "selectors.section",
         "not a CSS selector"),
        (_with("[selectors]\ncolour = 'div'"), "selectors.colour", "unknown field"),
        (MINIMAL.replace('language = "en"', 'language = "en"\nfront_pages = ["world"]'),
         "front_pages[0]", "must be a path"),
    ],
)  # fmt: skip
def test_bad_profiles_name_the_field(text: str, field: str, says: str) -> None:
    with pytest.raises(ProfileError) as raised:
        load_profile_text(text, source="site.toml")
    error = raised.value
    assert error.field == field
    assert says in error.problem
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"site.toml: {field}: " if field else "site.toml: ")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xff\xfe not text", "not UTF-8"),
        (b"", "missing"),
        (b"x" * (1024 * 1024 + 10), "too big"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "site.toml"
    path.write_bytes(content)
    with pytest.raises(ProfileError, match=says):
        load_profile_file(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read it"):
        load_profile_file(tmp_path / "nope.toml")
    with pytest.raises(ProfileError, match="cannot read it"):
        load_profile_file(tmp_path)


def test_the_example_in_docs_is_the_shipped_spectrum_profile() -> None:
    docs = Path(__file__).parents[2] / "docs" / "sites.md"
    example = docs.read_text(encoding="utf-8").split("```toml\n", 1)[1].split("```")[0]
    documented = load_profile_text(example, source="docs/sites.md")
    assert documented == profile_named("spectrum.ieee.org")
