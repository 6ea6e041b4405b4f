"""The questions dossier answers: timeline(), quotes(), source(), stats(), and the
digest's on_this_day() and new_articles().

Each takes the store and the user's words, and returns an answer dataclass from
`bot.answers`. No Slack, no rendering; the Slack handlers, the CLI, the digest
and the export all call these.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from rapidfuzz import fuzz, process

from bot.answers import (
    CorpusStats,
    DocumentCard,
    NewArticle,
    Page,
    QuoteHit,
    QuotesAnswer,
    SourceAnswer,
    SourceHit,
    SourceRef,
    SpeakerCount,
    TimelineAnswer,
    TimelineEntry,
)
from bot.store import DocumentHit, DocumentRow, EntryRow, QuoteRow, Store, fts_words
from bot.text import STOPWORDS, fold, one_line, words
from bot.when import Span, read_span

ENTRY_CHARS = 320  # a timeline entry is one line (a tweet with its author fits)
QUOTE_CANDIDATES = 300  # quotes narrowed by the trigram index before rapidfuzz ranks them
SPEAKER_QUOTES = 2_000  # a speaker's latest quotes ranked for /quote <speaker> <words>
QUOTE_MIN_SCORE = 72.0
SPEAKER_WORD_SCORE = 85.0
NAME_WORDS = 8  # words of a question compared with speakers' names, or corrected: a long one is a quotation
SUGGEST_SCORE = 70.0
COMMON_SHARE = 0.5  # /source leaves out words held by more than this share of articles
COMMON_MIN_DOCUMENTS = 1_000  # … in corpora at least this large

# rapidfuzz holds the GIL while it scores. Scoring runs on one worker thread, one
# candidate per call, so the event loop takes the GIL back between two scores and
# keeps acking and answering while a long /quote is ranked.
_RANKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dossier-rank")
_T = TypeVar("_T")


async def off_loop(work: Callable[..., _T], /, *args: object, **kwargs: object) -> _T:
    """Run a CPU-bound step (fuzzy matching) on the ranking thread, not on the event loop."""
    return await asyncio.get_running_loop().run_in_executor(_RANKER, functools.partial(work, *args, **kwargs))


@dataclass(frozen=True)
class TimelineFilter:
    """`/timeline` words: dates (a year, a month, a day, or a span of them), words, or both."""

    span: Span | None
    words: str  # what remains, searched in the events' sentences and names

    @classmethod
    def parse(cls, text: str) -> TimelineFilter:
        span, rest = read_span(text)
        return cls(span, rest)

    def match(self) -> str | None:
        """The FTS query for the words; only words that say something filter (`2019 a` is `2019`)."""
        if all(w in STOPWORDS for w in words(self.words)):
            return None
        return fts_words(self.words, drop_stopwords=True)  # the words as typed: stems read accents


def timeline_entry(row: EntryRow) -> TimelineEntry:
    return TimelineEntry(
        date=row.date,
        text=one_line(row.text, ENTRY_CHARS),
        sources=tuple(SourceRef(*source) for source in row.sources),
        more=row.more,
    )


def quote_hit(row: QuoteRow, score: float = 0.0) -> QuoteHit:
    return QuoteHit(
        row.text, row.speaker, _source_ref(row), score, row.cue, row.attribution, row.evidence,
    )


def _source_ref(row: QuoteRow | DocumentRow | DocumentHit) -> SourceRef:
    """The source a row cites: its article, date and link (the store reads them together)."""
    return SourceRef(row.doc_id, row.published, row.url, row.outlet)


async def timeline(store: Store, query: str = "", *, limit: int = 10, offset: int = 0) -> TimelineAnswer:
    spec = TimelineFilter.parse(query)
    match = spec.match()
    total, rows = await store.entries(spec.span, match, limit=limit, offset=offset)
    suggestion = None
    if not rows and spec.words:
        suggestion = await suggest(store, spec.words)
    return TimelineAnswer(
        query=query,
        entries=tuple(timeline_entry(r) for r in rows),
        page=Page(offset, total),
        suggestion=suggestion,
    )


async def quotes(store: Store, query: str = "", *, limit: int = 5, offset: int = 0) -> QuotesAnswer:
    speaker, rest = await _split_speaker(store, query)
    if not words(rest):
        total = await store.count_quotes(speaker)
        rows = await store.quotes_by(speaker=speaker, limit=limit, offset=offset)
        return QuotesAnswer(query, tuple(quote_hit(r) for r in rows), speaker, Page(offset, total))

    kept = await _ranked_quotes(store, rest, speaker)
    if not kept and speaker is not None:
        # A word that looked like a name may belong to the quotation itself.
        speaker, kept = None, await _ranked_quotes(store, query, None)
    suggestion = None if kept else await suggest(store, query, speakers=True)
    return QuotesAnswer(
        query=query,
        hits=tuple(quote_hit(c, s) for s, c in kept[offset : offset + limit]),
        speaker=speaker,
        page=Page(offset, len(kept)),
        suggestion=suggestion,
    )


async def _ranked_quotes(store: Store, text: str, speaker: str | None) -> list[tuple[float, QuoteRow]]:
    """Quotes close to the text, best first: narrowed by an index, then ranked by rapidfuzz."""
    wanted = fold(" ".join(text.split()))
    if speaker is not None:  # one speaker's quotes are few enough to rank them all
        return await _ranked(wanted, await store.quotes_by(speaker=speaker, limit=SPEAKER_QUOTES))
    # Quotes holding two of its words as typed: few at any corpus size. Only when none is close
    # (typos in most words), those sharing its rarest trigrams, more as the corpus grows.
    kept = await _ranked(wanted, await store.quotes_with_words(text, QUOTE_CANDIDATES))
    return kept or await _ranked(wanted, await store.quote_candidates(text, QUOTE_CANDIDATES))


async def _ranked(wanted: str, candidates: list[QuoteRow]) -> list[tuple[float, QuoteRow]]:
    if not candidates:
        return []
    scores = await off_loop(_partial_scores, wanted, [c.folded for c in candidates])
    scored = sorted(
        zip(scores, candidates),
        key=lambda sc: (-sc[0], sc[1].published is None, _desc(sc[1]), sc[1].quote_id),
    )
    return [(s, c) for s, c in scored if s >= QUOTE_MIN_SCORE]


def _partial_scores(wanted: str, texts: list[str]) -> list[float]:
    return [fuzz.partial_ratio(wanted, text) for text in texts]


def _desc(row: QuoteRow) -> tuple[int, int, int]:
    if row.published is None:
        return (0, 0, 0)
    y, m, d = row.published.sort_key()
    return (-y, -m, -d)


@dataclass(frozen=True)
class SpeakerMatch:
    name: str
    used: frozenset[int]  # positions of the query words that named the speaker
    score: float


async def find_speaker(store: Store, query: str) -> SpeakerMatch | None:
    """The speaker the query's words name (`altman`, `elon musk`, `altmann`), if any.

    Each query word is compared, with rapidfuzz, to the speaker-name words that
    start with the same letter; the speaker matching most words (then the most
    quoted) wins.
    """
    found: dict[str, tuple[set[int], float, int]] = {}
    looked = 0
    for i, word in enumerate(words(query)):
        if len(word) < 3 or word in STOPWORDS:
            continue
        looked += 1
        if looked > NAME_WORDS:  # each word costs two reads and a fuzzy match
            break
        close = await off_loop(process.extract, word, await store.speaker_words_like(word),
                               scorer=fuzz.ratio, score_cutoff=SPEAKER_WORD_SCORE, limit=20)
        score_of = {name_word: score for name_word, score, _ in close}
        for name_word, name, count in await store.speakers_named(list(score_of)):
            used, total, _ = found.get(name, (set(), 0.0, count))
            if i not in used:
                used.add(i)
                total += score_of[name_word]
            found[name] = (used, total, count)
    if not found:
        return None
    name, (used, total, _count) = max(
        found.items(), key=lambda item: (len(item[1][0]), item[1][1], item[1][2], item[0])
    )
    return SpeakerMatch(name, frozenset(used), total)


async def _split_speaker(store: Store, query: str) -> tuple[str | None, str]:
    """A speaker named in the query, and the query's other words."""
    match = await find_speaker(store, query)
    if match is None:
        return None, query
    rest = " ".join(w for i, w in enumerate(words(query)) if i not in match.used)
    return match.name, rest


