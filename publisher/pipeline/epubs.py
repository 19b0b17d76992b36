"""The e-book stage's part of a book's job: its EPUB made ready in the main process — content
documents, package, the faces it embeds as subsets to its own characters (the web edition's
subsetting, cached beside the web fonts) — for the worker, which adds the printed pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.diagnostics import Problem, PublisherError, display_path
from publisher.pipeline.cache import digest

if TYPE_CHECKING:
    from publisher.epub.package import EpubBook
    from publisher.model import DocumentEdition, EditionModel

FACES_USED = {("serif", 400, "normal"), ("serif", 400, "italic"), ("serif", 700, "normal"), ("serif", 700, "italic")}
FACES_USED |= {("sans", 400, "normal"), ("sans", 400, "italic"), ("sans", 600, "normal"), ("sans", 700, "normal")}
"""The faces the e-book's stylesheet sets (role, weight, style): a face of another weight is not embedded."""


def epub_job(model: EditionModel, edition: DocumentEdition, cache: Path) -> tuple[EpubBook, list[Any], str]:
    """The e-book of ``edition`` (all but its printed pages), the font subsets it needs, and a digest of
    what it is made of (with the layout's key: the e-book's cache key)."""
    from publisher.epub.edition import characters, documents, epub_book
    from publisher.epub.package import EpubFont
    from publisher.fonts import edition_writings, font_families
    from publisher.html.webfonts import site_faces, subsets

    _check_images(model, edition)
    docs = documents(model, edition)
    chars = characters(docs)
    # the faces of the scripts the book's characters are written in (the web edition's subsets)
    text_families, heading_families = font_families(edition.lang, edition_writings(edition.lang, chars))
    fonts, needed = [], []
    for face, subset in zip(site_faces(chars), subsets(chars, cache / "webfonts"), strict=True):
        role = "serif" if face.family in text_families else "sans" if face.family in heading_families else ""
        if role and (role, face.weight, face.style) in FACES_USED:
            fonts.append(EpubFont(face.family, face.weight, face.style, subset.target, role))
            needed.append(subset)
    book = epub_book(model, edition, docs, fonts)
    key = digest(book.package, book.stylesheet, book.cover, *[d.xhtml for d in docs], *[f.href for f in fonts])
    return book, needed, key


def _check_images(model: EditionModel, edition: DocumentEdition) -> None:
    """Every image of the text in a format reading systems must show (EPUB 3.3 core media types)."""
    from publisher.epub.book import IMAGE_TYPES
    from publisher.load.urls import locate_text

    problems = []
    for path in dict.fromkeys(edition.text.images):
        if Path(path).suffix.lower() not in IMAGE_TYPES:
            found = locate_text(Path(path).name, model.publication.root / "content" / edition.lang)
            where, line = (display_path(found[0]), found[1]) if found else (display_path(Path(path)), 0)
            problems.append(
                Problem(
                    where,
                    line,
                    f"image {Path(path).name!r} cannot go into the e-book: "
                    "use PNG, JPEG, GIF, WebP or SVG (EPUB 3.3 core media types)",
                )
            )
    if problems:
        raise PublisherError(problems)
