"""`publisher translate` files as translators' tools read and write them: translate-toolkit (the
library under Pootle, Weblate's converters and Virtaal), Babel's PO reader, gettext's msgfmt;
a German report made from scratch through a CAT tool's copy-source-then-translate."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from babel.messages.pofile import read_po
from helpers import cli
from translate.storage import factory
from translate.storage.placeables import StringElem, xliff

from publisher.load.config import load_publication
from publisher.translate.export import export
from publisher.translate.importer import import_files
from publisher.translate.units import document_units


def unit_ids(root: Path, document: str, lang: str) -> list[str]:
    publication = load_publication(root)
    return [u.id for c in document_units(publication, document, lang) for u in c.units]


def test_translate_toolkit_and_babel_read_every_unit(sample: Path) -> None:
    publication = load_publication(sample)
    ids = unit_ids(sample, "policy", "it")
    (xlf,) = export(publication, "it", "xliff", "policy")
    (po,) = export(publication, "it", "po", "policy")
    store = factory.getobject(str(xlf))
    units = [u for u in store.units if u.getid()]
    assert [u.getid().split("\x04")[-1] for u in units] == ids  # translate-toolkit prefixes the <file>
    assert all(u.target and u.isapproved() for u in units)
    po_store = factory.getobject(str(po))
    assert [u.getcontext() for u in po_store.units if not u.isheader()] == ids
    with po.open("rb") as stream:
        catalog = read_po(stream, abort_invalid=True)
    assert [m.context for m in catalog if m.id] == ids
    assert str(catalog.locale) == "it" and all(m.string and not m.fuzzy for m in catalog if m.id)
    assert shutil.which("msgfmt"), "msgfmt is missing: scripts/system-packages.sh --test installs gettext"
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert check.returncode == 0 and "warning" not in check.stderr, check.stderr


def test_xliff_is_well_formed_for_xmllint(sample: Path) -> None:
    (xlf,) = export(load_publication(sample), "ar", "xliff")
    assert shutil.which("xmllint"), "xmllint is missing: scripts/system-packages.sh --test installs libxml2-utils"
    check = subprocess.run(["xmllint", "--noout", str(xlf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def _translate_text(elem: StringElem, word: str) -> None:
    """What a translator does in a CAT tool: type over the text, leave the tags where they are."""
    for index, sub in enumerate(elem.sub):
        if isinstance(sub, str):
            elem.sub[index] = f"{word} {sub}" if sub.strip() else sub
        elif type(sub) in (StringElem, xliff.G):  # text inside a pair (emphasis, link) is text; a <ph> is not
            _translate_text(sub, word)


def fill_like_a_cat_tool(path: Path, word: str, only: str | None = None) -> None:
    """Each target a copy of its source (tags kept), its text then translated, the unit approved."""
    store = factory.getobject(str(path))
    for unit in store.units:
        if not unit.getid() or (only is not None and only not in unit.getid()):
            continue
        rich = [elem.copy() for elem in unit.rich_source]
        for elem in rich:
            _translate_text(elem, word)
        unit.rich_target = rich
        unit.markapproved(True)
    store.save()


def test_inline_codes_survive_a_tool_edit(sample: Path) -> None:
    (xlf,) = export(load_publication(sample), "tr", "xliff", "report")
    fill_like_a_cat_tool(xlf, "YENİ", only="report/01-introduction.md#p-28d0af85")  # the budget paragraph
    code, output = cli(sample, "translate", "import", str(xlf))
    assert code == 0, output
    tr = (sample / "content" / "tr" / "report" / "01-introduction.md").read_text(encoding="utf-8")
    paragraph = next(line for line in tr.split("\n") if line.startswith("YENİ The project was planned for a term of"))
    assert re.findall(r"\{\{.*?\}\}|@fig-budget", paragraph) == [
        "{{ data.project.duration_months }}",
        "{{ data.project.budget.total_eur | currency('EUR') }}",
        "{{ data.project.budget.cofinance_eur | currency('EUR') }}",
        "@fig-budget",
        "{{ (data.project.budget.cofinance_eur / data.project.budget.total_eur) | percent }}",
    ]
    assert "aylık bir süre için planlanmıştır" not in tr and "## Program ve proje" in tr  # that block only was replaced


def add_german(root: Path) -> None:
    """German in publication.yaml and the abbreviations, as an editor adds a language; no chapter yet."""
    config = root / "publication.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("languages: [en, tr, it, ar]\n", "languages: [en, tr, it, ar, de]\n")
    for key in ("title", "publisher", "place", "funding"):
        text = re.sub(
            rf"^({key}:\n(?:  [a-z]{{2}}: .*\n)*?  en: .*\n)", r"\1  de: Deutsch\n", text, count=1, flags=re.M
        )
    text = re.sub(r"^(      en: .*\n)", r"\1      de: Bedarfsanalyse\n", text, count=1, flags=re.M)
    config.write_text(text, encoding="utf-8")
    data = root / "content" / "data" / "abbreviations.yaml"
    abbreviations = data.read_text(encoding="utf-8")
    data.write_text(re.sub(r"^  en: (\{.*\})$", r"  en: \1\n  de: \1", abbreviations, flags=re.M), encoding="utf-8")


def test_a_german_report_made_only_through_an_exported_file_builds(sample: Path) -> None:
    add_german(sample)
    assert not (sample / "content" / "de").exists()
    code, output = cli(sample, "translate", "export", "--lang", "de", "--document", "report")
    assert code == 0, output
    xlf = sample / "build" / "translations" / "de" / "report.de.xlf"
    assert xlf.read_text(encoding="utf-8").count('<target state="new"></target>') == len(
        unit_ids(sample, "report", "de")
    )
    fill_like_a_cat_tool(xlf, "DE")
    code, output = cli(sample, "translate", "import", str(xlf))
    assert code == 0, output
    assert "5 chapter(s) written" in output
    code, output = cli(sample, "build", "-d", "report", "-l", "en", "-l", "de", "-f", "html")
    assert code == 0, output
    for chapter in ("introduction", "methodology", "findings-izmir", "findings-molise", "recommendations"):
        pages = {
            lang: (sample / "build" / "html" / lang / "report" / f"{chapter}.html").read_text(encoding="utf-8")
            for lang in ("en", "de")
        }
        headings = {lang: re.findall(r"<h[1-6][ >][^<]*", page) for lang, page in pages.items()}
        assert len(headings["de"]) == len(headings["en"]) > 1, chapter
        assert all(">DE " in h for h in headings["de"] if re.match(r"<h[1-3]", h) and "id=" in h), headings["de"]
    code, output = cli(sample, "status")
    # tr, it and ar: current, awaiting review as the sample's translations do; de: current
    pending = r"ok, review pending \d+ +│ "
    assert re.search(rf"01-introduction\.md +│ {pending * 3}ok \d+ +│", output), output


def test_a_one_language_publication_has_nothing_to_export(make_project) -> None:
    root = make_project(
        chapters={"en/doc/01-a.md": "---\ntitle: A\n---\n\nText.\n"},
        publication="title: {en: T}\nlanguages: [en]\ndocuments:\n  - id: doc\n    title: {en: D}\n",
    )
    code, output = cli(root, "translate", "export", "--lang", "en")
    assert code == 1 and "'en' is the source language" in output and "Traceback" not in output


def test_a_new_publication_exports_and_imports(tmp_path: Path) -> None:
    root = tmp_path / "new"
    code, output = cli(tmp_path, "new", str(root), "--languages", "en,tr")
    assert code == 0, output
    for fmt in ("xliff", "po"):
        code, output = cli(root, "translate", "export", "--lang", "tr", "--format", fmt)
        assert code == 0, output
    before = {p: p.read_bytes() for p in (root / "content").rglob("*.md")}
    files = sorted(str(p) for p in (root / "build" / "translations" / "tr").iterdir())
    assert len(files) == 2
    publication = load_publication(root)
    for file in files:  # one at a time: the same units in two files are refused
        assert import_files(publication, [Path(file)]).written == []
    assert {p: p.read_bytes() for p in (root / "content").rglob("*.md")} == before
