"""Translation status: which translated chapters follow their source chapter, and which lag.

A translated chapter records in its front matter the version of the source chapter it
translates: ``translation_of: <hash>`` (:attr:`ChapterSource.source_hash`, a short sha256 of
the source chapter's title and body). Chapters pair by slug (the file name without ``NN-``).
Per document and language, each chapter is:

* ``ok``      — translated, and the source has not changed since;
* ``stale``   — translated, but the source changed since (or no ``translation_of`` recorded);
* ``missing`` — the source has it, the translation does not;
* ``extra``   — the translation has it, the source does not.

``publisher status --mark FILE`` records the current source hash in FILE and keeps a
snapshot of the source as it is now in ``content/.translations/<doc>/<slug>.<hash>.md``
(committed with the content), so that ``publisher status --diff FILE`` can later show what
changed in the source — on any clone, without git history.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from publisher.diagnostics import Diagnostics, Problem, PublisherError, display_path
from publisher.files import write_atomic
from publisher.load.config import Publication
from publisher.load.content import CHAPTER_NAME, ChapterSource, Content, read_chapter

OK, STALE, MISSING, EXTRA = "ok", "stale", "missing", "extra"
SNAPSHOTS = Path("content") / ".translations"


@dataclass(frozen=True)
class ChapterStatus:
    """The state of one chapter slug in one language of one document."""

    document: str
    lang: str
    slug: str
    state: str
    """``ok``, ``stale``, ``missing``, ``extra`` (or ``source`` for the source language)."""
    translation: ChapterSource | None
    source: ChapterSource | None

    @property
    def recorded(self) -> str | None:
        """The source hash the translation records (``translation_of``), if any."""
        if self.translation is None:
            return None
        value = self.translation.meta.get("translation_of")
        return str(value) if value is not None else None


def document_status(publication: Publication, content: Content, document_id: str) -> list[ChapterStatus]:
    """The status of every chapter of one document in every language, in reading order."""
    document = publication.document(document_id)
    source_lang = document.source_language
    sources = {c.slug: c for c in content.chapters_of(document_id, source_lang)}
    out: list[ChapterStatus] = (
        [ChapterStatus(document_id, source_lang, slug, "source", None, c) for slug, c in sources.items()]
        if source_lang in document.languages
        else []
    )
    for lang in document.languages:
        if lang == source_lang:
            continue
        translated = {c.slug: c for c in content.chapters_of(document_id, lang)}
        for slug, source in sources.items():
            chapter = translated.get(slug)
            if chapter is None:
                state = MISSING
            elif str(chapter.meta.get("translation_of", "")) == source.source_hash:
                state = OK
            else:
                state = STALE
            out.append(ChapterStatus(document_id, lang, slug, state, chapter, source))
        for slug, chapter in translated.items():
            if slug not in sources:
                out.append(ChapterStatus(document_id, lang, slug, EXTRA, chapter, None))
    return out


def all_status(publication: Publication, content: Content) -> list[ChapterStatus]:
    return [s for d in publication.documents for s in document_status(publication, content, d.id)]


def stale_chapters(statuses: list[ChapterStatus], document: str, lang: str) -> frozenset[str]:
    """The slugs of one edition's chapters whose source changed since they were translated."""
    return frozenset(s.slug for s in statuses if s.state == STALE and s.document == document and s.lang == lang)


def _front_matter_line(chapter: ChapterSource, key: str) -> int:
    """The line of ``key:`` in a chapter's front matter (the title's line if absent)."""
    lines = chapter.path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1 : chapter.body_line], start=2):
        if line.startswith(f"{key}:"):
            return number
    return 2