async def source(store: Store, query: str, *, limit: int = 5, offset: int = 0) -> SourceAnswer:
    doc_id = await store.resolve_doc_id(query)
    if doc_id is not None:
        return SourceAnswer(query, card=await card(store, doc_id))
    match = fts_words(await _telling_words(store, query), any_word=True, drop_stopwords=True)
    if match is None:
        return SourceAnswer(query)
    total = await store.count_documents_matching(match)
    rows = await store.search_documents(match, limit, offset) if total else []
    hits = tuple(SourceHit(_source_ref(r), r.title, r.snippet, -r.rank) for r in rows)
    suggestion = None if hits else await suggest(store, query)
    return SourceAnswer(query, hits=hits, page=Page(offset, total), suggestion=suggestion)


async def _telling_words(store: Store, query: str) -> str:
    """The query without the words most articles hold, as long as some other word remains.

    Such words weigh almost nothing in bm25, and ranking every article that holds
    them is what makes a search slow on a large corpus.
    """
    asked = [w for w in words(query) if w not in STOPWORDS]
    if len(asked) < 2:
        return query
    total, counts = await store.document_frequencies(asked)
    if total < COMMON_MIN_DOCUMENTS:  # small corpora rank every word in no time
        return query
    telling = {w for w in asked if counts[w] <= total * COMMON_SHARE}
    if not telling:
        return query
    # The words as typed (their stems read accents), less the common ones.
    return " ".join(token for token in query.split() if any(w in telling for w in words(token)))


