"""Article filters shared by search, list, stats and export: site, section, author, tag,
dates.

Filter values are resolved against the archive's vocabularies first, so a misspelt
section gets a clear error naming the sections that exist instead of an empty result.
Names are compared in Python against the vocabulary rows (a site's sections, authors and
tags are a few thousand rows at most): case-insensitively and Unicode-aware, and always
as the literal text the user gave (`%` and `_` are characters, not wildcards). What goes
into SQL are ids and bound parameters, never user text. An empty value is a mistake (it
would otherwise match nothing or everything), and so is one longer than any name an
archive holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newsarchive.query.database import Connection, fetch_all, fetch_value
from newsarchive.query.dialect import instant_param
from newsarchive.query.errors import BadDate, BadFilter, UnknownValue

# How many existing names an "unknown section" error lists.
SUGGESTIONS = 8
MAX_FILTER_LENGTH = 500
"""Longer than any section, author, tag or site name."""


@dataclass(frozen=True, kw_only=True)
class ArticleFilters:
    site: str | None = None
    section: str | None = None
    author: str | None = None
    tag: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    """Exclusive end (see `newsarchive.query.dates`)."""

    def __post_init__(self) -> None:
        for name in ("site", "section", "author", "tag"):
            check_filter_text(name, getattr(self, name))
        if self.since and self.until and self.since >= self.until:
            raise BadDate(
                f"--since ({self.since:%Y-%m-%d %H:%M}) is not before --until "
                f"({self.until:%Y-%m-%d %H:%M}): no article can match; swap them"
            )

    def is_empty(self) -> bool:
        return not any(
            value is not None
            for value in (
                self.site,
                self.section,
                self.author,
                self.tag,
                self.since,
                self.until,
            )
        )

    def described(self) -> list[str]:
        """The filters as short phrases (`section QiOSK`, `since 2023-11-01`)."""
        phrases = [
            f"{name} {value}"
            for name, value in (
                ("site", self.site),
                ("section", self.section),
                ("author", self.author),
                ("tag", self.tag),
            )
            if value is not None
        ]
        if self.since is not None:
            phrases.append(f"since {self.since:%Y-%m-%d}")
        if self.until is not None:
            phrases.append(f"until {self.until:%Y-%m-%d}")
        return phrases


_LISTED_BY = {"site": "newsarchive stats --by site"}


def check_filter_text(name: str, value: str | None) -> None:
    """Refuse an empty or absurdly long filter value (`BadFilter`)."""
    if value is None:
        return
    listing = _LISTED_BY.get(name, f"newsarchive {name}s")
    if not value.strip():
        raise BadFilter(
            f"--{name} is empty: give one as `{listing}` lists them, "
            f"or leave --{name} out for every {name}"
        )
    if len(value) > MAX_FILTER_LENGTH:
        article = "an" if name[0] in "aeiou" else "a"
        raise BadFilter(
            f"--{name} is {len(value):,} characters long; {article} {name} has at "
            f"most {MAX_FILTER_LENGTH}: give its name as `{listing}` lists it"
        )


NO_FILTERS = ArticleFilters()
"""The default: every article (filters are frozen, so one shared instance is safe)."""


@dataclass
class SqlConditions:
    """WHERE conditions (joined with AND) and their named parameters."""

    conditions: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def add(self, condition: str, **params: Any) -> None:
        self.conditions.append(condition)
        self.params.update(params)

    def where(self) -> str:
        """` WHERE ...` (with a leading space), or "" when there is no condition."""
        return f" WHERE {self.sql()}" if self.conditions else ""

    def sql(self) -> str:
        return " AND ".join(f"({condition})" for condition in self.conditions)


def filter_conditions(
    connection: Connection, filters: ArticleFilters, *, alias: str = "a"
) -> SqlConditions:
    """The conditions narrowing `articles` (aliased `alias`) to `filters`.

    Raises `UnknownValue` when a site, section, author or tag is not in the archive.
    """
    found = SqlConditions()
    site = resolve_site(connection, filters.site) if filters.site else None
    if site is not None:
        found.add(f"{alias}.site = :filter_site", filter_site=site)
    if filters.section:
        section_ids, label = _resolve_section(connection, filters.section, site)
        ids = _in_list("filter_section_id", section_ids, found.params)
        by_label = f"lower({alias}.section) = :filter_section_label"
        found.add(
            f"{alias}.section_id IN ({ids}) OR {by_label}" if ids else by_label,
            filter_section_label=label.lower(),
        )
    if filters.author:
        ids = _in_list(
            "filter_author_id",
            _resolve_author(connection, filters.author, site),
            found.params,
        )
        found.add(
            f"{alias}.id IN (SELECT article_id FROM article_authors "
            f"WHERE author_id IN ({ids}))"
        )
    if filters.tag:
        ids = _in_list(
            "filter_tag_id", _resolve_tag(connection, filters.tag, site), found.params
        )
        found.add(
            f"{alias}.id IN (SELECT article_id FROM article_tags WHERE tag_id IN ({ids}))"
        )
    if filters.since is not None:
        found.add(
            f"{alias}.published_at >= :filter_since",
            filter_since=instant_param(filters.since),
        )
    if filters.until is not None:
        found.add(
            f"{alias}.published_at < :filter_until",
            filter_until=instant_param(filters.until),
        )
    return found


def normalised_site(text: str) -> str:
    """A site as the archive names it: the host, lower case, without `www.`."""
    host = text.strip().lower()
    host = host.split("://", 1)[-1].split("/", 1)[0]
    return host.removeprefix("www.")


def resolve_site(connection: Connection, wanted: str) -> str:
    site = normalised_site(wanted)
    # A site whose crawls archived nothing yet still has its runs and failures.
    if fetch_value(
        connection,
        "SELECT 1 FROM articles WHERE site = :site "
        "UNION ALL SELECT 1 FROM crawl_runs WHERE site = :site LIMIT 1",
        {"site": site},
    ):
        return site
    known = [
        row["site"]
        for row in fetch_all(
            connection,
            "SELECT site FROM articles GROUP BY site ORDER BY count(*) DESC, site "
            "LIMIT :limit",
            {"limit": SUGGESTIONS},
        )
    ]
    raise UnknownValue(
        f"no site {wanted!r} in the archive; its sites are "
        f"{', '.join(known) or '(none: the archive has no articles yet)'}"
    )


def _in_list(prefix: str, values: list[int], params: dict[str, Any]) -> str:
    """Named placeholders `:prefix_0, :prefix_1, ...` for `values`, added to `params`."""
    names = [f"{prefix}_{index}" for index in range(len(values))]
    params.update(zip(names, values, strict=True))
    return ", ".join(f":{name}" for name in names)


def _site_condition(site: str | None, column: str = "site") -> str:
    return f" AND {column} = :site" if site is not None else ""


def _resolve_section(
    connection: Connection, wanted: str, site: str | None
) -> tuple[list[int], str]:
    folded = _folded(wanted)
    rows = fetch_all(
        connection,
        "SELECT id, slug, label FROM sections" + _site_where(site),
        {"site": site},
    )
    matching = [
        row for row in rows if folded in (_folded(row["slug"]), _folded(row["label"]))
    ]
    if matching:
        return [row["id"] for row in matching], matching[0]["label"]
    labels = fetch_all(
        connection,
        "SELECT section, count(*) AS articles FROM articles WHERE section IS NOT NULL"
        + _site_condition(site)
        + " GROUP BY section ORDER BY count(*) DESC, section",
        {"site": site},
    )
    for row in labels:  # a label seen on articles whose section had no link
        if _folded(row["section"]) == folded:
            return [], row["section"]
    known = [row["section"] for row in labels[:SUGGESTIONS]]
    raise UnknownValue(
        f"no section {_shown(wanted)} in the archive; sections include "
        f"{', '.join(known) or '(none: the archive has no sections yet)'} "
        "(see `newsarchive sections`)"
    )


def _resolve_author(connection: Connection, wanted: str, site: str | None) -> list[int]:
    folded = _folded(wanted)
    handle = folded.strip("/")
    rows = fetch_all(
        connection,
        "SELECT id, name, url FROM authors" + _site_where(site),
        {"site": site},
    )
    ids = [
        row["id"]
        for row in rows
        if _folded(row["name"]) == folded or _author_handle(row["url"]) == handle
    ]
    if not ids:
        raise UnknownValue(
            f"no author {_shown(wanted)} in the archive: give a full name or an author "
            "handle as `newsarchive authors` lists them"
        )
    return ids


def _resolve_tag(connection: Connection, wanted: str, site: str | None) -> list[int]:
    folded = _folded(wanted)
    rows = fetch_all(
        connection,
        "SELECT id, slug, name FROM tags" + _site_where(site),
        {"site": site},
    )
    ids = [
        row["id"]
        for row in rows
        if folded in (_folded(row["slug"]), _folded(row["name"]))
    ]
    if not ids:
        raise UnknownValue(
            f"no tag {_shown(wanted)} in the archive: give a tag name or slug as "
            "`newsarchive tags` lists them"
        )
    return ids


def _folded(text: str | None) -> str:
    """Text compared without case or surrounding space (Unicode-aware, unlike SQL's
    `lower`, which folds ASCII only in SQLite)."""
    return " ".join((text or "").split()).casefold()


def _author_handle(url: str | None) -> str | None:
    """`jane-doe` of `https://site/author/jane-doe/`, folded; None without one."""
    if not url or "/author/" not in url:
        return None
    return _folded(url.rstrip("/").rsplit("/", 1)[-1])


def _site_where(site: str | None) -> str:
    return " WHERE site = :site" if site is not None else ""


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:57] + "...")
