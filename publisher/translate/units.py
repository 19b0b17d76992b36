"""Translation units: every block of a chapter with its aligned translation and state.

Export, import and ``publisher status`` all see a chapter through :func:`chapter_units`, so
that what an import compares with is exactly what the export wrote.

A unit's id is ``<document>/<source file>#<kind>-<hash>``: the kind of block (``p``, ``h``,
``li``, ``td`` …, see :data:`publisher.translate.blocks.KINDS`) and the first 8 hex digits of
the sha256 of its source text, with ``.2``, ``.3`` … for the second and further identical
blocks of a chapter (table cells repeat). An id so made survives every change elsewhere in
the chapter — an inserted, deleted or moved paragraph renumbers nothing — and changes only
when the block's own source text changes: then it *is* another text to translate, and a file
exported before the change is refused on import instead of being applied to the wrong block.
The title is ``#title``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from publisher.diagnostics import Diagnostics, PublisherError
from publisher.load.config import Publication
from publisher.load.content import CHAPTER_NAME, ChapterSource, read_chapter, split_front_matter
from publisher.load.textfile import read_text
from publisher.text.status import snapshot_path
from publisher.translate.align import CURRENT, NEW, STALE, Aligned, align
from publisher.translate.blocks import Block, cut_blocks, title_block
from publisher.translate.codes import Segment, parse_inline, renumber


@dataclass(frozen=True)
class Unit:
    """One block to translate, as an export writes it and an import reads it back."""

    id: str
    kind: str
    source: list[Segment]
    target: list[Segment] | None
    """The existing translation numbered like the source's codes; None if there is none."""
    state: str
    previous: str | None
    """For a stale unit: the source text the existing translation translates."""
    line: int
    """Line of the source file."""
    aligned: Aligned


@dataclass
class ChapterUnits:
    """One chapter of one document in one language, as units."""

    document: str
    lang: str
    slug: str
    source: ChapterSource
    source_text: str
    translation_path: Path
    translation: ChapterSource | None
    translation_text: str | None
    units: list[Unit]

    @property
    def reviewed(self) -> bool:
        """Whether the translation's review is done (no ``review: pending``)."""
        return self.translation is not None and self.translation.meta.get("review") != "pending"

    def counts(self) -> dict[str, int]:
        return {state: sum(1 for u in self.units if u.state == state) for state in (CURRENT, STALE, NEW)}


def _has_words(block: Block) -> bool:
    """Whether a block has text to translate besides its codes (a cell holding only
    ``{{ n | number }}`` has none: it is not a unit, and stays as the source has it)."""
    return any(isinstance(s, str) and any(c.isalnum() for c in s) for s in parse_inline(block.text))


def _blocks(chapter: ChapterSource, text: str) -> list[Block]:
    title = title_block(text, chapter.title)
    return ([title] if title is not None else []) + [b for b in cut_blocks(text, chapter.body_line) if _has_words(b)]


def _baseline(publication: Publication, source: ChapterSource, translation: ChapterSource) -> list[Block] | None:
    """The blocks of the source as the translation last followed it, if that is known."""
    recorded = translation.meta.get("translation_of")
    if recorded is None:
        return None
    if str(recorded) == source.source_hash:
        return _blocks(source, read_text(source.path))
    path = snapshot_path(publication.root, source.document, source.slug, str(recorded))
    if not path.is_file():
        return None
    text = read_text(path)
    meta, body, body_line = split_front_matter(text, path)
    snapshot = ChapterSource(
        path,
        source.document,
        source.lang,
        source.order,
        source.slug,
        str(meta.get("title", "")).strip(),
        body,
        body_line,
    )
    return _blocks(snapshot, text)


def translation_file(publication: Publication, source: ChapterSource, lang: str) -> Path:
    """The translated chapter of ``source``: the existing file (any ``NN-``), else the same name."""
    folder = publication.root / "content" / lang / source.document
    existing = sorted(folder.glob(f"[0-9][0-9]-{source.slug}.md"))
    return existing[0] if existing else folder / source.path.name


def unit_ids(document: str, source: ChapterSource, blocks: list[Block]) -> list[str]:
    ids: list[str] = []
    seen: dict[str, int] = {}
    for block in blocks:
        if block.kind == "title":
            base = "title"
        else:
            digest = hashlib.sha256(f"{block.kind}\0{block.text}".encode()).hexdigest()[:8]
            base = f"{block.kind}-{digest}"
        seen[base] = seen.get(base, 0) + 1
        ids.append(f"{document}/{source.path.name}#{base}" + (f".{seen[base]}" if seen[base] > 1 else ""))
    return ids


def chapter_units(publication: Publication, source: ChapterSource, lang: str) -> ChapterUnits:
    """Every unit of one source chapter for the translation into ``lang``."""
    source_text = read_text(source.path)
    source_blocks = _blocks(source, source_text)
    path = translation_file(publication, source, lang)
    translation: ChapterSource | None = None
    translation_text: str | None = None
    aligned: list[Aligned]
    if path.is_file():
        translation = read_chapter(path, source.document, lang)
        translation_text = read_text(path)
        aligned = align(
            source_blocks, _baseline(publication, source, translation), _blocks(translation, translation_text)
        )
    else:
        aligned = align(source_blocks, None, None)
    units = []
    for unit_id, item in zip(unit_ids(source.document, source, source_blocks), aligned, strict=True):
        segments = parse_inline(item.source.text)
        target = renumber(segments, item.translation.text) if item.translation is not None else None
        units.append(
            Unit(unit_id, item.source.kind, segments, target, item.state, item.previous, item.source.line, item)
        )
    return ChapterUnits(
        source.document, lang, source.slug, source, source_text, path, translation, translation_text, units
    )


def source_chapters(publication: Publication, document: str) -> list[ChapterSource]:
    """The source-language chapters of a document, in order."""
    lang = publication.document(document).source_language
    folder = publication.root / "content" / lang / document
    paths = sorted(p for p in folder.glob("*.md") if CHAPTER_NAME.match(p.name)) if folder.is_dir() else []
    diags = Diagnostics()
    chapters = []
    for path in paths:
        try:
            chapters.append(read_chapter(path, document, lang))
        except PublisherError as exc:
            diags.extend(exc.problems)
    diags.raise_if_errors()
    return chapters


def document_units(publication: Publication, document: str, lang: str) -> list[ChapterUnits]:
    """Every chapter of one document as units for ``lang`` (located errors for unreadable files)."""
    doc = publication.document(document)
    if lang == doc.source_language:
        raise PublisherError.at(
            publication.root / "publication.yaml",
            0,
            f"{lang!r} is the source language of {document!r}: nothing to translate",
        )
    diags = Diagnostics()
    chapters = []
    for source in source_chapters(publication, document):
        try:
            chapters.append(chapter_units(publication, source, lang))
        except PublisherError as exc:  # every unreadable chapter reported in one run
            diags.extend(exc.problems)
    diags.raise_if_errors()
    return chapters


def unit_counts(publication: Publication) -> dict[tuple[str, str, str], dict[str, int]]:
    """(document, language, slug) → how many units are current, stale and new (missing).

    A chapter that cannot be read is left out: loading the content has reported it.
    """
    counts: dict[tuple[str, str, str], dict[str, int]] = {}
    for document in publication.documents:
        try:
            sources = source_chapters(publication, document.id)
        except PublisherError:
            continue
        for lang in document.languages:
            if lang == document.source_language:
                continue
            for source in sources:
                try:
                    chapter = chapter_units(publication, source, lang)
                except PublisherError:
                    continue
                counts[(document.id, lang, source.slug)] = chapter.counts()
    return counts
