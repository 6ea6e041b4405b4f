"""The dates a `/timeline` filter names, as a span: `2019`, `2015-2019`, `février 2023`,
`2019-07`, `July 2019`, `17 février 2023`, `de mars à juin 2023`, `du 3 au 17 mai 2023`.

Dates in prose are read by extraction's own reader (`bot.extract.dates.find_dates`), so
a question understands exactly the forms an article's dates are found in. This module
adds only what a question has and an article sentence does not: a bare year or range of
years, ISO dates, and the open start of a range (`mars` in `de mars à juin 2023`) that
takes its year from the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.extract.dates import MONTHS, MONTHS_EN, exists, find_dates
from bot.models import PartialDate
from bot.text import fold_keep_len

_YEAR = r"(1[5-9]\d\d|20\d\d|2100)"
_YEAR_TO = r"\s*(?:-|–|—|\.\.|à|a|to)\s*"  # between the two years of a range
_YEARS = re.compile(rf"\b{_YEAR}{_YEAR_TO}{_YEAR}\b")
# A filter that is only a year or a range of years, the most asked: no prose to read.
_ONLY_YEARS = re.compile(rf"\s*{_YEAR}(?:{_YEAR_TO}{_YEAR})?\s*")
_SINGLE = re.compile(rf"\b{_YEAR}\b")
_ISO = re.compile(rf"\b{_YEAR}-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?\b")
_TO = r"(?:a|au|-|–|—|\.\.|to|until|till|through|jusqu'(?:a|au|en)|et|and)"
_FROM = r"(?:(?:de|du|d'|depuis|from|between|entre)\s*)?"
_MONTH = "|".join(sorted({*MONTHS, *MONTHS_EN}, key=len, reverse=True))
# The open start of a range, right before its end: `de mars à ` (juin 2023), `du 3 au ` (17 mai 2023).
_OPEN_MONTH = re.compile(rf"\b{_FROM}({_MONTH})\.?\s*{_TO}\s*$")
_OPEN_DAY = re.compile(rf"\b{_FROM}(1er|[12]\d|3[01]|0?[1-9])\s*{_TO}\s*$")


@dataclass(frozen=True)
class Span:
    """From `start` to `end`, both included, each at its own precision."""

    start: PartialDate
    end: PartialDate

    @property
    def years(self) -> tuple[int, int]:
        return self.start.year, self.end.year


def read_span(text: str) -> tuple[Span | None, str]:
    """The span of the dates a filter names, and its other words."""
    folded = fold_keep_len(text).lower()  # one character for one: spans cut `text` itself
    if (only := _ONLY_YEARS.fullmatch(folded)) is not None:  # what the reading below would find
        low, high = sorted(int(year) for year in only.groups(only[1]))
        return Span(PartialDate(low), PartialDate(high)), ""
    found: list[tuple[int, int, PartialDate]] = []

    def take(start: int, end: int, date: PartialDate) -> None:
        nonlocal folded
        found.append((start, end, date))
        folded = folded[:start] + " " * (end - start) + folded[end:]

    for m in _YEARS.finditer(folded):
        low, high = sorted((int(m[1]), int(m[2])))
        take(m.start(), m.end(), PartialDate(low))
        found.append((m.end(), m.end(), PartialDate(high)))
    for m in _ISO.finditer(folded):
        date = PartialDate(int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
        if exists(date):
            take(m.start(), m.end(), date)
    for f in find_dates(folded):
        take(f.start, f.end, f.date)
        _open_start(folded, f.start, f.date, take)
    for m in _SINGLE.finditer(folded):
        take(m.start(), m.end(), PartialDate(int(m[1])))
    if not found:
        return None, " ".join(text.split())
    dates = sorted((d for _, _, d in found), key=PartialDate.sort_key)
    rest = "".join(" " if c == " " and text[i] != " " else text[i] for i, c in enumerate(folded))
    return Span(dates[0], _latest(dates)), " ".join(rest.split())


def _open_start(folded: str, start: int, end: PartialDate, take: Callable[[int, int, PartialDate], None]) -> None:
    """`de mars à juin 2023`: `mars` is March 2023 (of 2022 in `de novembre à février 2023`);
    `du 3 au 17 mai 2023`: `3` is May 3, 2023."""
    before = folded[:start]
    if end.month is None:
        return
    if end.day is not None and (m := _OPEN_DAY.search(before)) is not None:
        day = 1 if m[1] == "1er" else int(m[1])
        if day < end.day:
            take(m.start(), m.end(), PartialDate(end.year, end.month, day))
        return
    if (m := _OPEN_MONTH.search(before)) is not None:
        month = MONTHS.get(m[1]) or MONTHS_EN[m[1]]
        take(m.start(), m.end(), PartialDate(end.year - (1 if month > end.month else 0), month))


def _latest(dates: list[PartialDate]) -> PartialDate:
    # `2019` ends after `juillet 2019`: compare ends, a year's end being its December 31.
    return max(dates, key=lambda d: (d.year, d.month or 12, d.day or 31))


def key_bounds(span: Span) -> tuple[str, str]:
    """The span as bounds on `entries.sort_key` (`2019-07-00`): low included, high excluded.

    A date's key prefix is `2019`, `2019-07` or `2023-02-17`; every key under the end's
    prefix sorts below that prefix followed by the highest character."""
    return span.start.iso(), span.end.iso() + "\uffff"
