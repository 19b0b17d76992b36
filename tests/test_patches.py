"""The WeasyPrint patches (publisher.pdf.patches): in effect, faithful to upstream, and needed."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pyphen
import pytest
import weasyprint

from publisher.pdf import patches, relayout
from publisher.pdf.engine import lay_out_pdf
from publisher.pdf.footnotes import misplaced_footnotes
from publisher.text.hyphenation import DICTIONARY_PATH, CasedHyphDict

FOOTNOTE_CASE = patches.FOOTNOTE_CASE


def test_every_patch_is_in_effect() -> None:
    assert weasyprint.__version__ == patches.PINNED_VERSION
    assert patches.apply() == []
    for patch in patches.PATCHES:
        assert patches.current(patch) is patch.replacement
        assert patch.works(), patch.purpose


def _helper_calls(function: ast.FunctionDef) -> list[tuple[ast.Assign, ast.FunctionDef]]:
    """The statements ``a, b = _helper(x, y)`` of ``function`` that call a function of patches.py."""
    calls = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            helper = getattr(patches, node.value.func.id if isinstance(node.value.func, ast.Name) else "", None)
            if inspect.isfunction(helper) and helper.__module__ == patches.__name__:
                calls.append((node, _parsed(helper)))
    return calls


def _parsed(function: object) -> ast.FunctionDef:
    tree = ast.parse(inspect.getsource(function))  # type: ignore[arg-type]
    assert isinstance(tree.body[0], ast.FunctionDef)
    return tree.body[0]


def _names(nodes: list[ast.stmt], context: type) -> set[str]:
    return {n.id for s in nodes for n in ast.walk(s) if isinstance(n, ast.Name) and isinstance(n.ctx, context)}


def _inlined(function: object) -> str:
    """The source of ``function`` with each helper call replaced by the helper's statements,
    re-indented: the function as one piece, as upstream wrote it. The helper must take the
    caller's locals of the same names and return, last, those its caller assigns."""
    lines = inspect.getsource(function).splitlines(keepends=True)  # type: ignore[arg-type]
    caller = _parsed(function)
    calls = _helper_calls(caller)
    assert calls, "the copy calls no helper: nothing to put back"
    local = _names([caller], ast.Store) | {a.arg for a in caller.args.args}
    used = local | _names([caller], ast.Load)
    for call, helper in sorted(calls, key=lambda c: -c[0].lineno):
        params = [a.arg for a in helper.args.args]
        assert [ast.unparse(a) for a in call.value.args] == params and not call.value.keywords  # type: ignore[attr-defined]
        *body, last = helper.body
        assert isinstance(last, ast.Return) and last.value is not None
        assert ast.unparse(last.value) == ast.unparse(call.targets[0])
        assert not any(isinstance(n, ast.Return) for s in body for n in ast.walk(s))
        # A name the helper binds for itself shadows none the caller reads afterwards
        # (``overflow`` only: the caller sets it anew before each read).
        own = _names(body, ast.Store) - set(params) - _names([last], ast.Load)
        assert own & used <= {"overflow"}, own & used
        # and every local of the caller that the helper reads is passed to it.
        assert not (_names(body, ast.Load) - _names(body, ast.Store) - set(params)) & local
        source = inspect.getsource(getattr(patches, helper.name)).splitlines(keepends=True)
        header = max(a.end_lineno or 0 for a in helper.args.args)
        assert source[header - 1].rstrip().endswith("):")
        indent = " " * (call.col_offset - body[0].col_offset)
        moved = [indent + line if line.strip() else line for line in source[header : last.lineno - 1]]
        lines[call.lineno - 1 : call.end_lineno] = moved
    return "".join(lines)


def test_footnote_copy_is_upstream_but_for_one_line() -> None:
    patches.apply()
    upstream = inspect.getsource(patches.ORIGINALS[("weasyprint.layout.block", "_linebox_layout")])
    ours = re.sub(r"  # (noqa: \w+|type: ignore\[[\w-]+\])", "", _inlined(patches._linebox_layout))
    changed = [(a, b) for a, b in zip(upstream.splitlines(), ours.splitlines(), strict=False) if a != b]
    assert changed[0] == (
        "            report = not context.in_column and can_break_now and not could_break_before",
        "            # publisher: upstream reports (moves) notes, see _FOOTNOTE_FIX above.",
    )
    fixed = upstream.replace(changed[0][0], changed[0][1] + "\n            report = False")
    assert ours == fixed


