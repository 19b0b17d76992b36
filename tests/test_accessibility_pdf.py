"""The digital PDFs are PDF/UA-1: an independent checker passes them, and what it does not check is checked here.

Everything is read back from the session's ``built_sample``: ``pdfua check`` (the machine-checkable
subset of PDF/UA-1), pikepdf for the structure tree, annotations, fonts and XMP, and
tests/tagged.py for the text of the headings (checked against poppler's ``pdfinfo -struct-text``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import yaml
from tagged import headings

from publisher.load.config import load_publication
from publisher.text.markdown import make_markdown, typographic

LANGS = ("en", "tr", "it")
DOCUMENTS = ("report", "policy")
PDFUA = Path(sys.executable).with_name("pdfua")
KNOWN_SKIPS = {"UA-14-001"}
"""pdfua 0.1.3 cannot run its empty-heading rule with pikepdf 10 (``getattr`` on an Array raises
ValueError): every heading's text is checked by test_headings_follow_the_chapters instead."""


def _digital_pdfs(root: Path) -> list[Path]:
    paths = [root / "build" / "pdf" / f"{document}.{lang}.pdf" for document in DOCUMENTS for lang in LANGS]
    assert all(path.is_file() for path in paths)
    return paths


def _elements(node: object) -> list[pikepdf.Dictionary]:
    """Every structure element under ``node``, in document order."""
    found: list[pikepdf.Dictionary] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, pikepdf.Array):
            stack.extend(reversed(list(current)))
        elif isinstance(current, pikepdf.Dictionary) and "/S" in current:
            found.append(current)
            stack.append(current.get("/K"))
    return found


def test_pdfua_check_passes_every_digital_pdf(built: Path) -> None:
    paths = _digital_pdfs(built)
    run = subprocess.run(
        [str(PDFUA), "check", "--format", "json", *map(str, paths)], capture_output=True, text=True, timeout=300
    )
    decoder, text, reports, at = json.JSONDecoder(), run.stdout, [], 0
    while text[at:].strip():  # one JSON report per file, one after the other
        report, end = decoder.raw_decode(text[at:].lstrip())
        reports.append(report)
        at = len(text) - len(text[at:].lstrip()) + end
    assert len(reports) == len(paths), run.stderr
    for report in reports:
        summary = report["summary"]
        assert (summary["errors"], summary["warnings"]) == (0, 0), (report["file"], report["findings"])
        assert {skip["rule_id"] for skip in report["skipped"]} <= KNOWN_SKIPS, report["skipped"]
        assert summary["rules_run"] >= 11
    assert run.returncode == 0, run.stdout[-2000:]


@pytest.mark.parametrize("lang", LANGS)
def test_pdfua_identification_title_and_language(built: Path, lang: str) -> None:
    for document in DOCUMENTS:
        with pikepdf.open(built / "build" / "pdf" / f"{document}.{lang}.pdf") as pdf:
            assert pdf.pdf_version == "1.7"
            assert str(pdf.Root.Lang) == lang
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
            meta = pdf.open_metadata()
            assert meta.get("pdfuaid:part") == "1"
            assert meta["dc:title"] == str(pdf.docinfo.Title) and meta["dc:title"]
            assert list(meta["dc:language"]) == [lang]
            for number, page in enumerate(pdf.pages, start=1):
                if page.obj.get("/Annots"):
                    assert page.obj.get("/Tabs") == "/S", f"{document}.{lang} page {number}: no tab order"


@pytest.mark.parametrize("lang", LANGS)
def test_figures_tables_notes_and_links_are_tagged_for_screen_readers(built: Path, lang: str) -> None:
    for document in DOCUMENTS:
        path = built / "build" / "pdf" / f"{document}.{lang}.pdf"
        with pikepdf.open(path) as pdf:
            elements = _elements(pdf.Root.StructTreeRoot.K)
            kinds = [str(e.S) for e in elements]
            figures = [e for e in elements if e.S == "/Figure"]
            assert figures, path
            for figure in figures:  # alt text from the source, not a file name
                alt = str(figure.get("/Alt", "")).strip()
                assert len(alt.split()) >= 3 and not re.search(r"\.(svg|png|jpe?g)$", alt), (path, alt)
            headers = [e for e in elements if e.S == "/TH"]
            assert headers and all(str(e.A.get("/Scope")) in ("/Column", "/Row") for e in headers), path
            for table in (e for e in elements if e.S == "/Table"):
                assert "/Caption" in [str(k.S) for k in table.K if isinstance(k, pikepdf.Dictionary)], path
            notes = [e for e in elements if e.S == "/Note"]
            assert len(notes) == kinds.count("/Reference") > 0, path
            for note in notes:  # each note has an ID and follows its call in the reading order
                assert str(note.get("/ID", "")), path
                siblings = [k for k in note.P.K if isinstance(k, pikepdf.Dictionary)]
                before = siblings[siblings.index(note) - 1]
                assert before.S == "/Reference", (path, note.ID)
            for page in pdf.pages:
                for annot in page.obj.get("/Annots", []):
                    contents = str(annot.get("/Contents", "")).strip()
                    target = str(annot.get("/Dest", "")) or str(annot.get("/A", {}).get("/URI", ""))
                    assert contents and contents != target, (path, contents, target)
            # no marked content outside the tree: running heads and folios are artifacts
            reachable = {e.objgen for e in elements}
            for _, owners in pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items():
                owners = owners if isinstance(owners, pikepdf.Array) else [owners]
                assert all(o.objgen in reachable for o in owners if isinstance(o, pikepdf.Dictionary)), path
            pagination = b"/Artifact << /Type /Pagination >> BDC"
            marked = [page for page in pdf.pages if pagination in page.obj.Contents.read_bytes()]
            assert len(marked) >= len(pdf.pages) // 2, path  # the text pages have a running head or a folio


