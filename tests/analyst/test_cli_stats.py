"""`newsarchive stats` and `newsarchive teasers` against the truth archive."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from .helpers import assert_user_error, run, run_json

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def test_counts_by_month_section_author(archive) -> None:
    truth = archive.truth
    months = run_json("stats", db=archive.db)
    assert {m["month"]: m["articles"] for m in months} == Counter(
        a["published_at"][:7] for a in truth
    )
    assert [m["month"] for m in months] == sorted(m["month"] for m in months)
    sections = run_json("stats", "--by", "section", db=archive.db)
    assert {s["section"]: s["articles"] for s in sections} == Counter(
        a["section"] for a in truth
    )
    assert sections[0]["share"].endswith("%")
    authors = run_json("stats", "--by", "author", "--section", "Media", db=archive.db)
    assert {a["author"]: a["articles"] for a in authors} == Counter(
        author["name"]
        for a in truth
        if a["section"] == "Media"
        for author in a["authors"]
    )


def test_plot_writes_a_png(archive, tmp_path: Path) -> None:
    chart = tmp_path / "chart.png"
    result = run("stats", "--plot", chart, db=archive.db)
    assert result.exit_code == 0, result.output
    assert chart.read_bytes()[:8] == PNG_SIGNATURE
    assert "Articles by month" in result.stdout


def test_plot_to_an_unwritable_place(archive, tmp_path: Path) -> None:
    result = run("stats", "--plot", tmp_path / "missing" / "chart.png", db=archive.db)
    assert_user_error(result, "does not exist")


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