def status_problems(
    statuses: list[ChapterStatus], diags: Diagnostics, *, severity: str = "warning", languages: set[str] | None = None
) -> None:
    """Report missing, stale and extra chapters (warnings for ``check``, errors for a print build)."""
    add = diags.error if severity == "error" else diags.warning
    for s in statuses:
        if languages is not None and s.lang not in languages:
            continue
        if s.state == STALE and s.translation is not None and s.source is not None:
            path = s.translation.path
            if s.recorded is None:
                why = "no 'translation_of' in its front matter"
            else:
                why = f"the source changed since version {s.recorded}"
            add(
                path,
                _front_matter_line(s.translation, "translation_of"),
                f"stale translation of {display_path(s.source.path)}: {why} "
                f"(see `publisher status --diff {display_path(path)}`; after updating it, "
                f"`publisher status --mark {display_path(path)}`)",
            )
        elif s.state == MISSING and s.source is not None:
            folder = s.source.path.parent.parent.parent / s.lang / s.document
            add(
                folder,
                0,
                f"missing translation: no {s.lang!r} chapter for "
                f"{display_path(s.source.path)} (expected {display_path(folder)}/NN-{s.slug}.md)",
            )
        elif s.state == EXTRA and s.translation is not None:
            add(
                s.translation.path,
                0,
                f"chapter {s.slug!r} has no source chapter in "
                "the source language (chapters pair by file name without NN-)",
            )


# --------------------------------------------------------------------------
# Marking and diffing
# --------------------------------------------------------------------------


def _locate(publication: Publication, file: Path) -> tuple[str, str, ChapterSource]:
    """(document, language, chapter) of a chapter file given on the command line."""
    path = file.resolve()
    content_dir = (publication.root / "content").resolve()
    try:
        lang, document, name = path.relative_to(content_dir).parts
    except ValueError:
        raise PublisherError.at(
            file, 0, f"not a chapter file: expected {display_path(content_dir)}/<lang>/<document>/NN-slug.md"
        ) from None
    if not CHAPTER_NAME.match(name) or not path.is_file():
        raise PublisherError.at(file, 0, "not a chapter file (NN-slug.md)")
    if lang not in publication.languages or document not in {d.id for d in publication.documents}:
        raise PublisherError.at(file, 0, f"unknown language {lang!r} or document {document!r}")
    return document, lang, read_chapter(path, document, lang)


def _source_of(publication: Publication, document: str, lang: str, chapter: ChapterSource) -> ChapterSource:
    source_lang = publication.document(document).source_language
    if lang == source_lang:
        raise PublisherError.at(
            chapter.path, 0, f"{source_lang!r} is the source language: give the translated chapter (e.g. content/tr/…)"
        )
    folder = publication.root / "content" / source_lang / document
    for path in sorted(folder.glob(f"[0-9][0-9]-{chapter.slug}.md")):
        return read_chapter(path, document, source_lang)
    raise PublisherError.at(chapter.path, 0, f"no source chapter '{chapter.slug}' in {display_path(folder)}")


def snapshot_path(root: Path, document: str, slug: str, source_hash: str) -> Path:
    return root / SNAPSHOTS / document / f"{slug}.{source_hash}.md"


def set_translation_of(text: str, source_hash: str) -> str:
    """The chapter text with ``translation_of: <hash>`` set in its front matter (other lines kept)."""
    lines = text.splitlines(keepends=True)
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    new_line = f"translation_of: {source_hash}\n"
    for i in range(1, end):
        if lines[i].startswith("translation_of:"):
            lines[i] = new_line
            break
    else:
        lines.insert(end, new_line)
    return "".join(lines)


def mark(publication: Publication, file: Path) -> str:
    """Record that ``file`` translates the current source chapter; return the source hash."""
    document, lang, chapter = _locate(publication, file)
    source = _source_of(publication, document, lang, chapter)
    source_hash = source.source_hash
    write_atomic(
        snapshot_path(publication.root, document, source.slug, source_hash), source.path.read_text(encoding="utf-8")
    )
    text = chapter.path.read_text(encoding="utf-8")  # universal newlines; a byte-order mark is kept
    updated = set_translation_of(text, source_hash)
    if updated != text:
        raw = chapter.path.read_bytes()  # written back with the line ends the editor saved
        newline = "\r\n" if b"\r\n" in raw else "\r" if b"\r" in raw else "\n"
        write_atomic(chapter.path, updated.replace("\n", newline))
    _prune_snapshots(publication, document, source.slug, keep=source_hash)
    return source_hash


