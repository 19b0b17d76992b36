"""`publisher translate`: chapters out as XLIFF and PO and back in, byte for byte; stale to the paragraph."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

import pytest
from helpers import cli
from hypothesis import given
from hypothesis import strategies as st

from publisher.load.config import load_publication
from publisher.translate.codes import Code, markdown, parse_inline
from publisher.translate.export import export
from publisher.translate.importer import import_files, set_review_pending
from publisher.translate.units import document_units

FORMATS = ("xliff", "po")

# the budget paragraph of the report's introduction, as the sample reads now
BUDGET_EN = "The project was planned for a term of {{ data.project.duration_months }} months."
BUDGET_TR = "Proje {{ data.project.duration_months }} aylık bir süre için planlanmıştır."
BUDGET_TR_PO = 'msgstr "Proje {1} aylık bir süre için planlanmıştır.'
BUDGET_IT_PO = 'msgstr "Il progetto era previsto per una durata'
BUDGET_UNIT = "report/01-introduction.md#p-28d0af85"


def content_digest(root: Path) -> dict[str, str]:
    """Every file under content/ (snapshots included) → sha256 of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "content").rglob("*"))
        if p.is_file()
    }


def targets(root: Path, document: str, lang: str) -> dict[str, tuple[str, str | None]]:
    """unit id → (state, target Markdown) as an export would write them now."""
    publication = load_publication(root)
    return {
        u.id: (u.state, markdown(u.target) if u.target is not None and u.state != "new" else None)
        for chapter in document_units(publication, document, lang)
        for u in chapter.units
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_translation_goes_out_and_back_in_byte_for_byte(sample: Path, fmt: str) -> None:
    before = content_digest(sample)
    publication = load_publication(sample)
    files = [path for lang in ("tr", "it", "ar") for path in export(publication, lang, fmt)]
    assert len(files) == 5  # report and policy in tr and it, the report in ar
    report = import_files(publication, files)
    assert report.written == [] and len(report.unchanged) == 25
    assert content_digest(sample) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_turkish_export_carries_every_unit_with_its_current_text(sample: Path, fmt: str) -> None:
    publication = load_publication(sample)
    (path,) = export(publication, "tr", fmt, "report")
    text = path.read_text(encoding="utf-8")
    units = targets(sample, "report", "tr")
    assert {state for state, _ in units.values()} == {"current"}
    if fmt == "xliff":
        assert text.count("<trans-unit ") == text.count('approved="yes"') == len(units)
        assert "needs-review" not in text and 'state="new"' not in text
    else:
        assert text.count("\nmsgctxt ") == len(units) and "#, fuzzy" not in text and '\nmsgstr ""\n\n' not in text
    assert "Göç Yönetiminde Yerel Otoritelerin/Yönetimlerin Güçlendirilmesi Projesi" in text
    assert "Dünya Doktorları Derneği (Doctors of the World Turkey)" in text  # a table cell


def edit_english(root: Path, old: str, new: str) -> None:
    path = root / "content" / "en" / "report" / "01-introduction.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_english_paragraph_marks_only_its_own_unit(sample: Path) -> None:
    before = targets(sample, "report", "tr")
    assert before[BUDGET_UNIT][1] is not None and before[BUDGET_UNIT][1].startswith(BUDGET_TR)
    edit_english(sample, BUDGET_EN, "It ran for 24 months.")
    after = targets(sample, "report", "tr")
    stale = {unit_id for unit_id, (state, _) in after.items() if state != "current"}
    assert len(stale) == 1
    (changed,) = stale
    assert after[changed][0] == "stale" and after[changed][1] is not None
    assert after[changed][1].startswith(BUDGET_TR)
    assert {k: v for k, v in after.items() if k != changed} == {k: v for k, v in before.items() if k in after}
    publication = load_publication(sample)
    (xlf,) = export(publication, "tr", "xliff", "report")
    assert xlf.read_text(encoding="utf-8").count('state="needs-review-translation"') == 1
    (po,) = export(publication, "tr", "po", "report")
    text = po.read_text(encoding="utf-8")
    assert text.count("#, fuzzy") == 1
    assert '#, fuzzy\n#| msgid "The project was planned for a term of {1} months.' in text


def test_an_inserted_english_paragraph_is_one_empty_unit_and_shifts_nothing(sample: Path) -> None:
    before = targets(sample, "report", "tr")
    edit_english(sample, "## Objectives\n", "## Objectives\n\nA new paragraph on {{ data.project.name }}.\n")
    after = targets(sample, "report", "tr")
    new = [unit_id for unit_id in after if unit_id not in before]
    assert len(new) == 1 and after[new[0]] == ("new", None)
    assert {k: v for k, v in after.items() if k not in new} == before
    (xlf,) = export(load_publication(sample), "tr", "xliff", "report")
    assert xlf.read_text(encoding="utf-8").count('<target state="new"></target>') == 1


def test_a_translated_new_paragraph_lands_in_its_place_and_the_chapter_is_current(sample: Path) -> None:
    edit_english(sample, "## Objectives\n", "## Objectives\n\nA new paragraph on {{ data.project.name }}.\n")
    (xlf,) = export(load_publication(sample), "tr", "xliff", "report")
    text = xlf.read_text(encoding="utf-8")
    text = re.sub(
        r'<target state="new"></target>',
        '<target state="translated">Yeni paragraf: <ph id="1">{{ data.project.name }}</ph>.</target>',
        text,
    )
    xlf.write_text(text, encoding="utf-8")
    tr = sample / "content" / "tr" / "report" / "01-introduction.md"
    old = tr.read_text(encoding="utf-8")
    code, output = cli(sample, "translate", "import", str(xlf))
    assert code == 0, output
    new = tr.read_text(encoding="utf-8")
    baseline = re.search(r"translation_of: (\w+)", old).group(1)  # type: ignore[union-attr]
    assert (
        new.replace("\n\nYeni paragraf: {{ data.project.name }}.", "").replace(
            re.search(r"translation_of: (\w+)", new).group(1),  # type: ignore[union-attr]
            baseline,
        )
        == old
    )
    assert "## Amaçlar\n\nYeni paragraf: {{ data.project.name }}.\n\nProjenin genel amacı" in new
    assert {state for state, _ in targets(sample, "report", "tr").values()} == {"current"}


def broken_xliff(sample: Path) -> tuple[Path, str]:
    (xlf,) = export(load_publication(sample), "tr", "xliff", "report")
    text = xlf.read_text(encoding="utf-8")
    unit = re.search(rf'<trans-unit id="({re.escape(BUDGET_UNIT)})".*?</trans-unit>', text, re.DOTALL)
    assert unit is not None
    broken = unit.group(0).replace('<ph id="4" ctype="x-cross-reference">@fig-budget</ph> toplam', '<ph id="9">@x</ph>')
    assert broken != unit.group(0)
    xlf.write_text(text.replace(unit.group(0), broken), encoding="utf-8")
    return xlf, unit.group(1)


def test_a_placeholder_not_in_the_source_is_refused_with_its_unit_and_nothing_written(sample: Path) -> None:
    xlf, unit_id = broken_xliff(sample)
    text = xlf.read_text(encoding="utf-8")
    # a second problem in another unit: both are reported in one run
    text = text.replace(
        '<ph id="3" ctype="x-jinja">{{ data.project.short_name }}</ph>" olan', '<ph id="3">{{ x }}</ph>"'
    )
    xlf.write_text(text, encoding="utf-8")
    before = content_digest(sample)
    code, output = cli(sample, "translate", "import", str(xlf))
    assert code == 1
    assert f"{xlf}: error: unit '{unit_id}': placeholder 9 is not in the source" in output
    assert "placeholder 3 was changed: it must stay '{{ data.project.short_name }}', got '{{ x }}'" in output
    assert "2 errors." in output and "Traceback" not in output
    assert content_digest(sample) == before


def test_a_broken_po_placeholder_is_refused_at_its_line(sample: Path) -> None:
    (po,) = export(load_publication(sample), "tr", "po", "report")
    lines = po.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(BUDGET_TR_PO))
    lines[index] = lines[index].replace("{1} aylık", "{1 aylık", 1)
    po.write_text("\n".join(lines), encoding="utf-8")
    before = content_digest(sample)
    code, output = cli(sample, "translate", "import", str(po))
    assert code == 1
    assert re.search(
        rf"{re.escape(str(po))}:\d+: error: unit '{re.escape(BUDGET_UNIT)}': "
        r"malformed placeholder '\{1'",
        output,
    ), output
    assert content_digest(sample) == before


