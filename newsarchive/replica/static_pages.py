"""Non-article pages (`/about/` and friends: og:type website, no NewsArticle JSON-LD), the
site's 404 page and the tiny media-library image."""

from __future__ import annotations

import base64

from newsarchive.replica.markup import SITE_NAME, esc, footer, page, top_bar
from newsarchive.replica.style import style_prefix

STATIC_PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "about": (
        "About",
        (
            f"{SITE_NAME} is an online magazine dedicated to promoting a foreign policy of restraint.",
            "We publish analysis, reporting and opinion from a wide range of contributors.",
        ),
    ),
    "contact": (
        "Contact",
        ("Write to the editors at editors@responsiblestatecraft.example.",),
    ),
    "privacy-policy": (
        "Privacy Policy",
        (
            "We collect as little information as we can and never sell it.",
            "Newsletter subscribers can unsubscribe at any time.",
        ),
    ),
    "editorial-and-submission-policy": (
        "Editorial and Submission Policy",
        (
            "We welcome pitches of 800 to 1,500 words on U.S. foreign policy.",
            "Contributors must disclose any conflicts of interest.",
        ),
    ),
}

# The smallest valid JPEG (1x1 grey): every /media-library/ URL answers with it.
TINY_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////"
    "////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAB"
    "PxA="
)


def _shell(base_url: str, title: str, inner: str, canonical: str | None) -> str:
    link = f'<link rel="canonical" href="{esc(canonical)}">' if canonical else ""
    head = (
        f'<meta charset="utf-8"><title>{esc(title)} | {SITE_NAME}</title>{link}'
        f'<meta property="og:type" content="website"><meta property="og:site_name" content="{SITE_NAME}">'
        f"<style>{style_prefix(16 * 1024)}</style>"
    )
    return page(
        head=head,
        body=f'{top_bar(base_url)}<main class="page">{inner}</main>{footer(base_url)}',
    )


def static_page(base_url: str, slug: str) -> str | None:
    if slug not in STATIC_PAGES:
        return None
    title, paragraphs = STATIC_PAGES[slug]
    text = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    inner = (
        f'<h1 class="widget__headline h1">{esc(title)}</h1>'
        f'<div class="body-description">{text}</div>'
    )
    return _shell(base_url, title, inner, f"{base_url}/{slug}/")


def not_found_page(base_url: str) -> str:
    inner = (
        '<div class="error-page"><h1 class="error-page__title">Page not found</h1>'
        "<p>Sorry, we couldn’t find the page you were looking for.</p>"
        f'<p><a href="{base_url}/">Go to the home page</a></p></div>'
    )
    return _shell(base_url, "Page not found", inner, None)
