"""Presentation helpers for the reading room: sanitised body HTML, highlighted
snippets, and the attention-over-time chart as inline SVG (no script)."""

from __future__ import annotations

from html import escape
from typing import Any

import nh3
from markupsafe import Markup

from newsarchive.query.search import highlighted_parts

# The article body keeps its structure and links; images are shown by their captions
# and credits (the images table) rather than loaded from the live site.
BODY_TAGS = {
    "p", "a", "em", "strong", "b", "i", "u", "blockquote", "ul", "ol", "li", "h2", "h3",
    "h4", "h5", "h6", "br", "hr", "sup", "sub", "figure", "figcaption", "small", "span",
    "table", "thead", "tbody", "tr", "td", "th", "cite", "q", "code", "pre",
}  # fmt: skip
BODY_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan"}, "th": {"colspan"}}


def safe_body(body_html: str | None) -> Markup:
    """The article's HTML through the nh3 sanitiser: no script, style, event handler,
    iframe or image survives; links get rel=noopener noreferrer."""
    cleaned = nh3.clean(
        body_html or "",
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(cleaned)


def snippet_html(snippet: str) -> Markup:
    return Markup(
        "".join(
            f"<mark>{escape(text)}</mark>" if matched else escape(text)
            for text, matched in highlighted_parts(snippet)
        )
    )


CHART_WIDTH = 760
CHART_HEIGHT = 180
MARGIN_LEFT = 44
MARGIN_BOTTOM = 26


def attention_chart(months: list[dict[str, Any]]) -> Markup:
    """Bars: matching articles per month; a line: their share of that month's articles."""
    if not months:
        return Markup("")
    top = max(month["matches"] for month in months) or 1
    top_share = max(month["share"] for month in months) or 1
    inner_width = CHART_WIDTH - MARGIN_LEFT - 40
    inner_height = CHART_HEIGHT - MARGIN_BOTTOM - 12
    step = inner_width / len(months)
    bar = max(step * 0.8, 1)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 '
            f'{CHART_WIDTH} {CHART_HEIGHT}" role="img" '
            'aria-label="Matching articles per month">'
        )
    ]
    baseline = 12 + inner_height
    parts.append(
        f'<line x1="{MARGIN_LEFT}" y1="{baseline}" x2="{MARGIN_LEFT + inner_width}" '
        f'y2="{baseline}" class="axis"/>'
        f'<text x="{MARGIN_LEFT - 6}" y="18" class="label" text-anchor="end">{top}</text>'
        f'<text x="{MARGIN_LEFT - 6}" y="{baseline}" class="label" text-anchor="end">0</text>'
        f'<text x="{MARGIN_LEFT + inner_width + 4}" y="18" class="label share">'
        f"{top_share:.0%}</text>"
    )
    points = []
    for index, month in enumerate(months):
        x = MARGIN_LEFT + index * step
        height = inner_height * month["matches"] / top
        title = (
            f"{month['month']}: {month['matches']} of {month['total']} articles "
            f"({month['share']:.1%})"
        )
        parts.append(
            f'<rect x="{x:.1f}" y="{baseline - height:.1f}" width="{bar:.1f}" '
            f'height="{height:.1f}" class="bar"><title>{escape(title)}</title></rect>'
        )
        share_y = baseline - inner_height * month["share"] / top_share
        points.append(f"{x + bar / 2:.1f},{share_y:.1f}")
    parts.append(f'<polyline points="{" ".join(points)}" class="share-line"/>')
    every = max(len(months) // 6, 1)
    labels = list(range(0, len(months), every))
    if (len(months) - 1 - labels[-1]) * step > 60:  # room for the last month too
        labels.append(len(months) - 1)
    for index in labels:
        x = MARGIN_LEFT + index * step + bar / 2
        parts.append(
            f'<text x="{x:.1f}" y="{CHART_HEIGHT - 8}" class="label" '
            f'text-anchor="middle">{escape(months[index]["month"])}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
