"""`newsarchive crawl --site NAME | --site-file PATH`: which profile a crawl reads, and
its start URL (no crawl: the choice is made before anything is fetched)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.cli.crawl import _site_and_start
from newsarchive.cli.errors import UserError

PROFILE = """
name = "example.org"
display_name = "Example News"
host = "example.org"
start_url = "https://example.org/news/"
language = "en"

[urls]
article = ["/story/{slug}/"]

[feeds]
main = "/feeds/feed.rss"

[sitemaps]
index = "/sitemap.xml"
"""


@pytest.mark.parametrize(
    ("site", "start_url", "chosen", "crawled"),
    [
        (None, None, "responsiblestatecraft.org", "https://responsiblestatecraft.org/"),
        ("spectrum.ieee.org", None, "spectrum.ieee.org", "https://spectrum.ieee.org/"),
        (None, "https://spectrum.ieee.org/topic/energy/", "spectrum.ieee.org",
         "https://spectrum.ieee.org/topic/energy/"),
        (None, "https://www.responsiblestatecraft.org/", "responsiblestatecraft.org",
         "https://www.responsiblestatecraft.org/"),
        (None, "http://127.0.0.1:8765/", "responsiblestatecraft.org",
         "http://127.0.0.1:8765/"),
        ("spectrum.ieee.org", "http://127.0.0.2:8765/", "spectrum.ieee.org",
         "http://127.0.0.2:8765/"),
        ("spectrum.ieee.org", "https://mirror.example.net/", "spectrum.ieee.org",
         "https://mirror.example.net/"),
    ],
)  # fmt: skip
def test_site_and_start_url(site, start_url, chosen, crawled) -> None:
    profile, start = _site_and_start(site, None, start_url)
    assert (profile.name, start) == (chosen, crawled)


def test_a_site_file(tmp_path: Path) -> None:
    path = tmp_path / "example.toml"
    path.write_text(PROFILE)
    profile, start = _site_and_start(None, path, None)
    assert (profile.name, start) == ("example.org", "https://example.org/news/")


def test_a_start_url_of_another_known_site_is_refused() -> None:
    with pytest.raises(UserError, match="is on responsiblestatecraft.org, not on"):
        _site_and_start("spectrum.ieee.org", None, "https://responsiblestatecraft.org/")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--site", "nope.org"], "Error: --site: no site profile named 'nope.org'"),
        (["--site", "spectrum.ieee.org", "--site-file", "x.toml"], "not both"),
        (["--site-file", "missing.toml"], "Error: --site-file missing.toml: cannot"),
        (["--site-file", "bad.toml"], "Error: --site-file bad.toml: host: missing"),
        (["--site", "spectrum.ieee.org", "--start-url",
          "https://responsiblestatecraft.org/"], "use --site responsiblestatecraft.org"),
    ],
)  # fmt: skip
def test_usage_errors_are_one_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.toml").write_text('name = "x"\ndisplay_name = "X"\n')
    db = tmp_path / "archive.sqlite"
    result = CliRunner().invoke(cli, ["crawl", "--db", str(db), *args])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and message in line, line
    assert not db.exists()