def test_a_left_out_code_is_a_warning_at_its_unit_and_the_rest_is_written(sample: Path) -> None:
    (po,) = export(load_publication(sample), "tr", "po", "report")
    text = po.read_text(encoding="utf-8")
    edited = text.replace(BUDGET_TR_PO, 'msgstr "Proje uzun sürdü.', 1)
    assert edited != text
    po.write_text(edited, encoding="utf-8")
    code, output = cli(sample, "translate", "import", str(po))
    assert code == 0, output
    assert re.search(
        rf"report\.tr\.po:\d+: warning: unit '{re.escape(BUDGET_UNIT)}': placeholder 1 "
        r"\(\{\{ data.project.duration_months \}\}\) is left out of the translation",
        output,
    ), output
    assert "Proje uzun sürdü." in (sample / "content/tr/report/01-introduction.md").read_text(encoding="utf-8")


def test_a_chapter_saved_on_windows_round_trips_and_keeps_its_line_ends(sample: Path) -> None:
    tr = sample / "content" / "tr" / "report" / "02-methodology.md"
    windows = codecs.BOM_UTF8 + tr.read_bytes().replace(b"\n", b"\r\n")
    tr.write_bytes(windows)
    publication = load_publication(sample)
    for fmt in FORMATS:
        import_files(publication, export(publication, "tr", fmt, "report"))
        assert tr.read_bytes() == windows
    (po,) = export(publication, "tr", "po", "report")
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Yöntem"', 'msgstr "Yöntembilim"'), encoding="utf-8")
    report = import_files(publication, [po])
    assert report.written == [tr]
    data = tr.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + b"---\r\ntitle: Y\xc3\xb6ntembilim\r\n") and b"\n" not in data.replace(
        b"\r\n", b""
    )


