"""Raw HTML in chapters (``allow_raw_html: true``): rebuilt from an allow-list, never passed through.

Each ``html_block``/``html_inline`` token is parsed with :mod:`html.parser` and rebuilt
tag by tag: only the tags and attributes below survive; ``<script>``, ``<style>``,
``<iframe>`` … are dropped with their content; event handlers (``on…``), ``style``
and every URL that is not a project file or an in-page anchor are refused. The
problems found are reported at the chapter's line.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    }
)
VOID_TAGS = frozenset({"br", "col", "hr", "img", "wbr"})
DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "template",
        "noscript",
        "svg",
        "math",
        "textarea",
        "select",
        "frameset",
        "frame",
        "applet",
    }
)
ALLOWED_ATTRS = frozenset(
    {
        "id",
        "class",
        "title",
        "lang",
        "dir",
        "alt",
        "width",
        "height",
        "colspan",
        "rowspan",
        "scope",
        "headers",
        "abbr",
        "datetime",
        "cite",
        "open",
        "start",
        "reversed",
        "type",
        "role",
        "aria-label",
        "aria-hidden",
        "aria-describedby",
        "href",
        "src",
    }
)
URL_ATTRS = frozenset({"href", "src", "cite"})

CheckUrl = Callable[[str, str], "str | None"]
"""(attribute, URL) → why it is refused, or None."""


class _Rebuild(HTMLParser):
    def __init__(self, check_url: CheckUrl):
        super().__init__(convert_charrefs=True)
        self.check_url = check_url
        self.out: list[str] = []
        self.problems: list[str] = []
        self.dropping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        if self.dropping:
            if tag == self.dropping[-1] and not self_closing:
                self.dropping.append(tag)
            return
        if tag in DROP_WITH_CONTENT:
            self.problems.append(f"raw HTML <{tag}> is not allowed in a chapter and was removed")
            if not self_closing and tag not in VOID_TAGS:
                self.dropping.append(tag)
            return
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"raw HTML <{tag}> is not allowed in a chapter and was removed")
            return
        kept = []
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on"):
                self.problems.append(f"raw HTML event handler {name}= is not allowed and was removed")
                continue
            if name not in ALLOWED_ATTRS and not name.startswith("data-"):
                self.problems.append(f"raw HTML attribute {name}= on <{tag}> is not allowed and was removed")
                continue
            if name in URL_ATTRS and value is not None:
                why = self.check_url(name, value)
                if why:
                    self.problems.append(why)
                    continue
            kept.append(name if value is None else f'{name}="{escape(value, quote=True)}"')
        self.out.append("<" + " ".join([tag, *kept]) + (" />" if self_closing and tag in VOID_TAGS else ">"))

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        pass  # comments are dropped (conditional comments can hide markup)

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass


def sanitize_html(fragment: str, check_url: CheckUrl) -> tuple[str, list[str]]:
    """``fragment`` rebuilt from the allow-list, and what was refused (one message each)."""
    parser = _Rebuild(check_url)
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out), parser.problems


def anchor_or_project_url(root_check: Callable[[str], str | None]) -> CheckUrl:
    """The URL policy of raw HTML: links may be in-page anchors, http(s)/mailto links (``href``
    only, never fetched) or project files; sources (``src``) must be project files."""

    def check(attr: str, url: str) -> str | None:
        value = url.strip()
        lowered = "".join(value.split()).lower()  # "java\tscript:" is javascript: to a browser
        if lowered.startswith(("javascript:", "vbscript:", "data:text/html", "data:application")):
            return f"refused {attr}={value[:60]!r}: script URLs are not allowed"
        if attr == "href" and (value.startswith("#") or lowered.startswith(("http://", "https://", "mailto:"))):
            return None
        return root_check(value)

    return check
