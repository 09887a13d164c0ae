"""One virtualenv per peer extractor under bench/.venvs/<peer>, built idempotently.

The peers' pins conflict (fundus wants lxml<6, trafilatura's htmldate lxml>=6.1.3), so
each gets its own venv from the pins in bench/peers/<peer>.txt. A venv is rebuilt only
when its pins file changed (a stamp holds the pins' hash). A failed install never
raises: the caller gets the reason and reports the peer as not installable.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

PEERS_DIR = Path(__file__).resolve().parent
VENVS_DIR = PEERS_DIR.parent / ".venvs"
PEER_NAMES = ("trafilatura", "newspaper4k", "news-please", "fundus")
# Benchmark rows -> the venv each runs in (fundus runs two ways, see run_fundus*.py).
TOOLS = {
    "trafilatura": "trafilatura",
    "newspaper4k": "newspaper4k",
    "news-please": "news-please",
    "fundus": "fundus",
    "fundus-borrowed": "fundus",
}
INSTALL_TIMEOUT_S = 900


@dataclass(kw_only=True)
class PeerVenv:
    peer: str
    python: Path | None = None
    """The venv's interpreter; None when the peer could not be installed."""
    problem: str | None = None
    """Why the peer is not installable (one line)."""


def runner_script(tool: str) -> Path:
    return PEERS_DIR / f"run_{tool.replace('-', '_')}.py"


def pins_file(peer: str) -> Path:
    return PEERS_DIR / f"{peer}.txt"


def ensure_venv(peer: str, venvs_dir: Path = VENVS_DIR) -> PeerVenv:
    """Make (or reuse) bench/.venvs/<peer> with the peer's pinned packages."""
    pins = pins_file(peer)
    if not pins.exists():
        return PeerVenv(peer=peer, problem=f"no pins file {pins.name}")
    venv = venvs_dir / peer
    python = venv / "bin" / "python"
    stamp = venv / ".pins-sha256"
    wanted = hashlib.sha256(pins.read_bytes()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return PeerVenv(peer=peer, python=python)

    logger.info("building %s (pins %s)", venv, pins.name)
    shutil.rmtree(venv, ignore_errors=True)
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", str(pins)],
    ]  # fmt: skip
    for command in steps:
        problem = _run_step(command)
        if problem:
            logger.warning("%s not installable: %s", peer, problem)
            return PeerVenv(peer=peer, problem=problem)
    stamp.write_text(wanted + "\n")
    return PeerVenv(peer=peer, python=python)


def _run_step(command: list[str]) -> str | None:
    """Run one build step; None on success, else the last meaningful output line."""
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{Path(command[0]).name} failed: {exc}"
    if done.returncode == 0:
        return None
    lines = [
        line.strip()
        for line in (done.stderr + done.stdout).splitlines()
        if line.strip()
    ]
    errors = (
        [line for line in lines if "error" in line.lower()] or lines or ["no output"]
    )
    return f"exit {done.returncode}: {errors[-1][:200]}"
