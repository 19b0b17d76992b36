"""What the HTML knows and WeasyPrint 70's structure tree leaves out (applied by ``publisher.pdf.patches``).

WeasyPrint 70 builds the tagged PDF's structure tree in ``weasyprint.pdf.tags._build_box_tree``,
one box at a time, from the element name alone. Some facts a screen reader needs live only in
the HTML and are gone once the PDF is written, so they are added here, while the box and its
element are still at hand (everything that can be done on the finished file is done in
``publisher.pdf.accessibility``):

- ``lang`` on an element (``[text]{lang=it}``) becomes ``/Lang`` on its structure element;
- a ``th`` gets ``/Scope``: ``/Row`` for ``scope="row"``, ``/Column`` otherwise (upstream only
  writes ``/ID`` and ``/Headers``, which PDF/UA checkers do not accept alone);
- a footnote (``span.footnote``) is a ``/Note`` with an ``/ID``; its call, a ``/Reference``;
  its marker, a ``/Lbl``;
- a ``figure`` groups its image and caption in a ``/Div`` (upstream: ``/NonStruct``);
- a link annotation's ``/Contents`` is the link's text (upstream: the target's URL or id).

The replacement wraps upstream's function: it calls it and amends what it yields (and, since
the recursion goes through the module attribute, every element below it too).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from weasyprint.pdf import tags

from publisher.languages import ACCEPTED

UPSTREAM: Any = getattr(tags, "_build_box_tree", None)
"""WeasyPrint's own function, which :func:`build_box_tree` calls (``None`` in another WeasyPrint:
``publisher.pdf.patches`` then applies nothing and says so)."""


def build_box_tree(box: Any, parent: Any, pdf: Any, page_number: int, *args: Any) -> Iterator[Any]:
    """Upstream's structure elements for ``box``, with the facts of its HTML element added."""
    for element in UPSTREAM(box, parent, pdf, page_number, *args):
        if box.element is not None and box.element_tag not in ("html", "body"):
            _amend(box, element)
        yield element


def _amend(box: Any, element: Any) -> None:
    import pydyf

    html, tag, kind = box.element, box.element_tag, element["S"]
    lang = html.get("lang")
    if lang and tag != "html" and "Lang" not in element:
        element["Lang"] = pydyf.String(lang)
    if kind == "/TH" and tag == "th":
        element["A"]["Scope"] = "/Row" if html.get("scope") == "row" else "/Column"
    elif tag == "figure" and kind == "/NonStruct":
        element["S"] = "/Div"
    elif tag == "span" and "footnote" in (html.get("class") or "").split() and kind == "/Span":
        element["S"] = "/Note"
        if html.get("id"):
            element["ID"] = pydyf.String(html.get("id"))
    elif tag == "span::footnote-call":
        element["S"] = "/Reference"
    elif tag == "span::footnote-marker":
        element["S"] = "/Lbl"
    if tag.split(":")[0] == "a":  # the link, its ::after (page number) and its text boxes
        text = " ".join(" ".join(html.itertext()).split())
        for part in [box, *box.descendants()] if text else []:
            if getattr(part, "link_annotation", None) is not None:
                part.link_annotation["Contents"] = pydyf.String(text)


_DOC, _PASSAGE = ACCEPTED[0], ACCEPTED[1]  # any two languages
TAGGING_CASE = (
    f"<html lang='{_DOC}'><body><p>Say <span lang='{_PASSAGE}'>hello</span>.</p>"
    "<table><thead><tr><th>Name</th></tr></thead><tbody><tr><td>A</td></tr></tbody></table></body></html>"
)
"""A passage in another language and a header cell: what :func:`tagging_works` renders."""


def tagging_works() -> bool:
    """The PDF of :data:`TAGGING_CASE` has ``/Lang`` on the passage and ``/Scope`` on the header."""
    import io

    import pikepdf
    import weasyprint

    data = weasyprint.HTML(string=TAGGING_CASE).write_pdf(pdf_tags=True)
    found: set[str] = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stack: list[Any] = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if node.get("/Lang") == _PASSAGE:
                    found.add("lang")
                if node.S == "/TH" and node.A.get("/Scope") == "/Column":
                    found.add("scope")
                stack.append(node.get("/K"))
    return found == {"lang", "scope"}
