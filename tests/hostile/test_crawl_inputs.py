"""Careless and hostile input to the commands that write the archive (`crawl`, `db
upgrade`, `reparse`): files that are not archives, start URLs, settings values and
durations. Each case: exit 2, one line on stderr, no traceback, the archive unchanged.
All are refused before a reactor starts, so they run in-process."""

from __future__ import annotations

import os

import pytest

from newsarchive.cli.crawl_settings import NUMBER_RANGES

from .conftest import attempt, attempt_on_not_an_archive

START = "http://127.0.0.1:9/"  # never reached: every case is refused first
WRITERS = {
    "crawl": ["crawl", "--start-url", START],
    "db-upgrade": ["db", "upgrade"],
    "reparse": ["reparse"],
}
FILE_KINDS = (
    "dev-null", "directory", "text-file", "random-bytes", "truncated-archive",
    "truncated-tail", "empty-file",
)  # fmt: skip


@pytest.mark.parametrize("kind", FILE_KINDS)
@pytest.mark.parametrize("command", list(WRITERS.values()), ids=list(WRITERS))
def test_not_an_archive_to_write(request, hostile_archive, tmp_path, command, kind):
    """Nothing is created beside it, nothing changed in it (no lock file either)."""
    attempt_on_not_an_archive(request, hostile_archive, command, kind, tmp_path)


def _bad_numbers(whole: bool, lowest: float, highest: float) -> dict[str, str]:
    values = {
        "below": str(int(lowest) - 1 if whole else lowest - 0.5),
        "above": str(int(highest) * 10 + 1 if whole else highest * 10),
        "nan": "nan",
        "infinity": "1e400",
        "text": "soon",
        "empty": "",
        "huge": "9" * 5_000,
    }
    if whole:
        values["fraction"] = "2.5"
    return values


SETTING_CASES = [
    pytest.param(name, value, id=f"{name}-{label}")
    for name, limits in NUMBER_RANGES.items()
    for label, value in _bad_numbers(*limits).items()
]


@pytest.mark.parametrize(("name", "value"), SETTING_CASES)
def test_numeric_settings_out_of_range(request, hostile_archive, name, value) -> None:
    outcome = attempt(
        request, hostile_archive, [*WRITERS["crawl"], "-s", f"{name}={value}"], expect=2
    )
    assert name in outcome.result.stderr


BAD_START_URLS = {
    "port-99999": "http://127.0.0.1:99999/",
    "port-negative": "http://127.0.0.1:-1/",
    "port-text": "http://127.0.0.1:http/",
    "open-ipv6": "http://[::1/",
    "bad-ipv6": "http://[zz::1]/",
    "no-host": "http:///path",
    "ftp": "ftp://example.org/",
    "javascript": "javascript:alert(1)",
    "empty": "",
    "bare-host": "responsiblestatecraft.org",
    "nul": "http://exa\x00mple.org/",
    "space": "http://exa mple.org/",
    "newline": "http://example.org/\nX-Injected: 1",
    "huge": "http://example.org:99999/" + "x" * 100_000,
}


@pytest.mark.parametrize("url", list(BAD_START_URLS.values()), ids=list(BAD_START_URLS))
def test_bad_start_urls(request, hostile_archive, url) -> None:
    attempt(request, hostile_archive, ["crawl", "--start-url", url], expect=2)


BAD_DURATIONS = {
    "overflow": "99999999999d",
    "over-a-century": "5300w",
    "float-overflow": "1e400d",
    "negative": "-1d",
    "no-unit": "30",
    "empty": "",
    "words": "thirty days",
    "huge": "9" * 5_000 + "d",
}


@pytest.mark.parametrize("value", list(BAD_DURATIONS.values()), ids=list(BAD_DURATIONS))
@pytest.mark.parametrize("how", ["option", "setting"])
def test_bad_recheck_durations(request, hostile_archive, value, how) -> None:
    given = (
        ["--recheck-after", value]
        if how == "option"
        else ["-s", f"NEWSARCHIVE_RECHECK_AFTER={value}"]
    )
    if how == "setting" and not value.strip():
        pytest.skip("an empty setting means 'never by age', as documented")
    attempt(request, hostile_archive, [*WRITERS["crawl"], *given], expect=2)


def test_a_new_archive_in_a_read_only_folder(request, hostile_archive, tmp_path):
    """A folder the process can't write (not root: root writes anyway; the read-only
    mount case is test_read_only_archive_to_write)."""
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; see the read-only mount case")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        attempt(
            request,
            hostile_archive,
            WRITERS["crawl"],
            expect=2,
            db=folder / "new.sqlite",
        )
        assert not list(folder.iterdir())
    finally:
        folder.chmod(0o755)
