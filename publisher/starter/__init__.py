"""``publisher new``: a small publication that builds at once with the built-in theme.

It writes ``publication.yaml``, one document (``guide``) with two chapters per language, a data
file (``content/data/example.yaml``) and a chart drawn from it (``figures/visitors.yaml``) — and
no ``templates/``: the theme inside the package serves them. The chapters of the other languages
are marked as translating the source language's (``publisher status --mark``). Each language's words come from
``publisher/starter/<lang>/``; a language without its own starter text gets the registry's
default language's, to be translated.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import yaml

from publisher.diagnostics import Problem, PublisherError, display_path
from publisher.languages import ACCEPTED, DEFAULT, is_accepted

STARTER_DIR = Path(__file__).resolve().parent
DOCUMENT = "guide"
CHAPTERS = ("01-welcome.md", "02-data.md")


def _words(lang: str) -> tuple[Path, dict[str, Any]]:
    """The folder of ``lang``'s starter texts (the default language's when it has none) and its words."""
    folder = STARTER_DIR / lang if (STARTER_DIR / lang).is_dir() else STARTER_DIR / DEFAULT
    return folder, yaml.safe_load((folder / "strings.yaml").read_text(encoding="utf-8"))


def _refusals(target: Path, languages: Sequence[str]) -> list[Problem]:
    problems = []
    if target.exists() and not target.is_dir():
        problems.append(Problem(display_path(target), 0, "is a file: `publisher new` writes a new folder"))
    elif target.is_dir() and any(target.iterdir()):
        shown = ", ".join(sorted(p.name for p in target.iterdir())[:5])
        problems.append(
            Problem(
                display_path(target),
                0,
                f"the folder is not empty (it holds {shown}): `publisher new` writes only into a new or "
                "empty folder, so that nothing of yours is overwritten",
            )
        )
    if not languages:
        problems.append(Problem("--languages", 0, "no language given (e.g. --languages en,tr,it)"))
    for index, lang in enumerate(languages):
        if not is_accepted(lang):
            problems.append(
                Problem("--languages", 0, f"unsupported language {lang!r} (supported: {', '.join(ACCEPTED)})")
            )
        elif lang in languages[:index]:
            problems.append(Problem("--languages", 0, f"language {lang!r} is listed twice"))
    return problems


def starter_files(languages: Sequence[str], today: dt.date) -> dict[str, str]:
    """The new publication's files: relative path → text."""
    words = {lang: _words(lang) for lang in languages}

    def per_language(key: str, index: int | None = None) -> str:
        texts = {lang: w[key] if index is None else w[key][index] for lang, (_, w) in words.items()}
        return "{" + ", ".join(f"{lang}: {json.dumps(text, ensure_ascii=False)}" for lang, text in texts.items()) + "}"

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(STARTER_DIR)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    context = {"languages": list(languages), "date": today.isoformat(), "per_language": per_language}
    files = {
        "publication.yaml": env.get_template("publication.yaml.j2").render(context),
        "figures/visitors.yaml": env.get_template("visitors.yaml.j2").render(context),
        "content/data/example.yaml": (STARTER_DIR / "example.yaml").read_text(encoding="utf-8"),
    }
    for lang, (folder, _) in words.items():
        for name in CHAPTERS:
            files[f"content/{lang}/{DOCUMENT}/{name}"] = (folder / name).read_text(encoding="utf-8")
    return files


def new_publication(target: Path, languages: Sequence[str], today: dt.date | None = None) -> list[Path]:
    """Write a new publication into ``target`` (a new or empty folder); the files written.

    Refuses (every reason at once) a folder that is not empty and a language the publisher does not accept.
    """
    from publisher.files import write_atomic

    problems = _refusals(target, languages)
    if problems:
        raise PublisherError(problems)
    written = []
    for rel, text in starter_files(languages, today or dt.date.today()).items():
        path = target / rel
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    _mark_translations(target, languages)
    return written


def _mark_translations(target: Path, languages: Sequence[str]) -> None:
    """Record every chapter of the other languages as translating the source language's current text
    (``publisher status --mark``): the printer's PDFs are not built from stale translations."""
    from publisher.load.config import load_publication
    from publisher.text.status import mark

    publication = load_publication(target)
    for lang in languages[1:]:
        for name in CHAPTERS:
            mark(publication, target / "content" / lang / DOCUMENT / name)


def new_command(target: Path, languages: str | None) -> str:
    """``publisher new``: write the publication; what to tell the user."""
    codes = [code.strip() for code in (languages or DEFAULT).split(",") if code.strip()]
    written = new_publication(target, codes)
    where = display_path(target)
    step = "publisher build" if target.resolve() == Path.cwd().resolve() else f"cd {where} && publisher build"
    return f"wrote {len(written)} files into {where}; next: {step}"
