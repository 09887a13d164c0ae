"""Compact per-article metadata for a whole corpus, computed once at start-up.

Everything an index page, feed or sitemap needs (slug, title, section, authors, tags, dates)
is here; bodies are generated on demand from `(seed, index)` alone. 100,000 articles take a
few seconds and well under 100 MB.
"""

from __future__ import annotations

import random
from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate

from newsarchive.replica.people import author_pool
from newsarchive.replica.prose import Theme, Writer, pick_theme
from newsarchive.replica.publication import Publication, Section
from newsarchive.replica.publications import DEFAULT, publication
from newsarchive.replica.seed import (
    SEED_SLUG,
    FixedArticle,
    fixed_articles,
    fixed_epoch,
)
from newsarchive.replica.tags import EXTRA_TAGS, country_tag, type_tag
from newsarchive.replica.timeline import EASTERN, OLD_POST_BEFORE, Timeline, pin_indexes
from newsarchive.replica.vocabulary import COUNTRIES, TOPICS

COUNTRY_INDEX = {c.name: i for i, c in enumerate(COUNTRIES)}
TOPIC_INDEX = {t[1]: i for i, t in enumerate(TOPICS)}


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    pub: Publication
    index: int
    slug: str
    title: str
    section: int
    """Index into the publication's `sections`."""
    article_type: str | None
    authors: tuple[int, ...]
    """Indexes into the seed's author pool."""
    tags: tuple[str, ...]
    """Tag slugs, page order."""
    published: int
    modified: int
    country: int
    other: int
    topic: int

    @property
    def path(self) -> str:
        return self.pub.article_path(self.slug)

    @property
    def section_info(self) -> Section:
        return self.pub.sections[self.section]

    @property
    def is_old_post(self) -> bool:
        return self.published < OLD_POST_BEFORE

    @property
    def legacy_path(self) -> str | None:
        """`/YYYY/MM/DD/<slug>` (US Eastern date) for posts before 2023 of a site with a
        WordPress past, else None."""
        if not self.is_old_post or not self.pub.legacy_urls:
            return None
        day = datetime.fromtimestamp(self.published, tz=EASTERN)
        return f"/{day:%Y/%m/%d}/{self.slug}"

    @property
    def theme(self) -> Theme:
        return Theme(COUNTRIES[self.country], COUNTRIES[self.other], self.topic)


