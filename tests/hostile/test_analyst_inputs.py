"""Careless and hostile input to the analyst commands: every command that takes a filter,
a date, a limit, an id, a search query or an output path gets the bad values of its
class. Each case: the exit code, one line on stderr, no traceback, the archive unchanged.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from .conftest import attempt, attempt_on_not_an_archive

FILTER_COMMANDS = {
    "search": ["search", "Russia"],
    "list": ["list"],
    "stats": ["stats"],
    "stats-by-tag": ["stats", "--by", "tag"],
    "export": ["export", "--format", "csv"],
    "teasers": ["teasers"],
}
SITE_COMMANDS = {
    **FILTER_COMMANDS,
    "authors": ["authors"],
    "sections": ["sections"],
    "tags": ["tags"],
    "runs": ["runs"],
    "failures": ["failures"],
}
LIMIT_COMMANDS = {
    name: SITE_COMMANDS[name]
    for name in ("search", "list", "authors", "sections", "tags", "runs", "failures")
} | {"stats": ["stats", "--by", "author"]}
OUTPUT_COMMANDS = {
    **{name: [*args] for name, args in LIMIT_COMMANDS.items()},
    "export": ["export", "--format", "csv"],
    "teasers": ["teasers"],
    "show": ["show", "1"],
    "history": ["history", "1"],
    "datasette-metadata": ["datasette-metadata"],
}
ID_COMMANDS = {"show": ["show"], "history": ["history"], "placements": ["placements"]}

BAD_DATES = {
    "overflow-days": "last 3000000 days",
    "overflow-years": "last 99999999999 years",
    "too-many-digits": "last 1234567890123 days",
    "end-of-time": "9999-12-31",
    "year-9999": "9999",
    "year-zero": "0000-01-01",
    "year-10000": "10000-01-01",
    "month-13": "2023-13",
    "february-30": "2023-02-30",
    "hour-25": "2023-11-03T25:00:00",
    "empty": "",
    "blank": "   ",
    "nul": "\x00",
    "huge": "2" * 100_000,
    "negative": "last -3 days",
    "float": "1e400",
}
GOOD_DATE_EDGES = {"since": "0001-01-01", "until": "9998-12"}
BAD_FILTER_TEXT = {
    "percent": "%",
    "underscore": "_",
    "percents": "%%%",
    "prefix-wildcard": "a%",
    "empty": "",
    "blank": "   ",
    "nul": "\x00",
    "huge": "x" * 100_000,
    "sql": "'; DROP TABLE articles; --",
    "bidi": "\u202eaissuR",
}
BAD_LIMITS = {
    "2^63": str(2**63),
    "2^64": str(2**64),
    "googol": "1" + "0" * 100,
    "negative": "-1",
    "float": "1e9",
    "empty": "",
    "text": "fifty",
    "superscript": "\u00b2",
    "arabic-indic": "\u0661\u0662",
    "5000-digits": "9" * 5_000,
    "plus": "+5",
}
GOOD_LIMITS = {"max": str(2**63 - 1), "all": "0"}
BAD_IDS = {
    "2^63": str(2**63),
    "2^64": str(2**64),
    "digits": "9" * 100,
    "5000-digits": "9" * 5_000,
    "superscript": "\u00b2",
    "arabic-indic": "\u0661\u0662",
    "zero": "0",
    "negative": "-1",
    "empty": "",
    "bad-ipv6": "http://[::1",
    "bad-port": "http://example.org:99999/",
    "nul": "\x00",
    "huge": "https://example.org/" + "x" * 100_000,
}
BAD_SEARCHES = {
    "deep-parentheses": "(" * 200 + "ukraine" + ")" * 200,
    "open-parentheses": "(" * 100_000,
    "thousands-of-terms": " ".join(f"w{n}" for n in range(5_000)),
    "thousands-of-ors": " OR ".join(
        "abcdefghijklmnopqrstuvwxyz"[n % 26] for n in range(900)
    ),
    "many-short-terms": " ".join("ab" for _ in range(600)),
    "unterminated": '"peace summit',
    "bare-operator": "AND",
    "bare-star": "*",
    "open-near": "NEAR(",
    "no-such-column": "nosuchcolumn: x",
    "empty": "",
    "blank": "   ",
    "huge-word": "x" * 100_000,
}


def _cases(commands: dict[str, list[str]], values: dict[str, str]):
    return [
        pytest.param(args, value, id=f"{command}-{name}")
        for command, args in commands.items()
        for name, value in values.items()
    ]


@pytest.mark.parametrize(("command", "value"), _cases(FILTER_COMMANDS, BAD_DATES))
@pytest.mark.parametrize("option", ["--since", "--until"])
def test_bad_dates(request, hostile_archive, command, option, value) -> None:
    attempt(request, hostile_archive, [*command, option, value], expect=2)


@pytest.mark.parametrize(
    "command", list(FILTER_COMMANDS.values()), ids=list(FILTER_COMMANDS)
)
def test_date_edges_and_reversed_periods(request, hostile_archive, command) -> None:
    for option, value in GOOD_DATE_EDGES.items():
        attempt(request, hostile_archive, [*command, f"--{option}", value], expect=0)
    reversed_period = [*command, "--since", "2024", "--until", "2023"]
    attempt(request, hostile_archive, reversed_period, expect=2)


@pytest.mark.parametrize(("command", "value"), _cases(FILTER_COMMANDS, BAD_FILTER_TEXT))
@pytest.mark.parametrize("option", ["--section", "--author", "--tag"])
def test_filters_match_only_the_text_given(
    request, hostile_archive, command, option, value
):
    """Wildcards match literally (no author is called `%`), empty values are mistakes
    rather than "everything", and nothing long or strange gets past the checks."""
    attempt(request, hostile_archive, [*command, option, value], expect=2)


@pytest.mark.parametrize(("command", "value"), _cases(SITE_COMMANDS, BAD_FILTER_TEXT))
def test_bad_sites(request, hostile_archive, command, value) -> None:
    attempt(request, hostile_archive, [*command, "--site", value], expect=2)


@pytest.mark.parametrize(("command", "value"), _cases(LIMIT_COMMANDS, BAD_LIMITS))
def test_bad_limits(request, hostile_archive, command, value) -> None:
    attempt(request, hostile_archive, [*command, "--limit", value], expect=2)


@pytest.mark.parametrize(("command", "value"), _cases(LIMIT_COMMANDS, GOOD_LIMITS))
def test_limit_edges(request, hostile_archive, command, value) -> None:
    attempt(request, hostile_archive, [*command, "--limit", value], expect=0)


@pytest.mark.parametrize(("command", "value"), _cases(ID_COMMANDS, BAD_IDS))
def test_bad_ids_and_urls(request, hostile_archive, command, value) -> None:
    attempt(request, hostile_archive, [*command, value], expect=2)


@pytest.mark.parametrize("value", list(BAD_IDS.values())[:7], ids=list(BAD_IDS)[:7])
def test_failures_ignore_bad_ids(request, hostile_archive, value) -> None:
    attempt(request, hostile_archive, ["failures", "ignore", value], expect=2)


@pytest.mark.parametrize("query", list(BAD_SEARCHES.values()), ids=list(BAD_SEARCHES))
def test_bad_searches_are_refused_quickly_naming_the_limit(
    request, hostile_archive, query
) -> None:
    outcome = attempt(request, hostile_archive, ["search", query], expect=2)
    message = outcome.result.stderr
    assert "limit" in message or "quote" in message or "empty" in message


# --- output paths ------------------------------------------------------------------------


def _output_cases():
    targets = [
        ("the-archive", 2), ("its-wal", 2), ("its-shm", 2), ("its-journal", 2),
        ("its-lock", 2), ("hard-link", 2), ("symlink-to-archive", 2),
        ("symlink-to-file", 2), ("dangling-symlink", 2), ("directory", 2),
        ("missing-folder", 2), ("dev-null", 0), ("dev-full", 1), ("stdout", 0),
        ("fifo", 0),
    ]  # fmt: skip
    return [
        pytest.param(args, target, expect, id=f"{command}-{target}")
        for command, args in OUTPUT_COMMANDS.items()
        for target, expect in targets
    ]


def _target(name: str, archive: Path, scratch: Path, suffix: str = ".out") -> str:
    """The path a case writes to, made as the case needs it."""
    if name == "the-archive":
        return str(archive)
    side = {
        "its-wal": "-wal",
        "its-shm": "-shm",
        "its-journal": "-journal",
        "its-lock": ".lock",
    }
    if name in side:
        return f"{archive}{side[name]}"
    target = scratch / f"{name}{suffix}"
    if name == "hard-link":
        os.link(archive, target)
    elif name == "symlink-to-archive":
        target.symlink_to(archive)
    elif name == "symlink-to-file":
        real = scratch / "real.txt"
        real.write_text("keep me")
        target.symlink_to(real)
    elif name == "dangling-symlink":
        target.symlink_to(scratch / "nowhere")
    elif name == "directory":
        target.mkdir()
    elif name == "missing-folder":
        return str(scratch / "no" / "such" / f"folder{suffix}")
    elif name in ("dev-null", "dev-full"):
        return f"/dev/{name[4:]}"
    elif name == "stdout":
        return "-"
    elif name == "fifo":
        os.mkfifo(target)
    return str(target)


def _drain(fifo: str) -> threading.Thread:
    """A reader for a FIFO target, as `cat fifo` would be."""

    def read() -> None:
        with open(fifo, "rb") as stream:
            while stream.read(65536):
                pass

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


def _check_left_alone(name: str, target: str, scratch: Path) -> None:
    if name == "symlink-to-file":
        assert (
            Path(target).is_symlink()
            and (scratch / "real.txt").read_text() == "keep me"
        )
    elif name == "dangling-symlink":
        assert Path(target).is_symlink() and not Path(target).exists()
    elif name in ("dev-null", "dev-full"):
        assert Path(target).is_char_device()
    elif name == "fifo":
        assert Path(target).is_fifo()
    elif name == "missing-folder":
        assert not (scratch / "no").exists()
    assert not list(scratch.glob(".*.part")), "a temporary file was left behind"


@pytest.mark.parametrize(("command", "target_name", "expect"), _output_cases())
def test_output_paths(request, private_archive, tmp_path, command, target_name, expect):
    target = _target(target_name, private_archive.db, tmp_path)
    reader = _drain(target) if target_name == "fifo" else None
    attempt(request, private_archive, [*command, "--out", target], expect=expect)
    if reader is not None:
        reader.join(timeout=10)
    _check_left_alone(target_name, target, tmp_path)


@pytest.mark.parametrize(
    ("target_name", "expect"),
    [
        ("the-archive", 2), ("its-wal", 2), ("its-shm", 2), ("its-lock", 2),
        ("hard-link", 2), ("symlink-to-archive", 2), ("symlink-to-file", 2),
        ("directory", 2), ("missing-folder", 2), ("dev-null", 2), ("stdout", 2),
        ("wrong-extension", 2),
    ],
)  # fmt: skip
def test_plot_paths(request, private_archive, tmp_path, target_name, expect) -> None:
    if target_name == "wrong-extension":
        target = str(tmp_path / "chart.jpg")
    else:
        target = _target(target_name, private_archive.db, tmp_path, suffix=".png")
    attempt(request, private_archive, ["stats", "--plot", target], expect=expect)
    _check_left_alone(target_name, target, tmp_path)
    if target_name == "wrong-extension":
        assert not Path(target).exists()


# --- archives that are not archives -------------------------------------------------------

EVERY_COMMAND = {
    **{name: args for name, args in SITE_COMMANDS.items() if name != "stats-by-tag"},
    "show": ["show", "1"],
    "history": ["history", "1"],
    "failures-ignore": ["failures", "ignore", "--reason", "missing_title"],
    "frontpage": ["frontpage"],
    "frontpage-at": ["frontpage", "--at", "2026-01-01"],
    "placements": ["placements", "1"],
}
NOT_ARCHIVES = (
    "dev-null", "directory", "text-file", "random-bytes", "truncated-archive",
    "empty-file", "missing", "name-too-long", "nul", "missing-uri",
)  # fmt: skip


@pytest.mark.parametrize("kind", NOT_ARCHIVES)
@pytest.mark.parametrize(
    "command", list(EVERY_COMMAND.values()), ids=list(EVERY_COMMAND)
)
def test_not_an_archive(request, hostile_archive, tmp_path, command, kind) -> None:
    """Nothing is created, nothing is changed: `mode=rwc` or a typo never makes an
    empty archive, a truncated one is not written to."""
    attempt_on_not_an_archive(request, hostile_archive, command, kind, tmp_path)
