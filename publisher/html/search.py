"""Full-text search of the web edition: a small index per document and language, searched in the browser.

Why our own index and not Pagefind: the index must be searchable from ``file://`` (Pagefind
fetches its index and a WebAssembly module, which browsers refuse on ``file://``), and Turkish
needs its own case mapping (``İzmir`` → ``izmir``, ``IŞIK`` → ``ışık``) before words are compared.

Each chapter is cut into sections at its ``h2``/``h3`` headings. A section keeps its plain text
(for the result snippet) and the set of its *folded* words: lower-cased by the language's rules
(:func:`publisher.locale.lower`), diacritics removed and ``ı`` → ``i``, so that ``göç``, ``goc``
and ``GÖÇ`` are one word. A query matches a section when every query word is the *beginning*
of one of its words — which is how Turkish suffixes are found: ``göç`` finds ``göçmenler``,
``izmir`` finds ``İzmir’de``. ``assets/search.js`` folds the query the same way.

Arabic writes its article and its commonest conjunction and prepositions as part of the word:
``واللاجئين`` is "and the refugees". So in Arabic a word also stands for its *stem*: the word
without a leading ``و`` (and) and then without the article ``ال`` or ``وال بال كال فال لل`` — Larkey's
"light10" prefixes, with its minimum lengths (:func:`stem`). The index keeps both forms and a
query word matches when either of its forms begins either form of a word: ``لاجئين`` finds
``واللاجئين`` and ``اللاجئين`` finds ``للاجئين``.

The index is a JavaScript file per (language, document), ``assets/search/<lang>.<doc>.js``, that
appends its sections to ``window.PUBLISHER_SEARCH``: a ``<script>`` loads it from ``file://``
as well as from any static host, and a partial build rewrites only its own editions' files.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from publisher.numerals import to_ascii
from publisher.text.locale import lower


def _marks() -> str:
    """Every combining mark of the BMP (Unicode category M) as a regular-expression class body."""
    spans: list[list[int]] = []
    for point in range(0x300, 0x10000):
        if unicodedata.category(chr(point)).startswith("M"):
            if spans and spans[-1][1] == point - 1:
                spans[-1][1] = point
            else:
                spans.append([point, point])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in spans)


WORD = re.compile(f"[^\\W_](?:[^\\W_]|[{_marks()}])*")
"""A word: letters and digits, and the marks that belong to them (Devanagari's vowel signs, Khmer's
subscript sign), as ``[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}]*`` in ``search.js``."""
COMBINING = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]+"
)
"""Combining diacritical marks (what NFD splits off accented Latin letters), the Arabic harakat
(and the hamza and madda NFD splits off أ إ آ ؤ ئ, so that أ and ا are one letter), the
tatweel (U+0640, a stretch with no meaning): ``مُهَاجِرِينَ`` and ``مهـــاجرين`` fold to ``مهاجرين``;
and the Hebrew points and cantillation marks: ``שָׁלוֹם`` folds to ``שלום``. (Not the vowel signs
of the Indic scripts: they are letters of the word.)"""
LETTER_VARIANTS = str.maketrans({"\u06cc": "\u064a", "\u0649": "\u064a", "\u06a9": "\u0643"})
"""Persian yeh ی and alef maksura ى → Arabic yeh ي, keheh ک → Arabic kaf ك: Persian, Dari, Urdu and
Arabic keyboards type these for one letter (the same in ``search.js``)."""
UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)
"""Characters of the scripts written without spaces between words (Thai, Lao, Myanmar, Khmer,
Kana, Han): a run of them is segmented into its dictionary words (ICU), and a query word in them
matches where the text contains it (the same in ``search.js``, with ``Intl.Segmenter``)."""
ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
"""Prefixes :func:`stem` strips after the conjunction ``و``, longest first (the same in ``search.js``)."""
SECTION_TAGS = {"h2", "h3"}
SKIPPED_TAGS = {"script", "style", "sup"}
"""Footnote reference numbers (``<sup>``) would glue to the word before them."""


def fold(text: str, lang: str) -> str:
    """Lower-case ``text`` by ``lang``'s rules, drop diacritics (:data:`COMBINING`), map ``ı`` to ``i``
    and every script's digits to 0-9 (``۱۲`` and ``12`` are one number: :func:`publisher.numerals.to_ascii`).

    In Turkish, ``İzmir’de GÖÇMENLER`` folds to ``izmir’de gocmenler``.
    """
    decomposed = unicodedata.normalize("NFD", lower(text, lang))
    return to_ascii(COMBINING.sub("", decomposed).replace("ı", "i").translate(LETTER_VARIANTS))


def words(text: str, lang: str) -> list[str]:
    """The folded words of ``text``, in order; a run of a script written without spaces is cut
    into its dictionary words (``友好城市项目`` → ``友好``, ``城市``, ``项目``)."""
    found: list[str] = []
    for word in WORD.findall(fold(text, lang)):
        found.extend(segments(word) if UNSPACED.search(word) else [word])
    return found


def segments(run: str) -> list[str]:
    """The dictionary words of ``run`` (ICU's word break iterator)."""
    from publisher.text.wordbreak import word_segments

    return [part for part in word_segments(run) if WORD.fullmatch(part)] or [run]


def stem(word: str, lang: str) -> str:
    """A folded word without the Arabic prefixes of :data:`ARABIC_ARTICLES` (other languages: as it is).

    ``و`` goes from a word of four letters or more; an article when two letters or more remain.
    """
    if lang.split("-")[0].lower() != "ar":
        return word
    if word.startswith("و") and len(word) > 3:
        word = word[1:]
    for article in ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) > 1:
            return word[len(article) :]
    return word


