"""Reading site profiles from TOML, checked field by field (docs/sites.md).

The shipped profiles are TOML files in `newsarchive/sites/profiles/`; a user adds one
with `--site-file PATH`. Every problem is a `ProfileError` whose message names the file
and the field (`urls.article[0]`), in one line.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol
from urllib.parse import urlsplit

from cssselect import SelectorError
from parsel.csstranslator import HTMLTranslator

from newsarchive.sites.profile import (
    SECTION_FIELDS,
    SectionFamily,
    SiteProfile,
    UrlRules,
)
from newsarchive.sites.templates import (
    BUILTIN_PLACEHOLDERS,
    TemplateError,
    compile_template,
    placeholder_pattern,
)

DEFAULT_SITE = "responsiblestatecraft.org"
PROFILES_FOLDER = "profiles"
MAX_PROFILE_BYTES = 1024 * 1024

SELECTOR_FIELDS = frozenset({"title", "subtitle", "description", "section", "body"})
"""Fields a profile may give its own CSS selector for (newsarchive/extraction/
overrides.py reads them)."""
RESERVED_INDEX_KINDS = frozenset({"home", "load_more", "author", "tag"})

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_HOST = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_FAMILY = re.compile(r"^[a-z][a-z0-9_-]*$")

_TOP_KEYS = {
    "name", "display_name", "host", "start_url", "language", "title_suffix",
    "front_pages", "urls", "sections", "feeds", "sitemaps", "selectors",
}  # fmt: skip
_URL_KEYS = {
    "article", "legacy_article", "static", "ignore", "author", "tag", "load_more",
    "placeholders",
}  # fmt: skip
_SECTION_KEYS = {"name", "paths", "gives", "feed"}
_FEED_KEYS = {"main", "other"}
_SITEMAP_KEYS = {"index", "children"}


class ProfileError(ValueError):
    """A site profile that cannot be used; the message is one line naming the
    file and the field."""

    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source = source
        self.field = field
        self.problem = problem
        where = f"{source}: {field}" if field else source
        super().__init__(f"{where}: {problem}")


class UnknownSite(LookupError):
    """No known profile has that name (the message lists the known ones)."""


class SettingsLike(Protocol):
    def get(self, name: str, default: Any = None) -> Any: ...


# --- reading -----------------------------------------------------------------------


def load_profile_file(path: str | Path) -> SiteProfile:
    """The profile in the TOML file at `path`; `ProfileError` when it cannot be read
    or is not a valid profile."""
    source = str(path)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_PROFILE_BYTES + 1)
    except OSError as error:
        raise ProfileError(source, "", f"cannot read it ({error.strerror})") from None
    if len(data) > MAX_PROFILE_BYTES:
        raise ProfileError(source, "", "too big for a site profile (over 1 MB)")
    return load_profile_text(data, source=source)


def load_profile_text(data: bytes | str, *, source: str) -> SiteProfile:
    """The profile in TOML text `data`; `source` names it in error messages."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ProfileError(source, "", "not UTF-8 text (a TOML file?)") from None
    try:
        table = tomllib.loads(data)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(source, "", f"not valid TOML ({error})") from None
    return _Reader(source).profile(table)


@functools.cache
def builtin_profiles() -> tuple[SiteProfile, ...]:
    """The profiles shipped in the package, by name."""
    folder = resources.files("newsarchive.sites").joinpath(PROFILES_FOLDER)
    profiles = [
        load_profile_text(entry.read_bytes(), source=entry.name)
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name)
        if entry.name.endswith(".toml")
    ]
    return tuple(sorted(profiles, key=lambda profile: profile.name))


def profile_named(name: str) -> SiteProfile:
    """The shipped profile called `name`; `UnknownSite` when there is none."""
    for profile in builtin_profiles():
        if profile.name == name:
            return profile
    known = ", ".join(profile.name for profile in builtin_profiles())
    raise UnknownSite(
        f"no site profile named {name!r} (known: {known}; `newsarchive sites` lists "
        "them, --site-file PATH adds one)"
    )


def profile_for_url(url: str) -> SiteProfile | None:
    """The shipped profile whose host `url` is on, or None."""
    for profile in builtin_profiles():
        if profile.is_on_host(url):
            return profile
    return None


def default_profile() -> SiteProfile:
    return profile_named(DEFAULT_SITE)


def profile_from_settings(settings: SettingsLike) -> SiteProfile:
    """The profile a crawl's settings name: the file `NEWSARCHIVE_SITE_FILE`, else the
    shipped profile `NEWSARCHIVE_SITE` (default responsiblestatecraft.org). Raises
    `ProfileError` or `UnknownSite`."""
    path = settings.get("NEWSARCHIVE_SITE_FILE") or None
    if path is not None:
        return _cached_file_profile(Path(path).expanduser().resolve())
    return profile_named(settings.get("NEWSARCHIVE_SITE") or DEFAULT_SITE)


