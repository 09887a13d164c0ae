"""Ground truth: the `Article` a perfect parser returns for a replica page.

Built from the same `ArticleContent` the page is rendered from, applying the field rules of
docs/replica-markup.md and docs/design/decisions.md 1-8 to the variant the page uses.
"""

from __future__ import annotations

from newsarchive.items import (
    Article,
    Author,
    AuthorBio,
    Embed,
    Image,
    Link,
    NextArticle,
    Tag,
    Teaser,
)
from newsarchive.replica.markup import inline_text
from newsarchive.replica.model import (
    ArticleContent,
    BodyImage,
    FrameEmbed,
    InlineLink,
    ListBlock,
    QuoteBlock,
    TextBlock,
    TweetEmbed,
)
from newsarchive.replica.render_article import body_description_html
from newsarchive.replica.timeline import display_date, eastern_midnight, format_instant


def squeeze(text: str) -> str:
    return " ".join(text.split())


def body_text(content: ArticleContent) -> str:
    blocks: list[str] = []
    for block in content.blocks:
        if isinstance(block, TextBlock):
            blocks.append(inline_text(block.inlines))
        elif isinstance(block, ListBlock):
            blocks.extend(inline_text(item) for item in block.items)
        elif isinstance(block, QuoteBlock):
            blocks.extend(inline_text(p) for p in block.paragraphs)
    return "\n\n".join(squeeze(b) for b in blocks if squeeze(b))


def outlinks(content: ArticleContent) -> list[Link]:
    links: list[Link] = []
    for block in content.blocks:
        groups: tuple = ()
        if isinstance(block, TextBlock):
            groups = (block.inlines,)
        elif isinstance(block, ListBlock):
            groups = block.items
        elif isinstance(block, QuoteBlock):
            groups = block.paragraphs
        for inlines in groups:
            links += [
                Link(url=p.url, text=squeeze(p.text))
                for p in inlines
                if isinstance(p, InlineLink)
            ]
    return links


def embeds(content: ArticleContent) -> list[Embed]:
    found = [Embed(kind="audio", url=content.audio_url)] if content.audio_url else []
    for block in content.blocks:
        if isinstance(block, TweetEmbed):
            found.append(Embed(kind="tweet", url=block.url))
        elif isinstance(block, FrameEmbed):
            found.append(Embed(kind=block.kind, url=block.url))
    return found


def dates(content: ArticleContent) -> dict:
    forms = content.forms
    if forms.jsonld or forms.meta_times:
        published = format_instant(content.published, forms.date_offset)
        modified = format_instant(content.modified, forms.date_offset)
        return {
            "published_raw": published,
            "published_at": content.published,
            "modified_raw": modified,
            "modified_at": content.modified,
        }
    return {
        "published_raw": display_date(content.published),
        "published_at": eastern_midnight(content.published),
    }


def top_image(content: ArticleContent) -> Image | None:
    hero = content.hero
    if hero is None:
        return None
    return Image(
        url=hero.url,
        alt=hero.alt,
        caption=hero.caption,
        credit=hero.credit,
        credit_raw=hero.credit_line,
    )


def teasers(content: ArticleContent) -> list[Teaser]:
    """The foot list, then the sidebar's (page order)."""
    return [
        Teaser(
            url=t.url,
            headline=t.headline,
            section=t.section_label,
            image_url=t.image_url,
            image_alt=t.image_alt,
            image_credit=t.credit,
            image_credit_raw=t.credit_line,
            excerpt="\n\n".join(t.excerpt) or None,
        )
        for t in content.teasers + content.sidebar_teasers
    ]


def section(content: ArticleContent) -> dict:
    """Only `data-category` or the page's metadata: the label without a link or type."""
    if content.forms.section_line in ("category", "meta"):
        return {
            "section": content.section_label,
            "section_url": None,
            "article_type": None,
        }
    return {
        "section": content.section_label,
        "section_url": content.section_url,
        "article_type": content.article_type,
    }


def article_truth(content: ArticleContent, base_url: str) -> Article:
    forms, pub = content.forms, content.pub
    url = base_url + content.path
    authors = [
        Author(name=a.name, url=base_url + pub.author_path(a.handle))
        for a in content.authors
    ]
    bios = []
    if forms.bio_box and forms.byline_visible:
        bios = [
            AuthorBio(name=a.name, text="\n\n".join(a.bio)) for a in content.authors
        ]
    nxt = content.next_article
    return Article(
        url=url,
        canonical_url=url,
        site=pub.name,
        title=content.title,
        seo_title=content.seo_title if content.seo_title != content.title else None,
        subtitle=content.subtitle,
        description=content.description
        if forms.meta_description
        else content.og_description,
        **section(content),
        authors=authors,
        **dates(content),
        body_text=body_text(content),
        body_html=body_description_html(content),
        top_image=top_image(content),
        images=[
            Image(
                url=b.url,
                alt=b.alt,
                caption=b.caption,
                credit=b.credit,
                credit_raw=b.credit,
            )
            for b in content.blocks
            if isinstance(b, BodyImage)
        ],
        tags=[
            Tag(
                name=t.name,
                slug=t.slug,
                url=base_url + pub.tag_path(t.slug),
                internal=t.internal,
            )
            for t in content.tags
        ],
        teasers=teasers(content),
        next_article=NextArticle(url=nxt[0], headline=nxt[1], section=nxt[2])
        if nxt
        else None,
        outlinks=outlinks(content),
        embeds=embeds(content),
        author_bios=bios,
        language="en",
    )
