"""Images: the hero (top) image, in-body shortcode images, and credit lines."""

from __future__ import annotations

import re

from lxml import etree

from newsarchive.extraction.text import (
    Parts,
    absolute,
    class_xpath,
    first_text,
    squeeze,
    text_of,
)
from newsarchive.items import Image

# "Top photo credit: X" / "Top image credit: X" (docs/design/decisions.md 4); also the bare forms.
CREDIT_PREFIX = re.compile(
    r"^\s*(?:top\s+)?(?:photo|image|picture)\s+credit\s*:\s*", re.IGNORECASE
)

_SHORTCODE_MEDIA = etree.XPath(f".//*[{class_xpath('shortcode-media')}]")
_IMG = etree.XPath(".//img")
_MEDIA_CAPTION = etree.XPath(f".//*[{class_xpath('media-caption')}]")
_MEDIA_CREDIT = etree.XPath(f".//*[{class_xpath('media-photo-credit')}]")


def is_credit_line(text: str) -> bool:
    return bool(CREDIT_PREFIX.match(text))


def split_credit(raw: str | None) -> tuple[str | None, str | None]:
    """(credit without its prefix, whole line squeezed); (None, None) when empty."""
    line = squeeze(raw)
    if not line:
        return None, None
    return squeeze(CREDIT_PREFIX.sub("", line)) or None, line


def image_url(img: etree._Element, base_url: str) -> str | None:
    """The real image URL: `data-runner-src` wins over a lazy-loading placeholder."""
    for attribute in ("data-runner-src", "data-src", "src"):
        value = (img.get(attribute) or "").strip()
        if value and not value.lower().startswith("data:"):
            return absolute(base_url, value)
    return None


def top_image(parts: Parts, base_url: str) -> Image | None:
    """`img.rm-hero-media` (or the `img` of `.rm-lead-image`) with the header's
    `.photo-caption` and `.photo-credit`."""
    img = _hero_img(parts)
    if img is None:
        return None
    credit, credit_raw = split_credit(first_text(parts, "photo-credit"))
    return Image(
        url=image_url(img, base_url),
        alt=_alt(img),
        caption=first_text(parts, "photo-caption") or None,
        credit=credit,
        credit_raw=credit_raw,
    )


def _hero_img(parts: Parts) -> etree._Element | None:
    for img in parts.get("rm-hero-media", []):
        if img.tag == "img":
            return img
    for lead in parts.get("rm-lead-image", []):
        for img in lead.iter("img"):
            return img
    return None


def body_images(body_description: etree._Element | None, base_url: str) -> list[Image]:
    """Shortcode media images of the body, with caption and credit, in page order."""
    if body_description is None:
        return []
    images: list[Image] = []
    for media in _SHORTCODE_MEDIA(body_description):
        imgs = _IMG(media)
        if not imgs:
            continue
        credit, credit_raw = split_credit(_first_text(_MEDIA_CREDIT(media)))
        images.append(
            Image(
                url=image_url(imgs[0], base_url),
                alt=_alt(imgs[0]),
                caption=_first_text(_MEDIA_CAPTION(media)) or None,
                credit=credit,
                credit_raw=credit_raw,
            )
        )
    return images


def _alt(img: etree._Element) -> str | None:
    alt = img.get("alt")
    return squeeze(alt) if alt is not None else None


def _first_text(elements: list[etree._Element]) -> str:
    for element in elements:
        text = text_of(element)
        if text:
            return text
    return ""
