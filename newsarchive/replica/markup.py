"""HTML helpers and the site chrome (top bar, navigation, sidebar, footer) shared by all pages."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from newsarchive.replica.model import Inline, InlineLink
from newsarchive.replica.sections import SECTIONS

SITE_NAME = "Responsible Statecraft"
NEWSLETTER_TEXT = (
    "Subscribe now to our weekly round-up and don't miss a beat with your favorite RS "
    "contributors and reporters, as well as staff analysis, opinion, and news promoting a "
    "positive, non-partisan vision of U.S. foreign policy."
)


def esc(text: str) -> str:
    """Escape text for element content and double-quoted attributes."""
    return escape(text, quote=True)


def inline_html(inlines: Iterable[Inline]) -> str:
    parts = []
    for part in inlines:
        if isinstance(part, InlineLink):
            parts.append(
                f'<a href="{esc(part.url)}" target="_blank">{esc(part.text)}</a>'
            )
        else:
            parts.append(esc(part))
    return "".join(parts)


def inline_text(inlines: Iterable[Inline]) -> str:
    return "".join(p.text if isinstance(p, InlineLink) else p for p in inlines)


def top_bar(base_url: str) -> str:
    links = "".join(
        f'<li><a class="topbar__link" href="{base_url}{s.path}">{esc(s.label)}</a></li>'
        for s in SECTIONS
    )
    return (
        '<header class="topbar"><div class="topbar__logo">'
        f'<a href="{base_url}/" aria-label="{SITE_NAME}"><img class="topbar__logo-img" '
        f'src="{base_url}/media-library/rs-logo.png?id=1&amp;width=300" alt=""></a></div>'
        f'<nav class="topbar__nav"><ul>{links}</ul></nav></header>'
    )


def sidebar(
    base_url: str, latest: list[tuple[str, str]], qiosk: list[tuple[str, str]]
) -> str:
    """`LATEST` and `QIOSK` boxes (written in capitals, docs/design/decisions.md 9): (path, title) pairs."""

    def box(heading: str, items: list[tuple[str, str]]) -> str:
        links = "".join(
            f'<li><a class="sidebar__link" href="{base_url}{path}">{esc(title)}</a></li>'
            for path, title in items
        )
        return f'<div class="sidebar__box"><h3 class="sidebar__title">{heading}</h3><ul>{links}</ul></div>'

    return (
        f'<aside class="sidebar">{box("LATEST", latest)}{box("QIOSK", qiosk)}</aside>'
    )


def footer(base_url: str) -> str:
    pages = (
        ("about", "About"),
        ("contact", "Contact"),
        ("privacy-policy", "Privacy Policy"),
        ("editorial-and-submission-policy", "Editorial and Submission Policy"),
    )
    links = "".join(
        f'<li><a href="{base_url}/{slug}/">{label}</a></li>' for slug, label in pages
    )
    return (
        '<footer class="footer"><div class="newsletter-box"><h3>Newsletter</h3>'
        f"<p>{esc(NEWSLETTER_TEXT)}</p>"
        '<form class="newsletter-form" action="#"><input type="email" name="email" '
        'placeholder="Email address"><button type="submit">Subscribe</button></form></div>'
        f'<ul class="footer__links">{links}</ul>'
        f'<p class="footer__copyright">© 2026 {SITE_NAME}. All rights reserved.</p></footer>'
    )


def page(
    *,
    head: str,
    body: str,
    lang: str = "en",
) -> str:
    return f'<!DOCTYPE html>\n<html lang="{lang}"><head>{head}</head><body>{body}</body></html>\n'
