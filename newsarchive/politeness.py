"""Politeness: how hard a crawl may hit a host.

A real site gets robots.txt, AutoThrottle, a delay, few parallel requests and an honest
User-Agent with a contact. A loopback host (the replica) is our own process: delays and
AutoThrottle are off and concurrency is high. robots.txt is obeyed either way, so a crawl of
the replica exercises the same rules as one of the real site.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from newsarchive import __version__

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})

# The real-site values are the defaults in `newsarchive.settings`; a loopback host
# overrides them with these.
LOOPBACK_SETTINGS: dict[str, Any] = {
    "ROBOTSTXT_OBEY": True,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0.0,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
}


def is_loopback(url: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: hosts that are this machine."""
    host = (urlsplit(url).hostname or "").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def user_agent(contact: str | None) -> str:
    """`newsarchive/<version> (+<contact>)`: site owners can tell who crawls them."""
    base = f"newsarchive/{__version__}"
    return f"{base} (+{contact})" if contact else base


def politeness_settings(start_url: str, contact: str | None) -> dict[str, Any]:
    """Settings to lay over `newsarchive.settings` for a crawl starting at `start_url`."""
    values = dict(LOOPBACK_SETTINGS) if is_loopback(start_url) else {}
    values["USER_AGENT"] = user_agent(contact)
    return values
