"""`newsarchive stats` and `newsarchive teasers` against the truth archive."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import xml.etree.ElementTree as ET
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from .helpers import assert_user_error, run, run_json

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def skip_unless_built(archive) -> None:
    """Charts take about a second each: drawn from one of the two archives only."""
    if archive.kind != "built":
        pytest.skip("charts are checked on the built archive")


def _months_between(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def test_months_are_zero_filled_with_numeric_shares(archive) -> None:
    counted = Counter(a["published_at"][:7] for a in archive.truth)
    months = run_json("stats", db=archive.db)
    assert [m["month"] for m in months] == _months_between(min(counted), max(counted))
    assert {m["month"]: m["articles"] for m in months if m["articles"]} == counted
    media = run_json("stats", "--section", "Media", db=archive.db)
    assert any(m["articles"] == 0 for m in media)  # a section's gaps are there
    total = len(archive.truth)
    for month in months:
        assert month["share"] == round(month["articles"] / total, 4)
    table = run("stats", db=archive.db).stdout.splitlines()
    assert table[-1].split()[:2] == ["total", f"{total:,}"]


def test_weeks_and_years(archive) -> None:
    years = run_json("stats", "--by", "year", db=archive.db)
    assert {y["year"]: y["articles"] for y in years if y["articles"]} == Counter(
        a["published_at"][:4] for a in archive.truth
    )
    weeks = run_json(
        "stats", "--by", "week", "--since", "2023-11", "--until", "2023-11",
        db=archive.db,
    )  # fmt: skip
    assert weeks[0]["week"] == "2023-W44" and weeks[-1]["week"] == "2023-W48"
    assert sum(w["articles"] for w in weeks) == sum(
        a["published_at"].startswith("2023-11") for a in archive.truth
    )


def test_counts_by_category(archive) -> None:
    truth = archive.truth
    sections = run_json("stats", "--by", "section", db=archive.db)
    assert {s["section"]: s["articles"] for s in sections} == Counter(
        a["section"] for a in truth
    )
    assert isinstance(sections[0]["share"], float)
    authors = run_json(
        "stats", "--by", "author", "--section", "Media", "--limit", "0", db=archive.db
    )
    assert {a["author"]: a["articles"] for a in authors} == Counter(
        author["name"]
        for a in truth
        if a["section"] == "Media"
        for author in a["authors"]
    )
    tags = run_json("stats", "--by", "tag", "--limit", "3", db=archive.db)
    expected = Counter(tag["name"] for a in truth for tag in a["tags"])
    assert [t["articles"] for t in tags] == [n for _, n in expected.most_common(3)]
    sites = run_json("stats", "--by", "site", db=archive.db)
    assert sites == [
        {"site": "responsiblestatecraft.org", "articles": len(truth), "share": 1.0}
    ]


@pytest.mark.parametrize(
    ("by", "name", "signature"),
    [
        ("month", "chart.png", PNG_SIGNATURE),
        ("section", "chart.svg", b"<?xml"),
        ("week", "chart.pdf", b"%PDF"),
    ],
)
def test_plot_format_follows_the_extension(archive, tmp_path, by, name, signature):
    skip_unless_built(archive)
    chart = tmp_path / name
    result = run("stats", "--by", by, "--plot", chart, db=archive.db)
    assert result.exit_code == 0, result.output
    data = chart.read_bytes()
    assert data.startswith(signature)
    assert f"Wrote {chart}" in result.stderr
    if name.endswith(".png"):  # at least 150 dpi: pHYs gives pixels per metre
        physical = data.index(b"pHYs")
        assert int.from_bytes(data[physical + 4 : physical + 8], "big") * 0.0254 >= 150


def test_plot_honours_by_and_names_what_it_shows(archive, tmp_path: Path) -> None:
    skip_unless_built(archive)
    month, author = tmp_path / "month.svg", tmp_path / "author.svg"
    run("stats", "--plot", month, "--since", "2023", db=archive.db)
    run("stats", "--by", "author", "--plot", author, db=archive.db)
    by_month, by_author = month.read_text(), author.read_text()
    assert "Articles per month by section" in by_month
    assert "since 2023-01-01" in by_month and "Source: archive.sqlite" in by_month
    assert "Articles by author" in by_author and "articles per month" not in by_author
    top_author = run_json("stats", "--by", "author", "--limit", "1", db=archive.db)
    assert top_author[0]["author"] in by_author


def test_plot_other_extensions_and_places(archive, tmp_path: Path) -> None:
    assert_user_error(
        run("stats", "--plot", tmp_path / "chart.jpg", db=archive.db),
        ".png, .svg or .pdf",
    )
    result = run("stats", "--plot", tmp_path / "missing" / "chart.png", db=archive.db)
    assert_user_error(result, "does not exist")
    assert list(tmp_path.iterdir()) == []


def test_teasers_csv_is_the_related_article_graph(archive) -> None:
    result = run("teasers", "--format", "csv", db=archive.db)
    assert result.exit_code == 0
    edges = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(edges) == sum(len(a["teasers"]) for a in archive.truth)
    seed_edges = [e for e in edges if e["source_url"] == archive.seed["url"]]
    assert [e["target_url"] for e in seed_edges] == [
        t["url"] for t in archive.seed["teasers"]
    ]
    assert all(e["target_archived"] == "true" and e["target_id"] for e in seed_edges)


def test_teasers_graphml(archive, tmp_path: Path) -> None:
    out = tmp_path / "teasers.graphml"
    result = run("teasers", "--format", "graphml", "--out", out, db=archive.db)
    assert result.exit_code == 0, result.output
    graph = ET.parse(out).getroot().find(f"{GRAPHML}graph")
    nodes = graph.findall(f"{GRAPHML}node")
    edges = graph.findall(f"{GRAPHML}edge")
    archived_urls = {a["url"] for a in archive.truth}
    missing_targets = {
        t["url"] for a in archive.truth for t in a["teasers"]
    } - archived_urls
    assert len(nodes) == len(archive.truth) + len(missing_targets)
    assert len(edges) == sum(len(a["teasers"]) for a in archive.truth)
    node_ids = {n.get("id") for n in nodes}
    assert all(
        e.get("source") in node_ids and e.get("target") in node_ids for e in edges
    )


def test_sites_are_counted_apart(archive, tmp_path: Path) -> None:
    """An archive of two sites: `--by site`, per-site columns per period, `--site`."""
    if archive.kind != "built":
        pytest.skip("one archive is enough")
    copy = tmp_path / "archive.sqlite"
    shutil.copyfile(archive.db, copy)
    with closing(sqlite3.connect(copy)) as connection, connection:
        connection.execute("UPDATE articles SET site = 'example.org' WHERE id % 3 = 0")
        moved = connection.execute(
            "SELECT count(*) FROM articles WHERE site = 'example.org'"
        ).fetchone()[0]
    total = len(archive.truth)
    sites = {
        row["site"]: row["articles"]
        for row in run_json("stats", "--by", "site", db=copy)
    }
    assert sites == {"example.org": moved, "responsiblestatecraft.org": total - moved}
    years = run_json("stats", "--by", "year", db=copy)
    assert sum(row["example.org"] for row in years) == moved
    assert all(
        row["articles"] == row["example.org"] + row["responsiblestatecraft.org"]
        for row in years
    )
    header = run("stats", "--by", "year", db=copy).stdout.splitlines()[0].split()
    assert header[-2:] == ["example.org", "responsiblestatecraft.org"]
    listed = run_json("list", "--site", "www.example.org", "--limit", "0", db=copy)
    assert len(listed) == moved and {row["site"] for row in listed} == {"example.org"}
    narrowed = run_json("stats", "--by", "site", "--site", "example.org", db=copy)
    assert narrowed == [{"site": "example.org", "articles": moved, "share": 1.0}]


def test_teasers_of_a_section_name_every_node_their_edges_use(archive, tmp_path):
    out = tmp_path / "media.graphml"
    result = run("teasers", "--section", "Media", "--format", "graphml", "--out", out,
                 db=archive.db)  # fmt: skip
    assert result.exit_code == 0, result.output
    graph = ET.parse(out).getroot().find(f"{GRAPHML}graph")
    node_ids = {n.get("id") for n in graph.findall(f"{GRAPHML}node")}
    edges = graph.findall(f"{GRAPHML}edge")
    media = [a for a in archive.truth if a["section"] == "Media"]
    assert len(edges) == sum(len(a["teasers"]) for a in media) > 0
    assert all(
        e.get("source") in node_ids and e.get("target") in node_ids for e in edges
    )
