"""`newsarchive search` against the truth archive: ranking, syntax, filters, errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .helpers import assert_user_error, run, run_csv, run_json, searchable_tokens


def test_umerov_turkish_finds_the_seed_first(archive) -> None:
    hits = run_json("search", "Umerov Turkish", db=archive.db)
    assert hits[0]["url"] == archive.seed["url"]
    assert hits[0]["title"] == archive.seed["title"]
    assert "<mark>Umerov</mark>" in hits[0]["snippet"]
    assert "<mark>Turkish</mark>" in hits[0]["snippet"]
    assert hits[0]["authors"] == [a["name"] for a in archive.seed["authors"]]


def test_table_output_highlights_for_people(archive) -> None:
    result = run("search", "Umerov Turkish", db=archive.db)
    assert result.exit_code == 0
    assert "Ukraine and Russia" in result.stdout
    assert "Umerov" in result.stdout


def test_word_search_finds_exactly_the_articles_with_the_word(archive) -> None:
    expected = {a["url"] for a in archive.truth if "turkish" in searchable_tokens(a)}
    hits = run_json("search", "Turkish", "--limit", "1000", db=archive.db)
    assert expected and {hit["url"] for hit in hits} == expected
    ranks = [hit["rank"] for hit in hits]
    assert ranks == sorted(ranks)  # bm25: lower is better, best first


def test_phrase_query(archive) -> None:
    hits = run_json("search", '"peace summit"', "--limit", "100", db=archive.db)
    assert "Diplomacy Watch: A peace summit without Russia" in [
        hit["title"] for hit in hits
    ]
    for hit in hits:
        article = archive.by_url(hit["url"])
        text = " ".join(
            [article["title"], article.get("subtitle") or "", article["body_text"]]
        )
        assert "peace summit" in " ".join(text.lower().split())


def test_prefix_query(archive) -> None:
    hits = run_json("search", "Umer*", db=archive.db)
    assert archive.seed["url"] in [hit["url"] for hit in hits]


def test_boolean_query(archive) -> None:
    hits = run_json("search", "Ukraine NOT Russia", "--limit", "500", db=archive.db)
    assert hits
    for hit in hits:
        words = searchable_tokens(archive.by_url(hit["url"]))
        assert "ukraine" in words and "russia" not in words
    either = run_json("search", "Sudan OR Kyiv", "--limit", "500", db=archive.db)
    expected = {
        a["url"] for a in archive.truth if {"sudan", "kyiv"} & searchable_tokens(a)
    }
    assert {hit["url"] for hit in either} == expected


def test_filters_narrow_the_results(archive) -> None:
    hits = run_json(
        "search",
        "Russia",
        "--section",
        "qiosk",
        "--since",
        "2023-01",
        "--until",
        "2024",
        "--limit",
        "500",
        db=archive.db,
    )
    expected = {
        a["url"]
        for a in archive.truth
        if a["section"] == "QiOSK"
        and "2023-01" <= a["published_at"][:7] <= "2024-12"
        and "russia" in searchable_tokens(a)
    }
    assert expected and {hit["url"] for hit in hits} == expected


def test_author_and_tag_filters(archive) -> None:
    seed_author = archive.seed["authors"][0]["name"]
    hits = run_json(
        "search",
        "Umerov",
        "--author",
        seed_author,
        "--tag",
        "ukraine",
        db=archive.db,
    )
    assert [hit["url"] for hit in hits] == [archive.seed["url"]]


def test_limit_and_csv(archive) -> None:
    rows = run_csv("search", "Russia", "--limit", "3", db=archive.db)
    assert len(rows) == 3
    assert rows[0]["published_at"].endswith("+00:00")
    assert rows[0]["authors"].startswith("[")


@pytest.mark.parametrize(
    "query", ["U.S.", '"unbalanced', "title: (", "AND", "nosuchcolumn: x"]
)
def test_fts_syntax_errors_say_how_to_quote(archive, query: str) -> None:
    result = run("search", query, db=archive.db)
    assert_user_error(result, "double quotes")


def test_unknown_section_lists_sections(archive) -> None:
    result = run("search", "Russia", "--section", "Sports", db=archive.db)
    assert_user_error(result, "'Sports'", "QiOSK")


def test_unparseable_date(archive) -> None:
    result = run("search", "Russia", "--since", "last tuesday", db=archive.db)
    assert_user_error(result, "last 30 days")


def test_missing_database_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.sqlite"
    result = run("search", "Russia", db=missing)
    assert_user_error(result, f"no archive at {missing}", "newsarchive crawl --db")
    assert not missing.exists()


def test_a_file_that_is_not_an_archive(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.sqlite"
    text_file.write_text("not a database")
    assert_user_error(run("search", "x", db=text_file), "is not a newsarchive archive")
    other_db = tmp_path / "other.sqlite"
    sqlite3.connect(other_db).execute(
        "CREATE TABLE things (id INTEGER)"
    ).connection.close()
    assert_user_error(run("list", db=other_db), "is not a newsarchive archive")


@pytest.mark.sqlite_only("compares the archive file bytes")
def test_queries_leave_the_archive_untouched(archive) -> None:
    before = archive.db.read_bytes()
    run_json("search", "Russia", db=archive.db)
    assert archive.db.read_bytes() == before