async def card(store: Store, doc_id: str) -> DocumentCard:
    row = await store.document(doc_id)
    _, entries = await store.entries(doc_id=doc_id, limit=None)
    quote_rows = await store.quotes_by(doc_id=doc_id, limit=None)
    return DocumentCard(
        source=_source_ref(row),
        title=row.title,
        lead=row.lead,
        chars=row.chars,
        events=tuple(timeline_entry(e) for e in entries),
        quotes=tuple(quote_hit(q) for q in quote_rows),
    )


async def stats(store: Store, top: int = 5, latest: int = 5) -> CorpusStats:
    row = await store.stats()
    speakers = await store.top_speakers(top)
    published = await store.latest_documents(latest)
    return CorpusStats(
        documents=row.documents,
        undated=row.undated,
        first=row.first,
        last=row.last,
        events=row.entries,
        quotes=row.quotes,
        top_speakers=tuple(SpeakerCount(name, count) for name, count in speakers),
        latest=tuple(_new_article(r) for r in published),
    )


async def on_this_day(store: Store, day: date, limit: int) -> tuple[int, tuple[TimelineEntry, ...]]:
    """Day-precision timeline entries on this month and day, in the years before, oldest first."""
    total, rows = await store.entries_on_day(day.month, day.day, day.year, limit)
    return total, tuple(timeline_entry(r) for r in rows)


async def new_articles(store: Store, since: datetime, until: datetime, limit: int
                       ) -> tuple[int, tuple[NewArticle, ...]]:
    """Articles ingested in [since, until), newest first."""
    total, rows = await store.documents_ingested(since, until, limit)
    return total, tuple(_new_article(r) for r in rows)


def _new_article(row: DocumentRow) -> NewArticle:
    return NewArticle(_source_ref(row), row.title)


async def suggest(store: Store, query: str, *, speakers: bool = False) -> str | None:
    """The query with each unknown word replaced by the closest indexed word or speaker."""
    if speakers:
        for word in words(query)[:NAME_WORDS]:
            best = await off_loop(process.extractOne, word, await store.speaker_words_like(word),
                                  scorer=fuzz.ratio, score_cutoff=SUGGEST_SCORE)
            if best is not None:
                named = await store.speakers_named([best[0]])
                return max(named, key=lambda row: row[2])[1]
    changed = False
    out = []
    tried = 0
    for word in words(query):
        if word in STOPWORDS or len(word) < 3 or word.isdigit() or tried >= NAME_WORDS:
            out.append(word)  # past NAME_WORDS words, a long question is left as typed
            continue
        tried += 1
        if await store.has_term(word):
            out.append(word)
            continue
        vocabulary = await store.vocabulary(word)
        found = await off_loop(process.extractOne, word, vocabulary, scorer=fuzz.ratio,
                               score_cutoff=SUGGEST_SCORE)
        if found is None:
            out.append(word)
        else:
            out.append(found[0])
            changed = True
    return " ".join(out) if changed else None
