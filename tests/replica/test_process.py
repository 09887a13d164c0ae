"""The replica subprocess: announces its URL, serves, and stops cleanly on SIGTERM/SIGINT."""

from __future__ import annotations

import signal
import urllib.request

import pytest

from newsarchive.replica import Corpus, start_replica_process
from newsarchive.replica.process import ReplicaStartError


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


def test_a_second_publication_on_another_loopback_host() -> None:
    """spectrum.ieee.org on 127.0.0.2 beside the default site: two hosts, one machine."""
    try:
        replica = start_replica_process(
            articles=20, page_kb=8, host="127.0.0.2", site="spectrum.ieee.org"
        )
    except ReplicaStartError as error:  # a loopback without 127.0.0.2 (not Linux)
        pytest.skip(f"cannot serve on 127.0.0.2: {error}")
    with replica:
        assert replica.base_url.startswith("http://127.0.0.2:")
        with urllib.request.urlopen(replica.base_url + "/robots.txt", timeout=10) as r:
            robots = r.read().decode()
        assert f"Sitemap: {replica.base_url}/sitemaps.xml" in robots
        corpus = Corpus(
            articles=20, page_kb=8, base_url=replica.base_url, site="spectrum.ieee.org"
        )
        path = corpus.article_paths()[-1]
        with urllib.request.urlopen(replica.base_url + path, timeout=10) as r:
            assert r.read() == corpus.render(path).body
        assert corpus.truth_for(path)["site"] == "spectrum.ieee.org"
