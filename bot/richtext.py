"""Article text as Slack `rich_text` elements, so that it is shown exactly as written.

mrkdwn reads `*jamais*` as bold, `:rage:` as an emoji and `~` or `_` as styles, and
has no escape for them. In a rich_text element text is a value, not markup: style
comes only from an explicit `style`, emoji and mentions only from their own element
types. `&`, `<` and `>` are still escaped, as Slack asks of every text it receives.
Web addresses in the text become link elements; words a search marked become bold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from slack_sdk.models.blocks import RichTextElementParts as Part

from bot.answers import MARK_END, MARK_START

# A web address, up to white space or a character no URL ends with in prose.
_URL = re.compile(r"https?://[^\s<>«»\"“”]+")
_TRAILING = ".,;:!?)]'’»"

Element = Part.Text | Part.Link


def escape(text: str) -> str:
    """`&`, `<` and `>` as entities: Slack reads the rest of a rich_text text as it is."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(value: str, *, bold: bool = False, italic: bool = False, code: bool = False) -> Part.Text:
    style = {k: True for k, on in (("bold", bold), ("italic", italic), ("code", code)) if on}
    return Part.Text(text=escape(value), style=style or None)


def link(url: str, label: str | None = None) -> Part.Link:
    return Part.Link(url=url, text=escape(label if label is not None else url))


def urls(value: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_url) spans covering the text, in order: the web addresses it holds and between."""
    spans: list[tuple[int, int, bool]] = []
    last = 0
    for match in _URL.finditer(value):
        url = match.group(0).rstrip(_TRAILING)
        if url.count(")") < match.group(0).count(")") and url.count("(") > url.count(")"):
            url += ")"  # a Wikipedia-style address keeps its closing parenthesis
        if len(url) <= len("https://"):
            continue
        start = match.start()
        if start > last:
            spans.append((last, start, False))
        spans.append((start, start + len(url), True))
        last = start + len(url)
    if last < len(value):
        spans.append((last, len(value), False))
    return spans


def _unmarked(value: str) -> tuple[str, list[bool]]:
    """The text without its search marks, and for each character whether it was marked."""
    chars: list[str] = []
    strong: list[bool] = []
    inside = False
    for c in value:
        if c in (MARK_START, MARK_END):
            inside = c == MARK_START
            continue
        chars.append(c)
        strong.append(inside)
    return "".join(chars), strong


def article(value: str, *, bold: bool = False, marked: bool = False) -> list[Element]:
    """Article text as elements: literal text, links for web addresses, marked words bold.

    Addresses are found in the text without its marks, so a matched word inside one
    (`https://rapport.example`) does not cut the link."""
    plain, strong = _unmarked(value) if marked else (value, [False] * len(value))
    found: list[Element] = []
    for start, end, is_url in urls(plain):
        if is_url:
            found.append(link(plain[start:end]))
            continue
        i = start
        while i < end:
            j = i
            while j < end and strong[j] == strong[i]:
                j += 1
            piece = plain[i:j]
            found.append(text(piece, bold=bold or (strong[i] and bool(piece.strip()))))
            i = j
    return found


def plain_length(elements: Iterable[Element]) -> int:
    """Characters of the elements as sent (what counts against Slack's limits)."""
    return sum(len(e.text or "") + len(getattr(e, "url", "") or "") for e in elements)
