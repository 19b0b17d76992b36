"""The WeasyPrint patches (publisher.pdf.patches): in effect, faithful to upstream, and needed."""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pyphen
import pytest
import weasyprint

from publisher.pdf import patches
from publisher.pdf.engine import lay_out_pdf, misplaced_footnotes
from publisher.text.hyphenation import DICTIONARY_PATH, CasedHyphDict

FOOTNOTE_CASE = patches.FOOTNOTE_CASE


def test_every_patch_is_in_effect() -> None:
    assert weasyprint.__version__ == patches.PINNED_VERSION
    assert patches.apply() == []
    for patch in patches.PATCHES:
        assert getattr(importlib.import_module(patch.module), patch.attribute) is patch.replacement
        assert patch.works(), patch.purpose


def test_footnote_copy_is_upstream_but_for_one_line() -> None:
    patches.apply()
    upstream = inspect.getsource(patches.ORIGINALS[("weasyprint.layout.block", "_linebox_layout")])
    ours = re.sub(r"  # noqa: \w+", "", inspect.getsource(patches._linebox_layout))
    changed = [(a, b) for a, b in zip(upstream.splitlines(), ours.splitlines(), strict=False) if a != b]
    assert changed[0] == (
        "            report = not context.in_column and can_break_now and not could_break_before",
        "            # publisher: upstream reports (moves) notes, see _FOOTNOTE_FIX above.",
    )
    fixed = upstream.replace(changed[0][0], changed[0][1] + "\n            report = False")
    assert ours == fixed


def test_footnotes_stay_on_the_page_of_their_call() -> None:
    patches.apply()
    document = weasyprint.HTML(string=FOOTNOTE_CASE).render()
    assert len(document.pages) == 2
    assert misplaced_footnotes(document) == []


def test_stock_weasyprint_moves_the_note_of_that_case() -> None:
    """Why the footnote patch exists: without it the same document loses the note's page."""
    code = (
        "import sys, weasyprint\n"
        "from publisher.pdf.engine import misplaced_footnotes\n"
        "print(misplaced_footnotes(weasyprint.HTML(string=sys.stdin.read()).render()))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=FOOTNOTE_CASE, capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.strip() == "[('a', 0)]"


def test_turkish_hyphenation_leaves_pyphens_tables_alone(tmp_path: Path) -> None:
    languages, lowercase = dict(pyphen.LANGUAGES), dict(pyphen.LANGUAGES_LOWERCASE)
    html = (
        "<html lang='tr'><p style='hyphens: auto; width: 20mm'>"
        + "yönetimlerinin sürdürülebilirlik " * 4
        + "</p></html>"
    )
    lay_out_pdf(html, tmp_path, [tmp_path], identifier="t", mode="pdf")
    from weasyprint.text import line_break

    assert line_break.pyphen is patches.PYPHEN
    assert pyphen.LANGUAGES == languages and pyphen.LANGUAGES_LOWERCASE == lowercase
    assert "tr" not in pyphen.LANGUAGES
    assert not isinstance(pyphen.hdcache.get(DICTIONARY_PATH), CasedHyphDict)


def test_weasyprint_calls_only_what_our_pyphen_offers() -> None:
    from weasyprint.text import line_break

    used = set(re.findall(r"\bpyphen\.(\w+)", inspect.getsource(line_break)))
    assert used == set(vars(patches.PYPHEN))


def test_another_weasyprint_is_not_patched_and_the_build_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    warnings = patches.apply()
    assert len(warnings) == len(patches.PATCHES)
    assert all("WeasyPrint 71.0 is not the pinned 70.0: patch not applied" in w for w in warnings)
    log = lay_out_pdf("<p>x</p>", tmp_path, [tmp_path], identifier="t", mode="pdf").log
    assert [w for w in log.warnings if "not the pinned" in w] == warnings
