"""Files as editors' tools save them: a byte-order mark, CRLF or CR line ends, another encoding, tabs, empty files.

The tiny publication (tests/fixtures/tiny) plus a data file and a chart is saved byte for byte as
Notepad, old Mac editors or a Turkish Windows would save it. Accepted files load and build exactly as
their UTF-8/LF twins do; refused ones give the exact located message of the table below.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import override, run_cli
from tinyproject import copy_tiny

from publisher.cli import main
from publisher.diagnostics import PublisherError
from publisher.pipeline.project import load_project
from publisher.pipeline.stages import build

BOM = codecs.BOM_UTF8
SAVE = "save it as UTF-8 (in the editor's “Save as” or “Encoding” menu)"
FOREIGN = f"the file is saved in another encoding (such as Windows-1252 or ISO-8859-9): {SAVE}"

DATA = "# The study visit.\ndays: 4\ntowns: 2\n"
FIGURE = """\
# The study visit in numbers.
kind: bar
title: {en: The study visit, tr: Çalışma ziyareti, it: La visita di studio}
source: {en: "Source: test.", tr: "Kaynak: deneme.", it: "Fonte: prova."}
categories:
  - {en: Days, tr: Gün, it: Giorni}
  - {en: Towns, tr: Kasaba, it: Città}
series:
  - name: {en: Visit, tr: Ziyaret, it: Visita}
    values: [data.visit.days, data.visit.towns]
