"""The keys, variables and filters as the code defines them — found by asking the code, never listed
by hand: ``publication.yaml``'s keys by giving its validation an unknown key at every level (its
error names the keys it accepts), the front matter's from ``FRONT_MATTER_KEYS``, the chapter
variables from the Jinja context a chapter gets, the filters from the chapters' environment."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from publisher.languages import DEFAULT

PROBE = "zz_probe"
UNKNOWN = re.compile(rf"^(?:(.*)\.)?{PROBE}: unknown key \(expected one of: (.*)\)$")
_MINIMAL: dict[str, Any] = {
    "title": {DEFAULT: "T"},
    "languages": [DEFAULT],
    "documents": [{"id": "zz-probe", "title": {DEFAULT: "D"}}],
}


def _probe_at(tree: dict[str, Any], path: str) -> None:
    """Put the unknown key in the mapping at ``path`` (``print.paper``; ``documents[]``: its first item)."""
    node: Any = tree
    for part in path.split("."):
        listed = part.endswith("[]")
        name = part.removesuffix("[]")
        if listed:
            items = node.setdefault(name, [{}])
            node = items[0]
        else:
            child = node.get(name)
            node[name] = child if isinstance(child, dict) else {}
            node = node[name]
    node.setdefault(PROBE, 1)


def publication_keys(mappings: list[str]) -> list[str]:
    """Every key ``publication.yaml`` accepts, as ``print.paper.text_gsm`` / ``documents[].id``,
    asking its validation at the top level and at each mapping of ``mappings`` that exists."""
    import yaml

    from publisher.diagnostics import PublisherError
    from publisher.load.config import load_publication

    probe: dict[str, Any] = {**_MINIMAL, "documents": [dict(_MINIMAL["documents"][0])], PROBE: 1}
    for path in mappings:
        _probe_at(probe, path)
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "publication.yaml").write_text(yaml.safe_dump(probe), encoding="utf-8")
        try:
            load_publication(Path(folder))
            problems: list[Any] = []
        except PublisherError as exc:
            problems = list(exc.problems)
    keys: list[str] = []
    for problem in problems:
        match = UNKNOWN.match(problem.message)
        if match:
            parent = re.sub(r"\.\d+(?=\.|$)", "[]", match.group(1) or "")
            keys += [f"{parent}.{key}" if parent else key for key in match.group(2).split(", ")]
    return keys


def front_matter_keys() -> list[str]:
    from publisher.load.content import FRONT_MATTER_KEYS

    return sorted(FRONT_MATTER_KEYS, key=lambda key: (key != "title", key))


def chapter_variables() -> list[str]:
    """The names a chapter's Jinja expressions reach (a document's id shown as ``<id>``)."""
    import yaml

    from publisher.load.config import load_publication
    from publisher.text.document import jinja_context

    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "publication.yaml").write_text(yaml.safe_dump(_MINIMAL), encoding="utf-8")
        publication = load_publication(Path(folder))
    context = jinja_context(publication, SimpleNamespace(data={}), DEFAULT)  # type: ignore[arg-type]
    names: list[str] = []

    def walk(value: Any, prefix: str) -> None:
        for key, child in value.items():
            name = f"{prefix}{'<id>' if key == 'zz-probe' else key}"
            names.append(name)
            if isinstance(child, dict) and child and not name.endswith(("data", "print_runs")):
                walk(child, name + ".")

    walk(context, "")
    return names


def filters() -> list[str]:
    from publisher.text.locale import jinja_filters

    return list(jinja_filters(DEFAULT))
