"""Adding a language as docs/languages.md says (issue 23 §2): German, Greek and French added to a copy
of the sample publication — `languages`, the titles, the chapters copied to be translated — build
their editions. Every translatable value they lack (abbreviations, the publisher, place and funding
lines, the project's title and partners' names, template strings, chart texts) shows the source
language's with a warning at its line; `check --strict` fails on them; nothing is an error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import copy_project

from publisher.cli import main
from publisher.pipeline.stages import build

NEW = ("de", "el", "fr")


def add_languages(root: Path, languages: tuple[str, ...]) -> None:
    """What docs/languages.md asks of an editor: the codes, a title in each, the chapters to translate."""
    path = root / "publication.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("languages: [en, tr, it, ar]", f"languages: [en, tr, it, ar, {', '.join(languages)}]")
    text = text.replace("languages: [en, tr, it]\n", f"languages: [en, tr, it, {', '.join(languages)}]\n")
    lines = []
    for line in text.splitlines():
        lines.append(line)
        # the English title of the publication and of each document, given in the new languages
        title = re.match(r"^( +)en: (\"?)(.*?)\2$", line)
        if title and (lines[-2].strip() == "title:" or lines[-3].strip() == "title:" or lines[-4].strip() == "title:"):
            lines += [f'{title.group(1)}{lang}: "{title.group(3)} ({lang})"' for lang in languages]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for lang in languages:
        for document in ("report", "policy"):
            shutil.copytree(root / "content" / "en" / document, root / "content" / lang / document)


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("languages") / "p")
    add_languages(root, NEW)
    return root


def test_the_new_languages_are_checked_with_warnings_not_errors(added: Path, monkeypatch) -> None:
    monkeypatch.chdir(added)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    output = result.output
    for lang in NEW:
        sprar = f"content/data/abbreviations.yaml:27: warning: sprar: no '{lang}' entry yet: the 'en' entry is shown"
        assert sprar in output
        assert re.search(
            rf"publication\.yaml:\d+: warning: funding: no '{lang}' text yet: the 'en' text is shown", output
        )
        assert f"content/data/project.yaml:5: warning: title: no '{lang}' text yet" in output
        assert f"figures/budget.yaml:6: warning: title: no '{lang}' text yet" in output
        assert f"no catalog for '{lang}'" not in output  # the theme ships a draft catalog of each
    assert " error: " not in output
    strict = CliRunner().invoke(main, ["check", "--strict"])
    assert strict.exit_code != 0 and "sprar: no 'fr' entry yet" in strict.output


def test_the_new_editions_build_in_the_source_language_where_untranslated(added: Path) -> None:
    for selection in ({"formats": ["html"]}, {"documents": ["policy"], "languages": ["el"], "formats": ["pdf"]}):
        _, diags = build(added, **selection)  # type: ignore[arg-type]
        assert not diags.errors, "\n".join(map(str, diags.errors))
    site = added / "build" / "html"
    for lang in NEW:
        page = (site / lang / "report" / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in page
        assert "<dt>NGO</dt><dd>non-governmental organisation</dd>" in page  # the English entry
        assert "This programme is financially supported by the European Union" in page
    assert (added / "build" / "pdf" / "policy.el.pdf").is_file()
