"""One date, one status: the provisional publication date is printed the same way wherever it appears
(the cover, the title page, the colophon, the PDFs' metadata) and marked "to be confirmed" everywhere.

Before: the cover printed "January 6, 2020" as a fact, the title page "Izmir, 2020", the colophon
"Izmir, January 6, 2020 (to be confirmed)".
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
from helpers import pdf_page_texts

PLACE_DATE = {
    "en": "Izmir, January 6, 2020 (to be confirmed)",
    "tr": "İzmir, 6 Ocak 2020 (teyit edilecek)",
    "it": "Izmir, 6 gennaio 2020 (da confermare)",
}
BARE = {"en": "January 6, 2020", "tr": "6 Ocak 2020", "it": "6 gennaio 2020"}


def _pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page) for page in pdf_page_texts(path)]


def test_the_provisional_date_reads_the_same_marked_on_cover_title_page_and_colophon(built: Path) -> None:
    for document in ("report", "policy"):
        for lang, line in PLACE_DATE.items():
            pages = _pages(built / "build" / "pdf" / f"{document}.{lang}.pdf")
            front = pages[:4]  # cover, its blank inside, title page, colophon
            assert [line in page for page in front] == [True, False, True, True], (document, lang)
            # the date never appears in the front matter without its mark (the title page said "Izmir, 2020")
            for page in front:
                assert page.count(BARE[lang]) == page.count(line), (document, lang, page)
                assert not re.search(r"\b2020\b", page.replace(line, "")), (document, lang, page)
            cover = _pages(built / "build" / "print" / f"{document}.{lang}.cover.pdf")[0]
            assert cover.count(line) == 1, (document, lang)  # the printer's cover spread: its front


def test_the_pdfs_metadata_carries_the_same_marked_date(built: Path) -> None:
    for folder in ("pdf", "print"):
        for lang, line in PLACE_DATE.items():
            with pikepdf.open(built / "build" / folder / f"report.{lang}.pdf") as pdf:
                keywords = str(pdf.docinfo.get("/Keywords", ""))
                with pdf.open_metadata() as meta:
                    xmp = str(meta.get("pdf:Keywords", ""))
            assert keywords.endswith(line) and xmp == keywords, (folder, lang, keywords)
