"""What the look-ups return and the renderers read: plain, frozen dataclasses.

Every entry carries its sources (doc id, publication date, and address and
outlet when the article's metadata gives them), so that every
answer, in Slack or on a terminal, can cite them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.models import PartialDate

# The commands whose answers these are: the dispatch runs them, buttons carry them.
COMMANDS = ("/timeline", "/quote", "/source")

# Snippets mark matched words with these private-use characters; renderers turn
# them into bold (Slack) or leave them out (plain text). Article text never holds them.
MARK_START = "\ue000"
MARK_END = "\ue001"


@dataclass(frozen=True)
class SourceRef:
    doc_id: str
    published: PartialDate | None  # None: the article has no date header
    url: str | None = None  # where the article can be read, when its metadata says
    outlet: str | None = None  # who published it (`Le Monde`), when known


@dataclass(frozen=True)
class TimelineEntry:
    date: PartialDate
    text: str  # one-line statement
    sources: tuple[SourceRef, ...]
    more: int = 0  # articles that also tell it, not listed (a page lists the earliest few)


@dataclass(frozen=True)
class Page:
    """Where a list of results stands: `total` results, this page starts at `offset`."""

    offset: int = 0
    total: int = 0

    def next_offset(self, shown: int) -> int | None:
        following = self.offset + shown
        return following if following < self.total else None


@dataclass(frozen=True)
class TimelineAnswer:
    query: str
    entries: tuple[TimelineEntry, ...]
    page: Page = Page()
    suggestion: str | None = None  # a close term when nothing was found


@dataclass(frozen=True)
class QuoteHit:
    text: str
    speaker: str | None  # None: the article does not say who spoke
    source: SourceRef
    score: float = 0.0
    cue: str | None = None  # the words naming the speaker, as written: `a-t-il ajouté`
    attribution: str | None = None  # named, pronoun, description, follow-on, tweet, parsed, anonymous, unresolved
    evidence: str | None = None  # for a pronoun or a description: the sentence naming the speaker


@dataclass(frozen=True)
class QuotesAnswer:
    query: str
    hits: tuple[QuoteHit, ...]
    speaker: str | None = None  # set when the query named a speaker
    page: Page = Page()
    suggestion: str | None = None


@dataclass(frozen=True)
class DocumentCard:
    source: SourceRef
    title: str | None
    lead: str  # the first sentence of the body
    chars: int
    events: tuple[TimelineEntry, ...] = ()
    quotes: tuple[QuoteHit, ...] = ()


@dataclass(frozen=True)
class SourceHit:
    source: SourceRef
    title: str | None
    snippet: str  # matched words between MARK_START and MARK_END
    score: float = 0.0


@dataclass(frozen=True)
class SourceAnswer:
    query: str
    card: DocumentCard | None = None  # the query named a document
    hits: tuple[SourceHit, ...] = ()
    page: Page = Page()
    suggestion: str | None = None


@dataclass(frozen=True)
class SpeakerCount:
    name: str
    quotes: int


@dataclass(frozen=True)
class CorpusStats:
    documents: int
    undated: int
    first: PartialDate | None
    last: PartialDate | None
    events: int
    quotes: int
    top_speakers: tuple[SpeakerCount, ...] = field(default=())
    latest: tuple[NewArticle, ...] = field(default=())  # the articles published last, newest first


@dataclass(frozen=True)
class HelpAnswer:
    """Usage of one command, or of all of them (`command` None)."""

    command: str | None = None
    problem: str | None = None  # what was wrong with the request, if anything
    empty_file: bool = False  # the question found nothing because the database holds no article


@dataclass(frozen=True)
class NewArticle:
    source: SourceRef
    title: str | None


@dataclass(frozen=True)
class Digest:
    """One channel's (or the default) digest of one day: what the post shows, in any medium."""

    day: date
    language: str
    on_this_day: tuple[TimelineEntry, ...]  # day-precision entries of past years on this day
    on_this_day_total: int
    new_articles: tuple[NewArticle, ...]  # ingested since `since`, newest first
    new_total: int
    since: datetime
    quote: QuoteHit | None  # the quote of the day, always with a speaker
    documents: int
    entries: int
    quotes: int

    @property
    def empty(self) -> bool:
        """Nothing happened on this day and nothing came in: the quote alone is not news."""
        return not self.on_this_day_total and not self.new_total


@dataclass(frozen=True)
class SubscriptionStatus:
    """A channel's digest subscription as `/dossier digest` and `dossier digest --status` show it."""

    team_id: str
    channel_id: str
    post_time: str  # local "HH:MM"
    timezone: str
    days: str  # "daily" or "weekdays"
    language: str
    next_post: datetime  # in the subscription's zone
    last_post: datetime | None = None  # when the last digest went out, in the subscription's zone
    error: str | None = None  # set while the channel fails (Slack's error code)


Answer = TimelineAnswer | QuotesAnswer | SourceAnswer | HelpAnswer
