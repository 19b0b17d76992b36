"""HTML → XHTML: what the templates and the Markdown renderer make, parsed as a browser would
(``tinyhtml5``, WeasyPrint's parser) and written again as XML, with the EPUB namespace."""

from __future__ import annotations

from typing import Any

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: XHTML, "epub": OPS}
HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
EPUB_TYPE = f"{{{OPS}}}type"


def parse_html(html: str) -> Any:
    """An HTML document (a string) as an lxml tree in the XHTML namespace. ``epub:type`` becomes the
    EPUB namespace's ``type``; every ``lang`` is repeated as ``xml:lang`` (EPUB reading systems read
    either)."""
    import tinyhtml5

    source = tinyhtml5.parse(html, namespace_html_elements=True)
    root = etree.Element(source.tag, nsmap=NSMAP)  # type: ignore[arg-type]
    _copy(source, root)
    return root


def _copy(source: Any, target: Any) -> None:
    for name, value in source.attrib.items():
        if name == "xmlns" or name.startswith("xmlns:"):
            continue
        if name == "epub:type":
            name = EPUB_TYPE
        elif name == "xml:lang":
            name = f"{{{XML}}}lang"
        target.set(name, value)
        if name == "lang":
            target.set(f"{{{XML}}}lang", value)
    target.text = source.text
    for child in source:
        if not isinstance(child.tag, str):  # a comment
            continue
        copy = etree.SubElement(target, child.tag)
        _copy(child, copy)
        copy.tail = child.tail


def parse_xhtml(text: str) -> Any:
    """An XHTML document written by :func:`serialise`, as an lxml tree."""
    return etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))


def serialise(root: Any) -> str:
    """An XHTML content document: XML declaration, ``<!DOCTYPE html>``, the tree."""
    return HEADER + etree.tostring(root, encoding="unicode") + "\n"


def by_id(root: Any) -> dict[str, Any]:
    """Every element of ``root`` that has an ``id``, by it."""
    return {element.get("id"): element for element in root.iter() if element.get("id")}
