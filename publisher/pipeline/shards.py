"""A build shared by n machines: which editions each shard builds, and what it tells the merge.

The unit of a shard is a book: a document in one language, with all its formats (its printer's
PDF, digital PDF and e-book come from one layout). The books are sorted by the bytes of their
chapters, longest first (ties by name), and each goes to the shard with the fewest bytes so far
(the lowest number on a tie): the same sources give the same shares on every machine, and the
shares take about as long to build. Adding a document may move others to another shard; every
shard of one run reads the same sources, so that does not matter.

A shard writes ``build/shard.json``: its share, the files it made with their sha256, what the merge
needs of each edition (pages, preflight reports) and a hash of the sources, fonts and tool it was
built from, which the merge compares with its own.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher import __version__
from publisher.diagnostics import Problem, PublisherError, display_path
from publisher.files import write_atomic
from publisher.pipeline.plan import BuildOptions, Edition, EditionResult

if TYPE_CHECKING:
    from publisher.pipeline.project import Project

MANIFEST = "shard.json"
"""A shard's manifest, in its build folder."""
MANIFEST_VERSION = 1


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/3"`` → ``(2, 3)``; a :class:`ValueError` saying what is expected otherwise."""
    index, _, count = text.partition("/")
    try:
        i, n = int(index), int(count)
    except ValueError:
        raise ValueError(f"{text!r} is not I/N (e.g. 2/3: the second of three shards)") from None
    if not 1 <= i <= n:
        raise ValueError(f"{text!r}: I must be between 1 and N")
    return i, n


def shares(weights: dict[tuple[str, str], int], n: int) -> list[list[tuple[str, str]]]:
    """The books (document, language) → weight, in ``n`` shares of about equal weight (see the module)."""
    bins: list[list[tuple[str, str]]] = [[] for _ in range(n)]
    loads = [0] * n
    for book in sorted(weights, key=lambda b: (-weights[b], b)):
        lightest = min(range(n), key=lambda j: (loads[j], j))
        bins[lightest].append(book)
        loads[lightest] += weights[book] + 1  # (+1: books without text still spread)
    return [sorted(share) for share in bins]


def share(project: Project, shard: tuple[int, int]) -> list[tuple[str, str]]:
    """The books of the project that shard ``(i, n)`` builds."""
    weights = {book: sum(len(c.source.body) for c in text.chapters) for book, text in project.texts.items()}
    return shares(weights, shard[1])[shard[0] - 1]


def _selection(options: BuildOptions) -> dict[str, Any]:
    return {
        "documents": sorted(options.documents or []),
        "languages": sorted(options.languages or []),
        "formats": sorted(options.formats or []),
        "keep_html": options.keep_html,
        "allow_stale": options.allow_stale,
    }


