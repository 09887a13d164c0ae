"""`newsarchive extract`: JSON on stdout, one-line errors with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsarchive.cli import cli

PAGES = Path(__file__).parent / "pages"


def run(*args: str):
    return CliRunner().invoke(cli, ["extract", *args])


def test_prints_the_article_as_json() -> None:
    result = run(
        str(PAGES / "handmade_article.html"),
        "--url",
        "https://example.org/talks-quietly/",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Talks, quietly"
    assert data["site"] == "responsiblestatecraft.org"
    assert data["published_at"] == "2023-10-27T16:00:00+00:00"


def test_site_option() -> None:
    result = run(str(PAGES / "handmade_article.html"), "--site", "spectrum.ieee.org")
    assert json.loads(result.stdout)["site"] == "spectrum.ieee.org"


def test_the_site_defaults_to_the_profile_of_the_urls_host() -> None:
    result = run(
        str(PAGES / "handmade_article.html"),
        "--url",
        "https://spectrum.ieee.org/talks-quietly",
    )
    assert json.loads(result.stdout)["site"] == "spectrum.ieee.org"


def test_site_file_option(tmp_path: Path) -> None:
    profile = tmp_path / "example.toml"
    profile.write_text(
        'name = "example.org"\ndisplay_name = "Example"\nhost = "example.org"\n'
        'start_url = "https://example.org/"\nlanguage = "en"\n'
        '[urls]\narticle = ["/{slug}/"]\n[feeds]\nmain = "/feed.rss"\n'
        '[sitemaps]\nindex = "/sitemap.xml"\n'
    )
    result = run(str(PAGES / "handmade_article.html"), "--site-file", str(profile))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["site"] == "example.org"


def test_unknown_site_and_bad_site_file_are_one_line(tmp_path: Path) -> None:
    page = str(PAGES / "handmade_article.html")
    result = run(page, "--site", "example.org")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: --site: no site profile named 'example.org'")
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n')
    result = run(page, "--site-file", str(bad))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: --site-file {bad}: display_name: missing"
    ]
    result = run(page, "--site", "spectrum.ieee.org", "--site-file", str(bad))
    assert result.exit_code == 2
    assert "not both" in result.stderr


def test_index_option() -> None:
    result = run(str(PAGES / "handmade_section.html"), "--index")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kind"] == "section"


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.html"))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: no such file: {tmp_path / 'nope.html'} (give an HTML file or an http(s) URL)"
    ]


def test_non_article_says_so_and_why() -> None:
    result = run(str(PAGES / "handmade_section.html"))
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "is not an article page (og:type is 'website'" in line


def test_unreachable_url_is_a_user_error() -> None:
    # Port 9 (discard) on loopback: nothing listens there, the connection is refused.
    result = run("http://127.0.0.1:9/some-article/")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: cannot fetch http://127.0.0.1:9/some-article/")


def test_reads_a_url_with_one_get() -> None:
    import http.server
    import threading

    body = (PAGES / "handmade_article.html").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = 200 if self.path == "/talks-quietly/" else 404
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body if status == 200 else b"not found")

        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        result = run(f"{base}/talks-quietly/")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["url"] == f"{base}/talks-quietly/"
        missing = run(f"{base}/gone-away/")
        assert missing.exit_code == 2
        assert "answered HTTP 404" in missing.stderr
    finally:
        server.shutdown()
        server.server_close()
