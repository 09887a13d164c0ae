"""The large inline `<style>` and script noise that make replica pages real-sized.

Real RebelMouse pages carry hundreds of KB of CSS before the article's metadata (docs/design/decisions.md 10).
The CSS is generated once per process (RebelMouse-like class rules, media queries, layout
variants) and each page takes a prefix of it, cut at a rule boundary, to reach `page_kb`.
"""

from __future__ import annotations

from functools import lru_cache

BLOCKS = (
    "widget",
    "widget__head",
    "widget__body",
    "widget__headline",
    "widget__headline-text",
    "widget__subheadline",
    "widget__subheadline-text",
    "widget__section",
    "widget__section-line",
    "widget__article-type",
    "widget__show-more",
    "widget__img-link",
    "social-author",
    "social-author__name",
    "social-author__bio",
    "social-date",
    "social-date__text",
    "social-date-modified",
    "body-description",
    "shortcode-media",
    "media-caption",
    "media-photo-credit",
    "photo-credit",
    "photo-caption",
    "rm-lead-image",
    "rm-hero-media",
    "tags",
    "tags__item",
    "read_also_posts",
    "post-partial",
    "posts-wrapper",
    "around-the-web",
    "rebellt-item",
    "post-pager",
    "sidebar",
    "topbar",
    "topbar__sticky-headline--post",
    "floating-shares",
    "pagination__next",
    "load-more",
    "next-page-wrapper",
    "rm-embed",
    "newsletter-box",
    "google-preferred-source-cta",
    "social-follow",
    "all-related-sections",
)
PROPERTIES = (
    ("margin", ("0", "0 auto", "5px", "10px 0", "0 0 20px", "1.5rem 0")),
    ("padding", ("0", "4px 8px", "10px", "12px 16px", "0 0 10px")),
    (
        "font-family",
        (
            '"Playfair Display",Georgia,serif',
            '"Source Sans Pro",Helvetica,Arial,sans-serif',
            "inherit",
        ),
    ),
    ("font-size", ("12px", "14px", "16px", "18px", "1.25rem", "2.4rem", "32px")),
    ("font-weight", ("400", "600", "700", "bold")),
    ("line-height", ("1.2", "1.4", "1.6", "24px", "normal")),
    (
        "color",
        ("#000", "#111", "#3b3b3b", "#6c757d", "#a5161a", "#fff", "rgba(0,0,0,.7)"),
    ),
    ("display", ("block", "inline-block", "flex", "grid", "none")),
    ("text-transform", ("none", "uppercase", "capitalize")),
    ("letter-spacing", ("0", ".02em", "1px")),
    ("border-bottom", ("1px solid #e5e5e5", "2px solid #a5161a", "none")),
    ("max-width", ("100%", "720px", "1140px", "none")),
    ("transition", ("color .2s ease", "opacity .3s", "none")),
)
STATES = (
    "",
    ":hover",
    "--expanded",
    "--active",
    " a",
    " p",
    " img",
    "::before",
    " > span",
)
BREAKPOINTS = (0, 768, 1024, 1280)


def _rule(selector: str, number: int) -> str:
    declarations = []
    for offset, (name, values) in enumerate(PROPERTIES):
        if (number >> (offset % 7)) & 1 or offset == number % len(PROPERTIES):
            declarations.append(f"{name}:{values[(number + offset) % len(values)]}")
    return selector + "{" + ";".join(declarations) + "}"


@lru_cache(maxsize=2)
def stylesheet(size: int = 640 * 1024) -> str:
    """Deterministic CSS of about `size` characters (generated once, then cached)."""
    parts: list[str] = ["html{-webkit-text-size-adjust:100%}body{margin:0}"]
    total, number = 0, 0
    while total < size:
        layout, block = divmod(number, len(BLOCKS))
        state = STATES[number % len(STATES)]
        breakpoint = BREAKPOINTS[layout % len(BREAKPOINTS)]
        selector = f".layout-{layout % 97} .{BLOCKS[block]}{state}"
        rule = _rule(selector, number)
        if breakpoint:
            rule = f"@media (min-width:{breakpoint}px){{{rule}}}"
        parts.append(rule)
        total += len(rule) + 1
        number += 1
    return "\n".join(parts)


def style_prefix(length: int) -> str:
    """The first rules of the stylesheet, about `length` characters, ending on a rule."""
    css = stylesheet() if length < 600 * 1024 else stylesheet(length + 1024)
    if length <= 0:
        return ""
    if length >= len(css):
        return css
    cut = css.rfind("\n", 0, length)
    return css[: max(cut, 0)]


def script_noise(
    elid: int,
    path: str,
    site_name: str = "Responsible Statecraft",
    site_id: int = 20817,
) -> str:
    """RebelMouse's task-queue bootstrap script (never article content)."""
    return (
        "window.REBELMOUSE_TASKS_QUEUE=window.REBELMOUSE_TASKS_QUEUE||[];"
        "window.REBELMOUSE_LOWEST_TASKS_QUEUE=window.REBELMOUSE_LOWEST_TASKS_QUEUE||[];"
        f'window.REBELMOUSE_BOOTSTRAP_DATA={{"fullBootstrapUrl":"/res/bootstrap/data.js?'
        f'site_id={site_id}&resource_id=post_{elid}&path_params=%7B%22slug%22%3A%22{path.strip("/")}%22%7D",'
        '"isUserLoggedIn":false,"isAmp":false,"siteName":"{site_name}",'
        '"staticUrl":"https://static.rbl.ms/static/","RM_AD_LOADER":"deferred"};'
        "REBELMOUSE_TASKS_QUEUE.push(function(){REBELMOUSE_STDLIB.loadExternalScript("
        '"https://static.rbl.ms/static/js/runner.js",function(){});});'
    )
