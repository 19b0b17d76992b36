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

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from publisher.diagnostics import PublisherError, display_path
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


def write_po_text(chapters: list[ChapterUnits], document: str, lang: str, date: datetime.date) -> str:
    """The PO text of one document's chapters."""
    moment = datetime.datetime.combine(date, datetime.time(), tzinfo=datetime.UTC)
    catalog = Catalog(
        locale=lang.replace("-", "_"),
        project=f"publisher {document}",
        creation_date=moment,
        revision_date=moment,
        fuzzy=False,
    )
    catalog.header_comment = f"# {document}: translation into {lang}, made by `publisher translate export`."
    catalog.mime_headers = [*catalog.mime_headers, ("X-Publisher-Document", document)]
    for chapter in chapters:
        review = "reviewed" if chapter.reviewed else "review pending" if chapter.translation else "not translated yet"
        path = display_path(chapter.source.path)
        for unit in chapter.units:
            stale = unit.state == STALE
            target = segments_po(unit.target) if unit.target is not None and unit.state in (CURRENT, STALE) else ""
            previous = None
            if stale and unit.previous is not None:
                previous = segments_po(parse_inline(unit.previous))
            catalog.add(
                segments_po(unit.source),
                target,
                locations=[(path, unit.line)],
                flags=["fuzzy"] if stale else [],
                auto_comments=[f"{KINDS[unit.kind]}; chapter {review}", *_legend(unit.source)],
                previous_id=previous or (),
                context=unit.id,
            )
    out = io.BytesIO()
    write_po(out, catalog, width=0, include_previous=True, include_lineno=True)
    return out.getvalue().decode("utf-8")


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
    try:
        with path.open("rb") as stream:
            catalog = read_po(stream, abort_invalid=True)
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
        items = _items(text, path, message.lineno, unit_id) if text else None
        units.append(ReadUnit(unit_id, items, bool(text) and not message.fuzzy, display_path(path), message.lineno))
    lang = str(catalog.locale).replace("_", "-") if catalog.locale else None
    return lang, units


__all__ = ["OPEN", "read_po_file", "write_po_text"]
