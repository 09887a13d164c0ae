"""Path templates: how a site profile spells its URL rules (docs/sites.md, "URL rules").

A template is a URL path with placeholders in braces, such as `/topic/{slug}/` or
`/{yyyy}/{mm}/{dd}/{slug}`. A placeholder stands for a regular expression: the built-in
ones below, or one the profile defines (`[urls.placeholders]`: a regular expression, or a
list of words). A path matches a template whatever its trailing slash and letter case;
the template's own trailing slash is the site's canonical form of that kind of URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

BUILTIN_PLACEHOLDERS: Mapping[str, str] = {
    "slug": r"[^/.]+",  # one path segment without a dot (a dot marks a file)
    "segment": r"[^/]+",  # any one path segment
    "handle": r"[^/]+",  # an author's handle
    "yyyy": r"\d{4}",
    "mm": r"\d{2}",
    "dd": r"\d{2}",
    "n": r"\d+",
    "any": r"[^/]*",  # any part of a segment, maybe empty
    "rest": r".+",  # anything, slashes included
}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_STRAY_BRACE = re.compile(r"[{}]")


class TemplateError(ValueError):
    """A template that cannot be read (the message says why)."""


@dataclass(frozen=True)
class PathTemplate:
    text: str
    """As the profile writes it, e.g. `/topic/{slug}/`."""
    pattern: str
    """Its regular expression over a path without its trailing slash; no groups."""

    @property
    def trailing_slash(self) -> bool:
        """Whether the site's canonical form of such a path ends with `/`."""
        return self.text != "/" and self.text.endswith("/")

    def expand(self, **values: str) -> str:
        """The path with its placeholders filled in (`slug="energy"`)."""
        return _PLACEHOLDER.sub(lambda match: values[match.group(1)], self.text)


def placeholder_pattern(value: str | Iterable[str]) -> str:
    """A profile's own placeholder as a regular expression without groups: a
    regular expression string, or a list of literal words."""
    if isinstance(value, str):
        try:
            compiled = re.compile(value)
        except re.error as error:
            raise TemplateError(f"not a regular expression ({error})") from None
        if compiled.groups:
            raise TemplateError(
                "a placeholder's regular expression cannot have groups: "
                "write (?:...) instead of (...)"
            )
        return value
    words = [str(word) for word in value]
    if not words or any(not word or "/" in word for word in words):
        raise TemplateError("a list of words needs at least one word, none with '/'")
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def compile_template(text: str, placeholders: Mapping[str, str]) -> PathTemplate:
    """`text` as a `PathTemplate`; `placeholders` maps names to patterns (the
    built-in ones and the profile's own)."""
    if not isinstance(text, str) or not text.startswith("/"):
        raise TemplateError(f"a path template starts with '/' (got {text!r})")
    if "?" in text or "#" in text or "//" in text:
        raise TemplateError(f"a path template is a path alone (got {text!r})")
    body = text if text == "/" else text.rstrip("/")
    parts: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(body):
        parts.append(_literal(body[position : match.start()], text))
        name = match.group(1)
        if name not in placeholders:
            known = ", ".join(sorted(placeholders))
            raise TemplateError(
                f"unknown placeholder {{{name}}} in {text!r} (known: {known})"
            )
        parts.append(f"(?:{placeholders[name]})")
        position = match.end()
    parts.append(_literal(body[position:], text))
    return PathTemplate(text=text, pattern="".join(parts))


def _literal(fragment: str, text: str) -> str:
    if _STRAY_BRACE.search(fragment):
        raise TemplateError(f"a brace that is not a {{placeholder}} in {text!r}")
    return re.escape(fragment)


def path_for_matching(path: str) -> str:
    """A URL's path as templates are matched against it: `/` when empty, no
    trailing slash otherwise."""
    if not path or path == "/":
        return "/"
    stripped = path.rstrip("/")
    return stripped or "/"
