"""Article page HTML, following docs/replica-markup.md variant by variant."""

from __future__ import annotations

import json

from newsarchive.replica import render_article_foot as foot
from newsarchive.replica.markup import (
    esc,
    footer,
    inline_html,
    page,
    section_links_html,
    top_bar,
)
from newsarchive.replica.model import (
    ArticleContent,
    Block,
    BodyImage,
    FrameEmbed,
    ListBlock,
    QuoteBlock,
    TextBlock,
    TweetEmbed,
)
from newsarchive.replica.render_head import head
from newsarchive.replica.style import style_prefix
from newsarchive.replica.timeline import EASTERN, display_date

SVG_PLACEHOLDER = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 980 653'%3E%3C/svg%3E"
GOOGLE_CTA = (
    '<div class="google-preferred-source-cta"><a href="https://www.google.com/preferences/'
    'source?q={site}" target="_blank"><img src="https://static.rbl.ms/'
    'static/google-preferred-source.png" alt=""></a></div>'
)
SOCIAL_FOLLOW = (
    '<div class="social-follow"><div class="social-follow__title">Follow us on social</div>'
    '<a class="social-follow__icon social-follow__icon--x" href="https://twitter.com/RStatecraft" aria-label="X"></a>'
    '<a class="social-follow__icon social-follow__icon--fb" href="https://www.facebook.com/ResponsibleStatecraft" aria-label="Facebook"></a></div>'
)


def block_html(block: Block) -> str:
    if isinstance(block, TextBlock):
        return f"<{block.kind}>{inline_html(block.inlines)}</{block.kind}>"
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        return (
            f"<{tag}>"
            + "".join(f"<li>{inline_html(i)}</li>" for i in block.items)
            + f"</{tag}>"
        )
    if isinstance(block, QuoteBlock):
        return (
            "<blockquote>"
            + "".join(f"<p>{inline_html(p)}</p>" for p in block.paragraphs)
            + "</blockquote>"
        )
    if isinstance(block, BodyImage):
        source = (
            f'src="{SVG_PLACEHOLDER}" data-runner-src="{esc(block.url)}"'
            if block.lazy
            else f'src="{esc(block.url)}"'
        )
        caption = (
            (
                f'<small class="image-media media-caption" placeholder="Add Photo Caption...">'
                f"{esc(block.caption)}</small>"
            )
            if block.caption
            else ""
        )
        credit = (
            (
                f'<small class="image-media media-photo-credit" placeholder="Add Photo Credit...">'
                f"{esc(block.credit)}</small>"
            )
            if block.credit
            else ""
        )
        return (
            '<p class="shortcode-media shortcode-media-rebelmouse-image">'
            f'<img class="rm-shortcode" data-rm-shortcode-name="rebelmouse-image" loading="lazy" '
            f'{source} alt="{esc(block.alt)}"> {caption} {credit}</p>'
        )
    if isinstance(block, TweetEmbed):
        return (
            '<div class="rm-embed embed-media"><blockquote class="twitter-tweet" data-partner="rebelmouse">'
            f'<p lang="en" dir="ltr">{esc(block.text)}</p>— {esc(block.author)} (@{block.handle}) '
            f'<a href="{esc(block.url)}">{block.date_text}</a></blockquote>'
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script></div>'
        )
    assert isinstance(block, FrameEmbed)
    return (
        f'<div class="rm-embed embed-media"><iframe width="560" height="315" src="{esc(block.url)}" '
        f'title="{esc(block.title)}" frameborder="0" allowfullscreen></iframe></div>'
    )


def body_description_html(content: ArticleContent) -> str:
    """Inner HTML of the primary `.body-description` (also the truth's `body_html`)."""
    parts = [block_html(b) for b in content.blocks]
    if content.hero and content.hero.credit_in_body and content.hero.credit_line:
        parts.append(f"<p>{esc(content.hero.credit_line)}</p>")
    return "".join(parts)


def section_line(content: ArticleContent) -> str:
    label, url, form = (
        esc(content.section_label),
        esc(content.section_url),
        content.forms.section_line,
    )
    if form in ("category", "meta"):
        return ""  # the section is only in data-category / the page's metadata
    if form == "links":
        return section_links_html(content.section_links)
    if form == "a":
        return f'<div class="widget__section-line"><a class="widget__section" href="{url}">{label}</a></div>'
    if form == "b":
        return (
            f'<div class="widget__section-line"><span class="widget__article-type">'
            f'{esc(content.article_type or "")}</span> | <a class="widget__section" href="{url}">{label}</a></div>'
        )
    kind = ""
    if content.article_type:
        kind = f'<a href="{esc(content.type_url or "")}">{esc(content.article_type)}</a> | '
    return f'<div class="all-related-sections">{kind}<a href="{url}">{label}</a></div>'