"""
EN = "content/en/doc/01-intro.md"
TR = "content/tr/doc/01-intro.md"
IT = "content/it/doc/01-intro.md"
PO = "templates/locales/tr/LC_MESSAGES/messages.po"


def project(target: Path) -> Path:
    """The tiny publication with a data file and a chart that reads it (every kind of file we read)."""
    root = copy_tiny(target)
    (root / "content" / "data").mkdir()
    (root / "content" / "data" / "visit.yaml").write_text(DATA, encoding="utf-8")
    (root / "figures").mkdir()
    (root / "figures" / "visit.yaml").write_text(FIGURE, encoding="utf-8")
    override(root, "locales/tr/LC_MESSAGES/messages.po")  # a catalog of the project's own, as an editor saves it
    return root


TEXT_FILES = (
    EN,
    TR,
    "content/it/doc/01-intro.md",
    "publication.yaml",
    "content/data/visit.yaml",
    "figures/visit.yaml",
    PO,
)

SAVERS: dict[str, Callable[[str], bytes]] = {
    "bom": lambda text: BOM + text.encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda text: text.replace("\n", "\r").encode("utf-8"),
    "bom-crlf": lambda text: BOM + text.replace("\n", "\r\n").encode("utf-8"),
}


def resave(root: Path, saver: Callable[[str], bytes], files: tuple[str, ...] = TEXT_FILES) -> None:
    for rel in files:
        path = root / rel
        path.write_bytes(saver(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("style", sorted(SAVERS))
def test_every_file_saved_by_another_editor_loads_as_its_utf8_twin(style: str, tmp_path: Path) -> None:
    plain = load_project(project(tmp_path / "plain"))
    root = project(tmp_path / style)
    resave(root, SAVERS[style])
    assert (root / EN).read_bytes() != (tmp_path / "plain" / EN).read_bytes()
    saved = load_project(root)
    assert not saved.diagnostics.errors, saved.diagnostics.errors
    assert saved.publication.title == plain.publication.title
    assert saved.content.data == plain.content.data == {"visit": {"days": 4, "towns": 2}}
    for key, chapters in plain.content.chapters.items():
        twins = saved.content.chapters[key]
        assert [(c.title, c.body, c.body_line, c.meta, c.source_hash) for c in twins] == [
            (c.title, c.body, c.body_line, c.meta, c.source_hash) for c in chapters
        ]
    assert [(c.id, c.title, c.series) for c in saved.charts.values()] == [
        (c.id, c.title, c.series) for c in plain.charts.values()
    ]
    # The same source hash: a translation does not go stale because its source was re-saved.
    result = run_cli(root, "check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 3 editions, 3 chapters, 1 charts\n"


def test_a_site_from_crlf_and_bom_files_is_byte_identical(tmp_path: Path) -> None:
    sites = {}
    for style in ("plain", "bom-crlf", "cr"):
        root = project(tmp_path / style)
        if style != "plain":
            resave(root, SAVERS[style])
        results, diags = build(root, formats=["html"], jobs=1)
        assert not diags.errors, diags.errors
        site = root / "build" / "html"
        sites[style] = {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    assert b"Molise B\xc3\xb6lgesi" in b"".join(sites["plain"].values())
    assert b"\xef\xbb\xbf" not in b"".join(sites["bom-crlf"].values())
    assert sites["bom-crlf"] == sites["plain"]
    assert sites["cr"] == sites["plain"]


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    content: bytes
    expected: tuple[str, ...]
    """The exact lines ``publisher check`` writes to stderr (its exit code follows: 1 on an error)."""


def chapter(body: str, title: str = "Introduction", newline: str = "\n") -> str:
    return f"---\ntitle: {title}\n---\n\n{body}\n".replace("\n", newline)


CASES = [
    Case("chapter-bom", EN, BOM + chapter("The study visit in the Molise Region lasted four days.").encode(), ()),
    Case(
        "chapter-crlf-error-line",
        EN,
        chapter("The study visit.\n\n{{ nope }}", newline="\r\n").encode(),
        (f"{EN}:7: error: unknown value: 'nope' is undefined", "1 error."),
    ),
    Case(
        "chapter-cr-error-line",
        EN,
        BOM + chapter("The study visit.\n\n{{ nope }}", newline="\r").encode(),
        (f"{EN}:7: error: unknown value: 'nope' is undefined", "1 error."),
    ),
    Case(
        "chapter-windows-1252",
        EN,
        chapter("The study visit.\n\nIt lasted four days — in Molise.").encode("cp1252"),
        (f"{EN}:7: error: not UTF-8: byte 0x97 at column 21 after 'It lasted four days ' — {FOREIGN}", "1 error."),
    ),
    Case(
        "chapter-iso-8859-9-crlf",
        TR,
        chapter("Molise Bölgesi'ndeki çalışma ziyareti.", title="Giriş", newline="\r\n").encode("iso-8859-9"),
        (f"{TR}:2: error: not UTF-8: byte 0xFE at column 12 after 'title: Giri' — {FOREIGN}", "1 error."),
    ),
    Case(
        "chapter-utf16-bom",
        EN,
        chapter("The study visit.").encode("utf-16"),
        (
            f"{EN}:1: error: the file is saved as UTF-16 (it starts with a UTF-16 byte-order mark): {SAVE}",
            "1 error.",
        ),
    ),
    Case(
        "chapter-utf16-no-bom",
        EN,
        chapter("The study visit.").encode("utf-16-le"),
        (
            f"{EN}:1: error: the file seems saved as UTF-16 without a byte-order mark "
            f"(every other byte is 0x00): {SAVE}",
            "1 error.",
        ),
    ),
    Case(
        "chapter-empty",
        EN,
        b"",
        (
            f"{EN}:1: error: empty chapter: a chapter starts with front matter ('---', 'title: …', '---') "
            "followed by its text",
            "1 error.",
        ),
    ),
    Case(
        "chapter-blank-lines-only",
        EN,
        b"\r\n\r\n",
        (
            f"{EN}:1: error: empty chapter: a chapter starts with front matter ('---', 'title: …', '---') "
            "followed by its text",
            "1 error.",
        ),
    ),
    Case(
        "chapter-front-matter-only",
        IT,
        b"---\r\ntitle: Introduzione\r\ntranslation_of: 20c03cc5d2f0\r\n---\r\n",
        (f"{IT}:4: warning: the chapter has no text after its front matter: it is published as its title alone",),
    ),
    Case(
        "chapter-tab-in-front-matter",
        EN,
        b"---\r\ntitle: Introduction\r\n\tlang_note: x\r\n---\r\nText.\r\n",
        (
            f"{EN}:3: error: invalid YAML: a tab in the indentation (column 1): YAML indents with spaces only "
            "— replace the tab with spaces",
            "1 error.",
        ),
    ),
    Case(
        "publication-windows-1252",
        "publication.yaml",
        (Path(__file__).parent / "fixtures" / "tiny" / "publication.yaml")
        .read_text(encoding="utf-8")
        .replace("Küçük", "Kleine Prüfung")
        .encode("cp1252", errors="replace"),
        (
            f"publication.yaml:3: error: not UTF-8: byte 0xFC at column 37 after 'test, tr: Kleine Pr' — {FOREIGN}",
            "1 error.",
        ),
    ),
    Case(
        "publication-tab-separator",
        "publication.yaml",
        b"title:\t{en: T, tr: T, it: T}\nlanguages: [en, tr, it]\n",
        (
            "publication.yaml:1: error: invalid YAML: a tab at column 7: YAML separates with spaces "
            "— replace the tab with a space",
            "1 error.",
        ),
    ),
    Case(
        "data-empty",
        "content/data/notes.yaml",
        b"",
        (
            "content/data/notes.yaml:1: warning: data file 'notes.yaml' is never used: no chapter refers to data.notes "
            "and no chart reads it",
        ),
    ),
    Case(
        "data-comments-only",
        "content/data/notes.yaml",
        BOM + b"# to be filled in\r\n",
        (
            "content/data/notes.yaml:1: warning: data file 'notes.yaml' is never used: no chapter refers to data.notes "
            "and no chart reads it",
        ),
    ),
    Case(
        "data-tab-cr",
        "content/data/visit.yaml",
        b"# The study visit.\rdays: 4\r\ttowns: 2\r",
        (
            "content/data/visit.yaml:3: error: invalid YAML: a tab in the indentation (column 1): "
            "YAML indents with spaces only — replace the tab with spaces",
            "1 error.",
        ),
    ),
    Case(
        "data-iso-8859-9",
        "content/data/visit.yaml",
        "# Çalışma ziyareti.\ndays: 4\ntowns: 2\n".encode("iso-8859-9"),
        (f"content/data/visit.yaml:1: error: not UTF-8: byte 0xC7 at column 3 after '# ' — {FOREIGN}", "1 error."),
    ),
    Case(
        "data-windows-1252-cr",
        "content/data/visit.yaml",
        "# The study visit.\rdays: 4\r\r# Molise – Izmir\rtowns: 2\r".encode("cp1252"),
        (
            f"content/data/visit.yaml:4: error: not UTF-8: byte 0x96 at column 10 after '# Molise ' — {FOREIGN}",
            "1 error.",
        ),
    ),
    Case(
        "data-control-character",
        "content/data/visit.yaml",
        b"days: 4\r\ntowns: 2\x01\r\n",
        ("content/data/visit.yaml:2: error: invalid YAML: the control character U+0001 is not allowed", "1 error."),
    ),
    Case("figure-bom-crlf", "figures/visit.yaml", BOM + FIGURE.replace("\n", "\r\n").encode(), ()),
    Case(
        "figure-utf32",
        "figures/visit.yaml",
        FIGURE.encode("utf-32"),
        (
            "figures/visit.yaml:1: error: the file is saved as UTF-32 "
            f"(it starts with a UTF-32 byte-order mark): {SAVE}",
            "1 error.",
        ),
    ),
    Case(
        "catalog-windows-1254",
        PO,
        b'# Turkish\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Chapter"\n'
        + 'msgstr "Bölüm"\n'.encode("cp1254"),
        (f"{PO}:7: error: not UTF-8: byte 0xF6 at column 10 after 'msgstr \"B' — {FOREIGN}", "1 error."),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_check_reports_each_file_exactly(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path / "p")
    (root / case.file).write_bytes(case.content)
    monkeypatch.chdir(root)  # problems name the file as the user sees it
    result = CliRunner().invoke(main, ["check"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert tuple(result.stderr.splitlines()) == case.expected
    errors = any(": error: " in line for line in case.expected)
    assert result.exit_code == (1 if errors else 0), result.output
    if not errors:
        assert result.stdout.startswith("ok: 3 editions, 3 chapters, 1 charts")


def test_every_case_name_is_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES) >= 20


def test_an_empty_data_file_is_an_empty_mapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Decided: an empty data file is a placeholder (as an empty table is); reading a key of it is the error."""
    root = project(tmp_path / "p")
    (root / "content" / "data" / "notes.yaml").write_bytes(b"")
    assert load_project(root).content.data["notes"] == {}
    (root / EN).write_text(chapter("Notes: {{ data.notes.first }}."), encoding="utf-8")
    monkeypatch.chdir(root)
    try:
        _, diags = build(root, formats=["html"], jobs=1)
        problems = diags.errors
    except PublisherError as exc:
        problems = exc.problems
    assert [(p.path, p.line) for p in problems] == [(EN, 5)], problems


def test_status_mark_keeps_the_editors_line_ends_and_bom(tmp_path: Path) -> None:
    from publisher.load.config import load_publication
    from publisher.text.status import mark

    root = project(tmp_path / "p")
    (root / TR).write_bytes(BOM + chapter("Molise Bölgesi’ndeki ziyaret.", title="Giriş", newline="\r\n").encode())
    mark(load_publication(root), root / TR)
    data = (root / TR).read_bytes()
    assert data.startswith(BOM + b"---\r\ntitle: Giri\xc5\x9f\r\ntranslation_of: ")
    assert data.count(b"\n") == data.count(b"\r\n") == 6
