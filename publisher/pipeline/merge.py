"""The merge of a sharded build: the shards' books copied into build/, then what spans the editions.

``publisher build --merge DIR…`` reads each shard's ``shard.json`` (:mod:`publisher.pipeline.shards`),
refuses shards of other sources, a shard missing or given twice, a book built twice or by no
shard, a file whose checksum is not its manifest's — every problem at once, before anything is
written — then copies the shards' files into build/ and runs the stages of a build with the
books already made: charts, the site (indexes, language switchers, search, sitemap, downloads),
the preflight, print-run tables and job sheet. The same code writes them as in a build on one
machine, so the merged build/ is that build's, file for file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from publisher.diagnostics import Diagnostics, Problem, PublisherError, display_path
from publisher.files import build_lock, clean_stale_temporaries, write_atomic
from publisher.internal import reports_bugs
from publisher.pipeline.cache import Cache, inputs_fingerprint
from publisher.pipeline.plan import BuildOptions, EditionResult, plan
from publisher.pipeline.shards import Shard, check_books, check_shards
from publisher.pipeline.stages import load, run_stages


@reports_bugs("merging the shards")
def merge(
    root: Path,
    folders: list[Path],
    *,
    jobs: int | None = None,
    on_progress: Callable[[EditionResult], None] | None = None,
) -> tuple[list[EditionResult], Diagnostics]:
    """Merge the build folders of the shards (``folders``) of a build of ``root`` into ``root/build``;
    returns the results of every edition and every warning/error, as :func:`~publisher.pipeline.stages.build`."""
    shards = [Shard(folder) for folder in folders]
    selection = shards[0].selection
    options = BuildOptions(
        documents=list(selection.get("documents", [])) or None,
        languages=list(selection.get("languages", [])) or None,
        formats=list(selection.get("formats", [])) or None,
        jobs=jobs,
        keep_html=bool(selection.get("keep_html")),
        allow_stale=bool(selection.get("allow_stale")),
    )
    build_dir = root / "build"
    with build_lock(build_dir):
        clean_stale_temporaries(build_dir)
        problems = check_shards(shards, inputs_fingerprint(root), options)
        if problems:
            raise PublisherError(problems)
        project = load(root, options.documents, options.languages)
        problems = check_books(shards, sorted(project.texts))
        files, more = _shard_files(shards)
        if problems or more:
            raise PublisherError(problems + more)
        made = _copy(shards, files, build_dir, on_progress)
        from publisher.pipeline.workers import Runner

        runner = Runner(jobs, 2, on_progress or (lambda result: None))
        try:
            editions = plan(project, options.formats)
            cache = Cache(build_dir / ".cache" / "editions.json", root)
            results = run_stages(root, cache, runner, project, editions, options, made)
        finally:
            runner.close()
    return results, project.diagnostics


def _shard_files(shards: list[Shard]) -> tuple[dict[str, Path], list[Problem]]:
    """Each file the shards made (relative to build/) → where it is; a file missing, changed since
    its shard wrote its manifest, or made by two shards is a problem."""
    files: dict[str, Path] = {}
    problems = []
    for shard in shards:
        for entry in shard.editions:
            for rel, sha in dict(entry.get("files", {})).items():
                source = shard.folder / rel
                if rel in files:
                    problems.append(shard.error(f"{rel} made by two shards (also {display_path(files[rel])})"))
                elif not source.is_file():
                    problems.append(shard.error(f"{rel} is missing (a partial artifact?)"))
                elif hashlib.sha256(source.read_bytes()).hexdigest() != sha:
                    problems.append(shard.error(f"{rel}: its sha256 is not the manifest's (a damaged artifact?)"))
                files[rel] = source
    return files, problems


def _copy(
    shards: list[Shard],
    files: dict[str, Path],
    build_dir: Path,
    on_progress: Callable[[EditionResult], None] | None,
) -> list[EditionResult]:
    """Copy the shards' files into ``build_dir`` (each atomically; a shard's own build folder is left
    as it is); the results of their editions."""
    for rel, source in sorted(files.items()):
        target = build_dir / rel
        if not (target.is_file() and target.samefile(source)):
            write_atomic(target, source.read_bytes())
    results = [result for shard in shards for result in shard.results(build_dir)]
    for result in results:
        if on_progress is not None:
            on_progress(result)
    return results
