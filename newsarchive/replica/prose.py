"""Readable foreign-policy prose from templates: headlines, standfirsts, slugs, paragraphs.

Every article has a theme (a country, a second country, a topic); its text keeps returning
to them, so full-text search finds meaningful subsets ("sanctions" AND "Venezuela").
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from newsarchive.replica.people import analyst_name, ascii_fold
from newsarchive.replica.templates import (
    HEADINGS,
    HEADLINES,
    LEDE_SENTENCES,
    LIST_ITEMS,
    SEASONS,
    SENTENCES,
    SEO_HEADLINES,
    STANDFIRSTS,
    WEEKDAYS,
)
from newsarchive.replica.vocabulary import (
    ADJECTIVES,
    COUNTRIES,
    INTERNATIONAL_BODIES,
    MONTHS,
    OUTLETS,
    ROLES,
    THINK_TANKS,
    TOPICS,
    US_ACTORS,
    VERBS_PAST,
    Country,
)


@dataclass(frozen=True)
class Theme:
    country: Country
    other: Country
    topic: int

    @property
    def topic_phrase(self) -> str:
        return TOPICS[self.topic][0]

    @property
    def topic_slug(self) -> str:
        return TOPICS[self.topic][1]

    @property
    def topic_title(self) -> str:
        return TOPICS[self.topic][2]

    @property
    def tag_slugs(self) -> tuple[str, ...]:
        return TOPICS[self.topic][3]


def pick_theme(rng: random.Random, regions: tuple[str, ...]) -> Theme:
    country = rng.choice(_countries_in(regions))
    other = COUNTRIES[rng.randrange(len(COUNTRIES) - 1)]
    if other is country:
        other = COUNTRIES[-1]
    return Theme(country, other, rng.randrange(len(TOPICS)))


@cache
def _countries_in(regions: tuple[str, ...]) -> tuple[Country, ...]:
    abroad = tuple(c for c in COUNTRIES if c.name != "the United States")
    return tuple(c for c in abroad if not regions or c.region in regions) or abroad


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


class Writer:
    """Fills templates for one article's theme. All randomness comes from the given rng."""

    def __init__(self, rng: random.Random, theme: Theme) -> None:
        self.rng = rng
        self.theme = theme
        self.deck: list[str] = []
        """Sentence templates still to deal (a body continues its lede's deck)."""

    def values(self) -> _Values:
        return _Values(self.rng, self.theme)

    def fill(self, template: str) -> str:
        return template.format_map(self.values())

    def headline(self) -> str:
        return self.fill(self.rng.choice(HEADLINES))

    def seo_headline(self) -> str:
        return self.fill(self.rng.choice(SEO_HEADLINES))

    def standfirst(self) -> str:
        return self.fill(self.rng.choice(STANDFIRSTS))

    def heading(self) -> str:
        return self.fill(self.rng.choice(HEADINGS))

    def list_items(self) -> list[str]:
        return [
            self.fill(t) for t in self.rng.sample(LIST_ITEMS, self.rng.randint(3, 5))
        ]

    def sentences(self, count: int) -> list[str]:
        """Sentences dealt from a shuffled deck: no template repeats until all have been used."""
        dealt = []
        for _ in range(count):
            if not self.deck:
                self.deck = list(SENTENCES)
                self.rng.shuffle(self.deck)
            dealt.append(self.fill(self.deck.pop()))
        return dealt

    def lead_sentence(self) -> str:
        """The first sentence names the theme outright, as a news lede does."""
        return self.fill(self.rng.choice(LEDE_SENTENCES))

    def slug(self, headline: str) -> str:
        """Editor-chosen: often the theme's keywords, not the headline."""
        theme, rng = self.theme, self.rng
        country = slugify(theme.country.name.removeprefix("the "))
        choice = rng.random()
        if choice < 0.35:
            return f"{country}-{theme.topic_slug}"
        if choice < 0.55:
            return f"{theme.topic_slug}-{country}-{slugify(rng.choice(ADJECTIVES))}"
        if choice < 0.75:
            words = slugify(headline).split("-")
            return "-".join(words[: rng.randint(3, 6)])
        return f"{country}-{slugify(theme.other.name.removeprefix('the '))}-{theme.topic_slug}"


class _Values(dict):
    """Template values made on first use, so a headline costs a few random draws, not thirty."""

    def __init__(self, rng: random.Random, theme: Theme) -> None:
        super().__init__()
        self.rng = rng
        self.theme = theme

    def __missing__(self, key: str) -> str:
        value = self._make(key)
        self[key] = value
        return value

    def _make(self, key: str) -> str:
        rng, theme = self.rng, self.theme
        if key in ("Country", "Other", "Topic", "Actor", "Body", "Analyst"):
            return (
                capitalise(self[key.lower()]) if key != "Topic" else theme.topic_title
            )
        if key.endswith("_s"):
            name = self[key[:-2]]
            return name + ("’" if name.endswith("s") else "’s")
        fixed = {
            "country": theme.country.name,
            "other": theme.other.name,
            "capital": theme.country.capital,
            "topic": theme.topic_phrase,
            "adj2": theme.country.adjective,
        }
        if key in fixed:
            return fixed[key]
        choices = {
            "adj": ADJECTIVES,
            "actor": US_ACTORS,
            "body": INTERNATIONAL_BODIES,
            "verb": VERBS_PAST,
            "role": ROLES,
            "tank": THINK_TANKS,
            "outlet": OUTLETS,
            "month": MONTHS,
            "season": SEASONS,
            "weekday": WEEKDAYS,
        }
        if key in choices:
            return rng.choice(choices[key])
        if key == "analyst":
            return analyst_name(rng)
        ranges = {"year": (2015, 2022), "amount": (2, 90), "pct": (8, 60), "n": (3, 7)}
        low, high = ranges[key]
        return str(rng.randint(low, high))
