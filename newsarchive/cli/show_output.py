"""Presenting one article (`newsarchive show`): it reads like the article first (title,
subtitle, byline, date, section, tags, then the body), and what the archive knows about
it after (images, teasers, URLs, fetches, versions, the remaining fields). As text for
a terminal, Markdown for notes and reports, or JSON with every field for programs.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from typing import IO, Any

import click

from newsarchive.cli.row_output import plain

READING_WIDTH = 88
"""Body paragraphs wrap here on a wide terminal: longer lines read badly."""
# Shown in the article part, or as their own blocks, not among the remaining fields.
_READ_FIELDS = {
    "title", "subtitle", "body_text", "body_html", "section", "article_type",
    "published_at", "modified_at", "authors", "tags", "images", "teasers",
    "teased_by", "urls", "pages", "versions", "published_raw", "modified_raw",
    "top_image_url", "top_image_alt", "top_image_caption", "top_image_credit",
    "top_image_credit_raw", "outlinks", "embeds", "author_bios", "next_article",
}  # fmt: skip


def write_detail(
    detail: dict[str, Any], fmt: str, out: IO[str], *, width: int | None
) -> None:
    if fmt == "json":
        out.write(json.dumps(_jsonable(detail), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "markdown":
        out.write(markdown_detail(detail))
    else:
        for line in text_detail(detail, width=width):
            click.echo(line, file=out)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return plain(value)


def _date(value: datetime | None) -> str:
    if value is None:
        return ""
    utc = value.astimezone(UTC)
    return f"{utc.day} {utc:%B %Y, %H:%M} UTC"


def byline(detail: dict[str, Any]) -> str:
    names = [author["name"] for author in detail["authors"]]
    if not names:
        return ""
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"By {joined}"


def dateline(detail: dict[str, Any]) -> str:
    parts = []
    if detail.get("published_at"):
        parts.append(f"Published {_date(detail['published_at'])}")
    modified = detail.get("modified_at")
    if modified and modified != detail.get("published_at"):
        parts.append(f"updated {_date(modified)}")
    section = " | ".join(
        value for value in (detail.get("article_type"), detail.get("section")) if value
    )
    if section:
        parts.append(section)
    return " \u00b7 ".join(parts)


def tag_line(detail: dict[str, Any]) -> str:
    public = [tag["name"] for tag in detail["tags"] if not tag["internal"]]
    return f"Tags: {', '.join(public)}" if public else ""


def paragraphs(detail: dict[str, Any]) -> list[str]:
    return [
        p.strip() for p in (detail.get("body_text") or "").split("\n\n") if p.strip()
    ]


def text_detail(detail: dict[str, Any], *, width: int | None) -> list[str]:
    """The article as terminal lines; prose wraps at spaces only on a terminal."""
    wrap = _wrapper(width)
    lines = [click.style(detail.get("title") or "(untitled)", bold=True)]
    if detail.get("subtitle"):
        lines += wrap(detail["subtitle"])
    lines.append("")
    for line in (byline(detail), dateline(detail), tag_line(detail)):
        if line:
            lines += wrap(line)
    lines.append("")
    for paragraph in paragraphs(detail):
        lines += wrap(paragraph)
        lines.append("")
    rule = "\u2500" * min(width or READING_WIDTH, READING_WIDTH)
    lines.append(rule)
    for title, rows in _about(detail):
        lines.append(click.style(title, bold=True))
        lines += [f"  {row}" for row in rows] or ["  none"]
        lines.append("")
    return lines


def _wrapper(width: int | None) -> Callable[[str], list[str]]:
    if width is None:
        return lambda text: [text]
    limit = max(40, min(width, READING_WIDTH))
    return lambda text: (
        textwrap.wrap(text, width=limit, break_long_words=False, break_on_hyphens=False)
        or [""]
    )


def _about(detail: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """What the archive knows beyond the text, as (heading, lines)."""
    sections: list[tuple[str, list[str]]] = []
    images = [
        f"{image['kind']} {image['position']}: {image.get('url') or ''}"
        + "".join(
            f" \u00b7 {label} {image[key]}"
            for label, key in (
                ("alt:", "alt"),
                ("caption:", "caption"),
                ("credit:", "credit"),
            )
            if image.get(key)
        )
        for image in detail["images"]
    ]
    sections.append((f"images ({len(images)})", images))
    teasers = [
        f"{teaser['position']}. {teaser.get('headline') or ''} \u2192 "
        + (
            f"archived as {teaser['target_id']}"
            if teaser["archived"]
            else "not archived"
        )
        + f"  {teaser['url']}"
        for teaser in detail["teasers"]
    ]
    sections.append((f"teasers ({len(teasers)})", teasers))
    teased_by = [f"{row['id']}: {row['title']}" for row in detail["teased_by"]]
    sections.append((f"teased by ({len(teased_by)})", teased_by))
    urls = [f"{row['kind']}: {row['url']}" for row in detail["urls"]]
    sections.append((f"urls ({len(urls)})", urls))
    pages = [
        f"page {row['id']}: HTTP {row['status']}, {row['body_size'] or 0:,} bytes, "
        f"fetched {plain(row['fetched_at'])}  {row['url']}"
        for row in detail["pages"]
    ]
    sections.append((f"fetches ({len(pages)})", pages))
    versions = detail.get("versions")
    if versions is None:
        sections.append(("versions", ["not recorded by this archive's schema"]))
    else:
        sections.append(
            (
                f"versions ({len(versions)})",
                [
                    f"{v['version']}: {plain(v['fetched_at'])} "
                    + (", ".join(v.get("changed_fields") or []) or "(first stored)")
                    for v in versions
                ],
            )
        )
    extras = [
        f"{label}: {len(detail.get(key) or [])}"
        for label, key in (("outlinks", "outlinks"), ("embeds", "embeds"))
    ]
    fields = [
        f"{key}: {_field(value)}"
        for key, value in detail.items()
        if key not in _READ_FIELDS and value not in (None, "")
    ]
    fields.append(f"body_html: {len(detail.get('body_html') or ''):,} characters")
    sections.append(("fields", fields + extras))
    return sections


def _field(value: Any) -> str:
    if isinstance(value, datetime):
        return plain(value)
    if isinstance(value, (dict, list)):
        return json.dumps(plain(value), ensure_ascii=False)
    return " ".join(str(value).split())


def markdown_detail(detail: dict[str, Any]) -> str:
    """The article as Markdown: headline, deck, byline and facts, the body, then the
    archive's record under a rule."""
    parts = [f"# {_md(detail.get('title') or '(untitled)')}"]
    if detail.get("subtitle"):
        parts.append(f"*{_md(detail['subtitle'])}*")
    facts = [
        line for line in (byline(detail), dateline(detail), tag_line(detail)) if line
    ]
    if facts:
        parts.append("  \n".join(_md(line) for line in facts))
    parts += [_md(paragraph) for paragraph in paragraphs(detail)]
    parts.append("---")
    parts.append(f"Source: <{detail['url']}>")
    for title, rows in _about(detail):
        parts.append(f"## {title}")
        parts.append("\n".join(f"- {_md(row)}" for row in rows) or "none")
    return "\n\n".join(parts) + "\n"


def _md(text: str) -> str:
    """Text with Markdown's emphasis and heading characters escaped."""
    for character in ("\\", "*", "_", "`", "#", "[", "]"):
        text = text.replace(character, "\\" + character)
    return text
