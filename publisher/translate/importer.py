"""Translation files back into chapters: ``publisher translate import FILE…``.

Every file is read and every unit checked before anything is written; then each chapter is
rebuilt from its targets. A block whose target is the translation already there keeps its
bytes; only edited blocks are written anew, in the place and with the line structure of the
block they replace. So importing an unchanged export changes nothing, and a chapter that did
not change is not written at all (its line ends, its byte-order mark stay as they are).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from publisher.diagnostics import Diagnostics, Problem, PublisherError
from publisher.files import write_atomic
from publisher.load.config import Publication
from publisher.text import status as translation_status
from publisher.text.status import set_translation_of
from publisher.translate.blocks import KINDS, block_parser, yaml_title
from publisher.translate.codes import CLOSE, OPEN, PH, markdown, parse_inline, source_codes
from publisher.translate.po import read_po_file
from publisher.translate.units import ChapterUnits, Unit, document_units
from publisher.translate.xliff import ReadUnit, read_xliff


@dataclass
class ImportReport:
    written: list[Path] = field(default_factory=list)
    marked: list[Path] = field(default_factory=list)
    pending: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def target_markdown(unit: Unit, read: ReadUnit, diags: Diagnostics) -> tuple[str | None, list[str]]:
    """The Markdown of a unit's target, its codes checked against the source's (None: empty),
    and the source's codes it leaves out."""
    if not read.items:
        return None, []
    codes = source_codes(unit.source)
    out: list[str] = []
    seen: set[tuple[int, str]] = set()
    stack: list[int] = []

    def error(message: str) -> None:
        diags.error(read.path, read.line, f"unit {unit.id!r}: {message}")

    for item in read.items:
        if isinstance(item, str):
            out.append(item)
            continue
        number, role = item.id or 0, item.role
        if role == PH and (number, PH) not in codes and (number, OPEN) in codes:
            role = OPEN  # a PO {2} that opens the pair {2}…{/2}
        code = codes.get((number, role))
        if code is None:
            if any(key[0] == number for key in codes):
                error(f"placeholder {number} is {'a pair' if (number, OPEN) in codes else 'standalone'} in the source")
            else:
                error(f"placeholder {number} is not in the source")
            continue
        if (number, role) in seen:
            error(f"placeholder {number} appears twice ({code.text!r})")
        seen.add((number, role))
        if role == PH and item.content is not None and item.content != code.text:
            error(f"placeholder {number} was changed: it must stay {code.text!r}, got {item.content!r}")
        if role == OPEN:
            stack.append(number)
        elif role == CLOSE:
            if not stack or stack[-1] != number:
                error(f"placeholder {{/{number}}} closes a pair that is not open there")
            else:
                stack.pop()
        out.append(code.text)
    for number in stack:
        error(f"placeholder {number} is opened and not closed")
    missing = [
        f"placeholder {number} ({code.text}) is left out of the translation"
        for (number, role), code in codes.items()
        if role != CLOSE and (number, role) not in seen
    ]
    text = "".join(out)
    return (text if text.strip() else None), missing


def structure_problem(kind: str, text: str) -> str | None:
    """Why a translated text would not stay the one block it replaces (None: it would)."""
    if re.search(r"\n[ \t]*\n", text):
        return "an empty line in the text would end the block there: one unit is one block"
    if kind == "td" and re.search(r"(?<!\\)\|", markdown([s for s in parse_inline(text) if isinstance(s, str)])):
        return "a table cell cannot hold '|': write it '\\|'"
    if kind == "title":
        return None
    types = [t.type for t in block_parser().parse(text) if t.nesting != -1 and t.type != "inline"]
    if types != ["paragraph_open"]:
        found = next((t for t in types if t != "paragraph_open"), types[0] if types else "nothing")
        return (
            f"the text would not stay one {KINDS[kind]}: Markdown reads it as {found.replace('_open', '')} "
            "(a line starting with '#', '-', '1.', '>' or four spaces); escape that character with a backslash"
        )
    return None


