"""FTS5's search syntax translated for PostgreSQL's `to_tsquery` (pure)."""

from __future__ import annotations

import pytest

from newsarchive.query.tsquery import TsquerySyntaxError, fts5_to_tsquery


@pytest.mark.parametrize(
    ("query", "tsquery"),
    [
        ("umerov turkish", "('umerov' & 'turkish')"),
        ('"peace summit"', "('peace' <-> 'summit')"),
        ("diplom*", "'diplom':*"),
        ("a OR b c", "('a' | ('b' & 'c'))"),
        (
            "ukraine AND (talks OR summit) NOT nato",
            "('ukraine' & (('talks' | 'summit') & !'nato'))",
        ),
        ("title: ukraine", "'ukraine':A"),
        ('authors:"Blaise Malley"', "('Blaise':B <-> 'Malley':B)"),
        ("tags:defen*", "'defen':*C"),
        ('"it\'s"', "('it' <-> 's')"),
        ('""', "''"),
        ("NEAR(iran drones, 5)", "('iran' & 'drones')"),
    ],
)
def test_translation(query: str, tsquery: str) -> None:
    assert fts5_to_tsquery(query) == tsquery


@pytest.mark.parametrize(
    "query",
    [
        "x AND",
        "(a",
        "a)",
        "a.b",
        '"open',
        "NOT x",
        "foo:bar",
        "OR",
        "  ",
        "a, b",
        "NEAR(a b, x)",
    ],
)
def test_what_fts5_refuses_is_refused(query: str) -> None:
    with pytest.raises(TsquerySyntaxError):
        fts5_to_tsquery(query)
