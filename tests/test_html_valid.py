"""Every page of the web edition is valid HTML: the W3C Nu HTML Checker (npm ``vnu-jar``, run with
Java 17: ``openjdk-17-jre-headless`` in ``scripts/system-packages.sh --test``) reports no error.

One Java run checks all pages of the sample's shared build at once (the checker starts in a few
seconds and then takes a fraction of a second a page). Its warnings are not failures.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

VNU = Path(__file__).parent / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(site: Path) -> tuple[int, list[str]]:
    """(pages checked, every error as ``page:line: message``) of the Nu checker over ``site``."""
    assert VNU.is_file(), f"the Nu HTML Checker is missing: npm ci --prefix {VNU.parents[4]} (make test does it)"
    assert shutil.which("java"), "Java is needed: apt-get install -y openjdk-17-jre-headless"
    pages = sorted(site.rglob("*.html"))
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    messages = json.loads(run.stderr)["messages"]
    errors = [
        f"{Path(m.get('url', '').removeprefix('file:')).relative_to(site)}:{m.get('lastLine', 0)}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    return len(pages), errors


def test_every_page_of_the_site_is_valid_html(built: Path) -> None:
    count, errors = nu_errors(built / "build" / "html")
    assert count > 50
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:40])