def test_status_counts_units_per_chapter(sample: Path) -> None:
    edit_english(sample, "The project was planned for", "In all, the project was planned for")
    edit_english(sample, "## Objectives\n", "## Objectives\n\nA new paragraph.\n")
    code, output = cli(sample, "status")
    assert code == 0, output
    assert re.search(r"01-introduction\.md +│ stale, review pending \d+/1/1 +│", output), output
    assert re.search(r"02-methodology\.md +│ ok, review pending \d+ +│", output), output


def test_export_errors_are_located(sample: Path, tmp_path: Path) -> None:
    code, output = cli(sample, "translate", "export", "--lang", "de")
    assert code == 1 and "publication.yaml: error: 'de' is not one of the publication's languages" in output
    code, output = cli(sample, "translate", "export", "--lang", "en")
    assert code == 1 and "'en' is the source language" in output
    code, output = cli(sample, "translate", "export", "--lang", "ar", "--document", "policy")
    assert code == 1 and "document 'policy' is not published in 'ar' (its languages: ['en', 'tr', 'it'])" in output
    notes = tmp_path / "notes.txt"
    notes.write_text("Merhaba", encoding="utf-8")
    code, output = cli(sample, "translate", "import", str(notes), str(tmp_path / "gone.po"))
    assert code == 1 and "notes.txt: error: not a translation file: expected .xlf, .xliff or .po" in output
    assert "gone.po: error: no such file" in output and "2 errors." in output


INLINE = st.text(alphabet="ab *_[]()!{}|@`<>^#-=.\n" + "ç", max_size=40)


@given(INLINE)
def test_codes_split_any_text_without_losing_a_character(text: str) -> None:
    segments = parse_inline(text)
    assert markdown(segments) == text
    numbers = [s.id for s in segments if isinstance(s, Code) and s.role != "close"]
    assert numbers == list(range(1, len(numbers) + 1))


