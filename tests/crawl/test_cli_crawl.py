"""The crawl CLI end to end, in subprocesses: exit codes, robots.txt, limits, scrapy crawl."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli

from .tiny_site import serve_tiny_site

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 120
FORBID_RES = "User-agent: *\nDisallow: /res/\n"
ALLOW_ALL = "User-agent: *\nDisallow: /core/\n"


def crawl_command(start_url: str, tmp_path: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "newsarchive", "crawl", "--start-url", start_url,
        "--db", str(tmp_path / "archive.sqlite"),
        "--stats-json", str(tmp_path / "stats.json"), *extra,
    ]  # fmt: skip


def run_crawl(start_url: str, tmp_path: Path, *extra: str) -> tuple[int, dict, str]:
    done = subprocess.run(
        crawl_command(start_url, tmp_path, *extra),
        cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT, check=False)  # fmt: skip
    stats_file = tmp_path / "stats.json"
    stats = json.loads(stats_file.read_text())["stats"] if stats_file.exists() else {}
    return done.returncode, stats, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start-url", "ftp://example.org/"], "--start-url must be an http(s) URL"),
        (
            ["--start-url", "responsiblestatecraft.org"],
            "--start-url must be an http(s) URL",
        ),
        (["--max-failure-rate", "2"], "--max-failure-rate"),
        (["--max-articles", "-1"], "--max-articles"),
        (["-s", "NO_EQUALS_SIGN"], "NAME=VALUE"),
        (["-s", "NEWSARCHIVE_FULL=maybe"], "takes true or false"),
        (["-s", "DOWNLOAD_DELAY=soon"], "DOWNLOAD_DELAY takes a number"),
        (
            ["-s", "CONCURRENT_REQUESTS=many"],
            "CONCURRENT_REQUESTS takes a whole number",
        ),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["crawl", "--db", str(tmp_path / "a.sqlite"), *args]
    )
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_db_that_is_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["crawl", "--db", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.output


def test_unreachable_site_exits_5(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, stats, output = run_crawl(f"http://127.0.0.1:{port}/", tmp_path)
    assert code == 5, output
    assert "Failed: site unreachable" in output and "Traceback" not in output
    assert stats["finish_reason"] == "site_unreachable"


def test_robots_forbidding_res_means_no_load_more_request(tmp_path: Path) -> None:
    with serve_tiny_site(FORBID_RES) as site:
        code, stats, output = run_crawl(
            site.base_url + "/", tmp_path, "--max-failure-rate", "0"
        )
    assert not [path for path in site.paths if path.startswith("/res/")]
    assert "/first-article/" in site.paths
    assert stats["robotstxt/forbidden"] == 1
    # The dead link is a fetch failure; any failure is above a 0 rate: exit 1.
    assert stats["newsarchive/failures/http_404"] == 1
    assert code == 1, output
    assert "--max-failure-rate" in output


def test_load_more_used_where_robots_allows_it(tmp_path: Path) -> None:
    with serve_tiny_site(ALLOW_ALL) as site:
        code, stats, output = run_crawl(
            site.base_url + "/", tmp_path, "--max-failure-rate", "1"
        )
    assert code == 0, output
    assert any(path.startswith("/res/load_more_posts/") for path in site.paths)
    assert stats["newsarchive/store/inserted"] == 2  # the second only via load-more


def test_robots_txt_read_for_rules_and_sitemaps(tmp_path: Path) -> None:
    with serve_tiny_site(ALLOW_ALL) as site:
        code, stats, output = run_crawl(
            site.base_url + "/", tmp_path, "--max-failure-rate", "1"
        )
    assert code == 0, output
    # Scrapy's robots.txt middleware reads the rules, the spider the Sitemap: lines.
    assert site.paths.count("/robots.txt") == 2
    assert stats["robotstxt/request_count"] == 1
    # The spider still read it: no Sitemap line, so it falls back to /sitemap.xml.
    assert "/sitemap.xml" in site.paths


def test_max_articles_stops_early(tmp_path: Path) -> None:
    with serve_tiny_site(ALLOW_ALL) as site:
        code, stats, output = run_crawl(
            site.base_url + "/",
            tmp_path,
            "--max-articles",
            "1",
            "--max-failure-rate",
            "1",
        )
    assert code == 0, output
    assert stats["finish_reason"] == "closespider_max_articles"
    assert stats["newsarchive/store/inserted"] == 1


def test_interrupt_exits_4_and_keeps_the_archive(tmp_path: Path) -> None:
    with serve_tiny_site(ALLOW_ALL) as site:
        process = subprocess.Popen(
            crawl_command(site.base_url + "/", tmp_path, "-s", "DOWNLOAD_DELAY=2"),
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + TIMEOUT
        while not site.paths and time.monotonic() < deadline:  # the crawl is running
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 4, output
    assert "Interrupted" in output
    assert (tmp_path / "archive.sqlite").exists()


def scrapy_crawl(start_url: str, db: Path) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl responsiblestatecraft` from the repository root, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "responsiblestatecraft",
         "-s", f"NEWSARCHIVE_START_URL={start_url}/", "-s", f"NEWSARCHIVE_DB={db}",
         "-s", "LOG_LEVEL=WARNING"],
        cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT,
        env={k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}, check=False)  # fmt: skip


def test_scrapy_crawl_from_the_repo_root(tmp_path: Path) -> None:
    db = tmp_path / "scrapy.sqlite"
    with serve_tiny_site(FORBID_RES) as site:
        done = scrapy_crawl(site.base_url, db)
    assert done.returncode == 0, done.stderr
    assert "/first-article/" in site.paths
    import sqlite3

    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone() == (1,)


def test_scrapy_crawl_refuses_an_archive_another_run_holds(tmp_path: Path) -> None:
    from newsarchive.runlock import ArchiveLock

    db = tmp_path / "scrapy.sqlite"
    with serve_tiny_site(FORBID_RES) as site, ArchiveLock(db, what="crawl"):
        done = scrapy_crawl(site.base_url, db)
    assert "another newsarchive run holds the archive" in done.stderr, done.stderr
    assert not [path for path in site.paths if path != "/robots.txt"]  # nothing crawled
    assert not db.exists() or db.stat().st_size == 0
