"""`parse_article`: a page to an `Article` (pure: no I/O, clock or settings)."""

from __future__ import annotations

import logging
from typing import Any

from lxml import etree

from newsarchive.extraction import (
    body_html,
    byline,
    embeds,
    header,
    images,
    overrides,
    tags,
    teasers,
)
from newsarchive.extraction.blocks import MARKER_TAGS, MARKERS, Blocks, find_blocks
from newsarchive.extraction.body import read_body
from newsarchive.extraction.document import load_root
from newsarchive.extraction.errors import MissingField, NotAnArticle, ParseError
from newsarchive.extraction.head import HEAD_TAGS, Head, json_ld_text, read_head
from newsarchive.extraction.hidden import HiddenRules
from newsarchive.extraction.sections import header_section
from newsarchive.extraction.text import index_by_class, text_of
from newsarchive.items import Article, Image
from newsarchive.sites import SiteProfile

logger = logging.getLogger(__name__)


def parse_article(
    page: Any, url: str | None = None, *, site: SiteProfile | None = None
) -> Article:
    """Extract an `Article` from a Scrapy response, a parsel Selector, or HTML.

    `url` defaults to the response's URL (then to the page's canonical link). `site`
    is the publication's profile (`newsarchive.sites`): its name is the article's
    `site`, its section families say which section links are types or collections,
    and its title suffix is dropped from the SEO title. Raises `NotAnArticle`,
    `MissingField` or `ParseError` (all `ParseError`), nothing else.
    """
    try:
        root, response_url = load_root(page)
        return _parse(root, url or response_url, site)
    except ParseError:
        raise
    except Exception as error:  # the contract: whatever the input, only ParseError
        logger.debug("parser failure", exc_info=True)
        raise ParseError(
            f"the parser failed on this page ({type(error).__name__}: {error})",
            reason="parser_error",
        ) from error


def _parse(root: etree._Element, url: str | None, site: SiteProfile | None) -> Article:
    # One pass over the document indexes what both the head and the blocks need.
    parts = index_by_class(root, MARKERS, MARKER_TAGS | HEAD_TAGS)
    head = read_head(root, parts)
    blocks = find_blocks(root, parts)
    _check_is_article(head, blocks)
    page_url = url or head.canonical or head.meta_value("og:url")
    if not page_url:
        raise ParseError(
            "the page declares no canonical URL and none was given: pass its URL",
            reason="missing_url",
        )
    title = overrides.text(root, site, "title") or text_of(blocks.title)
    if not title:
        raise MissingField("title", "the page has no title: no h1 headline in the post")
    body_element = overrides.element(root, site, "body")
    if body_element is None:
        body_element = blocks.body_description
    body = read_body(body_element, page_url)
    if not body.blocks:
        where = "is empty" if body_element is not None else "is missing"
        raise MissingField(
            "body", f"the page has no body: the .body-description {where}"
        )
    header_parts = blocks.header_parts
    hidden = HiddenRules(blocks.styles)
    section = header_section(blocks.header, header_parts, head, hidden, page_url, site)
    if picked := overrides.link(root, site, "section", page_url):
        section.section, section.section_url = picked
    published_raw, published_at = byline.published(header_parts, head)
    modified_raw, modified_at = byline.modified(header_parts, head)
    return Article(
        url=page_url,
        canonical_url=head.canonical,
        site=site.name if site is not None else None,
        title=title,
        seo_title=header.seo_title(head, title, site),
        subtitle=overrides.text(root, site, "subtitle")
        or header.subtitle(header_parts),
        description=overrides.text(root, site, "description") or _description(head),
        section=section.section,
        section_url=section.section_url,
        article_type=section.article_type,
        authors=byline.authors(header_parts, head, page_url),
        published_raw=published_raw,
        published_at=published_at,
        modified_raw=modified_raw,
        modified_at=modified_at,
        body_text=body.text,
        body_html=body_html.clean_body_html(body_element, page_url),
        top_image=_top_image(blocks, body.credit_lines, page_url),
        images=images.body_images(body_element, page_url),
        tags=tags.tags(blocks.tags, page_url),
        teasers=teasers.teasers(blocks.teasers, hidden, page_url, site),
        next_article=teasers.next_article(blocks.next_wrapper, page_url),
        outlinks=body.outlinks,
        embeds=embeds.embeds(blocks.body, page_url),
        author_bios=byline.author_bios(blocks.author_list),
        language=head.language,
    )


def _check_is_article(head: Head, blocks: Blocks) -> None:
    """Article pages say so (JSON-LD, og:type) or at least carry a post body."""
    if head.json_ld is not None:
        return
    og_type = head.og_type
    if og_type is not None and not og_type.startswith("article"):
        raise NotAnArticle(
            f"not an article: og:type is {og_type!r} "
            "and there is no NewsArticle JSON-LD"
        )
    if og_type is None and blocks.body_description is None:
        raise NotAnArticle(
            "not an article: no NewsArticle JSON-LD, "
            "no og:type article and no post body"
        )


def _description(head: Head) -> str | None:
    """The page's own `meta name=description`; the social ones only when it has none."""
    return head.meta_value("description", "og:description", "twitter:description") or (
        json_ld_text(head.json_ld, "description")
    )


def _top_image(blocks: Blocks, credit_lines: list[str], base_url: str) -> Image | None:
    """The hero image. Old posts keep its caption and credit away from it: a
    `.photo-caption`/`.photo-credit` block at the foot of the post, or a trailing
    "Top image credit:" body line."""
    image = images.top_image(blocks.header_parts, base_url)
    if blocks.detached_caption is not None or blocks.detached_credit is not None:
        image = image or Image()
        image.caption = text_of(blocks.detached_caption) or None
        image.credit, image.credit_raw = images.split_credit(
            text_of(blocks.detached_credit)
        )
    if credit_lines and (image is None or image.credit_raw is None):
        credit, credit_raw = images.split_credit(credit_lines[-1])
        image = image or Image()
        image.credit, image.credit_raw = credit, credit_raw
    return image