def test_a_hand_formatted_chapter_keeps_its_formatting_through_a_round_trip(sample: Path) -> None:
    tr = sample / "content" / "tr" / "report" / "05-recommendations.md"
    text = tr.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M)
    assert title is not None
    paragraph = next(p for p in text.split("\n\n") if len(p) > 200 and "\n" not in p and p[0].isalpha())
    words = paragraph.split(" ")
    # a quoted title; a paragraph wrapped by hand, its lines indented raggedly
    wrapped = "\n".join(("   " * (i % 3)) + " ".join(words[i * 6 : i * 6 + 6]) for i in range(len(words) // 6 + 1))
    hand = text.replace(title.group(0), f"title: '{title.group(1)}'").replace(paragraph, wrapped.rstrip())
    tr.write_text(hand, encoding="utf-8")
    publication = load_publication(sample)
    for fmt in FORMATS:
        assert import_files(publication, export(publication, "tr", fmt, "report")).written == []
        assert tr.read_text(encoding="utf-8") == hand


def test_a_chapter_with_units_left_for_review_is_review_pending_and_stays_stale(sample: Path) -> None:
    edit_english(sample, "The project was planned for", "In all, the project was planned for")
    edit_english(sample, "### Partners\n", "### Partners\n\nOne more paragraph.\n")
    (po,) = export(load_publication(sample), "it", "po", "report")
    text = po.read_text(encoding="utf-8")
    # the translator updates one paragraph (the new one stays empty, the stale one fuzzy and as it was)
    edited = text.replace(BUDGET_IT_PO, 'msgstr "In tutto, il progetto era previsto per una durata', 1)
    assert edited != text
    po.write_text(edited, encoding="utf-8")
    it = sample / "content" / "it" / "report" / "01-introduction.md"
    baseline = re.search(r"translation_of: (\w+)", it.read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
    code, output = cli(sample, "translate", "import", str(po))
    assert code == 0, output
    chapter = it.read_text(encoding="utf-8")
    assert "review: pending\n" in chapter and f"translation_of: {baseline}\n" in chapter
    assert "In tutto, il progetto era previsto per una durata" in chapter
    assert "### I partner\n\nOne more paragraph.\n\nIl Governatorato" in chapter  # the English, until translated
    after = targets(sample, "report", "it")
    assert sorted(state for state, _ in after.values() if state != "current") == ["new", "stale"]


def test_review_pending_replaces_a_recorded_review_whole() -> None:
    text = "---\ntitle: A\nreview:\n  by: A. Translator\n  date: 2026-01-01\ntranslation_of: abc\n---\n\nText.\n"
    assert set_review_pending(text) == "---\ntitle: A\nreview: pending\ntranslation_of: abc\n---\n\nText.\n"


def test_a_target_that_would_break_the_block_structure_is_refused(sample: Path) -> None:
    (po,) = export(load_publication(sample), "tr", "po", "report")
    text = po.read_text(encoding="utf-8")
    edited = text.replace(BUDGET_TR_PO, 'msgstr "2018. yılında başlayan proje {1} aylık bir süre için planlanmıştır.')
    edited = edited.replace('msgstr "Başvuru sahibi"', 'msgstr "Başvuru | sahibi"')
    assert edited.count("2018. yılında") == edited.count("Başvuru | sahibi") == 1
    po.write_text(edited, encoding="utf-8")
    before = content_digest(sample)
    code, output = cli(sample, "translate", "import", str(po))
    assert code == 1
    assert f"{BUDGET_UNIT}': the text would not stay one paragraph: Markdown reads it as ordered_list" in output
    assert "a table cell cannot hold '|': write it '\\|'" in output and "2 errors." in output
    assert content_digest(sample) == before


def test_every_unreadable_chapter_is_reported_in_one_run(sample: Path) -> None:
    for name in ("01-introduction.md", "03-findings-izmir.md"):
        path = sample / "content" / "tr" / "report" / name
        path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    code, output = cli(sample, "translate", "export", "--lang", "tr", "--document", "report")
    assert code == 1 and "4 errors." in output and "Traceback" not in output  # two per chapter
    assert "tr/report/01-introduction.md:2: error: unknown front matter key 'titel'" in output
    assert "tr/report/03-findings-izmir.md:2: error: front matter needs a non-empty 'title'" in output
    assert not (sample / "build" / "translations").exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_translation_file_saved_on_windows_is_read(sample: Path, fmt: str) -> None:
    publication = load_publication(sample)
    (path,) = export(publication, "it", fmt, "policy")
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes().replace(b"\n", b"\r\n"))
    before = content_digest(sample)
    report = import_files(publication, [path])
    assert report.written == [] and len(report.unchanged) == 5
    assert content_digest(sample) == before


def test_the_same_units_in_two_files_are_refused(sample: Path) -> None:
    publication = load_publication(sample)
    files = [*export(publication, "it", "po", "policy"), *export(publication, "it", "xliff", "policy")]
    code, output = cli(sample, "translate", "import", *map(str, files))
    assert code == 1 and "1 error." in output
    assert (
        "policy.it.xlf: error: its units are also in" in output
        and "policy.it.po (unit 'policy/01-context.md#title'…)" in output
    )


def test_the_chapter_review_travels_with_the_units(sample: Path) -> None:
    # every sample translation awaits review now: one Turkish chapter's review is recorded, as a reviewer would
    reviewed = sample / "content" / "tr" / "report" / "01-introduction.md"
    text = reviewed.read_text(encoding="utf-8")
    assert "review: pending\n" in text
    reviewed.write_text(
        text.replace("review: pending\n", "review:\n  by: A. Reviewer\n  date: 2026-01-01\n", 1), encoding="utf-8"
    )
    publication = load_publication(sample)
    (arabic,) = export(publication, "ar", "xliff")  # a sample translation awaiting review
    (turkish,) = export(publication, "tr", "xliff", "report")
    assert '<target state="translated">' in arabic.read_text(encoding="utf-8")
    assert 'state="signed-off"' not in arabic.read_text(encoding="utf-8")
    states: dict[str, set[str]] = {}
    for chapter, state in re.findall(
        r'<trans-unit id="report/([^"#]+)#.*?<target state="([^"]+)">', turkish.read_text(encoding="utf-8"), re.DOTALL
    ):
        states.setdefault(chapter, set()).add(state)
    assert states.pop("01-introduction.md") == {"signed-off"}  # the reviewed chapter
    assert len(states) == 4 and all(s == {"translated"} for s in states.values())  # the chapters awaiting review
    units = targets(sample, "report", "tr")
    assert turkish.read_text(encoding="utf-8").count('<target state="signed-off">') == sum(
        1 for unit_id in units if unit_id.startswith("report/01-introduction.md#")
    )
    (po,) = export(publication, "ar", "po")
    assert po.read_text(encoding="utf-8").count("; chapter review pending\n") == len(targets(sample, "report", "ar"))
