"""`newsarchive serve` on a built test archive, and headless Chromium driving it.

The archive is built twice, as a SQLite file and on a real PostgreSQL server (the
`served` fixture's two parameters), and every page test runs on both. The server runs
in a subprocess on a free loopback port; Chromium is Debian's
(`chromium`, `chromium-driver`, installed by .ci/run) with a fresh profile. Tests skip,
saying why, only when the browser truly cannot start.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsarchive.items import article_from_json_dict
from tests.analyst.archive_builder import build_archive

ARTICLES = 120
BASE_URL = "http://127.0.0.1:8765"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
WINDOW = (1280, 900)


@dataclass
class Served:
    url: str
    db: Path | str
    """A SQLite file, or the URL of the PostgreSQL archive."""
    truth: list[dict]
    kind: str = "sqlite"

    def article_id(self, **where: str) -> int:
        """The id of the article with this `title=` or `url=`, on either archive."""
        from newsarchive.query.database import connect_archive

        ((column, value),) = where.items()
        with contextlib.closing(connect_archive(self.db)) as connection:
            return connection.execute(
                f"SELECT id FROM articles WHERE {column} = :value", {"value": value}
            ).fetchone()["id"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"newsarchive serve exited: {process.stderr.read()}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url + "/runs", timeout=2),
        ):
            return
        time.sleep(0.2)
    raise RuntimeError("newsarchive serve did not answer within a minute")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Served]:
    from newsarchive.replica import Corpus

    corpus = Corpus(articles=ARTICLES, seed=1, base_url=BASE_URL, page_kb=8)
    truth = list(corpus.truth())
    db: Path | str
    if request.param == "postgresql":
        from tests.servers import create_database

        db = create_database(
            request.getfixturevalue("postgres_server_url"), prefix="web"
        )
    else:
        db = tmp_path_factory.mktemp("web") / "archive.sqlite"
    build_archive(
        db,
        [article_from_json_dict(article) for article in truth],
        page_body=lambda article: corpus.render(article.url).body,
    )
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsarchive",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield Served(url=url, db=db, truth=truth, kind=request.param)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip(f"no {CHROMIUM} or {CHROMEDRIVER}: .ci/run installs them")
    if shutil.which("chromium") is None and not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as error:
        pytest.skip(f"headless Chromium could not start: {error.msg}")
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def screenshot(browser, request):
    """Save what the browser shows under tests/artifacts/<test name>.png at the end."""
    ARTIFACTS.mkdir(exist_ok=True)
    yield
    browser.save_screenshot(str(ARTIFACTS / f"{request.node.name}.png"))
