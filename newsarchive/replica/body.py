"""Article bodies: paragraphs with in-body links, headings, lists, quotes, images, embeds."""

from __future__ import annotations

import random
from collections.abc import Callable

from newsarchive.replica.model import (
    Block,
    BodyImage,
    FrameEmbed,
    Inline,
    InlineLink,
    ListBlock,
    QuoteBlock,
    TextBlock,
    TweetEmbed,
)
from newsarchive.replica.people import analyst_name, ascii_fold
from newsarchive.replica.prose import Writer, slugify
from newsarchive.replica.vocabulary import OUTLET_DOMAINS

PHOTO_AGENCIES = (
    "Shutterstock",
    "REUTERS",
    "AP Photo",
    "Wikimedia Commons",
    "DoD photo",
)
TWEET_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
)


def paragraph(writer: Writer, sentences: int, lead: bool = False) -> str:
    parts = ([writer.lead_sentence()] if lead else []) + writer.sentences(sentences)
    return " ".join(parts)


def with_link(rng: random.Random, text: str, url: str) -> tuple[Inline, ...]:
    """Wrap a few words of the text in a link; the text reads exactly the same."""
    words = text.split(" ")
    if len(words) < 6:
        return (text,)
    start = rng.randrange(1, len(words) - 4)
    length = rng.randint(2, 4)
    span = " ".join(words[start : start + length])
    anchor = span.strip("“”‘’\"',.;:!?—()")
    if len(anchor) < 3:
        return (text,)
    offset = span.index(anchor)
    before = " ".join(words[:start]) + " " + span[:offset]
    after = span[offset + len(anchor) :]
    if start + length < len(words):
        after += " " + " ".join(words[start + length :])
    return (before, InlineLink(url, anchor), after)


def media_url(base_url: str, name: str, image_id: int, width: int) -> str:
    return f"{base_url}/media-library/{name}.jpg?id={image_id}&width={width}&quality=85"


def body_image(
    rng: random.Random, writer: Writer, base_url: str, image_id: int
) -> BodyImage:
    theme = writer.theme
    name = slugify(f"{theme.country.name} {theme.topic_slug} {rng.randint(1, 99)}")
    caption = None
    if rng.random() < 0.75:
        caption = writer.fill(
            rng.choice(
                (
                    "Officials meet in {capital}, {month} {year}.",
                    "A checkpoint outside {capital}. Security has tightened since {month}.",
                    "Delegates arrive for talks on {topic}.",
                    "Protesters gather in central {capital} — the third rally this month.",
                )
            )
        )
    credit = None
    if rng.random() < 0.8:
        credit = f"{rng.choice(PHOTO_AGENCIES)}/{analyst_name(rng)}"
    alt = rng.choice(
        (caption or theme.country.name, f"Shutterstock_{rng.randint(10**9, 2 * 10**9)}")
    )
    return BodyImage(
        media_url(base_url, name, image_id, 980),
        alt,
        caption,
        credit,
        rng.random() < 0.5,
    )


def tweet(rng: random.Random, writer: Writer) -> TweetEmbed:
    name = analyst_name(rng)
    handle = ascii_fold(name).replace(" ", "")[:15]
    status = rng.randint(10**17, 10**18)
    date = f"{rng.choice(TWEET_MONTHS)} {rng.randint(1, 28)}, {rng.randint(2019, 2025)}"
    text = writer.fill(
        rng.choice(
            (
                "The news from {capital} on {topic} is {adj}. Thread 🧵",
                "Worth reading on {topic} and {country} — a {adj} moment.",
            )
        )
    )
    return TweetEmbed(
        f"https://twitter.com/{handle}/status/{status}", text, name, handle, date
    )


def frame(rng: random.Random) -> FrameEmbed:
    if rng.random() < 0.6:
        video = "".join(
            rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789_-")
            for _ in range(11)
        )
        return FrameEmbed(
            "youtube", f"https://www.youtube.com/embed/{video}", "YouTube video player"
        )
    chart = "".join(rng.choice("abcdefghijkmnopqrstuvwxyz0123456789") for _ in range(5))
    return FrameEmbed("iframe", f"https://datawrapper.dwcdn.net/{chart}/1/", "Chart")


def external_url(rng: random.Random, writer: Writer) -> str:
    theme = writer.theme
    path = slugify(f"{theme.country.name} {theme.topic_phrase} {rng.randint(2, 999)}")
    return f"https://www.{rng.choice(OUTLET_DOMAINS)}/{rng.randint(2019, 2025)}/{path}"


def generated_blocks(
    rng: random.Random,
    writer: Writer,
    base_url: str,
    image_ids: int,
    internal_link: Callable[[random.Random], str],
    paragraphs: int,
) -> list[Block]:
    """The body after the lede: prose with a few headings, lists, quotes, images and embeds."""
    blocks: list[Block] = []
    extras: list[str] = []
    for kind, chance in (
        ("h2", 0.3),
        ("list", 0.25),
        ("quote", 0.2),
        ("image", 0.35),
        ("image", 0.12),
        ("tweet", 0.12),
        ("frame", 0.14),
        ("h3", 0.1),
    ):
        if rng.random() < chance:
            extras.append(kind)
    slots = sorted(rng.sample(range(paragraphs), min(len(extras), paragraphs)))
    extra_at = dict(zip(slots, extras, strict=False))
    for position in range(paragraphs):
        kind = extra_at.get(position)
        if kind in ("h2", "h3"):
            blocks.append(TextBlock(kind, (writer.heading(),)))
        elif kind == "list":
            blocks.append(
                ListBlock(rng.random() < 0.3, tuple((t,) for t in writer.list_items()))
            )
        elif kind == "quote":
            quoted = tuple((s,) for s in writer.sentences(rng.randint(1, 2)))
            blocks.append(QuoteBlock(quoted))
        elif kind == "image":
            blocks.append(body_image(rng, writer, base_url, image_ids + position))
        elif kind == "tweet":
            blocks.append(tweet(rng, writer))
        elif kind == "frame":
            blocks.append(frame(rng))
        text = paragraph(writer, rng.randint(2, 4))
        roll = rng.random()
        if roll < 0.15:
            blocks.append(TextBlock("p", with_link(rng, text, internal_link(rng))))
        elif roll < 0.25:
            blocks.append(
                TextBlock("p", with_link(rng, text, external_url(rng, writer)))
            )
        else:
            blocks.append(TextBlock("p", (text,)))
    return blocks
