"""gettext catalogs: every template string translated, `publisher i18n`, `publisher check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from publisher.cli import main
from publisher.diagnostics import Diagnostics
from publisher.text.catalogs import check_catalogs, extract_messages, load_translations, po_path, update_catalogs
from publisher.text.labels import chart_words, nouns

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "templates" / "locales"
LANGS = ("en", "tr", "it")


def test_catalogs_cover_every_template_string_and_are_complete() -> None:
    diags = Diagnostics()
    check_catalogs(LOCALES, LANGS, "en", diags, root=ROOT)
    assert not list(diags), "\n".join(map(str, diags))


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
    for part in ("publication.yaml", "templates", "content", "figures", "babel.cfg"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
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