def _cached_file_profile(path: Path) -> SiteProfile:
    """One profile object per file version: a crawl's spider, middlewares and
    extensions each ask for it, and share its memoised URL rules."""
    try:
        stat = path.stat()
    except OSError:
        return load_profile_file(path)  # says why, in one line
    return _file_profile(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _file_profile(path: Path, mtime_ns: int, size: int) -> SiteProfile:
    return load_profile_file(path)


# --- checking ----------------------------------------------------------------------


class _Reader:
    """Turns a parsed TOML table into a `SiteProfile`, naming the field of the first
    problem it meets."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, field: str, problem: str) -> ProfileError:
        return ProfileError(self.source, field, problem)

    def profile(self, table: dict[str, Any]) -> SiteProfile:
        self.keys(table, _TOP_KEYS, "")
        name = self.text(table, "name", check=_NAME, what="a lower-case name")
        display_name = self.text(table, "display_name")
        host = self.host(table)
        start_url = self.start_url(table, host)
        language = self.text(
            table, "language", check=_LANGUAGE, what="a language tag such as en"
        )
        title_suffix = self.text(table, "title_suffix", required=False, strip=False)
        front_pages = self.front_pages(table)
        urls_table = self.table(table, "urls", required=True)
        placeholders = self.placeholders(urls_table)
        templates = {**BUILTIN_PLACEHOLDERS, **placeholders}
        self.keys(urls_table, _URL_KEYS, "urls")

        def paths(where: dict, key: str, field: str, *, required: bool = False):
            return self.templates(where, key, field, templates, required=required)

        urls = UrlRules(
            article=paths(urls_table, "article", "urls.article", required=True),
            legacy_article=paths(urls_table, "legacy_article", "urls.legacy_article"),
            static=paths(urls_table, "static", "urls.static"),
            ignore=paths(urls_table, "ignore", "urls.ignore"),
            author=paths(urls_table, "author", "urls.author"),
            tag=paths(urls_table, "tag", "urls.tag"),
            load_more=paths(urls_table, "load_more", "urls.load_more"),
            placeholders=MappingProxyType(placeholders),
        )
        feeds = self.table(table, "feeds", required=True)
        self.keys(feeds, _FEED_KEYS, "feeds")
        sitemaps = self.table(table, "sitemaps", required=True)
        self.keys(sitemaps, _SITEMAP_KEYS, "sitemaps")
        profile = SiteProfile(
            name=name,
            display_name=display_name,
            host=host,
            start_url=start_url,
            language=language,
            title_suffix=title_suffix,
            urls=urls,
            sections=self.sections(table, templates),
            main_feed=self.template(feeds, "main", "feeds.main", templates),
            feeds=paths(feeds, "other", "feeds.other"),
            sitemap_index=self.template(sitemaps, "index", "sitemaps.index", templates),
            sitemaps=paths(sitemaps, "children", "sitemaps.children"),
            front_pages=front_pages,
            selectors=self.selectors(table),
            source=self.source,
        )
        try:
            profile.classify(profile.start_url)  # compiles the rules as one expression
        except Exception as error:  # noqa: BLE001 - re reports assorted limits
            raise self.fail("urls", f"the rules do not compile ({error})") from None
        return profile

    # --- fields ----------------------------------------------------------------------

    def keys(self, table: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            field = f"{prefix}.{unknown[0]}" if prefix else unknown[0]
            raise self.fail(
                field, f"unknown key (known here: {', '.join(sorted(allowed))})"
            )

    def table(self, table: dict, key: str, *, required: bool = False) -> dict:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(key, "missing: every profile has this table")
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table ([{key}]), not {_kind(value)}")
        return value

    def text(
        self,
        table: dict,
        key: str,
        *,
        field: str | None = None,
        required: bool = True,
        check: re.Pattern | None = None,
        what: str = "",
        strip: bool = True,
    ) -> str:
        field = field or key
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(field, "missing")
            return ""
        if not isinstance(value, str):
            raise self.fail(field, f"must be a string, not {_kind(value)}")
        if strip:
            value = value.strip()
            if not value:
                raise self.fail(field, "must not be empty")
        if check is not None and not check.match(value):
            raise self.fail(field, f"{value!r} is not {what}")
        return value

    def host(self, table: dict) -> str:
        host = self.text(table, "host").lower().removeprefix("www.")
        if not _HOST.match(host):
            raise self.fail(
                "host",
                f"{host!r} is not a host name (write it alone: no scheme, port or "
                "path, e.g. spectrum.ieee.org)",
            )
        return host

    def start_url(self, table: dict, host: str) -> str:
        url = self.text(table, "start_url")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self.fail("start_url", f"{url!r} is not an http(s) URL")
        start_host = parts.hostname.lower().removeprefix("www.")
        if start_host != host:
            raise self.fail(
                "start_url", f"its host {start_host!r} is not the profile's {host!r}"
            )
        return url

    def placeholders(self, urls_table: dict) -> dict[str, str]:
        raw = self.table(urls_table, "placeholders")
        patterns = {}
        for name, value in raw.items():
            field = f"urls.placeholders.{name}"
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                raise self.fail(field, "a placeholder's name is letters, digits and _")
            if not isinstance(value, (str, list)) or (
                isinstance(value, list)
                and not all(isinstance(word, str) for word in value)
            ):
                raise self.fail(
                    field, "must be a regular expression or a list of words"
                )
            try:
                patterns[name] = placeholder_pattern(value)
            except TemplateError as error:
                raise self.fail(field, str(error)) from None
        return patterns

    def template(
        self, table: dict, key: str, field: str, placeholders: Mapping[str, str]
    ) -> str:
        text = self.text(table, key, field=field)
        try:
            compile_template(text, placeholders)
        except TemplateError as error:
            raise self.fail(field, str(error)) from None
        return text

    def templates(
        self,
        table: dict,
        key: str,
        field: str,
        placeholders: Mapping[str, str],
        *,
        required: bool = False,
    ) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(field, "missing: give at least one path template")
            return ()
        if not isinstance(value, list):
            raise self.fail(field, f"must be a list of paths, not {_kind(value)}")
        if required and not value:
            raise self.fail(field, "empty: give at least one path template")
        for position, text in enumerate(value):
            self.template({key: text}, key, f"{field}[{position}]", placeholders)
        return tuple(value)

    def sections(
        self, table: dict, placeholders: Mapping[str, str]
    ) -> tuple[SectionFamily, ...]:
        value = table.get("sections", [])
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            raise self.fail(
                "sections", "must be an array of tables ([[sections]] blocks)"
            )
        families: list[SectionFamily] = []
        for position, entry in enumerate(value):
            where = f"sections[{position}]"
            self.keys(entry, _SECTION_KEYS, where)
            name = self.text(
                entry, "name", field=f"{where}.name", check=_FAMILY,
                what="a lower-case word (topic, type, region...)",
            )  # fmt: skip
            if name in RESERVED_INDEX_KINDS or name in {f.name for f in families}:
                raise self.fail(f"{where}.name", f"{name!r} is taken")
            gives = self.text(entry, "gives", field=f"{where}.gives", required=False)
            if gives and gives not in SECTION_FIELDS:
                raise self.fail(
                    f"{where}.gives", f"must be one of {', '.join(SECTION_FIELDS)}"
                )
            feed = None
            if "feed" in entry:
                feed = self.template(entry, "feed", f"{where}.feed", placeholders)
            families.append(
                SectionFamily(
                    name=name,
                    paths=self.templates(
                        entry, "paths", f"{where}.paths", placeholders, required=True
                    ),
                    gives=gives or "section",
                    feed=feed,
                )
            )
        return tuple(families)

    def front_pages(self, table: dict) -> tuple[str, ...]:
        value = table.get("front_pages", [])
        if not isinstance(value, list):
            raise self.fail(
                "front_pages", f"must be a list of paths, not {_kind(value)}"
            )
        for position, path in enumerate(value):
            if not isinstance(path, str) or not path.startswith("/") or "{" in path:
                raise self.fail(
                    f"front_pages[{position}]", "must be a path such as /topic/energy/"
                )
        return tuple(value)

    def selectors(self, table: dict) -> Mapping[str, str]:
        raw = self.table(table, "selectors")
        translate: Callable[[str], str] = HTMLTranslator().css_to_xpath
        for name, css in raw.items():
            field = f"selectors.{name}"
            if name not in SELECTOR_FIELDS:
                raise self.fail(
                    field,
                    f"unknown field (known: {', '.join(sorted(SELECTOR_FIELDS))})",
                )
            if not isinstance(css, str) or not css.strip():
                raise self.fail(field, "must be a CSS selector")
            try:
                translate(css)
            except SelectorError as error:
                raise self.fail(field, f"not a CSS selector ({error})") from None
        return MappingProxyType(dict(raw))


def _kind(value: Any) -> str:
    names = {
        bool: "a boolean", int: "a number", float: "a number", str: "a string",
        list: "a list", dict: "a table",
    }  # fmt: skip
    return names.get(type(value), type(value).__name__)
