"""Reading a tagged PDF's structure tree with pikepdf: the text of each heading, in document order.

Poppler's ``pdfinfo -struct-text`` gives the same (tests/test_accessibility_pdf.py checks it on one
PDF) but takes about ten seconds a book; this reads the ToUnicode maps and the marked content of
each page once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pikepdf


def unicode_map(font: Any) -> dict[bytes, str]:
    """Character code → text, from a font's ToUnicode CMap (``bfchar`` and ``bfrange`` entries)."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1") if "/ToUnicode" in font else ""
    found: dict[bytes, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for source, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            found[bytes.fromhex(source)] = bytes.fromhex(target).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(target, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code.to_bytes(len(low) // 2, "big")] = chr(start + offset)
    return found


def marked_text(page: pikepdf.Page) -> dict[int, str]:
    """The text drawn inside each marked-content sequence of ``page``, by its MCID (2-byte codes)."""
    fonts: dict[str, dict[bytes, str]] = {}
    codes: dict[bytes, str] = {}
    texts: dict[int, str] = {}
    stack: list[int | None] = []
    for operands, operator in pikepdf.parse_content_stream(page, "BDC BMC EMC Tf TJ Tj"):
        op = str(operator)
        if op == "BDC":
            props = operands[1]
            stack.append(int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC":
            stack.pop()
        elif op == "Tf":
            name = str(operands[0])
            if name not in fonts:
                fonts[name] = unicode_map(page.Resources.Font[name])
            codes = fonts[name]
        elif stack and stack[-1] is not None:
            for item in operands[0] if op == "TJ" else [operands[0]]:
                if isinstance(item, pikepdf.String):
                    raw = bytes(item)
                    text = "".join(codes.get(raw[i : i + 2], "") for i in range(0, len(raw), 2))
                    texts[stack[-1]] = texts.get(stack[-1], "") + text
    return texts


def headings(path: Path) -> list[tuple[int, str]]:
    """(level, text) of every H1…H6 element of the structure tree, in document order."""
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: page for page in pdf.pages}
        marked: dict[tuple[int, int], dict[int, str]] = {}

        def text_of(page: Any, mcid: int) -> str:
            if page.objgen not in marked:
                marked[page.objgen] = marked_text(pages[page.objgen])
            return marked[page.objgen].get(mcid, "")

        def content(node: Any, page: Any) -> list[str]:
            if isinstance(node, int):
                return [text_of(page, node)]
            if isinstance(node, pikepdf.Array):
                return [text for child in node for text in content(child, page)]
            if isinstance(node, pikepdf.Dictionary):
                page = node.get("/Pg", page)
                if "/MCID" in node:
                    return [text_of(page, int(node.MCID))]
                return content(node.get("/K"), page)
            return []

        found: list[tuple[int, str]] = []

        def walk(node: Any, page: Any) -> None:
            if isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child, page)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                page = node.get("/Pg", page)
                level = re.fullmatch(r"/H(\d)", str(node.S))
                if level:
                    found.append((int(level[1]), " ".join(" ".join(content(node.get("/K"), page)).split())))
                else:
                    walk(node.get("/K"), page)

        walk(pdf.Root.StructTreeRoot.K, None)
        return found
