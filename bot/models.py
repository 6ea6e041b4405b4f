"""Records that cross layer boundaries: what corpus and extract produce, what ingest stores.

Answers to users (what the look-ups return) live in `bot.answers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Precision(str, Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day. Never invents what the text did not say."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def iso(self) -> str:
        """`2019`, `2019-07` or `2023-02-17`: ISO 8601 at the date's own precision."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)  # type: ignore[arg-type]

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Article:
    """One article file, read and cleaned: the header, title and boilerplate are split off."""

    doc_id: str
    path: str
    sha256: str
    published: PartialDate | None
    title: str | None
    body: str  # paragraphs separated by blank lines; no header, title or trailing boilerplate
    headlines: tuple[str, ...] = ()  # title first, then its translations or decks
    url: str | None = None  # where it can be read (the `url:` header line)
    outlet: str | None = None  # who published it (`outlet:`)
    author: str | None = None  # who wrote it (`author:`)


@dataclass(frozen=True)
class Rejection:
    """A file that is not an article, and why, in words a user understands."""

    path: str
    reason: str


@dataclass(frozen=True)
class Event:
    """A sentence that states something at an explicit (or anchored relative) date."""

    date: PartialDate
    sentence: str
    paragraph: int  # index of the paragraph in Article.body


@dataclass(frozen=True)
class Quote:
    """A direct quotation, without its quote marks; speaker is a canonical name or None.

    How the speaker was found, so that a reader can check it: `cue` is the words that name
    them as written (`a-t-il ajouté`, `le milliardaire`, `selon Météo-France`), `attribution`
    its kind (`named`, `pronoun`, `description`, `follow-on`, `tweet`, `parsed`; with no speaker,
    `anonymous` when the text names nobody, `un salarié`, and `unresolved` when a pronoun or
    a description points to nobody the article ties it to), and `evidence` the sentence
    where the name was found when the cue is a pronoun, a description or a follow-on.
    """

    text: str
    speaker: str | None
    paragraph: int
    cue: str | None = None
    attribution: str | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class Passage:
    """A paragraph of the body, with the canonical names it mentions."""

    index: int
    text: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    passages: tuple[Passage, ...] = ()
    names: tuple[str, ...] = field(default=())  # every canonical name the article mentions
