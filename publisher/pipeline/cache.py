"""The build's memory: which outputs are still what the last build made, and with which inputs.

Each PDF edition is a pure function of its HTML (which already holds every input:
chapters, data, charts' URLs, templates, fonts' URLs) plus the fonts, the chart files
and the tool's version — so its cache key is a hash of those. A build whose input files,
fonts and tool are those of the last clean build, its outputs untouched, does nothing.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from publisher import __version__
from publisher.diagnostics import Diagnostics, Problem
from publisher.files import write_atomic
from publisher.fonts import fonts_fingerprint
from publisher.pipeline.plan import Edition, EditionResult

CACHE_VERSION = 2
INPUT_PARTS = ("publication.yaml", "content", "figures", "templates")
"""What a build reads from the project (besides fonts and the tool itself, built-in theme included);
``templates/`` holds the project's overrides of the theme."""


class Cache:
    """Cache keys of the last successful render of each output. A bad or foreign cache is discarded.

    ``entries``: edition name → key, size and mtime of its output; ``last``: per selection of
    editions, the inputs' fingerprint of the last clean build, its editions and warnings.
    """

    def __init__(self, path: Path, root: Path | None = None):
        self.path = path
        self.root = str(root.resolve()) if root is not None else ""
        self.entries: dict[str, dict[str, Any]] = {}
        self.last: dict[str, Any] = {}
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if (
                isinstance(doc, dict)
                and doc.get("version") == CACHE_VERSION
                and doc.get("tool") == __version__
                and doc.get("root", "") == self.root
                and isinstance(doc.get("entries"), dict)
            ):
                self.entries = {
                    k: v for k, v in doc["entries"].items() if isinstance(v, dict) and isinstance(v.get("key"), str)
                }
                last = doc.get("last")
                self.last = last if isinstance(last, dict) else {}
        except (OSError, ValueError):
            self.entries, self.last = {}, {}

    def fresh(self, name: str, key: str, output: Path) -> dict[str, Any] | None:
        """The entry of ``name`` when its output is the one made with ``key``, untouched since."""
        entry = self.entries.get(name)
        if not entry or entry.get("key") != key or not output.is_file():
            return None
        stat = output.stat()
        if entry.get("size") != stat.st_size or entry.get("mtime_ns") != stat.st_mtime_ns:
            return None
        return entry

    def record(self, name: str, key: str, output: Path, **extra: Any) -> None:
        stat = output.stat()
        self.entries[name] = {"key": key, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, **extra}

    def unchanged(self, selection: str, inputs: str, build_dir: Path) -> tuple[list[EditionResult], Diagnostics] | None:
        """The results and warnings of the last build, when it had these exact inputs and its outputs are intact."""
        last = self.last.get(selection)
        if not isinstance(last, dict) or last.get("inputs") != inputs:
            return None
        results = []
        for item in last.get("editions", []):
            try:
                edition = Edition(str(item["document"]), str(item["lang"]), str(item["format"]))
                output = edition.output(build_dir)
                if edition.format == "html":
                    if not output.is_file():
                        return None
                elif self.fresh(edition.name, str(self.entries.get(edition.name, {}).get("key", "")), output) is None:
                    return None
                results.append(EditionResult(edition, output, pages=int(item.get("pages", 0))))
            except (KeyError, TypeError, ValueError):
                return None
        if not results:
            return None
        warnings = [
            Problem(str(w[0]), int(w[1]), str(w[2]), "warning")
            for w in last.get("warnings", [])
            if isinstance(w, list) and len(w) == 3
        ]
        return results, Diagnostics(warnings)

    def remember(self, selection: str, inputs: str, results: list[EditionResult], diags: Diagnostics) -> None:
        """Save the cache; a clean build (no error) is remembered as this selection's last."""
        if not any(p.severity == "error" for p in diags.problems):
            self.last[selection] = {
                "inputs": inputs,
                "editions": [
                    {
                        "document": r.edition.document,
                        "lang": r.edition.lang,
                        "format": r.edition.format,
                        "pages": r.pages,
                    }
                    for r in results
                ],
                "warnings": [[p.path, p.line, p.message] for p in diags.problems],
            }
        else:
            self.last.pop(selection, None)
        self.save()

    def forget(self, selection: str) -> None:
        """Save the cache, with no last build for this selection (the build failed)."""
        self.last.pop(selection, None)
        self.save()

    def save(self) -> None:
        write_atomic(
            self.path,
            json.dumps(
                {
                    "version": CACHE_VERSION,
                    "tool": __version__,
                    "root": self.root,
                    "entries": self.entries,
                    "last": self.last,
                },
                indent=1,
                sort_keys=True,
            ),
        )


def digest(*parts: str | bytes) -> str:
    """A sha256 of ``parts``, each ended by a NUL (so that ``("ab", "c")`` and ``("a", "bc")`` differ)."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode("utf-8") if isinstance(part, str) else part)
        sha.update(b"\0")
    return sha.hexdigest()


def code_fingerprint() -> str:
    """The tool: its code and its built-in theme (templates, stylesheets, scripts, catalogs).
    A change to either invalidates every cached output."""
    from publisher.theme import THEME_DIR, theme_files

    # the theme is read on every call, as a project's templates are (an edit shows at the next build)
    theme = [p.relative_to(THEME_DIR).as_posix().encode() + b"\0" + p.read_bytes() for p in theme_files()]
    return digest(_code_digest(), *theme)


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The tool's own source, read once per process: the code that runs is the code that was there
    when it started."""
    package = Path(__file__).resolve().parent.parent
    return digest(
        __version__,
        *[p.relative_to(package).as_posix().encode() + b"\0" + p.read_bytes() for p in sorted(package.rglob("*.py"))],
    )


def inputs_fingerprint(root: Path) -> str:
    """A hash of every input file of the project, the fonts and the tool's code.

    Cheap (no parsing): when it equals the last build's and every output is still as that
    build left it, nothing can have changed and the build is a no-op.
    """
    sha = hashlib.sha256()
    for part in INPUT_PARTS:
        top = root / part
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in files:
            sha.update(path.relative_to(root).as_posix().encode() + b"\0")
            try:
                sha.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                sha.update(b"unreadable")
    sha.update(fonts_fingerprint().encode())
    sha.update(code_fingerprint().encode())
    return sha.hexdigest()
