"""``python -m publisher.reference [FILE]``: write docs/reference.md (stdout without FILE);
``--check FILE``: exit 1 when FILE differs from what the code gives, or a key has no entry."""

from __future__ import annotations

import sys
from pathlib import Path

from publisher.reference import missing_entries, render


def main(argv: list[str]) -> int:
    check = "--check" in argv
    files = [arg for arg in argv if arg != "--check"]
    missing = missing_entries()
    for name in missing:
        print(f"publisher/reference/entries.yaml: error: no entry for {name}", file=sys.stderr)
    text = render()
    if not files:
        sys.stdout.write(text)
        return 1 if missing else 0
    path = Path(files[0])
    if check:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            print(f"{path}: error: differs from the code: run `python -m publisher.reference {path}`", file=sys.stderr)
            return 1
    else:
        path.write_text(text, encoding="utf-8")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