def test_every_function_of_the_patches_is_short() -> None:
    tree = ast.parse(inspect.getsource(patches))
    lengths = {f.name: (f.end_lineno or 0) - f.lineno + 1 for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
    assert max(lengths.values()) <= 80, lengths


def test_footnotes_stay_on_the_page_of_their_call() -> None:
    patches.apply()
    document = weasyprint.HTML(string=FOOTNOTE_CASE).render()
    assert len(document.pages) == 2
    assert misplaced_footnotes(document) == []


def test_stock_weasyprint_moves_the_note_of_that_case() -> None:
    """Why the footnote patch exists: without it the same document loses the note's page."""
    code = (
        "import sys, weasyprint\n"
        "from publisher.pdf.footnotes import misplaced_footnotes\n"
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


# --- page references laid out once (publisher.pdf.relayout) ---------------------------------------

STOCK_LAYOUTS = (
    "import sys, logging, weasyprint\n"
    "made = []\n"
    "class Count(logging.Handler):\n"
    "    def emit(self, record):\n"
    "        m = record.getMessage()\n"
    "        if m.startswith('Step 5 - Creating layout - Page') and 'up-to-date' not in m:\n"
    "            made.append(m)\n"
    "log = logging.getLogger('weasyprint.progress'); log.setLevel(logging.INFO); log.addHandler(Count())\n"
    "document = weasyprint.HTML(string=sys.stdin.read()).render()\n"
    "print(len(made), len(document.pages))\n"
)


def test_stock_weasyprint_lays_page_references_out_again_and_again() -> None:
    """Why the relayout patches exist: 3 pages, 7 page layouts in stock WeasyPrint 70."""
    out = subprocess.run(
        [sys.executable, "-c", STOCK_LAYOUTS],
        input=relayout.REFERENCE_CASE,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert out.split() == ["7", "3"]


def test_page_references_are_right_after_one_layout_and_one_more_for_forward_ones() -> None:
    patches.apply()
    with relayout.layout_counter() as count:
        document = weasyprint.HTML(string=relayout.REFERENCE_CASE).render()
    texts = relayout._texts(document)
    assert count.pages == 4  # the three pages, and page 1 again for its references to later pages
    assert "C p. 3" in texts[0] and "B p. 2" in texts[0]  # forward references (the contents)
    assert "B p. 2" in texts[2]  # a backward reference


def _references_book() -> str:
    """Contents, then 24 sections of varied length, each referring to the one before and the one after."""
    words = "local authorities migration management needs assessment workshop municipality".split()
    parts = ["<nav>" + "".join(f"<p><a href='#s{n}'>Section {n}</a></p>" for n in range(24)) + "</nav>"]
    for n in range(24):
        text = " ".join(words[(n * 3 + i) % len(words)] for i in range(40 + 37 * (n % 5)))
        refs = (f" see <a href='#s{n - 1}'>{n - 1}</a>" if n else "") + (
            f" and <a href='#s{n + 1}'>{n + 1}</a>" if n < 23 else ""
        )
        parts.append(f"<h2 id='s{n}'>Section {n}</h2><p>{text}{refs}. {text}</p>")
    return (
        "<html><style>@page { size: 100mm 80mm; margin: 6mm } body { font: 10pt/12pt serif; margin: 0 }"
        " a::after { content: ' (p. ' target-counter(attr(href url), page) ')' } h2 { font-size: 11pt }"
        " nav a::after { content: leader('.') target-counter(attr(href url), page) }</style>"
        + "".join(parts)
        + "</html>"
    )


STOCK_TEXTS = (
    "import sys, json, weasyprint\n"
    "from publisher.pdf import relayout\n"
    "print(json.dumps(relayout._texts(weasyprint.HTML(string=sys.stdin.read()).render())))\n"
)


def test_page_references_give_the_pages_stock_weasyprint_gives() -> None:
    """The same book, laid out by stock WeasyPrint 70 (another process) and with the patches: same pages, same text."""
    import json

    html = _references_book()
    stock = json.loads(
        subprocess.run(
            [sys.executable, "-c", STOCK_TEXTS], input=html, capture_output=True, text=True, check=True, timeout=300
        ).stdout
    )
    patches.apply()
    with relayout.layout_counter() as count:
        ours = relayout._texts(weasyprint.HTML(string=html).render())
    assert len(ours) > 10
    assert ours == stock
    assert count.pages < 1.5 * len(ours)