def _splice(text: str, replacements: list[tuple[int, int, str]]) -> str:
    out, position = [], 0
    for start, end, new in sorted(replacements):
        out += [text[position:start], new]
        position = end
    return "".join(out) + text[position:]


def _render(unit: Unit, text: str, template: str) -> tuple[int, int, str]:
    """(start, end, new region) of a block of ``template`` for the translation ``text``."""
    block = unit.aligned.translation if template == "translation" else unit.aligned.source
    assert block is not None
    return block.start, block.end, yaml_title(text) if block.kind == "title" else block.render(text)


def _one_to_one(chapter: ChapterUnits) -> bool:
    """Whether every source block has its own translation block and every translation block a source block."""
    if chapter.translation_text is None:
        return False
    translated = [u.aligned.translation for u in chapter.units]
    return all(b is not None for b in translated) and len({id(b) for b in translated}) == len(translated)


def rebuild(chapter: ChapterUnits, texts: dict[str, str | None]) -> str:
    """The chapter's new text: ``texts`` maps unit ids to their translation (None: none)."""
    if _one_to_one(chapter):
        assert chapter.translation_text is not None
        replacements = []
        for unit in chapter.units:
            new = texts.get(unit.id)
            old = unit.aligned.translation.text if unit.aligned.translation else None
            if new is not None and new != old:
                replacements.append(_render(unit, new, "translation"))
        return _splice(chapter.translation_text, replacements)
    # The structures differ (a block inserted or deleted in the source): the source is the template.
    replacements = []
    for unit in chapter.units:
        old = unit.aligned.translation.text if unit.aligned.translation else None
        text = texts.get(unit.id) or old or markdown(unit.source)
        replacements.append(_render(unit, text, "source"))
    new_text = _splice(chapter.source_text, replacements)
    if chapter.translation_text is not None:
        # the translation's own front matter, with the title as translated
        front_end = _front_matter_end(chapter.translation_text)
        source_end = _front_matter_end(new_text)
        title = next((u for u in chapter.units if u.kind == "title"), None)
        front = chapter.translation_text[:front_end]
        if title is not None and title.aligned.translation is not None:
            front = _splice(
                front, [_render(title, texts.get(title.id) or title.aligned.translation.text, "translation")]
            )
        new_text = front + new_text[source_end:]
    return new_text


def _front_matter_end(text: str) -> int:
    """Offset of the line that closes the front matter (``---`` or ``...``)."""
    match = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M).search(text, 4)
    assert match is not None, "a chapter read without error has closed front matter"
    return match.start()


def set_review_pending(text: str) -> str:
    """The chapter with ``review: pending`` in its front matter (other lines kept)."""
    lines = text.splitlines(keepends=True)
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    for i in range(1, end):
        if lines[i].startswith("review:"):
            # a recorded review may be a mapping (who, when) on the lines indented below it
            following = i + 1
            while following < end and lines[following][:1] in (" ", "\t"):
                following += 1
            lines[i:following] = ["review: pending\n"]
            break
    else:
        lines.insert(end, "review: pending\n")
    return "".join(lines)


def _encode_like(path: Path, text: str) -> bytes:
    """``text`` with the line ends and byte-order mark of the file it replaces."""
    raw = path.read_bytes() if path.is_file() else b""
    newline = "\r\n" if b"\r\n" in raw else "\r" if b"\r" in raw else "\n"
    data = text.replace("\n", newline).encode("utf-8")
    return codecs.BOM_UTF8 + data if raw.startswith(codecs.BOM_UTF8) else data


def _read(path: Path) -> tuple[str | None, list[ReadUnit]]:
    if not path.is_file():
        raise PublisherError.at(path, 0, "no such file")
    if path.suffix == ".po":
        return read_po_file(path)
    if path.suffix in (".xlf", ".xliff"):
        return read_xliff(path)
    raise PublisherError.at(path, 0, "not a translation file: expected .xlf, .xliff or .po")


