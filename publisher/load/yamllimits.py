"""Bounds on what a YAML text may make of itself: nesting depth and alias expansion.

A few hundred bytes of YAML can describe billions of values (each ``*alias`` repeats its
anchor's value in full: the "billion laughs"), nest deeper than Python can recurse, or refer to
itself. PyYAML composes such a text into a small graph; whatever walks it afterwards (our line
map, merge keys, the templates, a cache key) expands it. These limits refuse it while composing,
at the line that crosses them, in time and memory linear in the text.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 100
"""Levels of nested lists and mappings: a publication's data needs a handful; PyYAML's composer recurses per level."""

MAX_ALIAS_GROWTH = 100_000
"""Values that aliases may add to a file beyond the values written in it."""


class YAMLLimitError(Exception):
    """A text that crosses a limit: ``mark`` is where, ``message`` what the editor should do."""

    def __init__(self, mark: Any, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses deep nesting and aliases to an enclosing value."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0
        self.open_anchors: list[str] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self.open_anchors:
                raise YAMLLimitError(
                    event.start_mark,
                    f"the alias *{event.anchor} refers to the value that contains it: it would repeat forever",
                )
            return super().compose_node(parent, index)
        if isinstance(event, yaml.ScalarEvent):
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YAMLLimitError(
                event.start_mark, f"nested deeper than {MAX_DEPTH} levels: flatten the data (a list of rows, say)"
            )
        anchor = event.anchor
        if anchor is not None:
            self.open_anchors.append(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1
            if anchor is not None:
                self.open_anchors.pop()


def check_expansion(root: yaml.Node) -> None:
    """Raise :class:`YAMLLimitError` when aliases make ``root`` grow by more than the limit.

    Sizes are counted once per node (memoised), so a bomb costs what its text costs. The error is
    at the first value (in document order, innermost first) whose expansion crosses the limit
    and that repeats an anchor itself: the line where the repetition gets out of hand.
    """
    sizes: dict[int, int] = {}
    first: list[yaml.Node] = []

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        children = _children(node)
        total = 1
        repeats = False
        for child in children:
            repeats = repeats or id(child) in sizes
            total += size(child)
        sizes[id(node)] = total
        if repeats and total > MAX_ALIAS_GROWTH and not first:
            first.append(node)
        return total

    expanded = size(root)
    if expanded - len(sizes) > MAX_ALIAS_GROWTH:
        where = first[0] if first else root
        raise YAMLLimitError(
            where.start_mark,
            f"aliases expand beyond {MAX_ALIAS_GROWTH:,} values ({expanded:,} from {len(sizes):,} written): "
            "each *alias repeats its anchor's value in full — write the values out, or repeat less",
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
