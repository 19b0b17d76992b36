"""Which translated block translates which source block — through the stored baseline.

Three versions of a chapter meet here: the source now (S), the source as it was when the
translation was made (the baseline B, ``content/.translations/<doc>/<slug>.<hash>.md``, which
``publisher status --mark`` keeps), and the translation (T). A translation keeps the block
structure of what it translates, so baseline block *i* is translated by translation block *i*
(checked: the kinds must agree; where they do not — a translator merged two paragraphs — the
blocks are matched by kind and by the codes they carry, which are the same in every language).
Then B is compared with S, block by block (difflib on the blocks' text): an unchanged block
keeps its translation as current; a changed one keeps it for review; an inserted one has none.
Nothing is matched by position in S, so an inserted or deleted paragraph shifts nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from publisher.translate.blocks import Block
from publisher.translate.codes import PH, Code, parse_inline

CURRENT, STALE, NEW = "current", "stale", "new"


@dataclass(frozen=True)
class Aligned:
    """A source block with the translation block that translates it, if any."""

    source: Block
    translation: Block | None
    state: str
    """``current``: its source has not changed; ``stale``: it has (``previous`` is what was
    translated); ``new``: no translation."""
    previous: str | None = None


def _key(block: Block) -> str:
    """What a block is in any language: its kind and the codes a translation keeps."""
    codes = sorted(
        s.text
        for s in parse_inline(block.text)
        if isinstance(s, Code) and s.role == PH and s.ctype in ("x-jinja", "x-footnote-ref", "x-cross-reference")
    )
    return block.kind + "\0" + "\0".join(codes)


def _pairs(a: list[str], b: list[str]) -> list[tuple[int, int, bool]]:
    """(i, j, equal) of the items of ``a`` and ``b`` that correspond, by a diff of the two."""
    out: list[tuple[int, int, bool]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend((i1 + k, j1 + k, True) for k in range(i2 - i1))
        elif tag == "replace":
            # changed blocks pair in order, each with the next one of the same kind
            j = j1
            for i in range(i1, i2):
                kind = a[i].split("\0", 1)[0]
                for k in range(j, j2):
                    if b[k].split("\0", 1)[0] == kind:
                        out.append((i, k, False))
                        j = k + 1
                        break
    return out


def baseline_to_translation(baseline: list[Block], translation: list[Block]) -> dict[int, int]:
    """Baseline block index → translation block index (the same index where structures agree)."""
    if [b.kind for b in baseline] == [t.kind for t in translation]:
        return {i: i for i in range(len(baseline))}
    pairs = _pairs([_key(b) for b in baseline], [_key(t) for t in translation])
    return {i: j for i, j, _ in pairs}


def align(source: list[Block], baseline: list[Block] | None, translation: list[Block] | None) -> list[Aligned]:
    """Each source block with its translation block and state.

    ``baseline`` None: the translation records no source version that is still stored, so
    every translated block is matched by structure and is ``stale`` (to be checked).
    """
    if translation is None:
        return [Aligned(block, None, NEW) for block in source]
    known = baseline is not None
    base = baseline if baseline is not None else source
    to_translation = baseline_to_translation(base, translation)
    if known:
        pairs = _pairs([b.kind + "\0" + b.text for b in base], [s.kind + "\0" + s.text for s in source])
    else:
        pairs = [(i, i, False) for i in range(len(source))]
    by_source = {j: (i, equal) for i, j, equal in pairs}
    out = []
    for j, block in enumerate(source):
        if j not in by_source or by_source[j][0] not in to_translation:
            out.append(Aligned(block, None, NEW))
            continue
        i, equal = by_source[j]
        translated = translation[to_translation[i]]
        previous = None if equal else base[i].text if known else None
        out.append(Aligned(block, translated, CURRENT if equal else STALE, previous))
    return out
