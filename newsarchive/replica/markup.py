"""HTML helpers and the site chrome (top bar, navigation, sidebar, footer) shared by all pages."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from newsarchive.replica.model import Inline, InlineLink, SectionLink
from newsarchive.replica.publication import Publication

HIDDEN_SECTION_CLASS = "rm-section-hidden"
PLATFORM_STYLE = (
    f".all-related-sections .{HIDDEN_SECTION_CLASS}{{display:none}}"
    ".all-related-sections a{margin-right:8px}"
)
"""Platform rules every page's inline style starts with: one hides section links."""


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


def section_links_html(links: Iterable[SectionLink]) -> str:
    """A several-link `div.all-related-sections`, plain links with no separator; hidden
    ones hidden the ways RebelMouse pages do it (docs/replica-markup.md)."""
    parts = []
    for link in links:
        label, url = esc(link.label), esc(link.url)
        if link.hidden == "style":
            parts.append(f'<a href="{url}" style="display:none">{label}</a>')
        elif link.hidden == "class":
            parts.append(f'<a class="{HIDDEN_SECTION_CLASS}" href="{url}">{label}</a>')
        elif link.hidden == "attr":
            parts.append(f'<a href="{url}" hidden>{label}</a>')
        elif link.hidden == "parent":
            parts.append(
                f'<span style="display: none"><a href="{url}">{label}</a></span>'
            )
        else:
            parts.append(f'<a href="{url}">{label}</a>')
    return f'<div class="all-related-sections">{"".join(parts)}</div>'


def top_bar(pub: Publication, base_url: str) -> str:
    links = "".join(
        f'<li><a class="topbar__link" href="{base_url}{s.path}">{esc(s.label)}</a></li>'
        for s in pub.sections
    )
    return (
        '<header class="topbar"><div class="topbar__logo">'
        f'<a href="{base_url}/" aria-label="{pub.display_name}"><img class="topbar__logo-img" '
        f'src="{base_url}/media-library/rs-logo.png?id=1&amp;width=300" alt=""></a></div>'
        f'<nav class="topbar__nav"><ul>{links}</ul></nav></header>'
    )


def sidebar(
    base_url: str,
    latest: list[tuple[str, str]],
    qiosk: list[tuple[str, str]],
    second_heading: str = "QIOSK",
) -> str:
    """`LATEST` and `QIOSK` boxes (written in capitals, docs/design/decisions.md 9): (path,
    title) pairs; another publication names its second box after its own section."""

    def box(heading: str, items: list[tuple[str, str]]) -> str:
        links = "".join(
            f'<li><a class="sidebar__link" href="{base_url}{path}">{esc(title)}</a></li>'
            for path, title in items
        )
        return f'<div class="sidebar__box"><h3 class="sidebar__title">{heading}</h3><ul>{links}</ul></div>'

    return f'<aside class="sidebar">{box("LATEST", latest)}{box(second_heading, qiosk)}</aside>'


def footer(pub: Publication, base_url: str) -> str:
    links = "".join(
        f'<li><a href="{base_url}{pub.page_path(slug)}">{esc(title)}</a></li>'
        for slug, (title, _) in pub.static_pages.items()
    )
    return (
        '<footer class="footer"><div class="newsletter-box"><h3>Newsletter</h3>'
        f"<p>{esc(pub.newsletter_text)}</p>"
        '<form class="newsletter-form" action="#"><input type="email" name="email" '
        'placeholder="Email address"><button type="submit">Subscribe</button></form></div>'
        f'<ul class="footer__links">{links}</ul>'
        f'<p class="footer__copyright">© 2026 {pub.display_name}. All rights reserved.</p></footer>'
    )


def page(
    *,
    head: str,
    body: str,
    lang: str = "en",
) -> str:
    return f'<!DOCTYPE html>\n<html lang="{lang}"><head>{head}</head><body>{body}</body></html>\n'
