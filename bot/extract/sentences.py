"""Paragraphs and sentences of French (and English) press prose.

`paragraphs(body)` is the one definition of a paragraph index: every layer that
stores or shows a paragraph number uses it.

A sentence ends at . ! ? or … (with any closing quote or bracket right after it)
followed by white space and a capital, a digit, an opening quote or a dash. It does
not end:
- inside a quotation (see `marks.quote_spans`), so « Je viens. Il part », dit-il is one sentence;
- after an abbreviation (M., Mme., Dr., Pr., St., etc., cf., J.-C. …) or an initial (J. K. Rowling);
- inside a number (3.5, 1.000): no white space follows the point there.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from bot.extract.marks import inside, quote_spans

_ABBREVIATIONS = frozenset(
    """
    m mm mme mmes mlle mlles dr drs pr me mgr st ste sts etc cf av apr env vol
    pp al inc ltd corp jr sr mr mrs ms prof gen gal col lt sgt cdt capt adj vs fig chap
    """.split()
)

_END = re.compile(r"[.!?…]+(?:[ \u00a0\u202f]?[»”\"')\]])*(?=\s+[\"«“(\[—–-]?\s*[A-ZÀ-ÖØ-Þ0-9])")
_WORD_BEFORE = re.compile(r"([\w.-]+)$")


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs (split on blank lines, stripped, empty ones dropped), in order."""
    return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph, white space trimmed."""
    quotes = quote_spans(text)
    cuts = [0]
    for match in _END.finditer(text):
        if inside(quotes, match.end()):
            continue
        if match.group()[0] == "." and _abbreviation_before(text, match.start()):
            continue
        cuts.append(match.end())
    cuts.append(len(text))
    spans = []
    for start, end in zip(cuts, cuts[1:]):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


_LOOK_BACK = 64  # characters before a point read for its word: a longer word is no abbreviation


def _abbreviation_before(text: str, dot: int) -> bool:
    # A bounded look-back: searching the whole prefix made a paragraph quadratic.
    found = _WORD_BEFORE.search(text, max(0, dot - _LOOK_BACK), dot)
    if found is None:
        return False
    word = found.group(1)
    last = word.split(".")[-1].split("-")[-1]
    if len(last) == 1 and last.isalpha() and last.isupper():
        return True  # an initial: J. K. Rowling, J.-C.
    return last.lower() in _ABBREVIATIONS


def split_sentences(text: str) -> list[str]:
    """The sentences of a text (paragraphs first, then sentences), each on one line."""
    out = []
    for paragraph in paragraphs(text):
        out.extend(" ".join(paragraph[s:e].split()) for s, e in sentence_spans(paragraph))
    return out


class _Placed(Protocol):
    start: int
    end: int


_S = TypeVar("_S", bound=_Placed)


def sentence_at(group: Sequence[_S], offset: int) -> _S | None:
    """The sentence of `group` (one paragraph's sentences, in order) holding `offset`, if any.

    A binary search: a scan of every sentence for every name or quotation made a long
    paragraph quadratic."""
    i = bisect.bisect_right(group, offset, key=lambda s: s.start) - 1
    return group[i] if i >= 0 and offset < group[i].end else None
