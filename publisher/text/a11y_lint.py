"""Accessibility lint of the chapters, for editors: what a screen reader user would miss.

``publisher check`` reports these as warnings at ``file:line`` (``--strict`` fails on them):

- an image whose alternative text says nothing: a word such as "image" (per language: the
  registry's ``vague_alts``) or a file name (a missing one is already an error);
- a link whose text is a bare URL or says nothing out of context ("here", "qui", "burada":
  the registry's ``vague_links``);
- a heading that skips a level (the chapter title is the level 1 heading: a chapter's
  headings start at ``##``);
- a table without a header row (every header cell empty).

The chapter's Markdown is parsed with the publication's own dialect, before Jinja: what is
checked is what the editor wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from publisher.diagnostics import Problem, display_path
from publisher.languages import language
from publisher.load.content import ChapterSource
from publisher.text.markdown import make_markdown

FILE_NAME = re.compile(r"^\S+\.(png|jpe?g|gif|svg|webp|tiff?)$", re.IGNORECASE)
BARE_URL = re.compile(r"^(https?://|www\.|mailto:)\S+$", re.IGNORECASE)


def chapter_problems(chapter: ChapterSource) -> list[Problem]:
    """Every accessibility problem of one chapter, located at its line."""
    md = make_markdown(chapter.lang)
    tokens = md.parse(chapter.body, {})
    facts = language(chapter.lang)
    path = display_path(chapter.path)
    problems = []
    for offset, message in _findings(tokens, facts.vague_links, facts.vague_alts):
        problems.append(Problem(path, chapter.body_line + offset, message, "warning"))
    return problems


def _findings(
    tokens: list[Any], vague_links: tuple[str, ...], vague_alts: tuple[str, ...]
) -> Iterator[tuple[int, str]]:
    """(line offset in the body, message) of each problem, in the order of the text."""
    level = 1  # the chapter title
    for index, token in enumerate(tokens):
        line = token.map[0] if token.map else 0
        if token.type == "heading_open":
            new = int(token.tag[1])
            if new > level + 1:
                yield line, f"heading level skips from h{level} to h{new}: use {'#' * (level + 1)}"
            level = new
        elif token.type == "figure" and token.meta.get("kind") == "image":
            yield from ((line, m) for m in _alt_problems(token.meta.get("alt", ""), vague_alts))
        elif token.type == "thead_open" and not _header_text(tokens, index):
            yield line, "table without a header row: give each column a heading"
        elif token.type == "table_open" and not any(t.type == "thead_open" for t in tokens[index : index + 3]):
            yield line, "table without a header row: give each column a heading"
        elif token.type == "inline":
            yield from ((line, m) for m in _inline_problems(token.children or [], vague_links, vague_alts))


def _alt_problems(alt: str, vague_alts: tuple[str, ...]) -> list[str]:
    text = " ".join(alt.split())  # an empty one is already an error of the build
    if text and text.casefold() in vague_alts or FILE_NAME.match(text):
        return [f"alternative text {text!r} says nothing: describe what the image shows"]
    return []


def _inline_problems(children: list[Any], vague_links: tuple[str, ...], vague_alts: tuple[str, ...]) -> Iterator[str]:
    link_text: list[str] | None = None
    for child in children:
        if child.type == "image":
            yield from _alt_problems("".join(c.content for c in child.children or []), vague_alts)
        elif child.type == "link_open":
            link_text = []
        elif child.type == "link_close" and link_text is not None:
            text = " ".join("".join(link_text).split())
            if BARE_URL.match(text):
                yield f"link text is a bare URL ({text}): say where it leads"
            elif text.casefold().strip(".:!") in vague_links:
                yield f"link text {text!r} says nothing out of context: say where it leads"
            link_text = None
        elif link_text is not None and child.type in ("text", "code_inline"):
            link_text.append(child.content)


def _header_text(tokens: list[Any], index: int) -> str:
    """The text of a table's header row (the tokens from ``thead_open`` to ``thead_close``)."""
    texts = []
    for token in tokens[index:]:
        if token.type == "thead_close":
            break
        if token.type == "inline":
            texts.append(token.content.strip())
    return "".join(texts)
