#!/usr/bin/env python3
"""Extract CLDR's quotation marks into ``publisher/data/delimiters.json`` (committed).

Babel does not ship CLDR's ``delimiters`` (quotationStart/End, alternateQuotationStart/End),
so the publisher keeps them as a data file inside the package: the build never needs the
network. This script makes that file from the ``cldr-misc-full`` npm package (Unicode's
CLDR JSON, licence Unicode-3.0), whose ``main/<locale>/delimiters.json`` holds them.

    python3 scripts/cldr_delimiters.py                  # npm pack cldr-misc-full@VERSION, then extract
    python3 scripts/cldr_delimiters.py --tarball FILE   # from a tarball already downloaded

Each locale maps to four characters: double open, double close, single open, single close
(what :attr:`publisher.languages.Language.quotes` holds). Locale ids are written with ``_``
(``de_CH``), as Babel spells them; ``und`` is CLDR's root.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

VERSION = "48.2.0"
PACKAGE = "cldr-misc-full"
OUTPUT = Path(__file__).resolve().parent.parent / "publisher" / "data" / "delimiters.json"
MEMBER = re.compile(r"^package/main/([^/]+)/delimiters\.json$")
KEYS = ("quotationStart", "quotationEnd", "alternateQuotationStart", "alternateQuotationEnd")


def fetch(folder: Path, version: str) -> Path:
    """``npm pack`` the package into ``folder``; the tarball's path."""
    result = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{version}", "--silent"],
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return folder / result.stdout.strip().splitlines()[-1]


def extract(tarball: Path) -> dict[str, str]:
    """Locale id → the four quotation marks, for every locale of the tarball."""
    marks: dict[str, str] = {}
    with tarfile.open(tarball) as archive:
        for member in archive:
            match = MEMBER.match(member.name)
            stream = archive.extractfile(member) if match else None
            if match is None or stream is None:
                continue
            data = json.load(stream)
            (locale,) = data["main"].values()
            delimiters = locale["delimiters"]
            marks[match.group(1).replace("-", "_")] = "".join(delimiters[key] for key in KEYS)
    return dict(sorted(marks.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="a downloaded cldr-misc-full tarball")
    parser.add_argument("--version", default=VERSION, help=f"the npm package version (default {VERSION})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch(Path(tmp), args.version)
        marks = extract(tarball)
    if "und" not in marks or "en" not in marks:
        raise SystemExit(f"{tarball}: no und (root) or en delimiters: not a cldr-misc tarball?")
    document = {
        "source": f"{PACKAGE}@{args.version} (Unicode CLDR, licence Unicode-3.0): main/<locale>/delimiters.json",
        "order": "quotationStart quotationEnd alternateQuotationStart alternateQuotationEnd",
        "locales": marks,
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(document, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {len(marks)} locales")


if __name__ == "__main__":
    main()
