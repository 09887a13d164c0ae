"""Build one article's full description (`ArticleContent`) from the catalog and `(seed, index)`.

Each part draws from its own `Random(f"{seed}:{index}:<part>")`, so a teaser can ask for another
article's hero and lede without building that article.
"""

from __future__ import annotations

import dataclasses
import random
from functools import lru_cache

from newsarchive.replica import edition_pages
from newsarchive.replica.body import generated_blocks, media_url, paragraph
from newsarchive.replica.catalog import ArticleMeta, Catalog
from newsarchive.replica.extras import article_forms, comments_for, related_links
from newsarchive.replica.model import (
    ArticleContent,
    Block,
    Byline,
    Hero,
    SectionLink,
    TagRef,
    TeaserRef,
    TextBlock,
)
from newsarchive.replica.people import author_pool
from newsarchive.replica.prose import Writer, slugify
from newsarchive.replica.seed import fixed_articles
from newsarchive.replica.seed_content import (
    next_index,
    seed_blocks,
    seed_teaser_targets,
)
from newsarchive.replica.tags import tag_name
from newsarchive.replica.timeline import to_datetime

RELATIVE_DATES = ("6h", "14h", "1d", "2d", "3d", "5d", "1w")


class ContentBuilder:
    def __init__(self, catalog: Catalog, base_url: str) -> None:
        self.catalog = catalog
        self.base_url = base_url.rstrip("/")
        self.seed = catalog.seed
        self.pub = catalog.pub
        # Per-instance caches: teasers and index pages ask for the same heroes and ledes often.
        self.hero = lru_cache(maxsize=4096)(self._revised_hero)
        self._lede = lru_cache(maxsize=4096)(self._lede_uncached)

    def rng(self, index: int, part: str) -> random.Random:
        return random.Random(f"{self.seed}:{index}:{part}")

    def url(self, path: str) -> str:
        return self.base_url + path

    def writer(self, meta: ArticleMeta, part: str) -> Writer:
        return Writer(self.rng(meta.index, part), meta.theme)

    def _revised_hero(self, index: int) -> Hero | None:
        return edition_pages.revise_hero(self.catalog, index, self._hero(index))

    def _hero(self, index: int) -> Hero | None:
        meta = self.catalog.metas[index]
        fixed = self.catalog.fixed.get(index)
        rng = self.rng(index, "hero")
        if fixed is not None:
            prefix, _, credit = (fixed.credit_line or "").partition(": ")
            url = media_url(
                self.base_url,
                fixed.hero_name,
                33_000_000 + fixed_articles().index(fixed),
                1200,
            )
            return Hero(url, fixed.hero_alt, None, credit or None, prefix + ":", False)
        if rng.random() < 0.15:
            return None
        theme = meta.theme
        name = slugify(f"{theme.country.name} {theme.topic_slug}")
        alt = rng.choice(
            (
                theme.country.name.lower(),
                f"Shutterstock_{rng.randint(10**9, 2 * 10**9)}-scaled",
                meta.title,
            )
        )
        caption = meta.theme.country.capital if rng.random() < 0.4 else None
        credit = None
        if rng.random() < 0.85:
            credit = (
                rng.choice(("Shutterstock", "REUTERS", "AP Photo", "Screengrab"))
                + "/"
                + rng.choice(
                    (
                        "Salma Rinaldi",
                        "Drop of Light",
                        "Mehmet Yilmaz",
                        "Anna Moreau",
                        "Evan Thorne",
                    )
                )
            )
        prefix = (
            "Top image credit:"
            if meta.is_old_post or rng.random() < 0.4
            else "Top photo credit:"
        )
        url = media_url(self.base_url, name, 30_000_000 + index, 1200)
        # Old posts keep the credit away from the image: as the body's last line, or
        # (with the caption) in a block at the foot of the post.
        at_foot = meta.is_old_post and self.rng(index, "hero-foot").random() < 0.4
        return Hero(
            url, alt, caption, credit, prefix, meta.is_old_post and not at_foot, at_foot
        )

    def lede(self, index: int) -> tuple[TextBlock, ...]:
        """The first body paragraphs (teasers show them as the excerpt)."""
        return self._lede(index)[0]

    def _lede_uncached(
        self, index: int
    ) -> tuple[tuple[TextBlock, ...], tuple[str, ...]]:
        """The lede and the sentence templates it left unused (the body deals from those)."""
        fixed = self.catalog.fixed.get(index)
        if fixed is not None and fixed.opening:
            return tuple(TextBlock("p", (text,)) for text in fixed.opening), ()
        if index == self.catalog.seed_index:
            return tuple(b for b in seed_blocks()[:2] if isinstance(b, TextBlock)), ()
        writer = self.writer(self.catalog.metas[index], "lede")
        first = paragraph(writer, writer.rng.randint(1, 3), lead=True)
        blocks = (TextBlock("p", (first,)), TextBlock("p", (paragraph(writer, 2),)))
        return blocks, tuple(writer.deck)

    def internal_link(self, rng: random.Random) -> str:
        """A link to another replica article, in the URL forms pages really use."""
        index = rng.randrange(self.catalog.base_count)
        meta = self.catalog.metas[index]
        path = edition_pages.link_path(self.catalog, index)
        roll = rng.random()
        if roll < 0.1:
            return self.url(path) + "?utm_source=rs_newsletter&utm_medium=email"
        if roll < 0.18:
            return self.url(path) + "#comments"
        if roll < 0.26:
            return self.url(path.rstrip("/"))
        if roll < 0.4 and meta.legacy_path:
            return self.url(meta.legacy_path)
        return self.url(path)

    def blocks(self, meta: ArticleMeta) -> tuple[Block, ...]:
        if meta.index == self.catalog.seed_index:
            return seed_blocks()
        blocks = self._generated_blocks(meta)
        return edition_pages.revise_blocks(self.catalog, meta.index, blocks)

    def _generated_blocks(self, meta: ArticleMeta) -> tuple[Block, ...]:
        rng = self.rng(meta.index, "body")
        writer = Writer(rng, meta.theme)
        writer.deck = list(self._lede(meta.index)[1])
        count = rng.randint(4, 14)
        rest = generated_blocks(
            rng,
            writer,
            self.base_url,
            40_000_000 + meta.index * 32,
            self.internal_link,
            count,
        )
        return self.lede(meta.index) + tuple(rest)

    def teasers(self, meta: ArticleMeta) -> tuple[TeaserRef, ...]:
        part = edition_pages.teasers_part(self.catalog, meta.index)
        rng = self.rng(meta.index, part)
        if meta.index == self.catalog.seed_index:
            targets = seed_teaser_targets(self.catalog)
        else:
            count = rng.choices((0, 1, 2, 3, 4), cum_weights=(10, 25, 50, 85, 100))[0]
            others = [
                i
                for i in rng.sample(
                    range(self.catalog.base_count),
                    min(count + 1, self.catalog.base_count),
                )
                if i != meta.index
            ]
            targets = others[:count]
        return tuple(self.teaser(target, rng) for target in targets)

    def teaser(self, index: int, rng: random.Random) -> TeaserRef:
        meta = self.catalog.metas[index]
        hero = self.hero(index)
        section = meta.section_info
        excerpt = tuple(_text(b) for b in self.lede(index))
        fixed = self.catalog.fixed.get(index)
        if fixed is None:
            excerpt = excerpt[: rng.randint(1, 2)]
        return TeaserRef(
            url=self.url(meta.path),
            headline=meta.title,
            section_label=section.label,
            section_url=self.url(section.path),
            image_url=hero.url if hero else None,
            image_alt=hero.alt if hero else None,
            credit_line=hero.credit_line if hero else None,
            credit=hero.credit if hero else None,
            excerpt=excerpt,
            section_as_div=fixed is None and rng.random() < 0.3,
            relative_date=rng.choice(RELATIVE_DATES),
            section_links=self._teaser_links(meta) if fixed is None else (),
        )

    def _teaser_links(self, meta: ArticleMeta) -> tuple[SectionLink, ...]:
        # Drawn per target article, so a teaser reads the same on every page.
        rng = self.rng(meta.index, "teaser-section")
        if rng.random() >= self.pub.links_share:
            return ()
        return self.section_links(meta, rng)

    def section_links(
        self, meta: ArticleMeta, rng: random.Random
    ) -> tuple[SectionLink, ...]:
        """A several-link `all-related-sections` (docs/design/real-markup-notes.md §7):
        the topic, the type (before the topic on responsiblestatecraft.org, after it
        elsewhere), sometimes a collection, and sometimes another section hidden by CSS."""
        pub, section = self.pub, meta.section_info
        links = [
            SectionLink(
                section.label,
                self.url(section.path),
                "type" if section.kind == "type" else "topic",
            )
        ]
        if meta.article_type:
            kind = pub.section_by_label[meta.article_type]
            type_link = SectionLink(kind.label, self.url(kind.path), "type")
            if pub.legacy_urls:
                links.insert(0, type_link)
            else:
                links.append(type_link)
        if meta.index % 11 < len(pub.collections):  # as listings.collection files it
            label, slug = pub.collections[meta.index % 11]
            links.append(
                SectionLink(label, self.url(pub.collection_path(slug)), "collection")
            )
        if rng.random() < 0.7:
            others = [
                s
                for s in pub.primary_sections
                if s is not section and s.label not in pub.article_types
            ]
            other = rng.choice(others)
            how = rng.choice(("style", "class", "attr", "parent"))
            hidden = SectionLink(other.label, self.url(other.path), "topic", how)
            links.insert(rng.choice((0, len(links))), hidden)
        return tuple(links)

    def sidebar_teasers(self, meta: ArticleMeta) -> tuple[TeaserRef, ...]:
        """Some pages show a second related list in the sidebar."""
        rng = self.rng(meta.index, "sidebar-teasers")
        if meta.index in self.catalog.fixed or rng.random() >= 0.35:
            return ()
        count = rng.randint(1, 3)
        targets = [
            i
            for i in rng.sample(
                range(self.catalog.base_count),
                min(count + 1, self.catalog.base_count),
            )
            if i != meta.index
        ][:count]
        # Sidebar teasers are compact: headline, image and section, no excerpt or credit.
        return tuple(
            dataclasses.replace(
                self.teaser(target, rng), excerpt=(), credit_line=None, credit=None
            )
            for target in targets
        )

    def build(self, index: int) -> ArticleContent:
        meta = self.catalog.metas[index]
        pool = author_pool(self.seed)
        section = meta.section_info
        fixed = self.catalog.fixed.get(index)
        forms = article_forms(
            self.rng(index, "forms"),
            index,
            meta,
            fixed is not None,
            self.pub,
            self.rng(index, "section-line"),
        )
        writer = self.writer(meta, "head")
        subtitle = None
        if fixed is not None:
            subtitle = fixed.subtitle
        elif forms.subtitle_tag:
            subtitle = writer.standfirst()
        seo_title = (
            writer.seo_headline()
            if fixed is None and writer.rng.random() < 0.1
            else None
        )
        blocks = self.blocks(meta)
        lede_sentence = _text(self.lede(index)[0]).split(". ")[0].rstrip(".") + "."
        description = subtitle or lede_sentence
        og_description = description
        if fixed is None and self.rng(index, "description").random() < 0.3:
            # The page's own description and the one for sharing differ.
            og_description = (
                lede_sentence if description != lede_sentence else meta.title + "."
            )
        type_url = (
            self.url(self.pub.section_by_label[meta.article_type].path)
            if meta.article_type
            else None
        )
        following = next_index(self.catalog, meta)
        next_article = None
        if following is not None:
            nxt = self.catalog.metas[following]
            next_article = (self.url(nxt.path), nxt.title, nxt.section_info.label)
        return ArticleContent(
            index=index,
            path=meta.path,
            elid=2_600_000_000 + self.seed * 1_000_000 + index,
            title=meta.title,
            seo_title=seo_title,
            subtitle=subtitle,
            description=description,
            section_label=section.label,
            section_url=self.url(section.path),
            section_slug=section.slug,
            article_type=meta.article_type,
            type_url=type_url,
            authors=tuple(
                Byline(pool[a].name, pool[a].handle, pool[a].bio) for a in meta.authors
            ),
            published=to_datetime(meta.published),
            modified=to_datetime(meta.modified),
            hero=self.hero(index),
            blocks=blocks,
            audio_url=f"https://player.simplecast.example/{elid_hex(index)}"
            if forms.audio
            else None,
            tags=tuple(TagRef(tag_name(t), t) for t in meta.tags),
            teasers=self.teasers(meta),
            next_article=next_article,
            related_links=related_links(self.rng(index, "related"), self, meta)
            if forms.around_the_web
            else (),
            comments=comments_for(self.rng(index, "comments"), forms.comments),
            forms=forms,
            pub=self.pub,
            og_description=og_description,
            section_links=self.section_links(meta, self.rng(index, "section-links"))
            if forms.section_line == "links"
            else (),
            sidebar_teasers=self.sidebar_teasers(meta),
        )


def elid_hex(index: int) -> str:
    return f"{index * 2654435761 % 2**32:08x}"


def _text(block: TextBlock) -> str:
    return "".join(p if isinstance(p, str) else p.text for p in block.inlines)
