"""`newsarchive replica truth|render` and user errors (exit code 2, one line)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.replica import Corpus


def test_truth_writes_one_json_line_per_article(tmp_path: Path) -> None:
    out = tmp_path / "truth.jsonl"
    result = CliRunner().invoke(
        cli,
        [
            "replica",
            "truth",
            "--articles",
            "12",
            "--seed",
            "3",
            "--base-url",
            "http://127.0.0.1:9999",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    corpus = Corpus(articles=12, seed=3, base_url="http://127.0.0.1:9999")
    assert lines == list(corpus.truth())
    assert {line["site"] for line in lines} == {"responsiblestatecraft.org"}


def test_too_few_articles_is_a_user_error() -> None:
    result = CliRunner().invoke(cli, ["replica", "truth", "--articles", "3"])
    assert result.exit_code == 2
    assert "at least 5" in result.output and "Traceback" not in result.output


def test_render_prints_a_page() -> None:
    result = CliRunner().invoke(
        cli, ["replica", "render", "/robots.txt", "--articles", "5"]
    )
    assert result.exit_code == 0 and "Disallow: /res/" in result.output


def test_busy_port_is_a_user_error() -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            cli, ["replica", "serve", "--port", str(port), "--articles", "5"]
        )
    assert result.exit_code == 2 and "--port" in result.output


def test_truth_and_render_take_the_site(tmp_path: Path) -> None:
    out = tmp_path / "truth.jsonl"
    args = ["--articles", "12", "--site", "spectrum.ieee.org"]
    result = CliRunner().invoke(cli, ["replica", "truth", *args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    corpus = Corpus(articles=12, site="spectrum.ieee.org")
    assert lines == list(corpus.truth())
    assert {line["site"] for line in lines} == {"spectrum.ieee.org"}
    assert all(not line["url"].endswith("/") for line in lines)
    page = CliRunner().invoke(cli, ["replica", "render", "/sitemaps.xml", *args])
    assert page.exit_code == 0
    assert "/sitemaps/" in page.output


def test_an_unknown_site_is_a_user_error() -> None:
    result = CliRunner().invoke(cli, ["replica", "truth", "--site", "example.com"])
    assert result.exit_code == 2
    assert "spectrum.ieee.org" in result.output