def write_manifest(
    build_dir: Path, options: BuildOptions, sources: str, books: list[tuple[str, str]], results: list[EditionResult]
) -> Path:
    """Write ``build/shard.json`` for the shard ``options.shard`` that built ``books`` into ``results``."""
    assert options.shard is not None
    editions = []
    for result in sorted(results, key=lambda r: r.edition.name):
        edition = result.edition
        entry: dict[str, Any] = {
            "document": edition.document,
            "lang": edition.lang,
            "format": edition.format,
            "pages": result.pages,
            "failed": any(p.severity == "error" for p in result.problems) or not result.path.is_file(),
            "files": {rel: _sha256(build_dir / rel) for rel in edition_files(edition, build_dir)},
        }
        if result.preflight is not None:
            entry["preflight"] = result.preflight
        if result.cover_preflight is not None:
            entry["cover_preflight"] = result.cover_preflight
        editions.append(entry)
    manifest = {
        "version": MANIFEST_VERSION,
        "tool": __version__,
        "shard": list(options.shard),
        "sources": sources,
        "selection": _selection(options),
        "books": [list(book) for book in books],
        "editions": editions,
    }
    return write_atomic(build_dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def edition_files(edition: Edition, build_dir: Path) -> list[str]:
    """The files an edition made, relative to ``build_dir``: its output, its separate cover, its kept HTML."""
    output = edition.output(build_dir)
    if edition.format == "html":
        return []
    candidates = [output, output.with_name(output.stem + ".cover.pdf"), output.with_suffix(".html")]
    return [p.relative_to(build_dir).as_posix() for p in candidates if p.is_file()]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Shard:
    """A shard's manifest, read and checked for its shape."""

    def __init__(self, folder: Path):
        self.folder = folder if (folder / MANIFEST).is_file() else folder / "build"
        self.path = self.folder / MANIFEST
        if not self.path.is_file():
            raise PublisherError.at(folder, 0, f"no {MANIFEST} here: not the build folder of `publisher build --shard`")
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(doc, dict) or doc.get("version") != MANIFEST_VERSION:
                raise ValueError(f"not a shard manifest of version {MANIFEST_VERSION}")
            self.index, self.count = (int(x) for x in doc["shard"])
            self.sources = str(doc["sources"])
            self.tool = str(doc["tool"])
            self.selection: dict[str, Any] = dict(doc["selection"])
            self.books = [(str(d), str(lang)) for d, lang in doc["books"]]
            self.editions: list[dict[str, Any]] = [dict(e) for e in doc["editions"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise PublisherError.at(self.path, 0, f"unreadable shard manifest: {exc}") from None

    def results(self, build_dir: Path) -> list[EditionResult]:
        """The shard's editions, as the results of a build into ``build_dir``."""
        results = []
        for entry in self.editions:
            edition = Edition(str(entry["document"]), str(entry["lang"]), str(entry["format"]))
            results.append(
                EditionResult(
                    edition,
                    edition.output(build_dir),
                    pages=int(entry.get("pages", 0)),
                    preflight=entry.get("preflight"),
                    cover_preflight=entry.get("cover_preflight"),
                )
            )
        return results

    def error(self, message: str) -> Problem:
        return Problem(display_path(self.path), 0, message, "error")


def check_shards(shards: list[Shard], sources: str, options: BuildOptions) -> list[Problem]:
    """What keeps ``shards`` from being merged into a build of ``sources``: other sources, tool or
    selection, a shard missing or given twice, a failed edition."""
    problems: list[Problem] = []
    counts = {s.count for s in shards}
    for shard in shards:
        if shard.sources != sources:
            problems.append(
                shard.error(
                    f"shard {shard.index}/{shard.count} was built from other sources, fonts or tool "
                    f"(publisher {shard.tool}) than this project's: build every shard and merge from one commit"
                )
            )
        if shard.selection != _selection(options):
            problems.append(shard.error(f"shard {shard.index}/{shard.count} was built with other -d/-l/-f options"))
        for entry in shard.editions:
            if entry.get("failed"):
                name = f"{entry.get('document')}.{entry.get('lang')}.{entry.get('format')}"
                problems.append(shard.error(f"{name} failed in shard {shard.index}/{shard.count}: build it again"))
    if len(counts) > 1:
        problems.append(shards[0].error(f"shards of different counts: {', '.join(f'/{n}' for n in sorted(counts))}"))
        return problems
    count = counts.pop()
    seen: dict[int, Shard] = {}
    for shard in shards:
        if shard.index in seen:
            problems.append(
                shard.error(f"shard {shard.index}/{count} given twice (also {display_path(seen[shard.index].path)})")
            )
        seen[shard.index] = shard
    missing = [str(i) for i in range(1, count + 1) if i not in seen]
    if missing:
        problems.append(
            Problem(display_path(shards[0].path), 0, f"missing shard {', '.join(f'{i}/{count}' for i in missing)}")
        )
    return problems


def check_books(shards: list[Shard], books: list[tuple[str, str]]) -> list[Problem]:
    """The books each shard says it built against those this project plans: none twice, none missing."""
    problems: list[Problem] = []
    owner: dict[tuple[str, str], Shard] = {}
    for shard in shards:
        for book in shard.books:
            if book in owner and owner[book] is not shard:
                other = display_path(owner[book].path)
                problems.append(shard.error(f"{book[0]}.{book[1]} built by two shards (also {other})"))
            owner.setdefault(book, shard)
    for book in books:
        if book not in owner:
            problems.append(shards[0].error(f"{book[0]}.{book[1]} built by no shard"))
    return problems
