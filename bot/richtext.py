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
_MARKS = re.compile(f"[{MARK_START}{MARK_END}]")

Element = Part.Text | Part.Link


def escape(text: str) -> str:
    """`&`, `<` and `>` as entities: Slack reads the rest of a rich_text text as it is."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(value: str, *, bold: bool = False, italic: bool = False, code: bool = False) -> Part.Text:
    style = {k: True for k, on in (("bold", bold), ("italic", italic), ("code", code)) if on}
    return Part.Text(text=escape(value), style=style or None)


def link(url: str, label: str | None = None) -> Part.Link:
    return Part.Link(url=url, text=escape(label if label is not None else url))


def urls(value: str) -> Iterable[tuple[str, bool]]:
    """(piece, is_url) in order: the text cut around the web addresses it holds."""
    last = 0
    for match in _URL.finditer(value):
        url = match.group(0).rstrip(_TRAILING)
        if url.count(")") < match.group(0).count(")") and url.count("(") > url.count(")"):
            url += ")"  # a Wikipedia-style address keeps its closing parenthesis
        if len(url) <= len("https://"):
            continue
        start = match.start()
        if start > last:
            yield value[last:start], False
        yield url, True
        last = start + len(url)
    if last < len(value):
        yield value[last:], False


def article(value: str, *, bold: bool = False, marked: bool = False) -> list[Element]:
    """Article text as elements: literal text, links for web addresses, marked words bold."""
    found: list[Element] = []
    pieces = _MARKS.split(value) if marked else [value]
    for i, piece in enumerate(pieces):
        strong = bold or (marked and i % 2 == 1 and bool(piece.strip()))
        for part, is_url in urls(piece):
            if not part:
                continue
            found.append(link(part) if is_url else text(part, bold=strong))
    return found


def plain_length(elements: Iterable[Element]) -> int:
    """Characters of the elements as sent (what counts against Slack's limits)."""
    return sum(len(e.text or "") + len(getattr(e, "url", "") or "") for e in elements)
