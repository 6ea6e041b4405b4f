"""Quotation marks: where the quoted spans of one paragraph begin and end.

Rules (one paragraph at a time; nothing crosses a paragraph):
- « … » and “ … ” nest with their own kind; only the outermost span is kept, and
  marks of another kind inside it are text.
- An unterminated « or “ runs to the end of the paragraph. An opening mark typed again
  after the words (`« … «`, `“…“`), with no closing mark left in the paragraph, closes.
- A straight " opens when it follows the start, a space, ( [ or : (or another
  opening mark) and precedes a non-space; it closes when it follows a non-space
  and precedes a space, punctuation or the end. A straight quote that opens and
  finds no closer is dropped, unless a colon introduces it (`il répond : "…`): then,
  like « and “, it runs to the paragraph's end; a closer with no opener is ignored. Straight quotes
  do not nest.
- ’ and ' are apostrophes, never quote marks.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from dataclasses import dataclass

_PAIRS = {"«": "»", "“": "”"}
_STRAIGHT = '"'
_OPEN_BEFORE = set(" \t\n([{:«“—–-/")
_CLOSE_AFTER = set(" \t\n.,;:!?)]}»”…—–-/")


@dataclass(frozen=True)
class Span:
    start: int  # index of the opening mark
    end: int  # index just past the closing mark (or the paragraph's end)
    inner_start: int
    inner_end: int
    mark: str  # the opening mark
    closed: bool

    @property
    def outer(self) -> tuple[int, int]:
        return self.start, self.end


def _opens_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _OPEN_BEFORE and not after.isspace() and after != _STRAIGHT


def _closes_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after in _CLOSE_AFTER or after == "\u00a0" or after == "\u202f")


def _opens(text: str, i: int) -> bool:
    """Whether a repeated « or “ opens: it closes right after a word (`partons«`), or before
    punctuation or the paragraph's end (`partons « ,`); before words it opens (`« non`)."""
    if i > 0 and not text[i - 1].isspace():
        return False
    rest = text[i + 1 :].lstrip(" \t\u00a0\u202f")
    return bool(rest) and rest[0] not in ".,;:!?)…—–-"


@functools.lru_cache(maxsize=1024)
def quote_spans(text: str) -> tuple[Span, ...]:
    """The outermost quoted spans of one paragraph, in order. Speaker attribution asks this of the
    same paragraph and sentences many times: the answer is kept (an immutable tuple)."""
    spans: list[Span] = []
    i, n = 0, len(text)
    closers = [j for j, c in enumerate(text) if c == _STRAIGHT and _closes_straight(text, j)]
    while i < n:
        char = text[i]
        if char in _PAIRS:
            close, depth, j = _PAIRS[char], 0, i
            while j < n:
                if text[j] == char and depth >= 1 and close not in text[j + 1 :] and not _opens(text, j):
                    depth -= 1  # « … « or “ … “: the opening mark typed again to close
                    if depth == 0:
                        break
                elif text[j] == char:
                    depth += 1
                elif text[j] == close:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j < n:
                spans.append(Span(i, j + 1, i + 1, j, char, True))
                i = j + 1
            else:
                spans.append(Span(i, n, i + 1, n, char, False))
                i = n
            continue
        if char == _STRAIGHT and _opens_straight(text, i):
            k = bisect.bisect_right(closers, i)
            if k < len(closers):
                j = closers[k]
                spans.append(Span(i, j + 1, i + 1, j, char, True))
                i = j + 1
                continue
            if text[:i].rstrip(" \u00a0\u202f").endswith(":"):
                spans.append(Span(i, n, i + 1, n, char, False))  # `il répond : "…` never closed
                break
        i += 1
    return tuple(spans)


def outside_quotes(text: str) -> str:
    """`text` with each quotation blanked out, its length kept: what the narration says."""
    for span in reversed(quote_spans(text)):
        text = text[: span.start] + " " * (span.end - span.start) + text[span.end :]
    return text


def inside(spans: Sequence[Span], index: int) -> bool:
    """Whether `index` falls strictly inside one of `spans` (between its marks).

    `spans` are in order and do not overlap, as `quote_spans` gives them: a binary
    search, so a paragraph's sentence ends cost log(quotes) each, not quotes."""
    i = bisect.bisect_left(spans, index, key=lambda s: s.start) - 1
    return i >= 0 and index < spans[i].end