def _forms(word: str, lang: str) -> set[str]:
    return {word, stem(word, lang)}


def matches(term: str, word: str, lang: str) -> bool:
    """Whether the folded query word ``term`` finds the folded ``word``: one form of it begins one of the word's."""
    return any(w.startswith(t) for t in _forms(term, lang) for w in _forms(word, lang))


@dataclass
class Section:
    """A run of a chapter between two headings."""

    anchor: str = ""
    heading: str = ""
    text: list[str] = field(default_factory=list)


class _SectionSplitter(HTMLParser):
    """Plain text of a chapter's HTML, cut at its h2/h3 headings (their ``id`` is the anchor)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section()]
        self._in_heading = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skip += 1
        elif tag in SECTION_TAGS:
            self.sections.append(Section(anchor=dict(attrs).get("id") or ""))
            self._in_heading = True
        elif tag in {"p", "li", "td", "th", "dt", "dd", "figcaption", "caption", "summary", "br"}:
            self.sections[-1].text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in SECTION_TAGS:
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_heading:
            self.sections[-1].heading += data
        else:
            self.sections[-1].text.append(data)


def chapter_records(html: str, *, lang: str, url: str, title: str, document: str) -> list[dict[str, str]]:
    """Index records of one chapter page: one per section with text.

    ``url`` is the page's path from the site root; a section's record points at its heading.
    """
    splitter = _SectionSplitter()
    splitter.feed(html)
    splitter.close()
    records = []
    for section in splitter.sections:
        text = " ".join("".join(section.text).split())
        heading = " ".join(section.heading.split())
        if not text and not heading:
            continue
        found = words(f"{title} {heading} {text}", lang)
        records.append(
            {
                "u": url + (f"#{section.anchor}" if section.anchor else ""),
                "t": title,
                "s": heading,
                "d": document,
                "x": text,
                "w": " ".join(sorted({form for word in found for form in _forms(word, lang)})),
            }
        )
    return records


def _found(term: str, vocabulary: list[str], folded: str, lang: str) -> bool:
    """Whether a query word is in a record: it begins one of its words, or (a word of a script
    written without spaces) the record's text contains it."""
    if UNSPACED.search(term) and term in folded:
        return True
    return any(w.startswith(f) for f in _forms(term, lang) for w in vocabulary)


def index_script(records: list[dict[str, str]]) -> str:
    """The JavaScript file that adds ``records`` to the page's search index."""
    payload = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
    return (
        "(window.PUBLISHER_SEARCH = window.PUBLISHER_SEARCH || []).push.apply(\n"
        f"  window.PUBLISHER_SEARCH, {payload});\n"
    )


def search(records: list[dict[str, str]], query: str, lang: str) -> list[dict[str, str]]:
    """The records matching ``query``, best first — the same rule as ``assets/search.js`` (for tests)."""
    terms = words(query, lang)
    if not terms:
        return []
    scored: list[Any] = []
    for record in records:
        vocabulary = record["w"].split()
        # the vocabulary holds each word's forms already: a term's forms against them
        folded = fold(" ".join((record["t"], record["s"], record["x"])), lang)
        if all(_found(t, vocabulary, folded, lang) for t in terms):
            head = words(record["t"] + " " + record["s"], lang)
            score = sum(3 for t in terms for w in head if matches(t, w, lang))
            score += sum(1 for t in terms for w in words(record["x"], lang) if matches(t, w, lang))
            scored.append((-score, len(scored), record))
    return [record for _, _, record in sorted(scored, key=lambda item: item[:2])]


def plural_samples(lang: str) -> list[tuple[str, int]]:
    """(CLDR plural category, a number in it) for each category of ``lang``: the search page carries
    the catalog's form of its result count for each, and the browser picks one (Intl.PluralRules)."""
    from babel import Locale

    from publisher.languages import language

    locale = Locale.parse(language(lang).locale)
    found: dict[str, int] = {}
    for n in [*range(0, 200), 1000, 1_000_000]:
        found.setdefault(locale.plural_form(n), n)
    order = ("zero", "one", "two", "few", "many", "other")
    return sorted(found.items(), key=lambda item: order.index(item[0]))
