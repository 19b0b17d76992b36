"""What a page tells browsers, search engines and messaging apps about itself, in its ``<head>``.

A meta description (front matter ``description``, else the chapter's first paragraph, trimmed),
Open Graph and Twitter card tags (title, description, locale and the other editions' locales,
the social card image, the canonical URL when ``base_url`` is set), the preloaded body face, the
icons, the web app manifest, ``theme-color``, and on document pages schema.org ``Report`` data.
Also the site-wide files these point at: ``manifest.<lang>.webmanifest`` and ``robots.txt``.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from publisher.html.webfonts import WebFonts
from publisher.languages import language
from publisher.load.config import Publication

if TYPE_CHECKING:
    from publisher.model import DocumentEdition

DESCRIPTION_LENGTH = 160
"""Search engines show about 155–160 characters of a description."""
THEME_COLOUR = "#0a4a7a"
"""The site header's colour (the books' ``accent-dark`` ink): the browser's toolbar on a phone."""
BACKGROUND = "#ffffff"
CARD_SIZE = (1200, 630)
ICON = "assets/icons/icon.svg"
TOUCH_ICON = "assets/icons/apple-touch-icon.png"
APP_ICONS = {192: "assets/icons/icon-192.png", 512: "assets/icons/icon-512.png"}


def card_path(lang: str, doc: str | None = None) -> str:
    """The social card of a document (or of the publication) in one language."""
    return f"assets/cards/{lang}/{doc}.png" if doc else f"assets/cards/{lang}.png"


def manifest_path(lang: str) -> str:
    return f"assets/manifest.{lang}.webmanifest"


