"""The parts of an article page below the body: tags, bio box, comments, next-article
preview and the related teasers."""

from __future__ import annotations

from newsarchive.replica.markup import esc, section_links_html
from newsarchive.replica.model import ArticleContent, TeaserRef


def tags_html(content: ArticleContent, base_url: str) -> str:
    links = " ".join(
        f'<a class="tags__item" href="{base_url}{content.pub.tag_path(t.slug)}">{esc(t.name)}</a>'
        for t in content.tags
    )
    return f'<div class="tags">{links}</div>'


def detached_hero(content: ArticleContent) -> str:
    """An old post's hero caption and credit, standing at the foot of the post."""
    hero = content.hero
    if hero is None or not hero.credit_at_foot:
        return ""
    caption = (
        f'<div class="photo-caption"><p>{esc(hero.caption)}</p></div>'
        if hero.caption
        else ""
    )
    credit = (
        f'<div class="photo-credit">\n   {esc(hero.credit_line)}\n  </div>'
        if hero.credit_line
        else ""
    )
    return (
        f'<div class="widget__body">{caption}{credit}</div>'
        if caption or credit
        else ""
    )


def around_the_web(content: ArticleContent) -> str:
    mine = "".join(
        f'<li><a class="from-your-site__link" href="{esc(link.url)}">{esc(link.text)}</a></li>'
        for link in content.related_links[:-1]
    )
    web = content.related_links[-1]
    return (
        '<div class="around-the-web"><div class="from-your-site"><h3>From Your Site Articles</h3>'
        f'<ul>{mine}</ul></div><div class="around-the-web__list"><h3>Related Articles Around the Web</h3>'
        f'<ul><li><a class="around-the-web__link" href="{esc(web.url)}">{esc(web.text)}</a></li></ul></div></div>'
    )


def rebellt_item(content: ArticleContent) -> str:
    return (
        '<div class="rebellt-item"><p><h3 data-role="headline">Further reading</h3></p>'
        f"<p>Background on {esc(content.section_label)} coverage and sources for this article.</p></div>"
    )


def bio_box(content: ArticleContent, base_url: str) -> str:
    people = []
    for a in content.authors:
        bio = "".join(f"<p>{esc(p)}</p>" for p in a.bio)
        people.append(
            f'<div class="social-author"><a class="social-author__name" href="{base_url}{content.pub.author_path(a.handle)}">'
            f'{esc(a.name)}</a><div class="social-author__bio">{bio}</div></div>'
        )
    return (
        f'<div class="widget post-partial"><article elid="{content.elid}">'
        f'<div class="post-author-list">{"".join(people)}</div></article></div>'
    )


def comments(content: ArticleContent) -> str:
    items = "".join(
        f'<div class="talk-comment"><span class="talk-comment__author">{esc(name)}</span><p>{esc(text)}</p></div>'
        for name, text in content.comments
    )
    return f'<div class="article__comments"><div class="talk-comments-wrp"><h3>Comments</h3>{items}</div></div>'


def next_article(content: ArticleContent) -> str:
    if content.next_article is None:
        return ""
    url, headline, section = content.next_article
    return (
        '<div class="wrapper-lazy-loading rm-lazy-load-post-lcp-wrapper next-page-wrapper" data-has-more="true">'
        f'<div class="next-article"><a class="widget__headline-text" href="{esc(url)}">{esc(headline)}</a>'
        f'<div class="widget__section">{esc(section)}</div></div></div>'
    )


def teaser_html(teaser: TeaserRef, headline_tag: str = "h2") -> str:
    url = esc(teaser.url)
    head = ""
    if teaser.image_url:
        head = (
            f'<div class="widget__head"><a class="widget__img-link" href="{url}">'
            f'<img src="{esc(teaser.image_url)}" alt="{esc(teaser.image_alt or "")}"></a></div>'
        )
    credit = (
        f'<div class="photo-credit">{esc(teaser.credit_line)}</div>'
        if teaser.credit_line
        else ""
    )
    label, section_url = esc(teaser.section_label), esc(teaser.section_url)
    if teaser.section_links:
        section = section_links_html(teaser.section_links)
    elif teaser.section_as_div:
        section = f'<div class="all-related-sections"><a href="{section_url}">{label}</a></div>'
    else:
        section = f'<a class="widget__section" href="{section_url}">{label}</a>'
    excerpt = "".join(f"<p>{esc(p)}</p>" for p in teaser.excerpt)
    return (
        f'<div class="widget" data-category="{label}"><article>{head}<div class="widget__body">{credit}'
        f'<{headline_tag} class="widget__headline {headline_tag}"><a class="widget__headline-text" href="{url}">{esc(teaser.headline)}</a></{headline_tag}>'
        f'{section}<div class="body-description">{excerpt}</div>'
        f'<div class="widget__show-more"><a class="read-more" href="{url}">keep reading</a>'
        f'<a class="show-less" href="#">Show less</a></div>'
        f'<span class="social-date__text">{teaser.relative_date}</span></div></article></div>'
    )


def teasers(content: ArticleContent) -> str:
    return f'<div class="read_also_posts">{"".join(teaser_html(t) for t in content.teasers)}</div>'


def sidebar_teasers(content: ArticleContent) -> str:
    """The second related list, in the sidebar (widgets as at the foot, `h3` headlines)."""
    if not content.sidebar_teasers:
        return ""
    widgets = "".join(teaser_html(t, "h3") for t in content.sidebar_teasers)
    return (
        '<aside class="sidebar sidebar--related"><h3 class="sidebar__title">RELATED</h3>'
        f'<div class="sidebar__related-posts">{widgets}</div></aside>'
    )
