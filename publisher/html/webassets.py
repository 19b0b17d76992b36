"""The web edition's site-wide files: the stylesheet with its subset fonts, social cards, icons,
manifests and ``robots.txt`` — each a :class:`~publisher.html.paths.SitePage` for the site writer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from publisher.fonts import script_font_css
from publisher.html.cards import Card, card_file, icon_file, icon_svg, initials
from publisher.html.paths import SitePage
from publisher.html.social import APP_ICONS, ICON, TOUCH_ICON, SiteHead, card_path, manifest_path
from publisher.html.webfonts import Subset, WebFonts, missing_subsets, site_characters, web_fonts
from publisher.text.labels import LANGUAGE_NAMES
from publisher.theme import find

if TYPE_CHECKING:
    from publisher.model import EditionModel

STYLESHEET = "assets/site.css"


def cache_dir(model: EditionModel) -> Path:
    return model.publication.root / "build" / ".cache"


def site_head(model: EditionModel, theme: Path) -> SiteHead:
    """The fonts subset for this publication (cached) and what every page's head shares."""
    publication = model.publication
    characters = site_characters(publication.root, theme, list(publication.languages))
    return SiteHead(publication, web_fonts(characters, cache_dir(model) / "webfonts"))


def missing_fonts(model: EditionModel) -> list[Subset]:
    """The subsets of :func:`site_head`'s fonts that are not in the cache yet (to be made by the build's workers)."""
    publication = model.publication
    characters = site_characters(publication.root, publication.root / "templates", list(publication.languages))
    return missing_subsets(characters, cache_dir(model) / "webfonts")


def stylesheet(fonts: WebFonts, theme: Path, languages: list[str]) -> str:
    """``assets/site.css``: the ``@font-face`` rules of the subsets, the font stacks of the
    ``languages`` whose script has faces of its own (``:lang(ar)``), then the theme's stylesheet."""
    urls = {f.path: f.path.removeprefix("assets/") for f in fonts.fonts}
    faces = fonts.css(urls) + "\n" + script_font_css(languages)
    return faces + "\n" + find(theme, "web/site.css").read_text(encoding="utf-8")


def site_assets(model: EditionModel, head: SiteHead, theme: Path, languages: list[str]) -> list[SitePage]:
    """The stylesheet, fonts, cards (of each document edition built and of the publication in
    ``languages``), icons, manifests and — with ``base_url`` — ``robots.txt``."""
    publication = model.publication
    cache = cache_dir(model) / "cards"
    pages = [SitePage(STYLESHEET, stylesheet(head.fonts, theme, list(publication.languages)))]
    pages += [SitePage(font.path, "", source=font.source) for font in head.fonts.fonts]
    for (doc_id, lang), edition in sorted(model.editions.items()):
        publisher = publication.publisher.get(lang, "")
        card = Card(edition.text.title, publication.title.get(lang, ""), publisher, LANGUAGE_NAMES[lang])
        pages.append(SitePage(card_path(lang, doc_id), "", source=card_file(card, cache)))
    letters = initials(publication.title.get(publication.source_language, ""))
    for lang in languages:
        title = publication.title.get(lang, "")
        card = Card(title, "", publication.publisher.get(lang, ""), LANGUAGE_NAMES[lang])
        pages.append(SitePage(card_path(lang), "", source=card_file(card, cache)))
        pages.append(SitePage(manifest_path(lang), head.manifest(lang)))
    pages.append(SitePage(ICON, icon_svg(letters)))
    pages.append(SitePage(TOUCH_ICON, "", source=icon_file(letters, 180, cache)))
    pages += [SitePage(path, "", source=icon_file(letters, size, cache)) for size, path in APP_ICONS.items()]
    if publication.base_url:
        pages.append(SitePage("robots.txt", head.robots()))
    return pages