def trim(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters (``…`` added)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–—(") + "…"


class _FirstParagraph(HTMLParser):
    """The text of a chapter's first paragraph that stands on its own (not in a figure, note, table or list)."""

    NESTING = {"figure", "aside", "div", "table", "ul", "ol", "dl", "blockquote", "details", "section", "header"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.inside = False
        self.parts: list[str] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.NESTING:
            self.depth += 1
        elif tag == "p" and not self.depth and not self.done:
            self.inside = True
        elif tag == "sup" and self.inside:
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.NESTING:
            self.depth = max(0, self.depth - 1)
        elif tag == "sup" and self.skip:
            self.skip -= 1
        elif tag == "p" and self.inside:
            self.inside = False
            self.done = bool(" ".join(self.parts).strip())

    def handle_data(self, data: str) -> None:
        if self.inside and not self.skip:
            self.parts.append(data)


def chapter_description(meta: dict[str, Any], body_html: str) -> str:
    """A chapter's description: its front matter ``description``, else its first paragraph — trimmed."""
    given = meta.get("description")
    if isinstance(given, str) and given.strip():
        return trim(given)
    parser = _FirstParagraph()
    parser.feed(body_html)
    parser.close()
    return trim("".join(parser.parts))


def _rel(page: str, path: str) -> str:
    return posixpath.relpath(path, posixpath.dirname(page) or ".")


@dataclass(frozen=True)
class SiteHead:
    """What every page's ``<head>`` shares: the publication, its web fonts, its base URL."""

    publication: Publication
    fonts: WebFonts

    def url(self, page: str, path: str) -> str:
        """Absolute when ``base_url`` is set (what crawlers and Open Graph require), else relative to ``page``."""
        base = self.publication.base_url
        return f"{base}/{path}" if base else _rel(page, path)

    def tags(
        self,
        page: str,
        lang: str,
        *,
        title: str,
        description: str,
        card: str,
        other_languages: list[str],
        kind: str = "website",
        document: str | None = None,
    ) -> dict[str, Any]:
        """The ``head`` entries of one page (merged with its canonical and hreflang links).

        ``document`` (the document's title) makes the page a document page: schema.org ``Report`` data.
        """
        publication = self.publication
        site_name = publication.title.get(lang, "")
        image = self.url(page, card)
        og = [
            ("og:type", kind),
            ("og:site_name", site_name),
            ("og:title", title),
            ("og:locale", language(lang).locale),
            *[("og:locale:alternate", language(other).locale) for other in other_languages if other != lang],
            ("og:image", image),
            ("og:image:type", "image/png"),
            ("og:image:width", str(CARD_SIZE[0])),
            ("og:image:height", str(CARD_SIZE[1])),
            ("og:image:alt", title),
        ]
        if publication.base_url:
            og.append(("og:url", f"{publication.base_url}/{page}"))
        twitter = [
            ("twitter:card", "summary_large_image"),
            ("twitter:title", title),
            ("twitter:image", image),
            ("twitter:image:alt", title),
        ]
        return {
            "description": description,
            "og": og,
            "twitter": twitter,
            "preload_font": _rel(page, self.fonts.body.path),
            "icon": _rel(page, ICON),
            "touch_icon": _rel(page, TOUCH_ICON),
            "manifest": _rel(page, manifest_path(lang)),
            "theme_color": THEME_COLOUR,
            "json_ld": self.report_data(page, lang, document, image) if document else "",
        }

    def document_tags(
        self, page: str, edition: DocumentEdition, head: dict[str, Any], text: tuple[str, str], kind: str = "website"
    ) -> dict[str, Any]:
        """The tags of a document page (its index or a chapter): ``text`` is its title and description;
        ``head`` its hreflang links name the other editions."""
        title, description = text
        return self.tags(
            page,
            edition.lang,
            title=title,
            description=description,
            card=card_path(edition.lang, edition.document),
            other_languages=[lang for lang in head["languages"] if lang != edition.lang],
            kind=kind,
            document=edition.text.title,
        )

    def site_tags(self, page: str, lang: str, other_languages: list[str]) -> dict[str, Any]:
        """The tags of the site index and the search pages: the publication's title and card; the documents'
        titles as the description (the search page's template gives its own)."""
        publication = self.publication
        titles = " · ".join(d.title.get(lang, "") for d in publication.documents if d.title.get(lang))
        title = publication.title.get(lang, "")
        return self.tags(
            page, lang, title=title, description=trim(titles), card=card_path(lang), other_languages=other_languages
        )

    def report_data(self, page: str, lang: str, name: str, image: str) -> str:
        """schema.org ``Report`` of a document page, as the text of a ``<script type="application/ld+json">``."""
        publication = self.publication
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Report",
            "name": name,
            "inLanguage": lang,
        }
        if publication.date is not None:
            data["datePublished"] = publication.date.isoformat()
        if publication.publisher.get(lang):
            data["publisher"] = {"@type": "Organization", "name": publication.publisher[lang]}
        if publication.base_url:  # schema.org wants absolute URLs
            data["image"] = image
            data["url"] = f"{publication.base_url}/{page}"
        # "</" would end the script element: JSON allows "<\/" for it
        return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")

    def manifest(self, lang: str) -> str:
        """The web app manifest of the edition in ``lang`` (name, colours, icons), as JSON."""
        title = self.publication.title.get(lang, "")
        data = {
            "name": title,
            "short_name": title.split(":")[0].strip()[:30],
            "lang": lang,
            "dir": language(lang).direction,
            "start_url": "../index.html",
            "scope": "../",
            "display": "minimal-ui",
            "theme_color": THEME_COLOUR,
            "background_color": BACKGROUND,
            "icons": [
                {"src": _rel(manifest_path(lang), ICON), "sizes": "any", "type": "image/svg+xml"},
                *[
                    {"src": _rel(manifest_path(lang), path), "sizes": f"{size}x{size}", "type": "image/png"}
                    for size, path in APP_ICONS.items()
                ],
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def robots(self) -> str:
        """``robots.txt``: everything may be crawled; the sitemap's address (only with ``base_url``)."""
        return f"User-agent: *\nAllow: /\n\nSitemap: {self.publication.base_url}/sitemap.xml\n"
