"""The `<head>` of an article page: JSON-LD first, then meta, the big style, script noise and
(late, as on the real site) the `article:*_time` meta."""

from __future__ import annotations

import json

from newsarchive.replica.markup import PLATFORM_STYLE, esc
from newsarchive.replica.model import ArticleContent
from newsarchive.replica.style import script_noise
from newsarchive.replica.timeline import format_instant


def jsonld(content: ArticleContent, base_url: str) -> str:
    forms, pub = content.forms, content.pub
    people = [
        {"@type": "Person", "name": a.name, "url": base_url + pub.author_path(a.handle)}
        for a in content.authors
    ]
    data: dict = {
        "@context": "https://schema.org",
        "@type": forms.jsonld_type,
        "headline": content.seo_title or content.title,
        "description": content.og_description,
        "articleSection": content.section_label,
        "datePublished": format_instant(content.published, forms.date_offset),
        "dateModified": format_instant(content.modified, forms.date_offset),
        "author": people if forms.author_as_list else people[0],
    }
    if content.hero:
        data["image"] = {
            "@type": "ImageObject",
            "url": content.hero.url,
            "width": 1200,
            "height": 800,
        }
    data["publisher"] = {
        "@type": "Organization",
        "name": pub.display_name,
        "logo": {
            "@type": "ImageObject",
            "url": f"{base_url}/media-library/rs-logo.png?id=1&width=300",
        },
    }
    data["mainEntityOfPage"] = base_url + content.path
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def head(content: ArticleContent, base_url: str, style: str) -> str:
    forms, pub, url = content.forms, content.pub, base_url + content.path
    title = content.seo_title or content.title
    feed = pub.feed_paths(pub.section_by_label[content.section_label])[-1]
    parts = [jsonld(content, base_url)] if forms.jsonld else []
    parts += [
        '<meta charset="utf-8">',
        f"<title>{esc(title)}{pub.title_separator}{pub.display_name}</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<link rel="canonical" href="{esc(url)}">',
        f'<meta property="og:title" content="{esc(content.title)}">',
        f'<meta property="og:description" content="{esc(content.og_description)}">',
    ]
    if content.hero:
        parts.append(f'<meta property="og:image" content="{esc(content.hero.url)}">')
    parts += [
        '<meta property="og:type" content="article">',
        f'<meta property="og:site_name" content="{pub.display_name}">',
        f'<meta property="og:url" content="{esc(url)}">',
        '<meta name="twitter:card" content="summary_large_image">',
    ]
    if forms.meta_description:
        parts.append(f'<meta name="description" content="{esc(content.description)}">')
    parts += [
        f'<meta property="article:section" content="{esc(content.section_label)}">',
        f'<link rel="alternate" type="application/rss+xml" title="{pub.display_name}" href="{base_url}/feeds/feed.rss">',
        (
            f'<link rel="alternate" type="application/rss+xml" '
            f'title="{esc(content.section_label)}" href="{base_url}{feed}">'
        ),
        f"<style>{PLATFORM_STYLE}{style}</style>",
        f"<script>{script_noise(content.elid, content.path, pub.display_name, pub.site_id)}</script>",
    ]
    if forms.meta_times:
        attr = forms.meta_attr
        parts.append(
            f'<meta {attr}="article:published_time" content="{format_instant(content.published, forms.date_offset)}">'
        )
        parts.append(
            f'<meta {attr}="article:modified_time" content="{format_instant(content.modified, forms.date_offset)}">'
        )
    return "".join(parts)