def _prune_snapshots(publication: Publication, document: str, slug: str, keep: str) -> None:
    """Delete snapshots of a slug that no translation refers to any more."""
    wanted = {keep}
    for lang in publication.languages:
        for path in (publication.root / "content" / lang / document).glob(f"[0-9][0-9]-{slug}.md"):
            try:
                value = read_chapter(path, document, lang).meta.get("translation_of")
            except PublisherError:
                continue
            if value is not None:
                wanted.add(str(value))
    folder = publication.root / SNAPSHOTS / document
    for snap in folder.glob(f"{slug}.*.md"):
        if snap.name[len(slug) + 1 : -3] not in wanted:
            snap.unlink()


def diff(publication: Publication, file: Path) -> str:
    """A unified diff of the source chapter: as ``file`` last translated it → as it is now."""
    document, lang, chapter = _locate(publication, file)
    source = _source_of(publication, document, lang, chapter)
    recorded = chapter.meta.get("translation_of")
    current = source.path.read_text(encoding="utf-8")
    if recorded is None:
        raise PublisherError.at(
            chapter.path,
            2,
            "no 'translation_of' in the front matter: nothing to "
            f"compare with (`publisher status --mark {display_path(chapter.path)}` "
            "records the current source)",
        )
    if str(recorded) == source.source_hash:
        return ""
    snap = snapshot_path(publication.root, document, source.slug, str(recorded))
    if not snap.is_file():
        raise PublisherError.at(
            chapter.path,
            _front_matter_line(chapter, "translation_of"),
            f"no snapshot of source version {recorded} ({display_path(snap)} is "
            "missing): compare with the source by hand, then mark the chapter",
        )
    old = snap.read_text(encoding="utf-8")
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            current.splitlines(keepends=True),
            fromfile=f"{display_path(source.path)} @ {recorded} (translated)",
            tofile=f"{display_path(source.path)} @ {source.source_hash} (now)",
        )
    )


def status_table(
    statuses: list[ChapterStatus],
    publication: Publication,
    units: dict[tuple[str, str, str], dict[str, int]] | None = None,
) -> list[tuple[str, list[list[str]]]]:
    """Per document: rows of [chapter, state per language] for printing (with each chapter's
    ``units`` current/stale/missing when given: :func:`unit_summary`)."""
    units = units or {}
    tables = []
    for document in publication.documents:
        langs = [lang for lang in document.languages if lang != document.source_language]
        slugs: list[str] = []
        for s in statuses:
            if s.document == document.id and s.slug not in slugs:
                slugs.append(s.slug)
        cells = {(s.lang, s.slug): s.state for s in statuses if s.document == document.id}
        rows = []
        for slug in slugs:
            source = next(
                (s.source for s in statuses if s.document == document.id and s.slug == slug and s.source is not None),
                None,
            )
            name = source.path.name if source else slug
            rows.append(
                [
                    name,
                    *[
                        cells.get((lang, slug), "-") + unit_summary(units.get((document.id, lang, slug), {}))
                        for lang in langs
                    ],
                ]
            )
        tables.append((document.id, rows))
    return tables


def print_blockers(statuses: list[ChapterStatus], document: str, lang: str) -> list[Problem]:
    """Errors that stop a printer's PDF: missing or stale chapters of this edition."""
    diags = Diagnostics()
    status_problems(
        [s for s in statuses if s.document == document and s.state in (STALE, MISSING)],
        diags,
        severity="error",
        languages={lang},
    )
    return [
        Problem(
            p.path,
            p.line,
            p.message + " — the printer's PDF is not built from a stale or "
            "incomplete translation (build with --allow-stale to override)",
            p.severity,
        )
        for p in diags.problems
    ]


def unit_summary(counts: dict[str, int]) -> str:
    """`` 35/1/2``: a chapter's units current/stale/missing (`` 38`` when all are current), or nothing."""
    if not counts or not any(counts.values()):
        return ""
    current, stale, new = counts.get("current", 0), counts.get("stale", 0), counts.get("new", 0)
    return f" {current}" if not stale and not new else f" {current}/{stale}/{new}"