def _sources(root: Path, document: str, lang: str) -> list[Path]:
    return sorted((root / "content" / lang / document).glob("*.md"))


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("lang", LANGS)
def test_passages_in_another_language_carry_their_language(built: Path, document: str, lang: str) -> None:
    marked = [
        m
        for path in _sources(built, document, lang)
        for m in re.findall(r"\]\{lang=(\w+)\}", path.read_text(encoding="utf-8"))
    ]
    # and the colophon names the document's other languages, each in itself (<bdi lang>)
    names = {code for code in load_publication(built).document(document).languages if code != lang}
    with pikepdf.open(built / "build" / "pdf" / f"{document}.{lang}.pdf") as pdf:
        tagged = [str(e.Lang) for e in _elements(pdf.Root.StructTreeRoot.K) if "/Lang" in e and str(e.Lang) != lang]
    assert len(names) >= 2 and sorted(set(tagged)) == sorted(set(marked) | names)
    assert len(tagged) >= len(marked) + len(names)


def test_the_sample_has_a_passage_in_another_language(built: Path) -> None:
    """So that the test above checks something."""
    assert any("]{lang=" in p.read_text(encoding="utf-8") for p in (built / "content").glob("*/*/*.md"))


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_are_embedded(built: Path, lang: str) -> None:
    for document in DOCUMENTS:
        with pikepdf.open(built / "build" / "pdf" / f"{document}.{lang}.pdf") as pdf:
            fonts = 0
            for page in pdf.pages:
                for font in page.obj.Resources.get("/Font", {}).values():
                    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                    descriptor = descendant.FontDescriptor
                    assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), font.BaseFont
                    fonts += 1
            assert fonts


def _headings(path: Path) -> list[tuple[int, str]]:
    """(level, text) of every heading of the structure tree, read by poppler."""
    out = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    headings: list[tuple[int, str, int]] = []
    current: list[str] | None = None
    for line in out.splitlines():
        indent = len(line) - len(line.lstrip())
        match = re.fullmatch(r"H(\d) \(block\)", line.strip())
        if match:
            headings.append((int(match[1]), "", indent))
            current = []
        elif current is not None and headings and indent > headings[-1][2]:
            if line.strip().startswith('"'):
                level, text, at = headings[-1]
                headings[-1] = (level, f"{text} {line.strip()[1:-1]}".strip(), at)
        else:
            current = None
    return [(level, " ".join(text.split())) for level, text, _ in headings]


def test_the_heading_reader_agrees_with_poppler(built: Path) -> None:
    """tests/tagged.py reads the headings in a fraction of poppler's time: it must read the same."""
    path = built / "build" / "pdf" / "report.tr.pdf"
    assert headings(path) == _headings(path)


@pytest.fixture(scope="module")
def all_headings(built: Path) -> dict[str, list[tuple[int, str]]]:
    """The headings of every digital PDF, by file name."""
    return {path.name: headings(path) for path in _digital_pdfs(built)}


@pytest.mark.parametrize("lang", LANGS)
def test_headings_follow_the_chapters_without_skipping_a_level(
    built: Path, all_headings: dict[str, list[tuple[int, str]]], lang: str
) -> None:
    for document in DOCUMENTS:
        headings = all_headings[f"{document}.{lang}.pdf"]
        assert all(text for _, text in headings), headings  # no empty heading
        levels = [level for level, _ in headings]
        assert levels[0] == 1
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
        titles = []
        for path in _sources(built, document, lang):
            front = path.read_text(encoding="utf-8").split("---")[1]
            title = typographic(str(yaml.safe_load(front)["title"]), make_markdown(lang))  # as printed: Molise’den
            titles.append(" ".join(title.split()))
        chapters = [text for level, text in headings if level == 1][-len(titles) :]
        assert [t.replace("-", "").replace("\u2010", "") for t in chapters] == [t.replace("-", "") for t in titles]
