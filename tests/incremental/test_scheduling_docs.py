"""docs/scheduling.md: its cron lines and systemd units are valid, and the options they
use exist."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli

DOC = Path(__file__).parent.parent.parent / "docs" / "scheduling.md"
CRON_FIELDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


def blocks(language: str) -> list[str]:
    return re.findall(
        rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL
    )


def valid_cron_field(text: str, low: int, high: int) -> bool:
    for part in text.split(","):
        base, _, step = part.partition("/")
        if step and not step.isdigit():
            return False
        if base == "*":
            continue
        bounds = base.split("-")
        if len(bounds) > 2 or not all(
            b.isdigit() and low <= int(b) <= high for b in bounds
        ):
            return False
    return True


def crawl_options() -> str:
    result = CliRunner().invoke(cli, ["crawl", "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def test_cron_lines_are_valid_and_use_real_options() -> None:
    lines = [
        line for block in blocks("cron") for line in block.splitlines() if line.strip()
    ]
    assert lines
    help_text = crawl_options()
    for line in lines:
        fields = line.split(None, 5)
        assert len(fields) == 6, line
        for value, (low, high) in zip(fields[:5], CRON_FIELDS, strict=True):
            assert valid_cron_field(value, low, high), (value, line)
        command = shlex.split(fields[5])
        assert command[0].endswith("/newsarchive") and command[1] == "crawl", line
        assert "%" not in fields[5], "cron turns % into newlines"
        for option in (word for word in command if word.startswith("--")):
            assert option in help_text, option


def systemd_units(tmp_path: Path) -> tuple[Path, Path]:
    service, timer = blocks("ini")
    executable = Path(sys.executable).with_name("newsarchive")
    service = re.sub(
        r"^ExecStart=\S+", f"ExecStart={executable}", service, flags=re.MULTILINE
    )
    paths = tmp_path / "newsarchive.service", tmp_path / "newsarchive.timer"
    paths[0].write_text(service)
    paths[1].write_text(timer)
    return paths


def test_systemd_units_have_what_they_need(tmp_path: Path) -> None:
    service_path, timer_path = systemd_units(tmp_path)
    service, timer = (
        configparser.ConfigParser(strict=False),
        configparser.ConfigParser(),
    )
    service.optionxform = timer.optionxform = str  # systemd keys are case-sensitive
    service.read(service_path)
    timer.read(timer_path)
    assert service["Service"]["Type"] == "oneshot"
    command = shlex.split(service["Service"]["ExecStart"])
    assert Path(command[0]).is_absolute() and command[1] == "crawl"
    help_text = crawl_options()
    assert all(o in help_text for o in command if o.startswith("--"))
    assert (
        timer["Timer"]["OnCalendar"] and timer["Install"]["WantedBy"] == "timers.target"
    )


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="no systemd-analyze"
)
def test_systemd_analyze_accepts_the_units(tmp_path: Path) -> None:
    paths = systemd_units(tmp_path)
    verify = subprocess.run(
        ["systemd-analyze", "verify", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert verify.returncode == 0 and not verify.stderr.strip(), verify.stderr
    calendar = re.search(
        r"^OnCalendar=(.+)$", paths[1].read_text(), re.MULTILINE
    ).group(1)
    check = subprocess.run(
        ["systemd-analyze", "calendar", calendar],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode == 0, check.stderr
