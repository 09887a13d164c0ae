"""The reading room's presentation helpers and `serve`'s refusals (no browser)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newsarchive.web.pages import attention_chart, safe_body, snippet_html


def test_body_html_is_sanitised_never_executed() -> None:
    hostile = (
        '<p onclick="steal()">Kept <a href="javascript:alert(1)">link</a></p>'
        "<script>alert(1)</script><iframe src='https://evil.example'></iframe>"
        '<img src="x" onerror="alert(1)"><style>body{display:none}</style>'
        '<p><a href="https://example.org/">fine</a></p>'
    )
    cleaned = str(safe_body(hostile))
    for banned in (
        "script",
        "onclick",
        "onerror",
        "iframe",
        "javascript:",
        "<img",
        "style",
    ):
        assert banned not in cleaned
    assert "<p>Kept" in cleaned
    assert 'href="https://example.org/"' in cleaned and "noopener" in cleaned


def test_snippet_marks_are_escaped_text() -> None:
    html = str(snippet_html("a <b> \x02word\x03 & more"))
    assert html == "a &lt;b&gt; <mark>word</mark> &amp; more"


def test_attention_chart_is_an_svg_without_script() -> None:
    months = [
        {"month": f"2024-{m:02d}", "matches": m % 3, "total": 5, "share": (m % 3) / 5}
        for m in range(1, 13)
    ]
    svg = str(attention_chart(months))
    assert svg.startswith("<svg") and "<script" not in svg
    assert svg.count("<rect") == 12 and "2024-01" in svg


def test_serve_refuses_what_is_not_an_archive(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.sqlite"
    text_file.write_text("not a database")
    for db in (tmp_path / "missing.sqlite", text_file):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsarchive",
                "serve",
                "--db",
                str(db),
                "--port",
                "0",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "missing.sqlite").exists()


def test_serve_refuses_a_postgresql_archive_in_one_line(postgres_archive: str) -> None:
    """Datasette opens SQLite files only: a PostgreSQL archive (a real, migrated one)
    is refused before anything starts, and the CLI is named instead."""
    result = subprocess.run(
        [sys.executable, "-m", "newsarchive", "serve", "--db", postgres_archive,
         "--port", "0"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "SQLite archives" in line and "with the CLI" in line
