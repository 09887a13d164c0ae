"""The replica subprocess: announces its URL, serves, and stops cleanly on SIGTERM/SIGINT."""

from __future__ import annotations

import signal
import urllib.request

import pytest

from newsarchive.replica import start_replica_process


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stops_cleanly_on_signal(sig: signal.Signals) -> None:
    replica = start_replica_process(articles=5, page_kb=8)
    try:
        with urllib.request.urlopen(
            replica.base_url + "/robots.txt", timeout=10
        ) as response:
            assert response.status == 200
        replica.process.send_signal(sig)
        assert replica.process.wait(timeout=15) == 0
    finally:
        replica.stop()


def test_context_manager_stops_the_process() -> None:
    with start_replica_process(articles=5, page_kb=8) as replica:
        process = replica.process
    assert process.poll() is not None