def header_block(content: ArticleContent, base_url: str) -> str:
    forms, hero = content.forms, content.hero
    category = (
        ""
        if forms.section_line == "meta"
        else f' data-category="{esc(content.section_label)}"'
    )
    parts = [
        f'<div class="widget post-partial"{category}><article elid="{content.elid}"{category}>'
    ]
    if hero:
        parts.append(
            '<div class="widget__head"><div class="rm-lead-image"><picture>'
            f'<source media="(min-width: 768px)" srcset="{esc(hero.url)}">'
            f'<img class="rm-hero-media" src="{esc(hero.url)}" alt="{esc(hero.alt)}" width="1200" height="800"></picture></div>'
        )
        caption = (
            f'<div class="photo-caption"><p>{esc(hero.caption)}</p></div>'
            if hero.caption
            else ""
        )
        credit = ""
        if hero.credit_at_foot:
            caption = ""  # both stand at the foot of the post
        elif hero.credit_line and not hero.credit_in_body:
            credit = f'<div class="photo-credit">\n   {esc(hero.credit_line)}\n  </div>'
        if caption or credit:
            parts.append(f'<div class="widget__body">{caption}{credit}</div>')
        parts.append("</div>")
    title = esc(content.title)
    if forms.h1_span:
        parts.append(
            f'<h1 class="widget__headline h1"><span class="widget__headline-text">{title}</span></h1>'
        )
    else:
        parts.append(f'<h1 class="widget__headline h1">\n {title} \n</h1>')
    if content.subtitle and forms.subtitle_tag == "p":
        parts.append(
            f'<div class="widget__subheadline"><p>{esc(content.subtitle)}</p></div>'
        )
    elif content.subtitle:
        parts.append(
            f'<div class="widget__subheadline"><h2 class="widget__subheadline-text h2" data-type="text">{esc(content.subtitle)}</h2></div>'
        )
    parts.append(section_line(content))
    if forms.byline_visible:
        for a in content.authors:
            parts.append(
                f'<div class="social-author"><a class="social-author__name" href="{base_url}{content.pub.author_path(a.handle)}">{esc(a.name)}</a></div>'
            )
    parts.append(
        f'<div class="social-date"><span class="social-date__text">{display_date(content.published)}</span></div>'
    )
    if forms.meta_times and content.modified != content.published:
        parts.append(
            f'<div class="social-date-modified"><span class="social-date-modified__text">Updated {display_date(content.modified)}</span></div>'
        )
    parts.append(GOOGLE_CTA.format(site=content.pub.name) * (forms.google_ctas - 1))
    parts.append("</article></div>")
    return "".join(parts)


def body_block(content: ArticleContent, base_url: str) -> str:
    category = (
        ""
        if content.forms.section_line == "meta"
        else f' data-category="{esc(content.section_label)}"'
    )
    audio = ""
    if content.audio_url:
        audio = (
            f'<div class="rm-embed embed-media"><iframe class="audio-player" src="{esc(content.audio_url)}" '
            'height="200" width="100%" frameborder="no" scrolling="no"></iframe></div>'
        )
    extras = foot.around_the_web(content) if content.related_links else ""
    extras += '<div class="post-pager js-listicle-pager"></div>'
    extras += foot.rebellt_item(content) if content.forms.rebellt else ""
    return (
        f'<div class="widget post-partial"{category}><article elid="{content.elid}">'
        f'<div class="body js-expandable js-listicle-body">{audio}'
        f'<div class="body-description">{body_description_html(content)}</div>{extras}</div>'
        f"{foot.tags_html(content, base_url)}{foot.detached_hero(content)}</article></div>"
    )


def post_data(content: ArticleContent, base_url: str) -> str:
    names = ", ".join(a.name for a in content.authors)
    pub = content.pub
    page_title = esc(
        (content.seo_title or content.title) + pub.title_separator + pub.display_name
    )
    context = json.dumps(
        {
            "1": f"{content.published.astimezone(EASTERN):%m/%d/%Y}",
            "2": names,
            "3": content.section_label,
            "4": content.elid,
        },
        ensure_ascii=False,
    ).replace("</", "<\\/")
    return (
        f'<span class="post-data" hidden data-elid="{content.elid}" data-post-url="{esc(base_url + content.path)}" '
        f'data-authors="{esc(names)}" data-headline="{esc(content.title)}" data-page-title="{page_title}"></span>'
        f'<script class="post-context" type="application/json">{context}</script>'
    )


def render_article(
    content: ArticleContent, base_url: str, page_kb: int, sidebar: str
) -> str:
    """The whole page; the inline style is sized so the page is about `page_kb` KB."""
    forms = content.forms
    body = [
        top_bar(content.pub, base_url),
        SOCIAL_FOLLOW,
        GOOGLE_CTA.format(site=content.pub.name),
        post_data(content, base_url),
        '<div class="posts-wrapper">',
        header_block(content, base_url),
        body_block(content, base_url),
    ]
    if forms.bio_box and forms.byline_visible:
        body.append(foot.bio_box(content, base_url))
    if content.comments:
        body.append(foot.comments(content))
    body += [
        "</div>",
        foot.next_article(content),
        foot.teasers(content),
        foot.sidebar_teasers(content),
        sidebar,
        footer(content.pub, base_url),
    ]
    body_html = "".join(body)
    without_style = head(content, base_url, "") + body_html
    room = page_kb * 1024 - len(without_style.encode("utf-8")) - 80
    return page(head=head(content, base_url, style_prefix(room)), body=body_html)
