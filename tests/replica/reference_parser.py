"""A small, slow, literal reading of docs/replica-markup.md, used only to check that the
replica's truth is what its pages say (it is not the project's parser)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dateutil.parser import isoparse
from dateutil.parser import parse as parse_date
from parsel import Selector

CREDIT_PREFIXES = ("Top photo credit:", "Top image credit:")
SITES = {
    "Responsible Statecraft": "responsiblestatecraft.org",
    "IEEE Spectrum": "spectrum.ieee.org",
}
TYPE_PATHS = ("/analysis/", "/reporting/", "/opinion/")


def squeeze(text: str) -> str:
    return " ".join(text.split())


def text_of(sel: Selector) -> str:
    return squeeze("".join(sel.xpath(".//text()").getall()))


def strip_credit(line: str) -> str:
    for prefix in CREDIT_PREFIXES:
        if line.startswith(prefix):
            return line[len(prefix) :].strip()
    return line


def iso(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def _visible_links(line: Selector) -> list[Selector]:
    """The links of a section line the page does not hide (docs/replica-markup.md)."""
    return [
        a
        for a in line.css("a")
        if "display:none" not in a.attrib.get("style", "")
        and "hidden" not in a.attrib
        and "rm-section-hidden" not in a.attrib.get("class", "")
        and "display: none" not in a.xpath("..").attrib.get("style", "")
    ]


def _role(href: str) -> str:
    path = "/" + href.split("://", 1)[-1].split("/", 1)[-1]
    if path.startswith("/type/") or path in TYPE_PATHS:
        return "type"
    return "collection" if path.startswith("/collections/") else "topic"


def _section(doc: Selector, header: Selector) -> dict:
    lines = header.css(".widget__section-line, .all-related-sections")
    if not lines:
        category = header.attrib.get("data-category")
        label = (
            category or doc.css('meta[property="article:section"]::attr(content)').get()
        )
        return {"section": label, "section_url": None, "article_type": None}
    line = lines[0]
    if (
        "|" not in text_of(line)
        and len(line.css("a")) > 0
        and "all-related" in line.attrib["class"]
    ):
        links = [(a, _role(a.attrib["href"])) for a in _visible_links(line)]
        topics = [a for a, role in links if role == "topic"]
        types = [a for a, role in links if role == "type"]
        chosen = (topics or types)[0]
        return {
            "section": text_of(chosen),
            "section_url": chosen.attrib["href"],
            "article_type": text_of(types[0]) if topics and types else None,
        }
    labels = [squeeze(t) for t in line.css("a::text, span::text").getall()]
    links = line.css("a::attr(href)").getall()
    return {
        "section": labels[-1],
        "section_url": links[-1],
        "article_type": labels[0] if len(labels) > 1 else None,
    }


def parse(html: str, url: str) -> dict:
    doc = Selector(text=html)
    ld_text = doc.css('script[type="application/ld+json"]::text').get()
    ld = json.loads(ld_text) if ld_text else {}
    header = doc.css(".posts-wrapper > .post-partial")[0].css("article")[0]
    body_article = doc.css(".posts-wrapper > .post-partial")[1]
    title = squeeze(header.css("h1").xpath("string()").get())
    site_name = doc.css('meta[property="og:site_name"]::attr(content)').get()
    page_title = doc.css("title::text").get()
    for separator in (" | ", " - "):
        page_title = page_title.removesuffix(separator + site_name)
    seo = ld.get("headline", page_title)
    authors = [
        {"name": text_of(a), "url": a.attrib["href"]}
        for a in header.css("a.social-author__name")
    ]
    if not authors and ld:
        people = ld["author"] if isinstance(ld["author"], list) else [ld["author"]]
        authors = [{"name": p["name"], "url": p.get("url")} for p in people]
    result = {
        "url": url,
        "canonical_url": doc.css('link[rel="canonical"]::attr(href)').get(),
        "site": SITES[site_name],
        "title": title,
        "seo_title": seo if seo != title else None,
        "subtitle": text_of(header.css(".widget__subheadline")[0])
        if header.css(".widget__subheadline")
        else None,
        "description": doc.css('meta[name="description"]::attr(content)').get()
        or doc.css('meta[property="og:description"]::attr(content)').get(),
        **_section(doc, header),
        "authors": authors,
        "language": doc.xpath("/html/@lang").get(),
    }
    result.update(_dates(doc, ld, header))
    result.update(_body(body_article, header))
    result["tags"] = [
        {
            "name": text_of(a),
            "slug": a.attrib["href"].rstrip("/").rsplit("/", 1)[-1],
            "url": a.attrib["href"],
            "internal": ":" in text_of(a),
        }
        for a in body_article.css(".tags a.tags__item")
    ]
    result["teasers"] = [
        _teaser(w)
        for w in doc.css(".read_also_posts > .widget, .sidebar--related .widget")
    ]
    nxt = doc.css(".next-article")
    result["next_article"] = (
        {
            "url": nxt.css("a::attr(href)").get(),
            "headline": text_of(nxt.css("a")[0]),
            "section": text_of(nxt.css(".widget__section")[0]),
        }
        if nxt
        else None
    )
    result["author_bios"] = [
        {
            "name": text_of(a.css(".social-author__name")[0]),
            "text": "\n\n".join(text_of(p) for p in a.css(".social-author__bio p")),
        }
        for a in doc.css(".post-author-list .social-author")
    ]
    return result


def _dates(doc: Selector, ld: dict, header: Selector) -> dict:
    out = {}
    for key, meta_name in (
        ("published", "published_time"),
        ("modified", "modified_time"),
    ):
        raw = ld.get("datePublished" if key == "published" else "dateModified")
        if raw is None:
            raw = doc.css(
                f'meta[property="article:{meta_name}"]::attr(content), '
                f'meta[name="article:{meta_name}"]::attr(content)'
            ).get()
        value = isoparse(raw) if raw else None
        if raw is None and key == "published":
            raw = header.css(".social-date__text::text").get()
            day = parse_date(raw)
            value = datetime(
                day.year, day.month, day.day, tzinfo=ZoneInfo("America/New_York")
            )
        out[f"{key}_raw"], out[f"{key}_at"] = raw, iso(value) if value else None
    return out


def _body(body_article: Selector, header: Selector) -> dict:
    container = body_article.css("div.body")[0]
    description = container.css(".body-description")[0]
    blocks, images, outlinks, embeds = [], [], [], []
    credit_line = None
    for element in description.xpath("./*"):
        tag, classes = element.root.tag, element.attrib.get("class", "")
        if "shortcode-media" in classes:
            img = element.css("img")[0]
            credit = element.css("small.media-photo-credit")
            images.append(
                {
                    "url": img.attrib.get("data-runner-src") or img.attrib["src"],
                    "alt": img.attrib.get("alt"),
                    "caption": text_of(element.css("small.media-caption")[0])
                    if element.css("small.media-caption")
                    else None,
                    "credit": text_of(credit[0]) if credit else None,
                    "credit_raw": text_of(credit[0]) if credit else None,
                }
            )
            continue
        if tag == "div":
            continue
        parts = {"p": [element], "h2": [element], "h3": [element], "h4": [element]}.get(
            tag
        )
        if tag in ("ul", "ol"):
            parts = element.css("li")
        if tag == "blockquote":
            parts = element.css("p")
        for part in parts or []:
            text = text_of(part)
            if tag == "p" and text.startswith(CREDIT_PREFIXES):
                credit_line = text
                continue
            blocks.append(text)
            outlinks += [
                {"url": a.attrib["href"], "text": text_of(a)}
                for a in part.css("a[href]")
            ]
    for element in container.css(".rm-embed"):
        if element.css("iframe.audio-player"):
            embeds.append(
                {"kind": "audio", "url": element.css("iframe::attr(src)").get()}
            )
        elif element.css("blockquote.twitter-tweet"):
            embeds.append(
                {
                    "kind": "tweet",
                    "url": element.css('a[href*="/status/"]::attr(href)').get(),
                }
            )
        elif element.css("iframe"):
            src = element.css("iframe::attr(src)").get()
            embeds.append(
                {
                    "kind": "youtube" if "youtube.com/embed" in src else "iframe",
                    "url": src,
                }
            )
    top = None
    hero = header.css("img.rm-hero-media")
    if hero:
        # An old post's caption and credit may stand at the foot of the post.
        block = header if header.css(".photo-caption, .photo-credit") else body_article
        credit_el = block.css(".photo-credit")
        raw = text_of(credit_el[0]) if credit_el else credit_line
        caption = block.css(".photo-caption p")
        top = {
            "url": hero[0].attrib["src"],
            "alt": hero[0].attrib.get("alt"),
            "caption": text_of(caption[0]) if caption else None,
            "credit": strip_credit(raw) if raw else None,
            "credit_raw": raw,
        }
    return {
        "body_text": "\n\n".join(b for b in blocks if b),
        "images": images,
        "outlinks": outlinks,
        "embeds": embeds,
        "top_image": top,
    }


def _teaser(widget: Selector) -> dict:
    link = widget.css("a.widget__headline-text")[0]
    img = widget.css(".widget__head img")
    credit = widget.css(".photo-credit")
    visible = _visible_links(widget.css(".all-related-sections") or widget)
    section = widget.css("a.widget__section") or (
        [a for a in visible if _role(a.attrib["href"]) == "topic"]
        or [a for a in visible if _role(a.attrib["href"]) == "type"]
    )
    excerpt = "\n\n".join(text_of(p) for p in widget.css(".body-description p"))
    raw = text_of(credit[0]) if credit else None
    return {
        "url": link.attrib["href"],
        "headline": text_of(link),
        "section": text_of(section[0]) if section else None,
        "image_url": img[0].attrib["src"] if img else None,
        "image_alt": img[0].attrib.get("alt") if img else None,
        "image_credit": strip_credit(raw) if raw else None,
        "image_credit_raw": raw,
        "excerpt": excerpt or None,
    }
