"""Round trips of `publisher translate` on generated chapters: out and back in changes no byte;
an edited unit comes back as edited, and only it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.load.config import load_publication
from publisher.text.status import mark
from publisher.translate.codes import markdown
from publisher.translate.export import export
from publisher.translate.importer import import_files
from publisher.translate.units import document_units

PUBLICATION = "title: {en: T, tr: T}\nlanguages: [en, tr]\ndocuments:\n  - id: doc\n    title: {en: D, tr: D}\n"
WORDS = st.sampled_from(
    ["report", "göç", "*local*", "**two**", "{{ data.n | number }}", "[link](https://x.org)", "@ch-a"]
)
LINE = st.lists(WORDS, min_size=1, max_size=6).map(lambda words: "Text " + " ".join(words))
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
BLOCK = st.one_of(
    PARAGRAPH,
    LINE.map(lambda line: "## " + line),
    st.lists(LINE, min_size=1, max_size=3).map(lambda items: "\n".join("- " + item for item in items)),
    st.lists(LINE, min_size=1, max_size=3).map(lambda items: "\n".join(f"{i}. {x}" for i, x in enumerate(items, 1))),
    st.tuples(LINE, LINE).map(lambda row: f"| Head | Other |\n|---|---:|\n| {row[0]} | {row[1]} |"),
    LINE.map(lambda line: f'!!! note "Title"\n    {line}'),
)
CHAPTER = st.tuples(st.sampled_from(["Intro", "'Quoted: title'"]), st.lists(BLOCK, min_size=1, max_size=5))


def translated(text: str) -> str:
    """A 'translation': the same structure, other words."""
    return text.replace("report", "rapor").replace("Text", "Metin").replace("Title", "Başlık")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def write_project(root: Path, title: str, blocks: list[str]) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    (root / "content" / "en" / "doc").mkdir(parents=True)
    (root / "content" / "tr" / "doc").mkdir(parents=True)
    (root / "publication.yaml").write_text(PUBLICATION, encoding="utf-8")
    chapter = f"---\ntitle: {title}\n---\n\n" + "\n\n".join(blocks) + "\n"
    (root / "content" / "en" / "doc" / "01-a.md").write_text(chapter, encoding="utf-8")
    tr = root / "content" / "tr" / "doc" / "01-a.md"
    tr.write_text(translated(chapter), encoding="utf-8")
    mark(load_publication(root), tr)
    return tr


@given(chapter=CHAPTER, fmt=st.sampled_from(["xliff", "po"]), pick=st.integers(min_value=0))
def test_generated_chapters_round_trip_and_take_one_edit(folder: Path, chapter, fmt: str, pick: int) -> None:
    title, blocks = chapter
    tr = write_project(folder / "p", title, blocks)
    original = tr.read_bytes()
    publication = load_publication(folder / "p")
    before = {u.id: markdown(u.target or []) for c in document_units(publication, "doc", "tr") for u in c.units}
    assert all(before.values())
    (path,) = export(publication, "tr", fmt)
    assert import_files(publication, [path]).written == []
    assert tr.read_bytes() == original
    # one unit edited in the file, as a translator would: its text changes, its codes stay
    unit_id = sorted(before)[pick % len(before)]
    old = before[unit_id]
    text = path.read_text(encoding="utf-8")
    needle = {"xliff": f'id="{unit_id}"', "po": f'msgctxt "{unit_id}"'}[fmt]
    start = text.index(needle)
    marker = {"xliff": '<target state="signed-off">', "po": 'msgstr "'}[fmt]
    at = text.index(marker, start) + len(marker)
    path.write_text(text[:at] + "Yeni " + text[at:], encoding="utf-8")
    import_files(publication, [path])
    after = {u.id: markdown(u.target or []) for c in document_units(publication, "doc", "tr") for u in c.units}
    assert after[unit_id] == "Yeni " + old
    assert {k: v for k, v in after.items() if k != unit_id} == {k: v for k, v in before.items() if k != unit_id}
