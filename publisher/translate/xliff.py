"""XLIFF 1.2: one ``<file>`` per document and language, a ``<group>`` per chapter.

Standalone codes are ``<ph id="n" ctype="x-jinja">{{ … }}</ph>`` (the original text inside,
protected: CAT tools show it as a tag), pairs ``<g id="n" ctype="italic">…</g>`` (the
Markdown of both halves is taken from the source on import). On import ``<x id="n"/>`` stands
for ``<ph id="n">`` and ``<bx/>``/``<ex/>`` for ``<g>``, as some tools rewrite them; ``<mrk>``
(segment marks) is transparent.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from publisher.diagnostics import PublisherError, display_path
from publisher.translate.align import CURRENT, STALE
from publisher.translate.blocks import KINDS
from publisher.translate.codes import CLOSE, OPEN, PH, Code, Segment
from publisher.translate.units import ChapterUnits, Unit

NS = "urn:oasis:names:tc:xliff:document:1.2"
Q = "{" + NS + "}"


@dataclass(frozen=True)
class TargetCode:
    """A code as a translation file gives it back."""

    role: str
    id: int | None
    content: str | None
    """The original text a ``<ph>`` carries (None where the format carries none)."""


TargetItem = str | TargetCode


@dataclass(frozen=True)
class ReadUnit:
    """One unit read back from a translation file."""

    id: str
    items: list[TargetItem] | None
    """The target (None or empty: not translated)."""
    done: bool
    """Translated and approved (XLIFF approved/translated state, PO not fuzzy)."""
    path: str
    line: int
    """Where to report a problem of this unit (0: the file's, an XLIFF unit is named by its id)."""
    edit_approves: bool = False
    """Whether an edited target counts as done whatever its state says (tools that keep XLIFF
    attributes as they found them); PO's ``fuzzy`` flag is always kept up to date by its tools."""


def segments_xml(segments: list[Segment]) -> str:
    out = []
    for s in segments:
        if isinstance(s, str):
            out.append(escape(s))
        elif s.role == PH:
            out.append(f'<ph id="{s.id}" ctype={quoteattr(s.ctype)}>{escape(s.text)}</ph>')
        elif s.role == OPEN:
            out.append(f'<g id="{s.id}" ctype={quoteattr(s.ctype)}>')
        else:
            out.append("</g>")
    return "".join(out)


def _unit_xml(unit: Unit, path: str, reviewed: bool) -> list[str]:
    attrs = f"id={quoteattr(unit.id)} resname={quoteattr(unit.id)}"
    if unit.state == CURRENT:
        attrs += ' approved="yes"'
    lines = [
        f'      <trans-unit {attrs} xml:space="preserve">',
        f"        <source>{segments_xml(unit.source)}</source>",
    ]
    if unit.target is None or unit.state not in (CURRENT, STALE):
        lines.append('        <target state="new"></target>')
    else:
        state = "needs-review-translation" if unit.state == STALE else "signed-off" if reviewed else "translated"
        lines.append(f'        <target state="{state}">{segments_xml(unit.target)}</target>')
    lines.append(f'        <note from="publisher">{escape(path)}:{unit.line} ({KINDS[unit.kind]})</note>')
    closers = {s.id: s.text for s in unit.source if isinstance(s, Code) and s.role == CLOSE}
    pairs = [f"{s.id} = {s.text}…{closers[s.id]}" for s in unit.source if isinstance(s, Code) and s.role == OPEN]
    if pairs:  # a <g> carries no Markdown of its own: what each stands for
        lines.append(f'        <note from="publisher">tags: {escape("; ".join(pairs))}</note>')
    if unit.state == STALE:
        before = unit.previous if unit.previous is not None else "(unknown: no stored source version)"
        lines.append(
            '        <note from="publisher" annotates="source">The source changed since this was translated; '
            f"it read: {escape(before)}</note>"
        )
    lines.append("      </trans-unit>")
    return lines


def write_xliff(chapters: list[ChapterUnits], document: str, source_lang: str, lang: str) -> str:
    """The XLIFF 1.2 text of one document's chapters."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff version="1.2" xmlns="{NS}">',
        f"  <file original={quoteattr(document)} source-language={quoteattr(source_lang)} "
        f'target-language={quoteattr(lang)} datatype="x-publisher-markdown" tool-id="publisher">',
        '    <header><tool tool-id="publisher" tool-name="publisher"/></header>',
        "    <body>",
    ]
    for chapter in chapters:
        review = "reviewed" if chapter.reviewed else "review pending" if chapter.translation else "not translated yet"
        lines.append(f"    <group id={quoteattr(document + '/' + chapter.source.path.name)}>")
        lines.append(f'      <note from="publisher">chapter {escape(chapter.source.path.name)}: {review}</note>')
        path = display_path(chapter.source.path)
        for unit in chapter.units:
            lines += _unit_xml(unit, path, chapter.reviewed)
        lines.append("    </group>")
    lines += ["    </body>", "  </file>", "</xliff>", ""]
    return "\n".join(lines)


def _items(element: ET.Element, where: str, unit_id: str) -> list[TargetItem]:
    """The text and codes inside a ``<target>`` (recursively through ``<g>`` and ``<mrk>``)."""
    out: list[TargetItem] = []
    if element.text:
        out.append(element.text)
    for child in element:
        tag = child.tag.replace(Q, "")
        number = child.get("id")
        code_id = int(number) if number is not None and number.isdigit() else None
        if tag in ("ph", "x", "bx", "ex", "g") and code_id is None:
            raise PublisherError.at(where, 0, f"unit {unit_id!r}: <{tag}> without a numeric id ({number!r})")
        if tag in ("ph", "x"):
            out.append(TargetCode(PH, code_id, "".join(child.itertext()) if tag == "ph" else None))
        elif tag == "g":
            out += [TargetCode(OPEN, code_id, None), *_items(child, where, unit_id), TargetCode(CLOSE, code_id, None)]
        elif tag in ("bx", "ex"):
            out.append(TargetCode(OPEN if tag == "bx" else CLOSE, code_id, None))
        elif tag == "mrk":
            out += _items(child, where, unit_id)
        else:
            raise PublisherError.at(where, 0, f"unit {unit_id!r}: <{tag}> is not an inline code this file uses")
        if child.tail:
            out.append(child.tail)
    return out


def read_xliff(path: Path) -> tuple[str | None, list[ReadUnit]]:
    """(target language, units) of an XLIFF file; a malformed file is a located error."""
    where = display_path(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise PublisherError.at(path, exc.position[0], f"not well-formed XML: {exc}") from None
    except OSError as exc:
        raise PublisherError.at(path, 0, f"cannot read: {exc.strerror}") from None
    if root.tag != Q + "xliff":
        raise PublisherError.at(path, 1, f"not an XLIFF 1.2 file (root element {root.tag!r}, namespace {NS})")
    files = root.findall(Q + "file")
    lang = files[0].get("target-language") if files else None
    units = []
    for element in root.iter(Q + "trans-unit"):
        unit_id = element.get("id") or ""
        target = element.find(Q + "target")
        items = _items(target, where, unit_id) if target is not None else None
        state = target.get("state") if target is not None else None
        done = bool(items) and (element.get("approved") == "yes" or state in ("translated", "signed-off", "final"))
        units.append(ReadUnit(unit_id, items, done, where, 0, edit_approves=True))
    return lang, units


__all__ = ["Code", "ReadUnit", "TargetCode", "read_xliff", "write_xliff"]
