"""The digital PDF's finishing step: PDF/UA-1 where WeasyPrint 70 stops short.

WeasyPrint writes the digital PDF as ``pdf/ua-1`` (tagged, ``pdfuaid:part`` 1, the title
shown in the window, ``/Tabs /S`` on every page), and ``publisher.pdf.tagging`` adds the
HTML's facts to its structure tree. What is left is done here, on the written file:

- the running heads and page numbers are marked as ``/Artifact /Pagination``: WeasyPrint 70
  marks them as content of structure elements that it leaves out of the tree;
- a table's caption moves into its ``/Table`` (PDF/UA: the caption belongs to the table);
- each footnote (``/Note``) moves next to its call (``/Reference``), so that the reading order
  is the logical order: the note where it is referred to, not after the page's text;
- the XMP metadata names the document's language (``dc:language``);
- a right-to-left book opens as one: ``/Direction /R2L`` (``publisher.pdf.direction``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pikepdf

from publisher.pdf.direction import set_reading_direction

ARTIFACT = pikepdf.Name("/Artifact")


def make_accessible(pdf: pikepdf.Pdf) -> None:
    """The digital PDF, open, made PDF/UA-1 in what WeasyPrint leaves out (``publisher.pdf.digital`` saves it)."""
    root = pdf.Root.StructTreeRoot
    reachable = {element.objgen for element, _ in walk(root)}
    for page in pdf.pages:
        _mark_artifacts(pdf, page, reachable)
    _captions_into_tables(root)
    _notes_at_their_calls(root)
    set_reading_direction(pdf)
    lang = str(pdf.Root.get("/Lang", ""))
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        if lang:
            meta["dc:language"] = [lang]


def walk(node: Any) -> Iterator[tuple[Any, Any]]:
    """Every structure element under ``node``, with its parent, in document (reading) order."""
    stack: list[tuple[Any, Any]] = [(node, node)]
    while stack:
        current, parent = stack.pop()
        if isinstance(current, pikepdf.Dictionary) and "/S" in current:
            yield current, parent
        if isinstance(current, pikepdf.Dictionary) and "/K" in current:
            stack.extend((kid, current) for kid in reversed(kids(current)))


def kids(element: Any) -> list[Any]:
    """The ``/K`` of a structure element as a list (PDF allows a single kid or an array)."""
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _mark_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, reachable: set[tuple[int, int]]) -> None:
    """Marked content whose structure element is not in the tree becomes a pagination artifact."""
    parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    index = int(page.obj.get("/StructParents", -1))
    if index not in parents:
        return
    elements: Any = parents[index]
    orphans = {
        mcid
        for mcid, element in enumerate(elements)
        if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
    }
    if not orphans:
        return
    instructions: list[Any] = []
    for instruction in pikepdf.parse_content_stream(page):
        operands, operator = instruction.operands, instruction.operator
        if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
            if int(operands[1].get("/MCID", -1)) in orphans:
                pagination = pikepdf.Dictionary(Type=pikepdf.Name("/Pagination"))
                instruction = pikepdf.ContentStreamInstruction([ARTIFACT, pagination], operator)
        instructions.append(instruction)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    for orphan in orphans:  # no element owns that content any more
        elements[orphan] = None


def _move(element: Any, old: Any, new: Any, at: int) -> None:
    """Move ``element`` from the kids of ``old`` to position ``at`` in the kids of ``new``."""
    old.K = pikepdf.Array([k for k in kids(old) if k.objgen != element.objgen])
    moved = kids(new)
    moved.insert(at, element)
    new.K = pikepdf.Array(moved)
    element.P = new


def _captions_into_tables(root: Any) -> None:
    """A ``/Caption`` next to a ``/Table`` (an HTML figure with a figcaption) becomes the table's first or last kid."""
    tables = [(element, parent) for element, parent in walk(root) if element.S == "/Table"]
    for table, parent in tables:
        siblings = [k.objgen for k in kids(parent)]
        position = siblings.index(table.objgen)
        for neighbour, at in ((position - 1, 0), (position + 1, len(kids(table)))):
            if 0 <= neighbour < len(siblings):
                caption = kids(parent)[neighbour]
                if isinstance(caption, pikepdf.Dictionary) and caption.get("/S") == "/Caption":
                    _move(caption, parent, table, at)
                    break


def _notes_at_their_calls(root: Any) -> None:
    """Each ``/Note`` right after its ``/Reference`` (the n-th note belongs to the n-th call)."""
    elements = list(walk(root))
    calls = [(element, parent) for element, parent in elements if element.S == "/Reference"]
    notes = [(element, parent) for element, parent in elements if element.S == "/Note"]
    if len(calls) != len(notes):  # a note without its call: leave the tree as WeasyPrint made it
        return
    for (call, holder), (note, area) in zip(calls, notes, strict=True):
        position = [k.objgen for k in kids(holder)].index(call.objgen)
        _move(note, area, holder, position + 1)
        _prune(area)


def _prune(element: Any) -> None:
    """Remove a grouping element left empty (the footnote area once its notes moved), and its empty parents."""
    while element.get("/S") in ("/NonStruct", "/Div") and not kids(element) and "/P" in element:
        parent = element.P
        parent.K = pikepdf.Array([k for k in kids(parent) if k.objgen != element.objgen])
        element = parent
