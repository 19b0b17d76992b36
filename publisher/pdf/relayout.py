"""Fewer page layouts for page references: three corrections to WeasyPrint 70's pagination.

A page reference, ``target-counter(attr(href url), page)`` (the contents' page numbers,
"(p. 12)" after a cross-reference), is known only once its target is laid out. WeasyPrint
70 lays every page out once, then again each page whose content changed, until nothing
changes. Measured on ``report.tr`` (26 pages): 48 page layouts, every page holding a
reference laid out three times, for three reasons (the counting: ``layout_counter``):

1. ``compute_content_list`` keys a reference's missing counters by the anchor name of the
   *unresolved* token, ``None`` for ``attr(href url)``, so a target's page is never
   matched to the references that wait for it; and it passes the target's counter list
   (``['page']``) as the box's *own* missing counters, so each reference is parsed again
   on every page layout where the page counters differ from the last — which is what
   makes stock WeasyPrint right in the end, after three layouts.
   :func:`collect_missing_counters` keys them by the resolved anchor and drops the aliased
   list (only for ``content`` holding no ``counter()`` of its own).
2. A reference to a target laid out *earlier* (backward) is marked pending, then its page
   is laid out with the old text and laid out again. :func:`make_page` gives such
   references their text before the page is laid out.
3. After the first pass, the total page count (``pages``) changes in every page's
   counters, so each target laid out again "moves" and its references are laid out a
   third time. :func:`cache_target_page_counters` ignores a change of ``pages`` alone
   when no reference to that target asks for ``pages``.

What is left: a page with a reference to a later target (the contents, "see below") is
laid out twice; the pages after it again only if the number changed its line breaks.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from weasyprint.css import targets
from weasyprint.layout import page as page_layout
from weasyprint.urls import get_url_tuple

_UPSTREAM_COLLECT = targets.TargetCollector.collect_missing_counters
_UPSTREAM_CACHE = targets.TargetCollector.cache_target_page_counters
_UPSTREAM_MAKE_PAGE = page_layout.make_page


def _anchor_names(box: Any, content: Any) -> list[str] | None:
    """The anchors the ``target-counter()``/``target-counters()`` of ``content`` point to, resolved
    like ``TargetCollector.lookup_target`` does; ``None`` when ``content`` has a counter of its own."""
    names = []
    for kind, value in content if isinstance(content, (list, tuple)) else ():
        if kind in ("counter()", "counters()"):
            return None
        if kind not in ("target-counter()", "target-counters()"):
            continue
        token = value[0]
        if token[0] == "attr()":
            attr_name, type_, fallback = token[1]
            attr_value = box.element.get(attr_name, fallback) if box.element is not None else fallback
            if type_ == "string":
                token = ("string", attr_value)
            elif type_ == "url":
                token = ("url", get_url_tuple(attr_value, box.style.base_url))
        name = targets.anchor_name_from_token(token)
        if name is None:
            return None
        names.append(name)
    return names


def collect_missing_counters(
    self: Any,
    parent_box: Any,
    css_token: str,
    parse_again_function: Any,
    missing_counters: list[str],
    missing_target_counters: dict[Any, list[str]],
) -> None:
    """Reason 1: the missing target counters keyed by anchor, the aliased list dropped."""
    if self.collecting and css_token == "content" and None in missing_target_counters:
        names = _anchor_names(parent_box, parent_box.style["content"])
        if names:
            wanted = missing_target_counters.pop(None)
            if missing_counters is wanted:
                missing_counters = []
            for name in names:
                missing_target_counters[name] = list(wanted)
    _UPSTREAM_COLLECT(self, parent_box, css_token, parse_again_function, missing_counters, missing_target_counters)


def cache_target_page_counters(
    self: Any, anchor_name: str, page_counter_values: dict[str, Any], page_maker_index: int, page_maker: Any
) -> None:
    """Reason 3: a target whose page counters differ only by ``pages`` does not move."""
    item = None if self.collecting else self.target_lookup_items.get(anchor_name)
    if item is not None and item.state == "up-to-date" and item.cached_page_counter_values:
        old = {k: v for k, v in item.cached_page_counter_values.items() if k != "pages"}
        new = {k: v for k, v in page_counter_values.items() if k != "pages"}
        wants_pages = any(
            "pages" in lookup.missing_target_counters.get(anchor_name, ())
            for lookup in self.counter_lookup_items.values()
        )
        if old == new and not wants_pages:
            item.page_maker_index = page_maker_index
            item.cached_page_counter_values = copy.deepcopy(page_counter_values)
            return
    _UPSTREAM_CACHE(self, anchor_name, page_counter_values, page_maker_index, page_maker)


def make_page(context: Any, root_box: Any, page_type: Any, resume_at: Any, page_number: int, page_state: Any) -> Any:
    """Reason 2: references to targets already laid out get their text before their page is laid out."""
    for lookup in context.target_collector.counter_lookup_items.values():
        if lookup.pending and not lookup.missing_counters:
            lookup.pending = False
            lookup.parse_again(lookup.cached_page_counter_values)
    LAYOUTS.pages += 1
    return _UPSTREAM_MAKE_PAGE(context, root_box, page_type, resume_at, page_number, page_state)


@dataclass
class _Count:
    pages: int = 0


LAYOUTS = _Count()
"""Page layouts (``make_page`` calls) in this process, for :func:`layout_counter`."""


@contextmanager
def layout_counter() -> Iterator[_Count]:
    """Count the page layouts WeasyPrint does inside the block (``.pages`` once it is over)."""
    start = LAYOUTS.pages
    count = _Count()
    try:
        yield count
    finally:
        count.pages = LAYOUTS.pages - start


REFERENCE_CASE = (
    "<html><style>@page { size: 90mm 60mm; margin: 8mm } body { font: 10pt/14pt serif; margin: 0 }"
    " a::after { content: ' p. ' target-counter(attr(href url), page) } h1 { break-before: page; font-size: 12pt }"
    "</style><p><a href='#c'>C</a> <a href='#b'>B</a></p>"
    "<h1 id='b'>B</h1><p>" + "text " * 30 + "</p><h1 id='c'>C</h1><p>Back to <a href='#b'>B</a></p></html>"
)
"""Contents on page 1 (forward references), a backward reference on page 3: stock WeasyPrint
70 lays out 7 pages for 3; corrected, 4 (page 1 again, for its forward references)."""


def _texts(document: Any) -> list[str]:
    return [
        "".join(box.text for box in page._page_box.descendants() if isinstance(getattr(box, "text", None), str))
        for page in document.pages
    ]


def references_resolved_once() -> bool:
    """:data:`REFERENCE_CASE` is laid out in 4 page layouts with every page number right."""
    import weasyprint

    logging.getLogger("weasyprint").disabled, was = True, logging.getLogger("weasyprint").disabled
    try:
        with layout_counter() as count:
            document = weasyprint.HTML(string=REFERENCE_CASE).render()
    finally:
        logging.getLogger("weasyprint").disabled = was
    texts = _texts(document)
    return (
        count.pages == 4 and len(texts) == 3 and "C p. 3" in texts[0] and "B p. 2" in texts[0] and "B p. 2" in texts[2]
    )
