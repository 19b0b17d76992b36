"""Reading the editor's text files as their tools save them.

Every file a user writes (chapters, ``publication.yaml``, data and figure YAML, ``.po``
catalogs) is read here: UTF-8 with or without a byte-order mark, with LF, CRLF or lone-CR
line endings (all become ``\\n``, so a line number counts the lines an editor shows). A file in
another encoding is a located error: the line of the first byte that is not UTF-8, the byte
itself, and what to do about it.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from publisher.diagnostics import PublisherError

SAVE_AS_UTF8 = "save it as UTF-8 (in the editor's “Save as” or “Encoding” menu)"

# The longest byte-order marks first: UTF-32's little-endian mark begins with UTF-16's.
_FOREIGN_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def line_of(data: bytes, offset: int) -> int:
    """The 1-based line of byte ``offset``, counting LF, CRLF and lone CR as line ends."""
    before = data[:offset].replace(b"\r\n", b"\n")
    return before.count(b"\n") + before.count(b"\r") + 1


def _looks_utf16(data: bytes) -> bool:
    """ASCII saved as UTF-16 without a byte-order mark: every other byte of the start is NUL."""
    head = data[:64]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) == len(even) and 0 not in odd or odd.count(0) == len(odd) and 0 not in even


def decode_text(data: bytes, path: str | Path) -> str:
    """``data`` as text with ``\\n`` line ends, or a :class:`PublisherError` at the first bad byte."""
    for bom, name in _FOREIGN_BOMS:
        if data.startswith(bom):
            raise PublisherError.at(
                path, 1, f"the file is saved as {name} (it starts with a {name} byte-order mark): {SAVE_AS_UTF8}"
            )
    if _looks_utf16(data):
        raise PublisherError.at(
            path,
            1,
            f"the file seems saved as UTF-16 without a byte-order mark (every other byte is 0x00): {SAVE_AS_UTF8}",
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        start = max(start, data.rfind(b"\r", 0, exc.start) + 1)
        before = data[start : exc.start].decode("utf-8", errors="replace")
        column = len(before) + 1
        near = f" after {before[-20:].lstrip()!r}" if before.strip() else ""
        raise PublisherError.at(
            path,
            line_of(data, exc.start),
            f"not UTF-8: byte 0x{data[exc.start]:02X} at column {column}{near} — the file is saved in "
            f"another encoding (such as Windows-1252 or ISO-8859-9): {SAVE_AS_UTF8}",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path) -> str:
    """Read a text file the user wrote (see the module's docstring); problems are located errors."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PublisherError.at(path, 0, f"cannot read: {exc.strerror}") from None
    return decode_text(data, path)
