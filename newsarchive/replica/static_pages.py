"""Non-article pages (`/about/` and friends: og:type website, no NewsArticle JSON-LD), the
site's 404 page and the tiny media-library image."""

from __future__ import annotations

import base64

from newsarchive.replica.markup import esc, footer, page, top_bar
from newsarchive.replica.publication import Publication
from newsarchive.replica.style import style_prefix

# The smallest valid JPEG (1x1 grey): every /media-library/ URL answers with it.
TINY_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////"
    "////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAB"
    "PxA="
)


def _shell(
    pub: Publication, base_url: str, title: str, inner: str, canonical: str | None
) -> str:
    link = f'<link rel="canonical" href="{esc(canonical)}">' if canonical else ""
    head = (
        f'<meta charset="utf-8"><title>{esc(title)}{pub.title_separator}{pub.display_name}</title>{link}'
        f'<meta property="og:type" content="website"><meta property="og:site_name" content="{pub.display_name}">'
        f"<style>{style_prefix(16 * 1024)}</style>"
    )
    return page(
        head=head,
        body=f'{top_bar(pub, base_url)}<main class="page">{inner}</main>{footer(pub, base_url)}',
    )


def static_page(pub: Publication, base_url: str, slug: str) -> str | None:
    if slug not in pub.static_pages:
        return None
    title, paragraphs = pub.static_pages[slug]
    text = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    inner = (
        f'<h1 class="widget__headline h1">{esc(title)}</h1>'
        f'<div class="body-description">{text}</div>'
    )
    return _shell(pub, base_url, title, inner, base_url + pub.page_path(slug))


def not_found_page(pub: Publication, base_url: str) -> str:
    inner = (
        '<div class="error-page"><h1 class="error-page__title">Page not found</h1>'
        "<p>Sorry, we couldn’t find the page you were looking for.</p>"
        f'<p><a href="{base_url}/">Go to the home page</a></p></div>'
    )
    return _shell(pub, base_url, "Page not found", inner, None)
