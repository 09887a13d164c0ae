"""Invented people: the site's authors (with handles and bios) and the analysts they quote."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from newsarchive.replica.vocabulary import THINK_TANKS

FIRST_NAMES: tuple[str, ...] = (
    "Aisha",
    "Benedikt",
    "Clara",
    "Dmitri",
    "Elena",
    "Farid",
    "Greta",
    "Hiroshi",
    "Inès",
    "Jonah",
    "Katarzyna",
    "Luis",
    "Maya",
    "Nikolai",
    "Olumide",
    "Priya",
    "Quentin",
    "Rosa",
    "Samir",
    "Tamsin",
    "Ulrich",
    "Valentina",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoë",
    "Andrés",
    "Beatriz",
    "Caoimhe",
    "Dario",
    "Emeka",
    "Fatima",
    "Gabriel",
    "Hannah",
    "Ivan",
    "José",
    "Kwame",
    "Leila",
    "Marcus",
    "Noor",
    "Oskar",
    "Paulina",
    "Renée",
    "Stellan",
    "Thandiwe",
)

LAST_NAMES: tuple[str, ...] = (
    "Abernathy",
    "Baranowski",
    "Castellanos",
    "Delacroix",
    "Eriksen",
    "Fairbanks",
    "Gallagher",
    "Haddad",
    "Ibáñez",
    "Jovanović",
    "Kowalczyk",
    "Lindqvist",
    "Mbeki",
    "Nakamura",
    "Okafor",
    "Pereira",
    "Quinlan",
    "Rahimi",
    "Sørensen",
    "Takahashi",
    "Underwood",
    "Vasquez",
    "Whitaker",
    "Yilmaz",
    "Zimmermann",
    "Ashford",
    "Brennan",
    "Costa",
    "Dufresne",
    "Ekström",
    "Ferreira",
    "Goldberg",
    "Hartley",
    "Iyer",
    "Jansen",
    "Kuznetsov",
    "Lowell",
    "Moreau",
    "Núñez",
    "Ortega",
    "Petrov",
    "Rinaldi",
    "Sandoval",
    "Thorne",
    "Varga",
    "Wexler",
    "Müller",
    "Aldana",
)

BIO_ROLES: tuple[str, ...] = (
    "a senior fellow",
    "the managing editor of Responsible Statecraft",
    "a staff writer",
    "a contributing editor",
    "a research fellow",
    "a nonresident fellow",
    "a reporter",
    "a former foreign service officer and columnist",
    "a defense budget analyst",
)

BIO_FOCUS: tuple[str, ...] = (
    "U.S. policy in the Middle East",
    "arms control and nonproliferation",
    "the war in Ukraine",
    "great-power competition in Asia",
    "Pentagon spending",
    "U.S. relations with Latin America",
    "humanitarian crises in the Horn of Africa",
    "sanctions and economic statecraft",
    "Congress and war powers",
    "European security",
)

AUTHOR_POOL_SIZE = 72


@dataclass(frozen=True)
class Person:
    name: str
    handle: str
    bio: tuple[str, ...]
    """Bio paragraphs (1 or 2)."""


def ascii_fold(text: str) -> str:
    """`Jovanović` -> `Jovanovic`; drops what has no ASCII form."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O"))
    return decomposed.encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=8)
def author_pool(seed: int) -> tuple[Person, ...]:
    """The site's authors for a seed: unique names and `/author/<handle>/` handles."""
    rng = random.Random(f"{seed}:authors")
    people: list[Person] = []
    seen_names: set[str] = set()
    seen_handles: set[str] = set()
    while len(people) < AUTHOR_POOL_SIZE:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        if name in seen_names:
            continue
        seen_names.add(name)
        handle = ascii_fold(first[0] + last).lower().replace(" ", "")
        while handle in seen_handles:
            handle += str(rng.randint(2, 9))
        seen_handles.add(handle)
        people.append(Person(name, handle, _bio(rng, name)))
    return tuple(people)


def _bio(rng: random.Random, name: str) -> tuple[str, ...]:
    first = (
        f"{name} is {rng.choice(BIO_ROLES)} at {rng.choice(THINK_TANKS)}, where their work "
        f"focuses on {rng.choice(BIO_FOCUS)}."
    )
    if rng.random() < 0.3:
        second = (
            f"Before that, {name.split()[0]} spent {rng.randint(3, 15)} years covering "
            f"{rng.choice(BIO_FOCUS)} for newspapers on three continents."
        )
        return (first, second)
    return (first,)


def analyst_name(rng: random.Random) -> str:
    """A quoted expert, invented like the authors."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
