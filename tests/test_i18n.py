"""gettext catalogs: every template string translated, `publisher i18n`, `publisher check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from helpers import copy_theme, override, run_cli

from publisher.cli import main
from publisher.diagnostics import Diagnostics
from publisher.text.catalogs import (
    THEME_LOCALES,
    check_catalogs,
    extract_messages,
    load_translations,
    po_path,
    update_catalogs,
)
from publisher.text.labels import chart_words, nouns

ROOT = Path(__file__).resolve().parent.parent
LOCALES = THEME_LOCALES
LANGS = ("en", "tr", "it")


def test_catalogs_cover_every_template_string_and_are_complete() -> None:
    diags = Diagnostics()
    # the sample has no templates/ of its own: the theme's catalogs serve it
    check_catalogs(ROOT / "templates" / "locales", LANGS, "en", diags, root=ROOT)
    assert not list(diags), "\n".join(map(str, diags))


def test_the_theme_template_is_current() -> None:
    """``publisher/theme/locales/messages.pot`` holds exactly the strings of the theme and labels.py
    (after a change to the theme's templates: `publisher i18n --theme`)."""
    with (THEME_LOCALES / "messages.pot").open("rb") as fh:
        pot = {m.id for m in read_po(fh) if m.id}
    assert {m.id for m in extract_messages(None) if m.id} == pot


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "tr",
            {
                "Contents": "İçindekiler",
                "Chapter": "Bölüm",
                "Figure": "Şekil",
                "Table": "Tablo",
                "p.": "s.",
                "Abbreviations": "Kısaltmalar",
                "Printer": "Baskı",
                "Previous": "Önceki",
            },
        ),
        (
            "it",
            {
                "Contents": "Indice",
                "Chapter": "Capitolo",
                "Figure": "Figura",
                "Table": "Tabella",
                "p.": "p.",
                "Abbreviations": "Abbreviazioni",
                "Languages": "Lingue",
                "Next": "Successivo",
            },
        ),
        ("en", {"Contents": "Contents", "Chapter": "Chapter", "p.": "p."}),
    ],
)
def test_translations(lang: str, expected: dict[str, str]) -> None:
    translations = load_translations(LOCALES, lang)
    assert {k: translations.gettext(k) for k in expected} == expected


def test_plurals_per_language() -> None:
    tr, it, en = (load_translations(LOCALES, lang) for lang in ("tr", "it", "en"))
    one, many = "Print run: %(num)s copy", "Print run: %(num)s copies"  # the colophon's print run
    assert tr.ngettext(one, many, 800) % {"num": "800"} == "Baskı adedi: 800"
    assert it.ngettext(one, many, 1) % {"num": "1"} == "Tiratura: 1 copia"
    assert it.ngettext(one, many, 350) % {"num": "350"} == "Tiratura: 350 copie"
    assert en.ngettext(one, many, 350) % {"num": "350"} == "Print run: 350 copies"
    assert it.ngettext("%(num)s page", "%(num)s pages", 24) % {"num": "24"} == "24 pagine"
    assert tr.ngettext("%(num)s page", "%(num)s pages", 24) % {"num": "24"} == "24 sayfa"


def test_code_words_go_through_the_catalogs() -> None:
    assert nouns(ROOT / "templates", "tr") == {"fig": "Şekil", "tbl": "Tablo", "ch": "Bölüm"}
    assert nouns(ROOT / "templates", "it") == {"fig": "Figura", "tbl": "Tabella", "ch": "Capitolo"}
    assert chart_words(ROOT / "templates", "tr") == {"share": "Pay", "total": "Toplam"}
    assert chart_words(ROOT / "templates", "it") == {"share": "Quota", "total": "Totale"}


