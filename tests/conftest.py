"""Shared fixtures: a copy of the sample publication, built once per session, and tiny projects;
those of :mod:`helpers` (the browser, the sample's web edition). The helper functions are in :mod:`helpers`."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import MINIMAL_PUBLICATION, ROOT, browser, copy_project, web_site  # noqa: F401 (fixtures: browser, web_site)
from hypothesis import HealthCheck, Phase, settings

# Hypothesis profiles: "quick" for `make test` (every run draws new examples: the fuzz module stays
# under a minute on 2 cores, and three runs in CI try three times as many),
# "long" for `make fuzz` (HYPOTHESIS_PROFILE=long). Tests scale their examples from max_examples.
_FUZZ = {"deadline": None, "suppress_health_check": list(HealthCheck), "print_blob": True}
settings.register_profile(
    "quick", max_examples=10, phases=[Phase.explicit, Phase.reuse, Phase.generate], **_FUZZ
)  # no shrinking: a failure is reported at once (`make fuzz` shrinks it)
settings.register_profile("long", max_examples=400, **_FUZZ)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample publication's sources of the test's own, to edit."""
    return copy_project(tmp_path / "sample")


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An unbuilt copy of the sample publication (do not modify: copy it again to edit)."""
    return copy_project(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory):
    """The sample publication, fully built once per test session: (root, results, diagnostics).

    Under pytest-xdist the session's processes share one build: the first to ask builds it
    (holding a lock), the others wait for it and read its outcome.
    """
    from publisher.pipeline.stages import build

    if "PYTEST_XDIST_WORKER" not in os.environ:
        root = copy_project(tmp_path_factory.mktemp("built"))
        results, diags = build(root, keep_html=True)
        return root, results, diags
    shared = tmp_path_factory.getbasetemp().parent / "built-sample"
    shared.mkdir(exist_ok=True)
    with open(shared / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        outcome = shared / "outcome.pickle"
        if not outcome.is_file():
            root = copy_project(shared / "project")
            results, diags = build(root, keep_html=True)
            partial = outcome.with_suffix(".partial")
            partial.write_bytes(pickle.dumps((results, diags)))
            partial.rename(outcome)
        results, diags = pickle.loads(outcome.read_bytes())
    return shared / "project", results, diags


@pytest.fixture(scope="session")
def built(built_sample) -> Path:
    """The root of the built sample, which must have built without errors."""
    root, _, diags = built_sample
    assert not diags.errors, "\n".join(map(str, diags.errors))
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Write a tiny project: ``make_project(chapters={"en/doc/01-a.md": "..."}, data={...})``.

    Templates are the built-in theme's; publication.yaml is minimal unless given.
    """

    def make(
        chapters: dict[str, str] | None = None,
        publication: str = MINIMAL_PUBLICATION,
        data: dict[str, str] | None = None,
        figures: bool = False,
    ) -> Path:
        root = tmp_path / "project"
        root.mkdir(exist_ok=True)
        (root / "publication.yaml").write_text(publication, encoding="utf-8")
        if figures:
            shutil.copytree(ROOT / "figures", root / "figures", dirs_exist_ok=True)
            shutil.copytree(ROOT / "content" / "data", root / "content" / "data", dirs_exist_ok=True)
        if chapters is None:
            chapters = {
                f"{lang}/doc/01-intro.md": f"---\ntitle: Intro {lang}\n---\n\nText {lang}.\n"
                for lang in ("en", "tr", "it")
            }
        for rel, text in chapters.items():
            path = root / "content" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        for name, text in (data or {}).items():
            path = root / "content" / "data" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make