class Catalog:
    """All articles' metadata plus the lookups index pages need."""

    def __init__(self, count: int, seed: int, pub: Publication | None = None) -> None:
        self.pub = pub or publication(DEFAULT)
        fixed = fixed_articles() if self.pub.seed_articles else ()
        if count < len(fixed):
            raise ValueError(f"a corpus needs at least {len(fixed)} articles")
        self.count = count
        self.seed = seed
        sections = self.pub.sections
        self.section_index = {s.label: i for i, s in enumerate(sections)}
        self._primary = tuple(sections.index(s) for s in self.pub.primary_sections)
        self._primary_cumulative = tuple(
            accumulate(s.weight for s in self.pub.primary_sections)
        )
        times = [fixed_epoch(f) for f in fixed]
        pinned = pin_indexes(times, count)
        self.fixed: dict[int, FixedArticle] = dict(zip(pinned, fixed, strict=True))
        self.timeline = Timeline(count, seed, dict(zip(pinned, times, strict=True)))
        taken = set(self.pub.reserved_slugs) | {f.slug for f in fixed}
        self._suffixes: dict[str, int] = {}
        self.metas: list[ArticleMeta] = []
        self.by_slug: dict[str, int] = {}
        lists: dict[str, defaultdict[str, array]] = {
            k: defaultdict(lambda: array("l")) for k in ("section", "author", "tag")
        }
        for index in range(count):
            meta = (
                self._fixed_meta(index)
                if index in self.fixed
                else self._meta(index, taken)
            )
            self.metas.append(meta)
            self.by_slug[meta.slug] = index
            self._file(meta, lists)
        self.seed_index: int | None = self.by_slug.get(SEED_SLUG) if fixed else None
        """The real seed page's article (None for a publication without one)."""
        # Editions 2+ (editions.py) change these; edition 1 is the catalog as generated.
        self.base_count = count
        """Articles of edition 1 (bodies and teasers link among these only)."""
        self.listed: Sequence[int] = range(count)
        """Indexes of the articles the site lists (unpublished ones are left out)."""
        self.unpublished: dict[str, int] = {}
        """Slug -> HTTP status of an unpublished article (410 or 404)."""
        self.moved_to: dict[str, str] = {}
        """Old slug -> new slug of a moved article (the old one answers 301)."""
        self.first_paths: dict[int, str] = {}
        """Index -> the path a moved article was first published at."""
        self.revisions: dict[int, tuple[tuple[int, str], ...]] = {}
        """Index -> (edition, edit kind) pairs, oldest first."""
        self.by_section, self.by_author, self.by_tag = (
            dict(lists["section"]),
            dict(lists["author"]),
            dict(lists["tag"]),
        )

    def _file(
        self, meta: ArticleMeta, lists: dict[str, defaultdict[str, array]]
    ) -> None:
        section = meta.section_info
        lists["section"][section.slug].append(meta.index)
        if meta.article_type and meta.article_type != section.label:
            kind = self.pub.section_by_label[meta.article_type]
            lists["section"][kind.slug].append(meta.index)
        for author in meta.authors:
            lists["author"][author_pool(self.seed)[author].handle].append(meta.index)
        for tag in meta.tags:
            lists["tag"][tag].append(meta.index)

    def _meta(self, index: int, taken: set[str]) -> ArticleMeta:
        rng = random.Random(f"{self.seed}:{index}")
        section_index = rng.choices(
            self._primary, cum_weights=self._primary_cumulative
        )[0]
        section = self.pub.sections[section_index]
        article_type = _article_type(rng.random(), section, self.pub.article_types)
        theme = pick_theme(rng, section.regions)
        writer = Writer(rng, theme)
        title = writer.headline()
        slug = writer.slug(title)
        slug = self._unique(slug, taken)
        pool = len(author_pool(self.seed))
        authors = tuple(
            rng.sample(
                range(pool), rng.choices((1, 2, 3), cum_weights=(80, 95, 100))[0]
            )
        )
        tags = [country_tag(theme.country.name), *theme.tag_slugs]
        if rng.random() < 0.4:
            tags.append(country_tag(theme.other.name))
        if rng.random() < 0.3:
            tags.append(rng.choice(EXTRA_TAGS))
        if article_type and rng.random() < 0.6:
            tags.append(type_tag(article_type))
        published = self.timeline.published(index)
        modified = (
            published
            if rng.random() < 0.5
            else published + rng.randint(600, 20 * 86400)
        )
        return ArticleMeta(
            pub=self.pub,
            index=index,
            slug=slug,
            title=title,
            section=section_index,
            article_type=article_type,
            authors=authors,
            tags=tuple(dict.fromkeys(tags)),
            published=published,
            modified=modified,
            country=COUNTRY_INDEX[theme.country.name],
            other=COUNTRY_INDEX[theme.other.name],
            topic=theme.topic,
        )

    def _unique(self, slug: str, taken: set[str]) -> str:
        # As WordPress does: a taken slug gets the next free "-N" suffix.
        if slug not in taken:
            taken.add(slug)
            return slug
        n = self._suffixes.get(slug, 1)
        while f"{slug}-{n + 1}" in taken:
            n += 1
        self._suffixes[slug] = n + 1
        taken.add(f"{slug}-{n + 1}")
        return f"{slug}-{n + 1}"

    def _fixed_meta(self, index: int) -> ArticleMeta:
        fixed = self.fixed[index]
        published = fixed_epoch(fixed)
        return ArticleMeta(
            pub=self.pub,
            index=index,
            slug=fixed.slug,
            title=fixed.title,
            section=self.section_index[fixed.section],
            article_type=None,
            authors=(fixed_articles().index(fixed) * 5,),
            tags=fixed.tags,
            published=published,
            modified=published + 3600,
            country=COUNTRY_INDEX[fixed.country],
            other=COUNTRY_INDEX[fixed.other],
            topic=TOPIC_INDEX[fixed.topic],
        )

    def legacy_index(self, path: str) -> int | None:
        """The article a legacy dated path names, if the date matches its publication day."""
        parts = path.strip("/").split("/")
        if len(parts) != 4:
            return None
        index = self.by_slug.get(parts[3])
        if index is None or self.metas[index].legacy_path != "/" + "/".join(parts):
            return None
        return index


def _article_type(roll: float, section: Section, types: tuple[str, ...]) -> str | None:
    """Over half the articles have a type: the first type (Analysis on
    responsiblestatecraft.org) 40%, the second 10%, the others 5% between them. A type's
    own section has none."""
    if section.label in types or roll >= 0.55 or not types:
        return None
    if roll < 0.4 or len(types) == 1:
        return types[0]
    if roll < 0.5 or len(types) == 2:
        return types[1]
    rest = types[2:]
    return rest[min(int((roll - 0.5) / 0.05 * len(rest)), len(rest) - 1)]