def _chapter_texts(
    chapter: ChapterUnits, read: dict[str, ReadUnit], diags: Diagnostics
) -> tuple[dict[str, str | None], bool]:
    """Each unit's translation from the file (or as it was, for a unit the file lacks); all done?"""
    texts: dict[str, str | None] = {}
    all_done = True
    for unit in chapter.units:
        exported = markdown(unit.target) if unit.target is not None and unit.state != "new" else None
        got = read.get(unit.id)
        if got is None:
            texts[unit.id] = exported
            all_done = all_done and unit.state == "current"
            continue
        text, missing = target_markdown(unit, got, diags)
        texts[unit.id] = text
        edited = text is not None and text != exported
        for message in missing if edited else []:  # an existing translation's choices are not news
            diags.warning(got.path, got.line, f"unit {unit.id!r}: {message}")
        problem = structure_problem(unit.kind, text) if edited and text is not None else None
        if problem:
            diags.error(got.path, got.line, f"unit {unit.id!r}: {problem}")
        all_done = all_done and text is not None and (got.done or (got.edit_approves and edited))
    return texts, all_done


def _plan(publication: Publication, files: list[Path], diags: Diagnostics) -> list[tuple[ChapterUnits, str, bool]]:
    """(chapter, new text, every unit done) for each chapter the files hold, all checked."""
    by_document: dict[tuple[str, str], dict[str, ReadUnit]] = {}
    clashes: set[tuple[str, str]] = set()
    for path in files:
        try:
            lang, units = _read(path)
        except PublisherError as exc:
            diags.extend(exc.problems)
            continue
        if lang is not None and lang not in publication.languages and lang.split("-")[0] in publication.languages:
            lang = lang.split("-")[0]  # a tool's regional code (tr-TR) for the publication's language
        if lang is None:
            diags.error(path, 0, "the file names no target language (XLIFF target-language, PO Language header)")
            continue
        if lang not in publication.languages:
            diags.error(
                path, 0, f"target language {lang!r} is not one of the publication's {list(publication.languages)}"
            )
            continue
        for unit in units:
            document = unit.id.split("/", 1)[0]
            if document not in {d.id for d in publication.documents} or "#" not in unit.id:
                diags.error(unit.path, unit.line, f"unit {unit.id!r} is not a unit of this publication's documents")
                continue
            if lang not in publication.document(document).languages:
                diags.error(
                    unit.path, unit.line, f"document {document!r} is not published in {lang!r} (its languages:)"
                )
                break
            seen = by_document.setdefault((document, lang), {})
            if unit.id in seen and seen[unit.id].path != unit.path:
                clash = (unit.path, seen[unit.id].path)
                if clash not in clashes:  # once per pair of files
                    clashes.add(clash)
                    diags.error(
                        unit.path, 0, f"its units are also in {clash[1]} (unit {unit.id!r}…): import one of them"
                    )
            seen[unit.id] = unit
    plans = []
    for (document, lang), read in by_document.items():
        chapters = document_units(publication, document, lang)
        known = {u.id for c in chapters for u in c.units}
        for unit_id in read.keys() - known:
            unit = read[unit_id]
            diags.error(
                unit.path,
                unit.line,
                f"unit {unit_id!r} is not in the source any more (it changed since the export): "
                "export again — the translations carry over — and translate the new file",
            )
        for chapter in chapters:
            if not any(u.id in read for u in chapter.units):
                continue
            texts, all_done = _chapter_texts(chapter, read, diags)
            plans.append((chapter, rebuild(chapter, texts), all_done))
    return plans


def import_files(publication: Publication, files: list[Path]) -> ImportReport:
    """Rebuild the chapters the translation ``files`` hold; nothing is written if any is wrong."""
    diags = Diagnostics()
    plans = _plan(publication, files, diags)
    diags.raise_if_errors()
    report = ImportReport(warnings=list(diags.warnings))
    for chapter, text, all_done in plans:
        path = chapter.translation_path
        if text == chapter.translation_text:
            report.unchanged.append(path)
            continue
        if all_done:
            text = set_translation_of(text, chapter.source.source_hash)
        else:
            text = set_review_pending(text)
        write_atomic(path, _encode_like(path, text))
        report.written.append(path)
        if all_done:
            translation_status.mark(publication, path)
            report.marked.append(path)
        else:
            report.pending.append(path)
    return report
