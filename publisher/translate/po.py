"""Gettext PO: a message per unit, its id as ``msgctxt``, written and read with Babel.

PO has no inline markup, so a code is a numbered placeholder: ``{1}`` for a standalone code,
``{2}…{/2}`` around text for a pair; an extracted comment (``#.``) lists what each stands
for. The import checks them (PO tools do not protect them): Weblate's ``placeholders:`` check
(``placeholders:r"\\{/?\\d+\\}"``) and Poedit's highlighting of ``{1}`` help the translator.
A stale unit is ``#, fuzzy`` with the source it translated as ``#| msgid``.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from publisher.diagnostics import PublisherError, display_path
from publisher.load.textfile import read_text
from publisher.translate.align import CURRENT, STALE
from publisher.translate.blocks import KINDS
from publisher.translate.codes import CLOSE, OPEN, PH, Segment, parse_inline
from publisher.translate.units import ChapterUnits
from publisher.translate.xliff import ReadUnit, TargetCode, TargetItem

PLACEHOLDER = re.compile(r"\{(/?)(\d+)\}")
BROKEN = re.compile(r"\{/?\d+(?!\d*\})|(?<![{\d/])/?\d+\}")


def segments_po(segments: list[Segment]) -> str:
    out = []
    for s in segments:
        if isinstance(s, str):
            out.append(s)
        else:
            out.append(f"{{/{s.id}}}" if s.role == CLOSE else f"{{{s.id}}}")
    return "".join(out)


def _legend(segments: list[Segment]) -> list[str]:
    """What each placeholder stands for, for the translator (an extracted comment)."""
    parts = []
    closers = {s.id: s.text for s in segments if not isinstance(s, str) and s.role == CLOSE}
    for s in segments:
        if isinstance(s, str) or s.role == CLOSE:
            continue
        if s.role == PH:
            parts.append(f"{{{s.id}}} = {s.text}")
        else:
            parts.append(f"{{{s.id}}}…{{/{s.id}}} = {s.text}…{closers[s.id]}")
    return ["placeholders (keep them): " + "; ".join(parts)] if parts else []


def quote(text: str) -> str:
    """A PO string: ``"…"``, one line per line of ``text`` (GNU gettext's layout)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    lines = escaped.split("\n")
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if len(parts) <= 1:
        return f'"{parts[0] if parts else ""}"'
    return '""\n' + "\n".join(f'"{part}"' for part in parts)


def _header(document: str, lang: str, date: datetime.date | None) -> list[str]:
    stamp = f"{date.isoformat() if date else '1970-01-01'} 00:00+0000"
    fields = [
        f"Project-Id-Version: {document}",
        f"POT-Creation-Date: {stamp}",
        f"PO-Revision-Date: {stamp}",
        "Last-Translator: ",
        f"Language-Team: {lang}",
        f"Language: {lang}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        f"X-Publisher-Document: {document}",
        "X-Generator: publisher translate export",
    ]
    return [
        f"# {document}: the translation into {lang}, made by `publisher translate export`.",
        "# Keep the placeholders {1}, {2}…{/2}: `publisher translate import` checks them.",
        'msgid ""',
        'msgstr ""',
        *(f'"{field}\\n"' for field in fields),
        "",
    ]


def write_po_text(chapters: list[ChapterUnits], document: str, lang: str, date: datetime.date | None) -> str:
    """The PO text of one document's chapters."""
    lines = _header(document, lang, date)
    for chapter in chapters:
        review = "reviewed" if chapter.reviewed else "review pending" if chapter.translation else "not translated yet"
        path = display_path(chapter.source.path)
        for unit in chapter.units:
            stale = unit.state == STALE
            target = segments_po(unit.target) if unit.target is not None and unit.state in (CURRENT, STALE) else ""
            lines += [f"#. {comment}" for comment in [f"{KINDS[unit.kind]}; chapter {review}", *_legend(unit.source)]]
            lines.append(f"#: {path}:{unit.line}")
            if stale:
                lines.append("#, fuzzy")
                if unit.previous is not None:
                    previous = quote(segments_po(parse_inline(unit.previous))).split("\n")
                    lines += ["#| msgid " + previous[0], *("#| " + line for line in previous[1:])]
            lines += [f"msgctxt {quote(unit.id)}", f"msgid {quote(segments_po(unit.source))}"]
            lines += [f"msgstr {quote(target)}", ""]
    return "\n".join(lines)


def _items(text: str, path: Path, line: int, unit_id: str) -> list[TargetItem]:
    broken = BROKEN.search(text)
    if broken:
        raise PublisherError.at(
            path,
            line,
            f"unit {unit_id!r}: malformed placeholder {broken.group(0)!r} (placeholders are {{1}}, {{2}}…{{/2}})",
        )
    items: list[TargetItem] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            items.append(text[position : match.start()])
        number = int(match.group(2))
        items.append(TargetCode(CLOSE if match.group(1) else PH, number, None))
        position = match.end()
    if position < len(text):
        items.append(text[position:])
    return items


def read_po_file(path: Path) -> tuple[str | None, list[ReadUnit]]:
    """(language, units) of a PO file; a malformed file is a located error."""
    text = read_text(path)  # UTF-8 with or without a byte-order mark, any line ends (a file saved on Windows)
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as exc:
        raise PublisherError.at(path, exc.lineno, f"not a valid PO file: {exc}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise PublisherError.at(path, 0, f"cannot read as a PO file: {exc}") from None
    units = []
    for message in catalog:
        if not message.id:
            continue
        unit_id = str(message.context or "")
        text = message.string if isinstance(message.string, str) else ""
        line = message.lineno or 0
        items = _items(text, path, line, unit_id) if text else None
        units.append(ReadUnit(unit_id, items, bool(text) and not message.fuzzy, display_path(path), line))
    lang = str(catalog.locale).replace("_", "-") if catalog.locale else None
    return lang, units


__all__ = ["OPEN", "read_po_file", "write_po_text"]
