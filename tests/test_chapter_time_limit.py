"""The chapter time limit holds in any thread (``serve`` renders chapters in its watcher thread),
points at the chapter's line, and never fires after the chapter has finished."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import publisher.text.jinja as render
from publisher.diagnostics import PublisherError
from publisher.pipeline.stages import build

ENDLESS = (
    '{% set s = "x" * 3000 %}{% for a in s %}{% for b in s %}{% for c in s %}{{ "" }}'
    "{% endfor %}{% endfor %}{% endfor %}"
)
"""27 billion steps, no ``range()`` (its step bound would stop it first): only the clock can."""
SILENT = ENDLESS.replace('{{ "" }}', "")
"""The same without output: the limit strikes inside the template's code, not between outputs."""


def in_thread(call: Callable[[], object]) -> BaseException | None:
    """Run ``call`` in a new thread; the exception it raised (None if none). Fails if it is still
    running after 60 s: without a limit these chapters run for hours."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            raised.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the chapter is still running: no time limit in this thread"
    return raised[0] if raised else None


@pytest.mark.parametrize("loop", [ENDLESS, SILENT], ids=["with-output", "silent"])
def test_time_limit_in_a_thread_points_at_the_line(monkeypatch: pytest.MonkeyPatch, loop: str) -> None:
    monkeypatch.setattr(render, "MAX_SECONDS", 0.5)
    text = "Intro.\n\n{{ 1 + 1 }}\n\n" + loop + "\n\nOutro.\n"
    exc = in_thread(lambda: render.render_chapter_text(text, Path("content/en/doc/01-a.md"), 4, "en", {}))
    assert isinstance(exc, PublisherError), exc
    assert [str(p) for p in exc.problems] == [
        "content/en/doc/01-a.md:8: error: too expensive: the chapter's expressions ran for more than 0.5 s"
    ]


def test_a_build_in_a_thread_stops_an_endless_chapter(make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "MAX_SECONDS", 1.0)
    chapters = {f"{lang}/doc/01-intro.md": f"---\ntitle: Intro {lang}\n---\n\nText {lang}.\n" for lang in ("tr", "it")}
    chapters["en/doc/01-intro.md"] = "---\ntitle: Intro\n---\n\nText.\n\n" + SILENT + "\n"
    root = make_project(chapters=chapters)
    outcome: list[list[str]] = []
    raised = in_thread(lambda: outcome.append([str(p) for p in build(root, formats=["html"])[1].errors]))
    if isinstance(raised, PublisherError):
        outcome.append([str(p) for p in raised.problems])
    else:
        assert raised is None, raised
    assert outcome == [
        [f"{root}/content/en/doc/01-intro.md:7: error: too expensive: the chapter's expressions ran for more than 1 s"]
    ], outcome


def test_the_limit_never_fires_after_the_chapter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A chapter that finished in time leaves nothing armed: its thread runs on past the deadline."""
    monkeypatch.setattr(render, "MAX_SECONDS", 0.2)
    past_deadline = threading.Event()

    def render_then_wait() -> None:
        assert render.render_chapter_text("{{ 6 * 7 }}", Path("c.md"), 1, "en", {}) == "42"
        # outlive the deadline: time passing is the point here, there is no condition to wait on;
        # an exception left pending for this thread would be raised at the next line
        threading.Event().wait(0.4)
        past_deadline.set()

    assert in_thread(render_then_wait) is None
    assert past_deadline.is_set()
