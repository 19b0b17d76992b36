"""The scripts fixture (``tests/fixtures/scripts``): a publication with a short chapter in each of 25
languages, one of every script the publisher sets; helpers to build some or all of it and to read
the outputs back (pdftotext, its word boxes, the web pages, the search index)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import yaml

FIXTURE = Path(__file__).parent / "fixtures" / "scripts"

#: ``make test``: one language of each of six script families, and English (the source language).
QUICK = ("en", "fa", "hi", "km", "zh-Hant", "am", "he")
#: ``make test-full`` (PUBLISHER_SCRIPTS=all): every language of the fixture.
ALL = tuple(yaml.safe_load((FIXTURE / "publication.yaml").read_text(encoding="utf-8"))["languages"])


def copy_scripts(target: Path, languages: tuple[str, ...]) -> Path:
    """A copy of the fixture with only ``languages`` (their documents, chapters and names)."""
    shutil.copytree(FIXTURE, target)
    config_path = target / "publication.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["languages"] = [code for code in config["languages"] if code in languages]
    for key in ("title", "place", "publisher"):
        config[key] = {code: text for code, text in config[key].items() if code in languages}
    config["documents"] = [doc for doc in config["documents"] if doc["languages"][0] in languages]
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for folder in (target / "content").iterdir():
        if folder.is_dir() and folder.name not in (*languages, "data"):
            shutil.rmtree(folder)
    return target


def chapter(root: Path, code: str) -> dict[str, object]:
    """A language's chapter: its title, heading, list items and paragraph (the passage's brackets removed)."""
    text = (root / "content" / code / code.lower() / "01-twinning.md").read_text(encoding="utf-8")
    title = json.loads(re.search(r"^title: (.*)$", text, re.M).group(1))  # type: ignore[union-attr]
    body = text.split("---", 2)[2].strip().splitlines()
    paragraph = re.sub(r"\[([^\]]*)\]\{lang=[^}]*\}", r"\1", body[0])
    return {
        "title": title,
        "heading": next(line[3:] for line in body if line.startswith("## ")),
        "items": [line[2:] for line in body if line.startswith("- ")],
        "paragraph": paragraph,
    }


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, timeout=120, check=True
    ).stdout


def word_boxes(path: Path) -> list[tuple[int, float, float, float, str]]:
    """Every word pdftotext finds: (page, page width, xMin, xMax, word), in points."""
    html = pdftotext(path, "-bbox")
    found = []
    pages = re.split(r"<page ", html)[1:]
    for number, page in enumerate(pages, 1):
        width = float(re.match(r'width="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', page)
        for x_min, x_max, word in words:
            found.append((number, width, float(x_min), float(x_max), word))
    return found


def html_root(page: Path) -> dict[str, str]:
    """The attributes of a web page's ``<html>`` element."""
    tag = re.search(r"<html\b([^>]*)>", page.read_text(encoding="utf-8"))
    assert tag is not None, page
    return dict(re.findall(r'(\w+)="([^"]*)"', tag.group(1)))


def search_records(root: Path, code: str) -> list[dict[str, str]]:
    """The search index of a language's document (``assets/search/<lang>.<doc>.js``)."""
    script = (root / "build" / "html" / "assets" / "search" / f"{code}.{code.lower()}.js").read_text(encoding="utf-8")
    payload = script.split("window.PUBLISHER_SEARCH, ", 1)[1].rsplit(");", 1)[0]
    records: list[dict[str, str]] = json.loads(payload)
    return records