def test_extraction_finds_templates_css_and_labels() -> None:
    catalog = extract_messages(ROOT)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert {"Contents", "Abbreviations", "p.", "Figure", "Share", "%(num)s page", "Skip to content"} <= ids


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    root.mkdir()
    for part in ("publication.yaml", "content", "figures", "babel.cfg"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
    copy_theme(root)  # a project that keeps a full copy of the templates, catalogs included
    return root


def test_i18n_command_adds_new_strings_and_check_reports_them(project_copy: Path) -> None:
    template = project_copy / "templates" / "web" / "chapter.html.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "{% endblock %}", '<p>{{ _("A brand new sentence") }}</p>\n{% endblock %}', 1
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    # before `publisher i18n`: the string is not in any catalog
    before = runner.invoke(main, ["-C", str(project_copy), "check"])
    assert "'A brand new sentence' (templates/web/chapter.html.j2:" in before.output
    assert before.exit_code == 0  # warnings only …
    assert runner.invoke(main, ["-C", str(project_copy), "check", "--strict"]).exit_code == 1  # … unless strict
    result = runner.invoke(main, ["-C", str(project_copy), "i18n"])
    assert result.exit_code == 0, result.output
    assert "+ A brand new sentence" in result.output
    locales = project_copy / "templates" / "locales"
    with po_path(locales, "tr").open("rb") as fh:
        tr = read_po(fh)
    assert tr["A brand new sentence"].string == ""  # waits for a translator
    assert tr["Contents"].string == "İçindekiler"  # existing translations are kept
    with po_path(locales, "en").open("rb") as fh:
        assert read_po(fh)["A brand new sentence"].string == "A brand new sentence"
    assert "A brand new sentence" in (locales / "messages.pot").read_text(encoding="utf-8")
    after = runner.invoke(main, ["-C", str(project_copy), "check", "--strict"])
    assert after.exit_code == 1
    assert "templates/locales/tr/LC_MESSAGES/messages.po" in after.output
    assert "warning: untranslated: 'A brand new sentence'" in after.output


def test_i18n_is_idempotent(project_copy: Path) -> None:
    locales = project_copy / "templates" / "locales"
    before = {p: p.read_bytes() for p in locales.rglob("*.po*")}
    pot, updates = update_catalogs(project_copy, LANGS, "en")
    assert not any(u.written for u in updates)
    assert {p: p.read_bytes() for p in locales.rglob("*.po*")} == before


def test_fuzzy_entries_are_reported_and_not_used(project_copy: Path) -> None:
    path = po_path(project_copy / "templates" / "locales", "it")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgid "Contents"', '#, fuzzy\nmsgid "Contents"', 1), encoding="utf-8")
    diags = Diagnostics()
    check_catalogs(project_copy / "templates" / "locales", LANGS, "en", diags)
    assert [p.message for p in diags] == ["fuzzy translation of 'Contents' (not used until reviewed)"]
    assert load_translations(project_copy / "templates" / "locales", "it").gettext("Contents") == "Contents"


def test_no_compiled_catalogs_are_committed() -> None:
    assert not list(LOCALES.rglob("*.mo"))
    assert "*.mo" in (ROOT / ".gitignore").read_text().split()


# --------------------------------------------------------------------------
# Any language: the theme's catalogs, a project's own, fallback to the source language
# --------------------------------------------------------------------------

TR_FIRST = """\
title: {tr: Deneme, it: Prova}
languages: [tr, it]
documents:
  - id: doc
    title: {tr: Bir belge, it: Un documento}
    print_runs: {tr: 20, it: 30}
"""


def _blank(po: Path, msgid: str) -> int:
    """Empty the translation of ``msgid`` in ``po``; the line of its msgid."""
    lines = po.read_text(encoding="utf-8").split("\n")
    index = lines.index(f'msgid "{msgid}"')
    assert lines[index + 1].startswith('msgstr "') and lines[index + 1] != 'msgstr ""'
    lines[index + 1] = 'msgstr ""'
    po.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def test_an_untranslated_string_falls_back_to_the_source_language(make_project) -> None:
    """Italian edition of a Turkish-first publication: 'Contents' and the chart word 'Total' left
    untranslated in the project's Italian catalog show in Turkish, and `check --strict` names them."""
    root = make_project(
        chapters={f"{lang}/doc/01-intro.md": f"---\ntitle: Intro {lang}\n---\n\nText.\n" for lang in ("tr", "it")},
        publication=TR_FIRST,
    )
    po = override(root, "locales/it/LC_MESSAGES/messages.po")
    line = _blank(po, "Contents")
    total_line = _blank(po, "Total")
    locales = root / "templates" / "locales"
    assert load_translations(locales, "it", "tr").gettext("Contents") == "İçindekiler"
    assert load_translations(locales, "it", "tr").gettext("Chapter") == "Capitolo"  # the rest stays Italian
    assert chart_words(root / "templates", "it", "tr") == {"share": "Quota", "total": "Toplam"}
    from publisher.pipeline.stages import build

    _, diags = build(root, formats=["html"])
    assert not diags.errors, diags.errors
    page = (root / "build" / "html" / "it" / "doc" / "index.html").read_text(encoding="utf-8")
    assert "İçindekiler" in page and ">Indice<" not in page
    result = run_cli(root, "check", "--strict")
    assert result.exit_code == 1
    assert f"templates/locales/it/LC_MESSAGES/messages.po:{line}: warning: untranslated: 'Contents' " in result.output
    assert "(shown in the source language, 'tr')" in result.output
    assert f"messages.po:{total_line}: warning: untranslated: 'Total'" in result.output


def test_i18n_creates_the_catalog_of_a_language_the_theme_lacks(tmp_path: Path) -> None:
    """German and Polish (no catalog in the theme): `update_catalogs` writes a catalog of every
    string with Babel's plural forms of the locale; English (the theme's, complete) is left alone."""
    root = tmp_path / "p"
    root.mkdir()
    pot, updates = update_catalogs(root, ("en", "de", "pl"), "en")
    assert [(u.lang, u.created) for u in updates] == [("de", True), ("pl", True)]
    locales = root / "templates" / "locales"
    assert pot == locales / "messages.pot" and pot.is_file()
    assert not po_path(locales, "en").exists()
    with po_path(locales, "de").open("rb") as fh:
        de = read_po(fh)
    with po_path(locales, "pl").open("rb") as fh:
        pl = read_po(fh)
    assert de.plural_forms == "nplurals=2; plural=(n != 1);"
    assert pl.num_plurals == 3
    with (THEME_LOCALES / "messages.pot").open("rb") as fh:
        assert {m.id for m in de if m.id} == {m.id for m in read_po(fh) if m.id}
    assert all(not m.string or m.string == ("", "") for m in de if m.id)
    assert "Plural-Forms: nplurals=3;" in po_path(locales, "pl").read_text(encoding="utf-8")
    # until a translator fills it, German shows the source language; a translated string shows at once
    assert load_translations(locales, "de", "en").gettext("Contents") == "Contents"
    text = po_path(locales, "de").read_text(encoding="utf-8")
    po_path(locales, "de").write_text(
        text.replace('msgid "Contents"\nmsgstr ""', 'msgid "Contents"\nmsgstr "Inhalt"'), encoding="utf-8"
    )
    assert load_translations(locales, "de", "en").gettext("Contents") == "Inhalt"
    diags = Diagnostics()
    check_catalogs(locales, ("en", "de"), "en", diags, root=root)
    untranslated = [p for p in diags if "untranslated" in p.message]
    assert untranslated and all(p.path.endswith("templates/locales/de/LC_MESSAGES/messages.po") for p in untranslated)
    assert all(p.line > 0 for p in untranslated)
    assert not any("'Contents'" in p.message for p in diags)
    # run again: nothing changes
    _, again = update_catalogs(root, ("en", "de", "pl"), "en")
    assert not any(u.written for u in again)


def test_i18n_in_a_project_served_by_the_theme_writes_nothing(make_project) -> None:
    root = make_project()
    result = run_cli(root, "i18n")
    assert result.exit_code == 0, result.output
    assert "served by the built-in theme's catalogs" in result.output
    assert not (root / "templates").exists()


def test_i18n_extends_a_copy_of_the_theme_catalog_for_an_overriding_template(make_project) -> None:
    """One overridden template adds a string: the project gets its own catalogs, copied from the theme's
    (every existing translation kept) with the new string to translate."""
    root = make_project()
    template = override(root, "web/chapter.html.j2")
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "{% endblock %}", '<p>{{ _("Our own words") }}</p>\n{% endblock %}'
        ),
        encoding="utf-8",
    )
    result = run_cli(root, "i18n")
    assert result.exit_code == 0, result.output
    locales = root / "templates" / "locales"
    with po_path(locales, "it").open("rb") as fh:
        it = read_po(fh)
    assert it["Contents"].string == "Indice" and it["Our own words"].string == ""
    with po_path(locales, "en").open("rb") as fh:
        assert read_po(fh)["Our own words"].string == "Our own words"
    assert "Our own words" in (locales / "messages.pot").read_text(encoding="utf-8")
