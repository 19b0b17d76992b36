"""Chapters on disk: discovery, front matter, translation pairing; and the YAML data files."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.diagnostics import Diagnostics, PublisherError
from publisher.load.config import Publication
from publisher.load.review import review_problem
from publisher.load.textfile import read_text
from publisher.load.yamlfile import load_yaml, parse_yaml

CHAPTER_NAME = re.compile(r"^(\d{2})-([a-z0-9][a-z0-9-]*)\.md$")
DATA_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
FRONT_MATTER_KEYS = {"title", "translation_of", "lang_note", "description", "review"}
#: ``review: pending`` marks a draft translation awaiting a translator's review (colophon, web
#: pages and indexes say so); ``review: {by: …, date: …}`` records who reviewed it and when
#: (:mod:`publisher.load.review`).


@dataclass(frozen=True)
class ChapterSource:
    """One chapter file as the editor wrote it."""

    path: Path
    document: str
    lang: str
    order: int
    slug: str
    """The file name without ``NN-`` and ``.md``: the chapter's id in every language."""
    title: str
    body: str
    body_line: int
    """Line of the file on which ``body`` starts (1-based)."""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def source_hash(self) -> str:
        """A short hash of the chapter's text: what a translation records it follows."""
        text = (self.title + "\n" + self.body).strip()
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """Split ``---`` YAML front matter from the Markdown body.

    ``text`` has ``\n`` line ends (:func:`publisher.load.textfile.read_text`); other characters
    that Python counts as line breaks (form feed, U+2028 …) stay inside their line.
    Returns (front matter, body, line on which the body starts).
    """
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if not text.strip():
        raise PublisherError.at(
            path,
            1,
            "empty chapter: a chapter starts with front matter ('---', 'title: …', '---') followed by its text",
        )
    if lines[0].rstrip() != "---":
        raise PublisherError.at(
            path,
            1,
            "missing front matter: the file must start with '---', a YAML block with at least 'title:', and '---'",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        raise PublisherError.at(path, 1, "front matter is not closed: add a line '---' after it")
    yaml_text = "".join(lines[1:index])
    located = parse_yaml(yaml_text, path, base_line=1)
    meta = located.data if located.data is not None else {}
    if not isinstance(meta, dict):
        raise PublisherError.at(path, 2, "front matter must be a YAML mapping such as 'title: …'")
    diags = Diagnostics()
    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            diags.error(
                path,
                located.line(key),
                f"unknown front matter key {key!r} (expected: {', '.join(sorted(FRONT_MATTER_KEYS))})",
            )
    if "review" in meta and (problem := review_problem(meta["review"])):
        diags.error(path, located.line("review"), f"review: {problem}")
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        diags.error(path, located.line("title") if "title" in meta else 2, "front matter needs a non-empty 'title'")
    diags.raise_if_errors()
    return meta, "".join(lines[index + 1 :]), index + 2


def read_chapter(path: Path, document: str, lang: str) -> ChapterSource:
    """Read one chapter file; raise a located error when it is malformed."""
    match = CHAPTER_NAME.match(path.name)
    if not match:
        raise PublisherError.at(path, 0, "chapter files are named NN-slug.md (e.g. 02-methodology.md)")
    meta, body, body_line = split_front_matter(read_text(path), path)
    return ChapterSource(
        path, document, lang, int(match.group(1)), match.group(2), str(meta["title"]).strip(), body, body_line, meta
    )


@dataclass
class Content:
    """Every chapter of every document and language, and the data files."""

    chapters: dict[tuple[str, str], list[ChapterSource]]
    """(document id, language) → chapters in order."""
    data: dict[str, Any]
    data_files: dict[str, Path]
    unreadable: dict[tuple[str, str], list[Path]] = field(default_factory=dict)
    """(document id, language) → chapter files that could not be read (already reported)."""
    unreadable_data: frozenset[str] = frozenset()
    """Names of data files that could not be read (already reported): what reads them is not checked."""

    def chapters_of(self, document: str, lang: str) -> list[ChapterSource]:
        return self.chapters.get((document, lang), [])


def load_data(root: Path, diags: Diagnostics) -> tuple[dict[str, Any], dict[str, Path]]:
    """``content/data/*.yaml`` → {file stem: parsed YAML}."""
    data: dict[str, Any] = {}
    files: dict[str, Path] = {}
    folder = root / "content" / "data"
    if not folder.is_dir():
        return data, files
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yaml", ".yml"):
            continue
        if not DATA_NAME.match(path.stem):
            diags.error(
                path, 0, "data file names are lowercase words with underscores (they become data.<name> in chapters)"
            )
            continue
        try:
            loaded = load_yaml(path).data
            # An empty file (or only comments) is an empty mapping, as an empty table is: a placeholder
            # an editor fills in later; a chapter that reads a key of it gets the usual located error.
            data[path.stem] = {} if loaded is None else loaded
            files[path.stem] = path
        except PublisherError as exc:
            diags.extend(exc.problems)
    return data, files


def load_content(publication: Publication, diags: Diagnostics) -> Content:
    """Discover and read all chapters and data; problems go to ``diags``."""
    unreadable: dict[tuple[str, str], list[Path]] = {}
    root = publication.root
    data, data_files = load_data(root, diags)
    chapters: dict[tuple[str, str], list[ChapterSource]] = {}
    doc_ids = {d.id for d in publication.documents}
    content_dir = root / "content"
    for lang_dir in sorted(p for p in content_dir.iterdir() if p.is_dir()) if content_dir.is_dir() else []:
        if lang_dir.name == "data" or lang_dir.name.startswith("."):  # .translations: status snapshots
            continue
        if lang_dir.name not in publication.languages:
            diags.error(
                lang_dir, 0, f"folder for language {lang_dir.name!r}, which is not in publication.yaml `languages`"
            )
            continue
        for doc_dir in sorted(p for p in lang_dir.iterdir()):
            if not doc_dir.is_dir():
                continue
            if doc_dir.name not in doc_ids:
                diags.error(
                    doc_dir,
                    0,
                    f"folder for unknown document {doc_dir.name!r} (documents: {', '.join(sorted(doc_ids))})",
                )
                continue
            document = publication.document(doc_dir.name)
            if lang_dir.name not in document.languages:
                diags.error(
                    doc_dir, 0, f"document {document.id!r} has no {lang_dir.name!r} edition in publication.yaml"
                )
                continue
            found: list[ChapterSource] = []
            for path in sorted(doc_dir.glob("*.md")):
                try:
                    found.append(read_chapter(path, document.id, lang_dir.name))
                except PublisherError as exc:
                    diags.extend(exc.problems)
                    unreadable.setdefault((document.id, lang_dir.name), []).append(path)
            orders: dict[int, Path] = {}
            for chapter in found:
                if not chapter.body.strip():
                    diags.warning(
                        chapter.path,
                        chapter.body_line - 1,
                        "the chapter has no text after its front matter: it is published as its title alone",
                    )
                if chapter.order in orders:
                    diags.error(
                        chapter.path,
                        0,
                        f"two chapters numbered {chapter.order:02d} (also {orders[chapter.order].name})",
                    )
                orders[chapter.order] = chapter.path
            chapters[(document.id, lang_dir.name)] = sorted(found, key=lambda c: (c.order, c.slug))
    for document in publication.documents:
        for lang in document.languages:
            if not chapters.get((document.id, lang)) and (document.id, lang) not in unreadable:
                folder = content_dir / lang / document.id
                diags.error(
                    folder, 0, f"no chapters for {document.id!r} in {lang!r} (expected {folder}/NN-slug.md files)"
                )
    folder = content_dir / "data"
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    named = {p.stem for p in files if p.suffix in (".yaml", ".yml") and DATA_NAME.match(p.stem)}
    return Content(chapters, data, data_files, unreadable, frozenset(named - set(data)))
