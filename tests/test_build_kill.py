"""Never lose an output: a build SIGKILLed mid-render leaves every previous output intact."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from publisher.build.pipeline import build


def outputs(root: Path) -> dict[str, bytes]:
    build_dir = root / "build"
    return {p.relative_to(build_dir).as_posix(): p.read_bytes() for p in build_dir.rglob("*")
            if p.is_file() and ".cache" not in p.parts and p.name != ".lock"}


def valid_pdf(data: bytes) -> bool:
    import io

    from pypdf import PdfReader

    if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
        return False
    return len(PdfReader(io.BytesIO(data)).pages) > 0


def test_sigkill_mid_render_keeps_every_previous_output(make_project) -> None:
    root = make_project()
    _, diags = build(root, formats=["pdf", "html"], jobs=1)
    assert not diags.errors, diags.errors
    before = outputs(root)
    assert {"pdf/doc.en.pdf", "pdf/doc.tr.pdf", "pdf/doc.it.pdf", "html/en/doc/intro.html"} <= set(before)

    for lang in ("en", "tr", "it"):
        chapter = root / "content" / lang / "doc" / "01-intro.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "publisher", "-C", str(root), "build", "-f", "pdf", "-f", "html",
                             "--force", "-j", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    # kill the whole build (its workers too) as soon as a worker is writing its first PDF
    pdf_dir = root / "build" / "pdf"
    while proc.poll() is None and not any(pdf_dir.glob(".*.tmp")) and not any(
            p.stat().st_mtime_ns > 0 and outputs(root).get(f"pdf/{p.name}") != before.get(f"pdf/{p.name}")
            for p in pdf_dir.glob("*.pdf")):
        time.sleep(0.005)
    killed_mid_build = proc.poll() is None
    import os

    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert killed_mid_build, "the build finished before it could be killed"

    after = outputs(root)
    assert set(before) <= set(after)
    for name, old in before.items():
        new = after[name]
        if name.endswith(".pdf"):
            assert new == old or valid_pdf(new), f"{name} is damaged"
        else:
            assert new == old or new.endswith(b"</html>\n") or new.rstrip().endswith(b"</html>"), name
    # the next build cleans the killed build's temporaries and completes
    _, diags = build(root, formats=["pdf", "html"], jobs=1)
    assert not diags.errors
    assert not list((root / "build").rglob(".*.tmp"))
    assert all(valid_pdf(data) for name, data in outputs(root).items() if name.endswith(".pdf"))
