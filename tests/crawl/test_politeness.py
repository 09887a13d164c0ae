"""Politeness: loopback hosts crawl fast, real sites slowly and identifiably."""

from __future__ import annotations

import pytest

from newsarchive import __version__
from newsarchive.politeness import is_loopback, politeness_settings, user_agent


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8765/", True),
        ("http://127.5.6.7/", True),
        ("http://localhost:8000/", True),
        ("http://[::1]:8000/", True),
        ("https://responsiblestatecraft.org/", False),
        ("http://10.0.0.1/", False),
        ("http://128.0.0.1/", False),
    ],
)
def test_is_loopback(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback


def test_user_agent_names_version_and_contact() -> None:
    assert user_agent("mailto:me@example.org") == (
        f"newsarchive/{__version__} (+mailto:me@example.org)"
    )
    assert user_agent(None) == f"newsarchive/{__version__}"


def test_loopback_turns_delays_off_but_keeps_robots() -> None:
    values = politeness_settings("http://127.0.0.1:8765/", None)
    assert values["DOWNLOAD_DELAY"] == 0
    assert values["AUTOTHROTTLE_ENABLED"] is False
    assert values["ROBOTSTXT_OBEY"] is True
    assert values["CONCURRENT_REQUESTS_PER_DOMAIN"] >= 16


def test_real_site_keeps_the_polite_defaults() -> None:
    from newsarchive import settings

    values = politeness_settings("https://responsiblestatecraft.org/", "https://x.org")
    assert values == {"USER_AGENT": f"newsarchive/{__version__} (+https://x.org)"}
    assert settings.ROBOTSTXT_OBEY and settings.AUTOTHROTTLE_ENABLED
    assert 0.5 <= settings.DOWNLOAD_DELAY <= 1
    assert settings.CONCURRENT_REQUESTS_PER_DOMAIN <= 2
    assert not settings.HTTPCACHE_ENABLED
