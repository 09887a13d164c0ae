"""`newsarchive sites`: the known profiles, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsarchive.cli import cli

PROFILE = """
name = "example.org"
display_name = "Example News"
host = "example.org"
start_url = "https://example.org/"
language = "en"

[urls]
article = ["/story/{slug}/"]

[[sections]]
name = "desk"
paths = ["/desk/{slug}/"]

[feeds]
main = "/feeds/feed.rss"

[sitemaps]
index = "/sitemap.xml"
"""


def run(*args: str):
    # A wide table whatever the terminal running the tests.
    return CliRunner().invoke(cli, ["sites", *args], env={"COLUMNS": "200"})


def test_table_lists_the_shipped_profiles() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.split()[:3] == ["name", "display", "name"]
    assert [row.split()[0] for row in rows] == [
        "responsiblestatecraft.org",
        "spectrum.ieee.org",
    ]
    assert "IEEE Spectrum" in rows[1] and "topic, type" in rows[1]


def test_json_carries_every_field() -> None:
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    spectrum = json.loads(result.stdout)[1]
    assert spectrum == {
        "name": "spectrum.ieee.org",
        "display_name": "IEEE Spectrum",
        "host": "spectrum.ieee.org",
        "start_url": "https://spectrum.ieee.org/",
        "language": "en",
        "title_suffix": " - IEEE Spectrum",
        "sections": ["topic", "type", "collection"],
        "main_feed": "/feeds/feed.rss",
        "sitemap_index": "/sitemaps.xml",
        "front_pages": [],
        "source": "shipped",
    }


def test_a_site_file_is_checked_and_listed(tmp_path: Path) -> None:
    path = tmp_path / "example.toml"
    path.write_text(PROFILE)
    result = run("--site-file", str(path), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    last = json.loads(result.stdout.splitlines()[-1])
    assert (last["name"], last["sections"], last["source"]) == (
        "example.org",
        ["desk"],
        str(path),
    )
    path.write_text(PROFILE.replace('language = "en"', 'language = "?"'))
    result = run("--site-file", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: --site-file {path}: language: '?' is not a language tag such as en"
    ]
    assert result.stdout == ""


def test_out_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "sites.csv"
    result = run("--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert lines[0].startswith("name,display_name,host,start_url")
    assert len(lines) == 3
