"""Adding a language to a publication: the texts given per language (`publisher`, `place`, `funding`)
that lack it are named, and `publisher i18n` works before the new language's titles are written."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.diagnostics import PublisherError
from publisher.load.config import load_publication
from publisher.text.i18n import run_i18n

PUBLICATION = """\
title: {en: Report, tr: Rapor}
languages: [en, tr, is]
publisher: {en: Governorship of Izmir, tr: İzmir Valiliği}
place: Izmir
funding: {en: Funded by the EU., tr: AB tarafından finanse edilmiştir., is: Fjármagnað af ESB.}
documents:
  - id: doc
    title: {en: Report, tr: Rapor, is: Skýrsla}
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "publication.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_per_language_text_without_the_new_language_is_a_warning(tmp_path: Path) -> None:
    text = PUBLICATION.replace("title: {en: Report, tr: Rapor}", "title: {en: Report, tr: Rapor, is: Skýrsla}")
    publication = load_publication(write(tmp_path, text))
    assert [str(w) for w in publication.warnings] == [
        f"{tmp_path / 'publication.yaml'}:3: warning: publisher: no 'is' text yet: the 'en' text is shown until it "
        "is translated"
    ]  # place: one text for every language; funding: has its de text


def test_i18n_creates_the_new_catalog_before_the_titles_are_translated(tmp_path: Path) -> None:
    root = write(tmp_path, PUBLICATION)
    with pytest.raises(PublisherError, match="title: missing the 'is' text"):
        load_publication(root)
    lines = run_i18n(root)
    assert any("templates/locales/is/LC_MESSAGES/messages.po: created" in line for line in lines), lines
    assert (root / "templates/locales/is/LC_MESSAGES/messages.po").is_file()


def test_i18n_still_reports_a_wrong_language_list(tmp_path: Path) -> None:
    with pytest.raises(PublisherError, match="languages.1: unknown language 'xx'"):
        run_i18n(write(tmp_path, PUBLICATION.replace("[en, tr, is]", "[en, xx]")))
