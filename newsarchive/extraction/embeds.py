"""Embedded media in the article body: tweets, YouTube, audio players, other iframes."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree

from newsarchive.extraction.text import absolute, classes
from newsarchive.items import Embed

_YOUTUBE_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be")
_TWITTER_HOSTS = ("twitter.com", "x.com")
_AUDIO_HINTS = ("audio", "podcast", "soundcloud", "spotify", "megaphone", "simplecast")
_COMMENT_CLASSES = frozenset({"article__comments", "talk-comments-wrp"})


def embeds(scope: etree._Element | None, base_url: str) -> list[Embed]:
    """Embeds in page order inside the body block (which holds the audio player too)."""
    if scope is None:
        return []
    found: list[Embed] = []
    for element in scope.iter("iframe", "blockquote", "audio", "video"):
        if _in_comments(element, scope):
            continue
        embed = _embed(element, base_url)
        if embed is not None:
            found.append(embed)
    return found


def _embed(element: etree._Element, base_url: str) -> Embed | None:
    tag = element.tag
    if tag == "blockquote":
        names = classes(element)
        if "twitter-tweet" in names:
            return Embed(kind="tweet", url=_status_link(element, base_url))
        if "instagram-media" in names:
            link = element.get("data-instgrm-permalink")
            return Embed(kind="instagram", url=absolute(base_url, link))
        return None
    if tag in ("audio", "video"):
        source = element.get("src") or next(
            (s.get("src") for s in element.iter("source") if s.get("src")), None
        )
        return Embed(kind=tag, url=absolute(base_url, source))
    source = (
        element.get("src") or element.get("data-src") or element.get("data-runner-src")
    )
    url = absolute(base_url, source)
    return Embed(kind=_iframe_kind(element, url), url=url)


def _iframe_kind(iframe: etree._Element, url: str | None) -> str:
    host = _host(url)
    if any(host == h or host.endswith("." + h) for h in _YOUTUBE_HOSTS):
        return "youtube"
    if any(host == h or host.endswith("." + h) for h in _TWITTER_HOSTS):
        return "tweet"
    hints = " ".join(classes(iframe)).lower() + " " + (url or "").lower()
    if any(hint in hints for hint in _AUDIO_HINTS):
        return "audio"
    return "iframe"


def _host(url: str | None) -> str:
    try:
        return (urlsplit(url).hostname or "").lower() if url else ""
    except ValueError:
        return ""


def _status_link(tweet: etree._Element, base_url: str) -> str | None:
    status = None
    for link in tweet.iter("a"):
        href = link.get("href") or ""
        if "/status/" in href:
            status = href  # the last one is the tweet itself (the first may be a quote)
    return absolute(base_url, status)


def _in_comments(element: etree._Element, scope: etree._Element) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is scope:
            return False
        if not _COMMENT_CLASSES.isdisjoint(classes(ancestor)):
            return True
    return False
