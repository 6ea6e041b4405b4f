"""The SQLite store: schema, migrations, and every query. The only module with SQL.

- WAL mode, one transaction per document: a kill never leaves half a document.
- FTS5 indexes are external-content tables kept in sync by triggers:
  `passages_fts` (words, accents removed) for /source, `events_fts` for
  /timeline words, `quotes_fts` (trigrams of folded text) to narrow the fuzzy
  quote search before rapidfuzz.
- Merged timeline entries (`entries`) are computed at ingest.
- Reads run under a time budget (a progress handler), so a Slack-triggered
  query cannot hold the process.
"""

from __future__ import annotations

import asyncio
import fcntl
import functools
import itertools
import os
import json
import logging
import math
import sqlite3
from collections import Counter
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, TypeVar

import aiosqlite

from bot.errors import BadInput, ConfigError, NotFound, StoreError
from bot.merge import EventKey, common, same_event
from bot.models import Article, Extraction, PartialDate
from bot.text import STOPWORDS, fold, stems, word_stems, words
from bot.when import Span, key_bounds

log = logging.getLogger(__name__)

_T = TypeVar("_T")
BUSY_TIMEOUT_MS = 5_000  # how long a connection waits for another's lock before "locked"
MERGE_CANDIDATES = 60  # latest events of one date holding one key, read for a new event
# A stem held by this many times the events that make it `common` gets no more merge_keys rows
# (unkeyed_stems); twice, so that one hovering at the limit is not unkeyed and rekeyed in turn.
UNKEYED_SHARE = 2
# The columns a QuoteRow is read from, in its fields' order.
_QUOTE_COLUMNS = ("q.id, q.text, q.folded, q.speaker, q.doc_id, d.published, q.cue, q.attribution, q.evidence,"
                  " d.url, d.outlet")  # a quote carries its source's link: no second read for it
# The columns a DocumentRow is read from: the document and how many events and quotes it gave.
_DOCUMENT_COLUMNS = ("d.*, (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS n_events,"
                     " (SELECT count(*) FROM quotes q WHERE q.doc_id = d.doc_id) AS n_quotes")
# The same, where the counts are not shown (digest, App Home): no count to pay for.
_DOCUMENT_ONLY_COLUMNS = "d.*, 0 AS n_events, 0 AS n_quotes"
QUOTE_GRAMS = 6  # rarest trigrams of a /quote query used to find candidates
QUOTE_WORDS = 8  # words of a /quote query looked for as written
YEAR_TOKENS = 60  # widest year range /timeline narrows inside the events index
SNIPPET_TOKENS = 24
PAGE_SOURCES = 5  # sources a timeline page lists per entry, the earliest published; "and N more"
READERS = 2  # read connections of a read-only store (one per core): a slow read does not queue all others
PROGRESS_STEPS = 10_000  # SQLite VM steps between two checks of a read's time budget
FTS_TABLES = ("passages_fts", "documents_fts", "events_fts", "quotes_fts")
# Pages the WAL may hold before a commit of ingest copies them into the database itself
# (SQLite's default is 1,000), should the copy behind the writer (_WalCopier) fall behind.
# Each copy writes every page changed since the last one and syncs both files; at 100,000
# articles a batch of 32 files changed some 1,500 pages, mostly leaves of large indexes.
WAL_CHECKPOINT_PAGES = 16_384

# What a timeline page shows of an entry, from its events: the tersest telling, how
# many articles tell it, and the first PAGE_SOURCES of them as JSON [[published or
# "~", doc_id], ...] (earliest first, undated last). Kept at ingest, so a page reads
# one row per entry however many articles tell it.
ENTRY_PAGE_COLUMNS = f"""
    text = (SELECT ev.sentence FROM events ev JOIN documents d USING (doc_id)
            WHERE ev.entry_id = entries.id
            ORDER BY length(ev.sentence), ev.id LIMIT 1),
    sources = (SELECT count(DISTINCT ev.doc_id) FROM events ev WHERE ev.entry_id = entries.id),
    shown = (SELECT json_group_array(json_array(k, doc_id)) FROM
             (SELECT DISTINCT coalesce(d.published, '~') AS k, ev.doc_id FROM events ev
              JOIN documents d USING (doc_id) WHERE ev.entry_id = entries.id
              ORDER BY k, ev.doc_id LIMIT {PAGE_SOURCES}))
"""

# What a page reads of an entry (`entries en`), the links of the sources it shows in the same
# read: {doc_id: [url, outlet]} for those whose metadata gives one, NULL when none does (most
# corpora: nothing to decode).
_ENTRY_PAGE_COLUMNS = (
    "en.id, en.date, en.text, en.sources, en.shown, nullif((SELECT json_group_object(d.doc_id,"
    " json_array(d.url, d.outlet)) FROM json_each(en.shown) j JOIN documents d"
    " ON d.doc_id = json_extract(j.value, '$[1]') WHERE d.url IS NOT NULL OR d.outlet IS NOT NULL), '{}')"
)

MIGRATIONS: list[tuple[str, str]] = [
    (
        "001_schema",
        """
        CREATE TABLE documents (
            doc_id TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            published TEXT,
            title TEXT,
            lead TEXT NOT NULL,
            chars INTEGER NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX documents_published ON documents(published);

        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL,
            names TEXT NOT NULL DEFAULT '',
            UNIQUE (doc_id, seq)
        );
        CREATE VIRTUAL TABLE passages_fts USING fts5(
            text, names, content='passages', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
            INSERT INTO passages_fts(rowid, text, names) VALUES (new.id, new.text, new.names);
        END;
        CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
            INSERT INTO passages_fts(passages_fts, rowid, text, names)
            VALUES ('delete', old.id, old.text, old.names);
        END;
        CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row');

        -- One row per document (rowid = documents.fts_id, 009): /source ranks and counts
        -- documents here, then opens only the chosen ones' passages for a snippet.
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            body, tokenize='unicode61 remove_diacritics 2'
        );

        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            sort_key TEXT NOT NULL
        );
        CREATE INDEX entries_date ON entries(date);
        CREATE INDEX entries_sort ON entries(sort_key);

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            entry_id INTEGER NOT NULL REFERENCES entries(id),
            date TEXT NOT NULL,
            year INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            sentence TEXT NOT NULL,
            names TEXT NOT NULL DEFAULT '',
            key_names TEXT NOT NULL DEFAULT '',
            key_stems TEXT NOT NULL DEFAULT '',
            key_content TEXT NOT NULL DEFAULT '',
            date_token TEXT NOT NULL
        );
        CREATE INDEX events_entry ON events(entry_id);
        CREATE INDEX events_doc ON events(doc_id);
        CREATE INDEX events_date ON events(date);
        CREATE VIRTUAL TABLE events_fts USING fts5(
            sentence, names, date_token, content='events', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN
            INSERT INTO events_fts(rowid, sentence, names, date_token)
            VALUES (new.id, new.sentence, new.names, new.date_token);
        END;
        CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
            INSERT INTO events_fts(events_fts, rowid, sentence, names, date_token)
            VALUES ('delete', old.id, old.sentence, old.names, old.date_token);
        END;

        CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL,
            folded TEXT NOT NULL,
            speaker TEXT
        );
        CREATE INDEX quotes_doc ON quotes(doc_id);
        CREATE INDEX quotes_speaker ON quotes(speaker);
        CREATE VIRTUAL TABLE quotes_fts USING fts5(
            folded, content='quotes', content_rowid='id', tokenize='trigram'
        );
        -- How many quotes hold each trigram, kept by ingest: /quote picks the query's
        -- rarest trigrams in O(log n) each (fts5vocab would count posting lists).
        CREATE TABLE quote_grams (
            gram TEXT PRIMARY KEY,
            quotes INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
            INSERT INTO quotes_fts(rowid, folded) VALUES (new.id, new.folded);
        END;
        CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
        END;

        CREATE TABLE speakers (
            name TEXT PRIMARY KEY,
            folded TEXT NOT NULL,
            quotes INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX speakers_quotes ON speakers(quotes);

        -- Each folded word of each speaker's name: `/quote altman` finds Sam Altman
        -- through this index, and rapidfuzz only compares words that start alike.
        CREATE TABLE speaker_words (
            word TEXT NOT NULL,
            name TEXT NOT NULL REFERENCES speakers(name) ON DELETE CASCADE,
            PRIMARY KEY (word, name)
        ) WITHOUT ROWID;
        """,
    ),
    (
        "002_documents_vocab",
        """
        -- How many documents hold a word: /source leaves out words nearly every
        -- article holds, which rank nothing and cost the most.
        CREATE VIRTUAL TABLE documents_vocab USING fts5vocab(documents_fts, 'row');
        """,
    ),
    (
        "003_entry_page",
        f"""
        ALTER TABLE entries ADD COLUMN text TEXT NOT NULL DEFAULT '';
        ALTER TABLE entries ADD COLUMN sources INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE entries ADD COLUMN shown TEXT NOT NULL DEFAULT '[]';
        UPDATE entries SET {ENTRY_PAGE_COLUMNS};
        """,
    ),
    (
        "004_quote_cues",
        """
        -- How each speaker was found, so a reader can check it: the cue as written
        -- ('a-t-il ajouté'), its kind (named, pronoun, description, follow-on, tweet,
        -- anonymous, unresolved) and, for a pronoun or a description, the sentence naming the speaker.
        ALTER TABLE quotes ADD COLUMN cue TEXT;
        ALTER TABLE quotes ADD COLUMN attribution TEXT;
        ALTER TABLE quotes ADD COLUMN evidence TEXT;
        """,
    ),
    (
        "005_merge_keys",
        """
        -- Each event's names ('n' + name) and content stems ('s' + stem) under its date:
        -- a new event finds the latest events sharing a key in O(log n) per key,
        -- where a full-text query over the events grew with the corpus.
        CREATE TABLE merge_keys (
            date TEXT NOT NULL,
            key TEXT NOT NULL,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            PRIMARY KEY (date, key, event_id)
        ) WITHOUT ROWID;
        CREATE INDEX merge_keys_event ON merge_keys(event_id);
        -- How many events hold each stem, and how many events there are: a stem most
        -- events hold is no evidence that two of them tell the same fact.
        CREATE TABLE event_stems (
            stem TEXT PRIMARY KEY,
            events INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO merge_keys
            WITH RECURSIVE split(id, date, kind, sep, rest, item) AS (
                SELECT id, date, 'n', '|', key_names || '|', '' FROM events
                UNION ALL
                SELECT id, date, 's', ' ', key_stems || ' ', '' FROM events
                UNION ALL
                SELECT id, date, kind, sep, substr(rest, instr(rest, sep) + 1),
                       substr(rest, 1, instr(rest, sep) - 1) FROM split WHERE rest != ''
            )
            SELECT DISTINCT date, kind || item, id FROM split WHERE item != '';
        INSERT INTO event_stems
            SELECT substr(key, 2), count(*) FROM merge_keys WHERE key LIKE 's%' GROUP BY key;
        INSERT INTO counters VALUES ('events', (SELECT count(*) FROM events));
        """,
    ),
    (
        "006_stems_and_wider_folding",
        """
        -- Folding now transliterates letters beyond accented Latin (Wałęsa → walesa) and
        -- the word indexes hold French stems next to the words (fondée → fond). Every
        -- folded column and index changes, so the corpus is read again: the paths to
        -- read are kept in `reindex`, the next `dossier ingest` reads them, then forgets them.
        CREATE TABLE reindex (path TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT OR IGNORE INTO reindex SELECT path FROM documents;

        DROP TRIGGER passages_ai; DROP TRIGGER passages_ad;
        DROP TABLE passages_vocab; DROP TABLE passages_fts;
        DROP TRIGGER events_ai; DROP TRIGGER events_ad; DROP TABLE events_fts;
        DROP TABLE documents_vocab; DROP TABLE documents_fts;
        DELETE FROM quotes; DELETE FROM events; DELETE FROM passages; DELETE FROM entries;
        DELETE FROM documents; DELETE FROM speaker_words; DELETE FROM speakers; DELETE FROM quote_grams;
        DELETE FROM merge_keys; DELETE FROM event_stems; DELETE FROM counters;
        INSERT INTO quotes_fts(quotes_fts) VALUES ('delete-all');

        ALTER TABLE passages ADD COLUMN stems TEXT NOT NULL DEFAULT '';
        CREATE VIRTUAL TABLE passages_fts USING fts5(
            text, names, stems, content='passages', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
            INSERT INTO passages_fts(rowid, text, names, stems) VALUES (new.id, new.text, new.names, new.stems);
        END;
        CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
            INSERT INTO passages_fts(passages_fts, rowid, text, names, stems)
            VALUES ('delete', old.id, old.text, old.names, old.stems);
        END;
        CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row');

        ALTER TABLE events ADD COLUMN stems TEXT NOT NULL DEFAULT '';
        CREATE VIRTUAL TABLE events_fts USING fts5(
            sentence, names, date_token, stems, content='events', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN
            INSERT INTO events_fts(rowid, sentence, names, date_token, stems)
            VALUES (new.id, new.sentence, new.names, new.date_token, new.stems);
        END;
        CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
            INSERT INTO events_fts(events_fts, rowid, sentence, names, date_token, stems)
            VALUES ('delete', old.id, old.sentence, old.names, old.date_token, old.stems);
        END;

        CREATE VIRTUAL TABLE documents_fts USING fts5(
            body, stems, tokenize='unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE documents_vocab USING fts5vocab(documents_fts, 'row');
        """,
    ),
    (
        "007_document_sources",
        """
        -- Where an article can be read, who published it and who wrote it (its metadata
        -- lines). Files read before held none: the next ingest reads every one again.
        ALTER TABLE documents ADD COLUMN url TEXT;
        ALTER TABLE documents ADD COLUMN outlet TEXT;
        ALTER TABLE documents ADD COLUMN author TEXT;
        CREATE TABLE IF NOT EXISTS reindex (path TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT OR IGNORE INTO reindex SELECT path FROM documents;
        UPDATE documents SET sha256 = '';
        """,
    ),
    (
        "008_documents_sha256",
        """
        -- A file whose bytes another document already has is a duplicate, found in O(log n).
        CREATE INDEX documents_sha256 ON documents(sha256);
        """,
    ),
    (
        "009_documents_fts_key",
        """
        -- documents_fts rows were keyed on the implicit rowid of documents, which `.dump`
        -- does not keep: after a restore /source paired articles with other articles' text.
        -- An explicit column survives a dump.
        ALTER TABLE documents ADD COLUMN fts_id INTEGER;
        UPDATE documents SET fts_id = rowid;
        CREATE UNIQUE INDEX documents_fts_id ON documents(fts_id);
        """,
    ),
    (
        "010_no_date_indexes",
        """
        -- No read looks events or entries up by date (merge_keys and entries_sort do it), yet
        -- ingest kept both indexes: at 100,000 articles each new event landed on a page of its
        -- own in each, a seventh of all the pages an ingest writes.
        DROP INDEX IF EXISTS events_date;
        DROP INDEX IF EXISTS entries_date;
        """,
    ),
    (
        "011_unkeyed_stems",
        """
        -- Stems so common that merge_keys stops taking their rows (UNKEYED_SHARE): the look-up
        -- never reads a common stem, and these were half of all key rows, each on a leaf of its
        -- own at 100,000 articles. A stem listed here gets its rows back before it is read.
        CREATE TABLE unkeyed_stems (stem TEXT PRIMARY KEY) WITHOUT ROWID;
        """,
    ),
]


# Rows handed to the look-ups. Plain records; the look-ups turn them into answers.


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str
    published: PartialDate | None
    title: str | None
    lead: str
    chars: int
    sha256: str
    events: int = 0
    quotes: int = 0
    url: str | None = None
    outlet: str | None = None
    author: str | None = None


class SourceRow(NamedTuple):
    """An article cited by a row, with its link when its metadata gives one."""

    doc_id: str
    published: PartialDate | None
    url: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class EntryRow:
    entry_id: int
    date: PartialDate
    text: str
    sources: tuple[SourceRow, ...]
    more: int = 0  # sources told but not listed


@dataclass(frozen=True)
class QuoteRow:
    quote_id: int
    text: str
    folded: str
    speaker: str | None
    doc_id: str
    published: PartialDate | None
    cue: str | None = None
    attribution: str | None = None
    evidence: str | None = None
    url: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class DocumentHit:
    doc_id: str
    published: PartialDate | None
    title: str | None
    snippet: str
    rank: float
    url: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class StatsRow:
    documents: int
    undated: int
    first: PartialDate | None
    last: PartialDate | None
    entries: int
    quotes: int


@dataclass(frozen=True)
class IngestOutcome:
    status: str  # "added", "updated" or "unchanged"
    events: int = 0
    quotes: int = 0


@dataclass(frozen=True)
class StoredDocuments:
    """Of some articles about to be ingested, what the database holds (`Store.stored`)."""

    hashes: dict[str, str]  # doc id → sha256 of the stored document
    by_bytes: dict[str, list[tuple[str, str]]]  # sha256 → (doc id, path) of stored documents

    def unchanged(self, article: Article) -> bool:
        return self.hashes.get(article.doc_id) == article.sha256

    def copy_of(self, article: Article) -> tuple[str, str] | None:
        """(doc id, path) of another stored document with exactly these bytes, if any."""
        return next((d for d in self.by_bytes.get(article.sha256, ()) if d[0] != article.doc_id), None)


def _date(text: str | None) -> PartialDate | None:
    return _parsed_date(text) if text else None


@functools.lru_cache(maxsize=4_096)
def _parsed_date(text: str) -> PartialDate:
    # A corpus has few distinct dates (a month or a day of a few decades), read again on every
    # page: parsed once each. PartialDate is immutable, so one object serves every row.
    return PartialDate.from_iso(text)


def sort_key(date: PartialDate) -> str:
    """Year-only dates sort before the months of their year, months before their days."""
    return f"{date.year:04d}-{date.month or 0:02d}-{date.day or 0:02d}"


def date_token(date: PartialDate) -> str:
    """One FTS token per date at its precision: `d2019`, `d2019m07`, `d2023m02d17`."""
    return "d" + date.iso().replace("-", "m", 1).replace("-", "d", 1)


def fts_words(text: str, *, any_word: bool = False, drop_stopwords: bool = False) -> str | None:
    """User text as a safe FTS5 query: each word quoted, so no syntax gets through.

    A word matches as written (folded) or by its French stem (`fondé` finds `fondée`
    through the `stems` columns). All words must match, or any of them (ranked by
    bm25) with `any_word`.
    """
    found = word_stems(text)
    if drop_stopwords:
        found = [(w, s) for w, s in found if w not in STOPWORDS] or found
    if not found:
        return None
    terms = [f'"{w}"' if w == s else f'("{w}" OR "{s}")' for w, s in dict.fromkeys(found)]
    return (" OR " if any_word else " AND ").join(terms)


def trigrams(text: str) -> list[str]:
    """The distinct trigrams of a text's folded words, as the quote index holds them."""
    grams: dict[str, None] = {}
    for word in words(text):
        if word in STOPWORDS and len(word) < 4:
            continue
        for i in range(len(word) - 2):
            grams[word[i : i + 3]] = None
    return list(grams)


@dataclass(frozen=True)
class EventRows:
    """What is written of one event that the database does not decide."""

    names: tuple[str, ...]  # the passage's names the sentence mentions
    key: EventKey
    stems: str


@dataclass(frozen=True)
class DocumentRows:
    """What is written of one article that the database does not decide: its text folded and
    stemmed, each event's key, its quotes' trigrams. Pure computation, done beside extraction
    (in ingest's workers), so that the one writer only writes."""

    article: Article
    extraction: Extraction
    lead: str
    folded: str
    stems: str
    passage_stems: tuple[str, ...]
    events: tuple[EventRows, ...]
    quotes_folded: tuple[str, ...]
    grams: tuple[str, ...]  # each quote's distinct trigrams, one after the other

    @classmethod
    def of(cls, article: Article, extraction: Extraction, lead: str) -> DocumentRows:
        names_of = {p.index: p.names for p in extraction.passages}
        events = []
        for event in extraction.events:
            names = _names_in(event.sentence, names_of.get(event.paragraph, ()))
            events.append(EventRows(names, EventKey.of(event.sentence, names), stems(event.sentence)))
        return cls(
            article, extraction, lead,
            # Folded here, not by the tokenizer: unicode61 keeps ł, ø, ı (fold makes them l, o, i).
            fold(article.body), stems(article.body),
            tuple(stems(p.text) for p in extraction.passages),
            tuple(events),
            tuple(fold(q.text) for q in extraction.quotes),
            tuple(g for q in extraction.quotes for g in trigrams(q.text)),
        )


class Store:
    """An open dossier database. Use `await Store.open(path)`; close it, or use `async with`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path, read_only: bool) -> None:
        self._conn = conn
        self.path = path
        self.read_only = read_only
        self.query_timeout = 2.0
        # Each connection runs one statement at a time. A read waits here for a free
        # one, and its time budget starts only once it has it: time spent queueing
        # behind a burst of other look-ups is not time spent searching.
        self._readers: asyncio.Queue[_Reader] = asyncio.Queue()
        self._extra: list[aiosqlite.Connection] = []
        # Ingest writes through a plain connection on a thread of its own: a document's
        # ~25 statements run in one hop there instead of one awaited round trip each.
        self._writer: sqlite3.Connection | None = None
        self._writer_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dossier-write")
        self._wal_copier: _WalCopier | None = None
        self._lock: int | None = None  # the writer's lock file descriptor
        self.opened_as: tuple[int, int] | None = None  # (device, inode) of the file opened
        self._generation = 0  # bumped when a replaced file is reopened; older readers retire
        self._reopening = asyncio.Lock()

    @classmethod
    async def open(
        cls, path: Path | str, *, read_only: bool = False, query_timeout_ms: int = 2_000
    ) -> Store:
        path = Path(path)
        if read_only and not path.exists():
            raise NotFound(f"no database at {path}: run `dossier ingest` first")
        # One writer at a time: a second ingest is refused in one line, before it migrates
        # or writes anything; the lock goes with the process, even on SIGKILL.
        lock = None if read_only else _writer_lock(path)
        opened: list[aiosqlite.Connection] = []
        try:
            opened.append(conn := await _connect(path, read_only))
            store = cls(conn, path, read_only)
            store._lock = lock
            store.opened_as = _identity(path)
            store.query_timeout = query_timeout_ms / 1000
            if not read_only:
                await conn.execute("PRAGMA journal_mode = WAL")
                await conn.execute("PRAGMA synchronous = NORMAL")
                await conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
                await store._migrate()
                store._writer = await store._writing_thread(_writer_connection, path)
                store._wal_copier = await _WalCopier.on(path)
            else:
                await store._check_migrated()
                for _ in range(READERS - 1):
                    opened.append(await _connect(path, read_only))
                store._extra = opened[1:]
            for reader in opened:
                store._readers.put_nowait(await _Reader.on(reader))
            return store
        except BaseException as error:
            # An open aiosqlite connection keeps the process alive: close them all.
            for each in opened:
                await each.close()
            if lock is not None:
                _release(path, lock)
            if isinstance(error, sqlite3.Error):
                raise StoreError(database_problem(error, path)) from None
            raise

    async def close(self) -> None:
        for extra in self._extra:
            await extra.close()
        if self._wal_copier is not None:
            await self._wal_copier.close()
            self._wal_copier = None
        if self._writer is not None:
            await self._writing_thread(self._writer.close)
            self._writer = None
        self._writer_thread.shutdown()
        await self._conn.close()
        if self._lock is not None:
            _release(self.path, self._lock)
            self._lock = None

    def replaced(self) -> bool:
        """True when the file at `path` is no longer the one opened (deleted, or renamed over)."""
        return _identity(self.path) != self.opened_as

    async def reopen_if_replaced(self) -> bool:
        """A read-only store whose file was rebuilt and renamed over (`ingest --atomic`) reads the
        new file from now on; reads under way finish on the old one. False when nothing changed
        or the new file cannot be used (the old one is kept: `replaced()` still says so)."""
        if not self.read_only or not self.replaced():
            return False
        async with self._reopening:
            if not self.replaced():
                return True  # another task just did it
            identity = _identity(self.path)
            if identity is None:  # deleted: connecting would create an empty database there
                return False
            opened: list[aiosqlite.Connection] = []
            try:
                for _ in range(READERS):
                    opened.append(await _connect(self.path, True))
                done = {r[0] for r in await opened[0].execute_fetchall("SELECT name FROM _migrations")}
                if any(name not in done for name, _ in MIGRATIONS):
                    raise sqlite3.DatabaseError("not migrated")
                readers = [await _Reader.on(conn) for conn in opened]
            except (sqlite3.Error, OSError):
                for conn in opened:
                    await conn.close()
                return False
            self._generation += 1
            while not self._readers.empty():  # idle readers of the old file
                await self._readers.get_nowait().conn.close()
            for reader in readers:
                reader.generation = self._generation
                self._readers.put_nowait(reader)
            self._conn, self._extra, self.opened_as = opened[0], opened[1:], identity
            return True

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # --- schema -----------------------------------------------------------------

    async def _check_migrated(self) -> None:
        """A reader cannot migrate; it says so instead of failing on a missing table later."""
        try:
            rows = await self._conn.execute_fetchall("SELECT name FROM _migrations")
        except sqlite3.OperationalError as error:
            if "no such table" not in str(error):
                raise  # locked, unreadable: said as such by open()
            rows = []
        pending = [name for name, _ in MIGRATIONS if name not in {r[0] for r in rows}]
        if pending:
            await self._conn.close()
            raise ConfigError(
                f"{self.path} is not a dossier database of this version (missing {', '.join(pending)}):"
                " run `dossier ingest` once to bring it up to date"
            )

    async def _migrate(self) -> None:
        await self._conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in await self._conn.execute_fetchall("SELECT name FROM _migrations")}
        for name, script in MIGRATIONS:
            if name in done:
                continue
            # executescript commits first; wrap the script so a failure leaves nothing behind.
            await self._conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}\n"
                f"INSERT INTO _migrations VALUES ('{name}', '{_now()}');\nCOMMIT;"
            )

    # --- writing ----------------------------------------------------------------

    async def stored(self, articles: Sequence[Article]) -> StoredDocuments:
        """What the database already holds of these articles: one read for a group of files, beside
        the writer (not queued behind a batch it writes)."""
        found = StoredDocuments({}, {})
        for start in range(0, len(articles), 400):  # SQLite's bound-parameter limit, with room
            chunk = articles[start:start + 400]
            marks = ",".join("?" * len(chunk))
            for doc_id, path, sha256 in await self._conn.execute_fetchall(
                f"SELECT doc_id, path, sha256 FROM documents WHERE doc_id IN ({marks}) OR sha256 IN ({marks})"
                " ORDER BY doc_id", [a.doc_id for a in chunk] + [a.sha256 for a in chunk],
            ):
                found.hashes[doc_id] = sha256
                found.by_bytes.setdefault(sha256, []).append((doc_id, path))
        return found

    async def reindex_paths(self) -> list[str]:
        """Files a migration asked to read again (their rows were built by an older version)."""
        try:
            rows = await self._conn.execute_fetchall("SELECT path FROM reindex ORDER BY path")
        except sqlite3.OperationalError:  # a database from before that migration's time
            return []
        return [r[0] for r in rows]

    async def forget_reindex(self, path: str) -> None:
        await self._conn.execute("DELETE FROM reindex WHERE path = ?", (path,))

    async def save(self, article: Article, extraction: Extraction, lead: str) -> IngestOutcome:
        """Replace one document and all its rows, in one transaction."""
        return (await self.save_many([DocumentRows.of(article, extraction, lead)]))[0]

    async def save_many(self, documents: Sequence[DocumentRows]) -> list[IngestOutcome]:
        """Replace several documents and all their rows, in one transaction (one hop, one commit):
        a kill keeps all of them or none, and never half a document."""
        outcomes = await self._writing(self._save_many, documents)
        if self._wal_copier is not None:
            self._wal_copier.copy_soon()
        return outcomes

    async def compact_indexes(self) -> None:
        """Merge each full-text index into one segment (FTS5 'optimize').

        Every commit adds a segment to each index and FTS5 merges them only four at a
        time, so an index built by many batches stays a dozen segments: every search then
        opens, seeks and reads each term's list in each of them, and bm25 counts a term's
        rows in each (a /source snippet does so per article shown). The merge rewrites the
        whole index, so ingest asks for it only after writing a good share of the corpus."""
        await self._writing(self._compact)

    def _compact(self) -> None:
        conn = self._db
        conn.execute("BEGIN IMMEDIATE")
        try:
            for table in FTS_TABLES:
                conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    async def _writing(self, work: Callable[..., _T], /, *args: Any) -> _T:
        """Run `work` on the writer's thread: one hop per document, not one per statement."""
        if self._writer is None:
            raise ConfigError(f"{self.path} is open read-only")
        return await self._writing_thread(work, *args)

    async def _writing_thread(self, work: Callable[..., _T], /, *args: Any) -> _T:
        return await asyncio.get_running_loop().run_in_executor(self._writer_thread, work, *args)

    @property
    def _db(self) -> sqlite3.Connection:
        assert self._writer is not None, "writes run on a writable store's writer thread"
        return self._writer

    # The writes below run on the writer's thread, on its plain sqlite3 connection.

    def _document_hash(self, doc_id: str) -> str | None:
        rows = self._db.execute("SELECT sha256 FROM documents WHERE doc_id = ?", (doc_id,)).fetchall()
        return rows[0][0] if rows else None

    def _save_many(self, documents: Sequence[DocumentRows]) -> list[IngestOutcome]:
        conn = self._db
        conn.execute("BEGIN IMMEDIATE")
        try:
            outcomes = [self._save(document) for document in documents]
            # Counted once for the batch: look-ups read them, ingest does not.
            self._count_grams([g for document, outcome in zip(documents, outcomes)
                               if outcome.status != "unchanged" for g in document.grams], +1)
            conn.execute("COMMIT")
        except BaseException:
            # SQLite has already rolled back after some errors (a full disk): a second
            # ROLLBACK would fail and hide the real error.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return outcomes

    def _save(self, rows: DocumentRows) -> IngestOutcome:
        """One document's rows, inside the caller's transaction."""
        conn = self._db
        article, extraction, lead = rows.article, rows.extraction, rows.lead
        # Checked inside the transaction: no other writer can add it in between.
        old = self._document_hash(article.doc_id)
        if old == article.sha256:
            return IngestOutcome("unchanged")
        if old is not None:
            self._delete(article.doc_id)
        conn.execute(
            "INSERT INTO documents (doc_id, path, sha256, published, title, lead, chars, ingested_at,"
            " url, outlet, author, fts_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " (SELECT coalesce(max(fts_id), 0) + 1 FROM documents))",
            (
                article.doc_id,
                article.path,
                article.sha256,
                article.published.iso() if article.published else None,
                article.title,
                lead,
                len(article.body),
                _now(),
                article.url,
                article.outlet,
                article.author,
            ),
        )
        conn.execute(
            "INSERT INTO documents_fts (rowid, body, stems) VALUES"
            " ((SELECT fts_id FROM documents WHERE doc_id = ?), ?, ?)",
            (article.doc_id, rows.folded, rows.stems),
        )
        conn.executemany(
            "INSERT INTO passages (doc_id, seq, text, names, stems) VALUES (?, ?, ?, ?, ?)",
            [(article.doc_id, p.index, p.text, " | ".join(p.names), passage_stems)
             for p, passage_stems in zip(extraction.passages, rows.passage_stems)],
        )
        conn.execute("DELETE FROM reindex WHERE path = ?", (article.path,))
        for event, event_rows in zip(extraction.events, rows.events):
            self._add_event(article, event.date, event.sentence, event.paragraph, event_rows)
        if extraction.quotes:  # most articles of a large corpus hold none: no statement for them
            conn.executemany(
                "INSERT INTO quotes (doc_id, seq, text, folded, speaker, cue, attribution, evidence)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (article.doc_id, q.paragraph, q.text, folded, q.speaker, q.cue, q.attribution,
                     q.evidence)
                    for q, folded in zip(extraction.quotes, rows.quotes_folded)
                ],
            )
        self._count_speakers(Counter(q.speaker for q in extraction.quotes if q.speaker), +1)
        return IngestOutcome(
            "updated" if old else "added", len(extraction.events), len(extraction.quotes)
        )

    def _delete(self, doc_id: str) -> None:
        conn = self._db
        entry_ids = [r[0] for r in conn.execute(
            "SELECT DISTINCT entry_id FROM events WHERE doc_id = ?", (doc_id,)).fetchall()]
        self._count_stems([frozenset(r[0].split()) for r in conn.execute(
            "SELECT key_stems FROM events WHERE doc_id = ?", (doc_id,)).fetchall()], -1)
        speakers = Counter(r[0] for r in conn.execute(
            "SELECT speaker FROM quotes WHERE doc_id = ? AND speaker IS NOT NULL", (doc_id,)))
        self._count_grams([g for r in conn.execute("SELECT text FROM quotes WHERE doc_id = ?", (doc_id,))
                           for g in trigrams(r[0])], -1)
        conn.execute(
            "DELETE FROM documents_fts WHERE rowid = (SELECT fts_id FROM documents WHERE doc_id = ?)",
            (doc_id,),
        )
        conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        conn.executemany(
            "DELETE FROM entries WHERE id = ? AND NOT EXISTS (SELECT 1 FROM events WHERE entry_id = ?)",
            [(e, e) for e in entry_ids],
        )
        conn.executemany(f"UPDATE entries SET {ENTRY_PAGE_COLUMNS} WHERE id = ?", [(e,) for e in entry_ids])
        self._count_speakers(speakers, -1)

    def _add_event(
        self, article: Article, date: PartialDate, sentence: str, seq: int, rows: EventRows
    ) -> None:
        doc_id = article.doc_id
        names, key = rows.names, rows.key
        iso = date.iso()
        source = [article.published.iso() if article.published else "~", doc_id]
        held, events, unkeyed = self._stem_counts(key.stems)
        telling = {s for s in key.stems if not common(held.get(s, 0), events)}
        for stem in sorted(telling & unkeyed):  # no longer common: its rows back before a read
            self._rekey(stem)
        unkeyed -= telling
        entry_id = self._same_event_entry(doc_id, iso, key, telling)
        if entry_id is None:
            cursor = self._db.execute(
                "INSERT INTO entries (date, sort_key, text, sources, shown) VALUES (?, ?, ?, 1, ?)",
                (iso, sort_key(date), sentence, _json([source])),
            )
            entry_id = cursor.lastrowid
        else:
            self._add_source(entry_id, sentence, source)
        key_names, key_stems = key.stored()
        cursor = self._db.execute(
            "INSERT INTO events (doc_id, entry_id, date, year, seq, sentence, names, key_names,"
            " key_stems, key_content, date_token, stems) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, entry_id, iso, date.year, seq, sentence, " | ".join(names),
             key_names, key_stems, key.content, date_token(date), rows.stems),
        )
        self._db.executemany(
            "INSERT INTO merge_keys (date, key, event_id) VALUES (?, ?, ?)",
            [(iso, merge_key, cursor.lastrowid) for merge_key in _merge_keys(key.names, key.stems - unkeyed)],
        )
        self._count_stems([key.stems], +1)
        if too_common := [(s,) for s in sorted(key.stems - unkeyed)
                          if common((held.get(s, 0) + 1) / UNKEYED_SHARE, events + 1)]:
            self._db.executemany("INSERT INTO unkeyed_stems (stem) VALUES (?)", too_common)

    def _add_source(self, entry_id: int, sentence: str, source: list[str]) -> None:
        """One more telling of an entry: what its page shows, as ENTRY_PAGE_COLUMNS would compute it."""
        row = (self._db.execute(
            "SELECT text, shown, EXISTS (SELECT 1 FROM events WHERE entry_id = ?1 AND doc_id = ?2)"
            " FROM entries WHERE id = ?1", (entry_id, source[1]),
        ).fetchall())[0]
        text = sentence if len(sentence) < len(row[0]) else row[0]
        shown = json.loads(row[1])
        if source not in shown:
            shown = sorted([*shown, source])[:PAGE_SOURCES]
        self._db.execute(
            "UPDATE entries SET text = ?, sources = sources + ?, shown = ? WHERE id = ?",
            (text, 0 if row[2] else 1, _json(shown), entry_id),
        )

    def _same_event_entry(self, doc_id: str, iso: str, key: EventKey, telling: set[str]) -> int | None:
        """The entry of another article's event that tells the same fact, if any.

        The key table gives, for each of the event's names and telling stems, the
        latest events of that date holding it; those sharing enough keys go to
        `same_event`. A bounded read per key, so the cost stays flat as the corpus grows.
        `telling` holds the event's stems that are not `common`.
        """
        probes = _merge_keys(key.names, telling)
        if not probes:
            return None
        latest = " UNION ALL ".join(
            "SELECT * FROM (SELECT key, event_id FROM merge_keys WHERE date = ? AND key = ?"
            " ORDER BY event_id DESC LIMIT ?)" for _ in probes
        )
        hits: dict[int, list[int]] = {}
        for row in self._db.execute(
            latest, [v for probe in probes for v in (iso, probe, MERGE_CANDIDATES)]
        ).fetchall():
            names_stems = hits.setdefault(row[1], [0, 0])
            names_stems[row[0][0] == "s"] += 1
        # Only events sharing what same_event needs at the least are worth reading.
        worth = sorted((e for e, (n, st) in hits.items() if n >= 2 or st >= 2),
                       reverse=True)[:MERGE_CANDIDATES]
        if not worth:
            return None
        rows = self._db.execute(
            "SELECT entry_id, key_names, key_stems, key_content FROM events"
            f" WHERE id IN ({','.join('?' * len(worth))}) AND doc_id != ? ORDER BY id DESC",
            [*worth, doc_id],
        ).fetchall()
        for row in rows:
            if same_event(key, EventKey.from_stored(row[1], row[2], row[3]), telling):
                return row[0]
        return None

    def _stem_counts(self, stems: frozenset[str]) -> tuple[dict[str, int], int, set[str]]:
        """How many events hold each stem, how many events there are, and which stems are unkeyed."""
        if not stems:
            return {}, 0, set()  # no stem to judge: the event count is not needed
        rows = self._db.execute(
            "SELECT stem, events, (SELECT value FROM counters WHERE name = 'events'),"
            " stem IN (SELECT stem FROM unkeyed_stems) FROM event_stems"
            f" WHERE stem IN ({','.join('?' * len(stems))})", sorted(stems),
        ).fetchall()
        events = (rows[0][2] or 0) if rows else 0
        return {r[0]: r[1] for r in rows}, events, {r[0] for r in rows if r[3]}

    def _rekey(self, stem: str) -> None:
        """Give every event holding `stem` its merge_keys row again (a scan of the events: rare,
        a stem must fall from UNKEYED_SHARE times the common share to under it)."""
        self._db.execute(
            "INSERT OR IGNORE INTO merge_keys (date, key, event_id) SELECT date, ?, id FROM events"
            " WHERE instr(' ' || key_stems || ' ', ?)", ("s" + stem, f" {stem} "),
        )
        self._db.execute("DELETE FROM unkeyed_stems WHERE stem = ?", (stem,))

    def _count_stems(self, stems_of_events: Sequence[frozenset[str]], sign: int) -> None:
        counts = Counter(stem for stems in stems_of_events for stem in stems)
        self._db.executemany(
            "INSERT INTO event_stems (stem, events) VALUES (?, ?)"
            " ON CONFLICT(stem) DO UPDATE SET events = events + excluded.events",
            [(stem, sign * n) for stem, n in counts.items()],
        )
        self._db.execute(
            "INSERT INTO counters (name, value) VALUES ('events', ?)"
            " ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
            (sign * len(stems_of_events),),
        )

    def _count_grams(self, grams: Iterable[str], sign: int) -> None:
        """Add (or take back) quotes' trigrams (each quote's distinct ones, `trigrams`)."""
        counts = Counter(grams)
        self._db.executemany(
            "INSERT INTO quote_grams (gram, quotes) VALUES (?, ?)"
            " ON CONFLICT(gram) DO UPDATE SET quotes = quotes + excluded.quotes",
            [(gram, sign * n) for gram, n in counts.items()],
        )
        if sign < 0:
            self._db.execute("DELETE FROM quote_grams WHERE quotes <= 0")

    def _count_speakers(self, quotes_by: Counter[str], sign: int) -> None:
        """Add (or take back) each speaker's quotes: a counter, never a count(*) of their quotes."""
        for name, n in sorted(quotes_by.items()):
            self._db.execute(
                "INSERT INTO speakers (name, folded, quotes) VALUES (?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET quotes = quotes + excluded.quotes, folded = excluded.folded",
                (name, fold(name), sign * n),
            )
            if sign > 0:
                self._db.executemany(
                    "INSERT OR IGNORE INTO speaker_words (word, name) VALUES (?, ?)",
                    [(w, name) for w in words(name) if len(w) > 1],
                )
        if sign < 0:
            self._db.execute("DELETE FROM speakers WHERE quotes <= 0")

    # --- reading ----------------------------------------------------------------

    async def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Run one read on a free connection, under the time budget that starts once it has one."""
        reader = await self._readers.get()
        reader.deadline = time.monotonic() + self.query_timeout
        try:
            return list(await reader.conn.execute_fetchall(sql, params))
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error):
                raise BadInput("that search takes too long: try fewer or more precise words") from error
            raise
        finally:
            reader.deadline = math.inf
            if reader.generation == self._generation:
                self._readers.put_nowait(reader)
            else:  # its file was replaced while it read
                await reader.conn.close()

    async def resolve_doc_id(self, text: str) -> str | None:
        """A doc id, or a unique prefix of one. Ambiguous prefixes raise BadInput."""
        text = text.strip()
        if not text or any(c.isspace() for c in text):
            return None
        rows = await self._fetch(
            "SELECT doc_id FROM documents WHERE doc_id >= ? AND doc_id < ? ORDER BY doc_id LIMIT 6",
            (text, text + "\U0010ffff"),
        )
        ids = [r[0] for r in rows]
        if text in ids or len(ids) == 1:
            return text if text in ids else ids[0]
        if ids:
            shown = ", ".join(ids[:5])
            raise BadInput(f"`{text}` names several documents: {shown}…")
        return None

    async def document(self, doc_id: str) -> DocumentRow:
        rows = await self._fetch(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents d WHERE doc_id = ?",
            (doc_id,),
        )
        if not rows:
            raise NotFound(f"no document `{doc_id}`")
        return _document_row(rows[0])

    async def documents(self, prefix: str = "") -> AsyncIterator[DocumentRow]:
        """Every document (or those whose doc id starts with `prefix`), by date then doc id, streamed."""
        sql = (
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents d WHERE doc_id >= ? AND doc_id < ?"
            " ORDER BY published IS NULL, published, doc_id"
        )
        async with self._conn.execute(sql, (prefix, prefix + "\U0010ffff")) as cursor:
            async for row in cursor:
                yield _document_row(row)

    def _entry_filter(
        self, dates: Span | tuple[int, int] | None, match: str | None, doc_id: str | None
    ) -> tuple[str, list[Any]]:
        """A WHERE clause on `entries en`: dates through the sort_key index, words through FTS.

        `dates` is a span of dates at any precision, or of years (`(2015, 2019)`)."""
        clauses, params = [], []
        years: tuple[int, int] | None = None
        if dates:
            span = dates if isinstance(dates, Span) else Span(PartialDate(dates[0]), PartialDate(dates[1]))
            years = span.years
            clauses.append("en.sort_key >= ? AND en.sort_key < ?")
            params += list(key_bounds(span))
        if match:
            fts = f"{{sentence names stems}}: ({match})"
            if years and years[1] - years[0] < YEAR_TOKENS:
                # Intersect with the years inside the index: far fewer rows leave FTS.
                spans = " OR ".join(f"d{year:04d}*" for year in range(years[0], years[1] + 1))
                fts += f" AND date_token: ({spans})"
            clauses.append(
                "en.id IN (SELECT ev.entry_id FROM events ev WHERE ev.id IN"
                " (SELECT rowid FROM events_fts WHERE events_fts MATCH ?))"
            )
            params.append(fts)
        if doc_id:
            clauses.append("en.id IN (SELECT ev.entry_id FROM events ev WHERE ev.doc_id = ?)")
            params.append(doc_id)
        return " AND ".join(clauses) or "1", params

    async def entries(
        self,
        dates: Span | tuple[int, int] | None = None,
        match: str | None = None,
        doc_id: str | None = None,
        limit: int | None = 20,
        offset: int = 0,
    ) -> tuple[int, list[EntryRow]]:
        """How many merged timeline entries match, and a page of them in chronological order."""
        where, params = self._entry_filter(dates, match, doc_id)
        return await self._entry_page(where, params, limit, offset)

    async def _entry_page(self, where: str, params: Sequence[Any], limit: int | None, offset: int
                          ) -> tuple[int, list[EntryRow]]:
        """The count of the entries `where` selects (on `entries en`) and a page of them, as a page
        shows them, in one read: each read is a hop to a reader's thread and back, about as
        long as the page's SQL itself."""
        rows = await self._fetch(
            f"SELECT NULL, NULL, count(*), NULL, NULL, NULL, NULL FROM entries en WHERE {where} UNION ALL"
            f" SELECT * FROM (SELECT en.sort_key, {_ENTRY_PAGE_COLUMNS} FROM entries en WHERE {where}"
            "  ORDER BY en.sort_key, en.id LIMIT ? OFFSET ?)",
            [*params, *params, -1 if limit is None else limit, offset],
        )
        total = next(row[2] for row in rows if row[0] is None)
        page = sorted((row for row in rows if row[0] is not None), key=lambda row: (row[0], row[1]))
        return total, [_entry_row(row[1:]) for row in page]

    async def _entries_with_every_source(self, entries: list[sqlite3.Row]) -> list[EntryRow]:
        """The entries (rows of id, date, text, sources), each with every one of its sources (an
        export), reading every event."""
        if not entries:
            return []
        entry_ids = [row[0] for row in entries]
        marks = ",".join("?" * len(entry_ids))
        every: dict[int, list[SourceRow]] = {}
        for row in await self._fetch(
            "SELECT DISTINCT ev.entry_id, ev.doc_id, d.published, d.url, d.outlet FROM events ev"
            f" JOIN documents d USING (doc_id) WHERE ev.entry_id IN ({marks})"
            " ORDER BY ev.entry_id, coalesce(d.published, '~'), ev.doc_id",
            entry_ids,
        ):
            every.setdefault(row[0], []).append(SourceRow(row[1], _date(row[2]), row[3], row[4]))
        result = []
        for row in entries:
            sources = tuple(every.get(row[0], ()))
            result.append(EntryRow(row[0], _date(row[1]), row[2], sources, row[3] - len(sources)))
        return result

    async def iter_entries(
        self, years: Span | tuple[int, int] | None = None, match: str | None = None, batch: int = 500
    ) -> AsyncIterator[EntryRow]:
        """Every matching entry in order, a batch at a time (for export).

        Pages by key (sort_key, id), not OFFSET, so the last page costs what the first does.
        """
        where, params = self._entry_filter(years, match, None)
        after_key, after_id = "", 0
        while True:
            page = await self._fetch(
                "SELECT en.id, en.date, en.text, en.sources, en.sort_key FROM entries en"
                f" WHERE (en.sort_key, en.id) > (?, ?) AND {where} ORDER BY en.sort_key, en.id LIMIT ?",
                [after_key, after_id, *params, batch],
            )
            for row in await self._entries_with_every_source(page):
                yield row
            if len(page) < batch:
                return
            after_id, after_key = page[-1][0], page[-1][4]

    async def quotes_with_words(self, text: str, limit: int) -> list[QuoteRow]:
        """Quotes holding two or more of the text's words as written (folded), most first: the
        few rapidfuzz ranks, found in one read. Two words together are rare whatever the corpus
        size, where a trigram, even the rarest of a word, is shared by more quotes as it grows.
        Empty with fewer than three telling words (one with a typo leaves too little to ask)."""
        asked = [w for w in dict.fromkeys(words(text)) if len(w) > 2 and w not in STOPWORDS][:QUOTE_WORDS]
        if len(asked) < 3:
            return []
        each = " UNION ALL ".join(["SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?"] * len(asked))
        rows = await self._fetch(
            f"SELECT {_QUOTE_COLUMNS} FROM"
            f" (SELECT rowid, count(*) AS held FROM ({each}) GROUP BY rowid HAVING held >= 2"
            "  ORDER BY held DESC, rowid LIMIT ?) f"
            " JOIN quotes q ON q.id = f.rowid JOIN documents d ON d.doc_id = q.doc_id ORDER BY f.held DESC, q.id",
            [_fts_phrase(w) for w in asked] + [limit],
        )
        return [_quote_row(r) for r in rows]

    async def quote_candidates(self, text: str, limit: int) -> list[QuoteRow]:
        """Quotes holding two of the text's rarest trigrams, best bm25 first: the few rapidfuzz ranks.

        Rare trigrams are the discriminating ones, and their short posting lists keep
        the cost low however many quotes the corpus holds; a typo spoils only the
        trigrams of one word, so any two of the others still find the quotation.
        """
        grams = trigrams(text)
        if not grams:
            return []
        marks = ",".join("?" * len(grams))
        known = await self._fetch(
            f"SELECT gram FROM quote_grams WHERE gram IN ({marks}) ORDER BY quotes LIMIT ?",
            [*grams, QUOTE_GRAMS],
        )
        if not known:
            return []
        quoted = [_fts_phrase(r[0]) for r in known]
        if len(quoted) >= 3:  # two rare trigrams together: a much shorter list to rank
            match = " OR ".join(f"({a} AND {b})" for a, b in itertools.combinations(quoted, 2))
        else:
            match = " OR ".join(quoted)
        rows = await self._fetch(
            f"SELECT {_QUOTE_COLUMNS} FROM"
            " (SELECT rowid, rank FROM quotes_fts WHERE quotes_fts MATCH ? ORDER BY rank LIMIT ?) f"
            " JOIN quotes q ON q.id = f.rowid JOIN documents d ON d.doc_id = q.doc_id ORDER BY f.rank",
            (match, limit),
        )
        return [_quote_row(r) for r in rows]

    async def quotes_by(
        self, speaker: str | None = None, doc_id: str | None = None,
        limit: int | None = 20, offset: int = 0,
    ) -> list[QuoteRow]:
        """Quotes of one speaker or one document (or all), newest article first."""
        clauses, params = [], []
        if speaker:
            clauses.append("q.speaker = ?")
            params.append(speaker)
        if doc_id:
            clauses.append("q.doc_id = ?")
            params.append(doc_id)
        where = " AND ".join(clauses) or "1"
        rows = await self._fetch(
            f"SELECT {_QUOTE_COLUMNS} FROM quotes q"
            f" JOIN documents d USING (doc_id) WHERE {where}"
            " ORDER BY d.published IS NULL, d.published DESC, q.doc_id, q.id LIMIT ? OFFSET ?",
            [*params, -1 if limit is None else limit, offset],
        )
        return [_quote_row(r) for r in rows]

    async def iter_quotes(self, batch: int = 1_000) -> AsyncIterator[QuoteRow]:
        last = 0
        while True:
            rows = await self._fetch(
                f"SELECT {_QUOTE_COLUMNS} FROM quotes q"
                " JOIN documents d USING (doc_id) WHERE q.id > ? ORDER BY q.id LIMIT ?",
                (last, batch),
            )
            for row in rows:
                yield _quote_row(row)
            if len(rows) < batch:
                return
            last = rows[-1][0]

    async def count_quotes(self, speaker: str | None = None) -> int:
        if speaker:
            rows = await self._fetch("SELECT quotes FROM speakers WHERE name = ?", (speaker,))
            return rows[0][0] if rows else 0
        return (await self._fetch("SELECT count(*) FROM quotes"))[0][0]

    async def top_speakers(self, limit: int) -> list[tuple[str, int]]:
        """(name, quote count) of the most quoted speakers."""
        rows = await self._fetch(
            "SELECT name, quotes FROM speakers ORDER BY quotes DESC, name LIMIT ?", (limit,)
        )
        return [(r[0], r[1]) for r in rows]

    async def speaker_words_like(self, word: str) -> list[str]:
        """Distinct speaker-name words (folded) that start like `word`: fuzzy-match candidates."""
        head = fold(word)[:1]
        if not head:
            return []
        rows = await self._fetch(
            "SELECT DISTINCT word FROM speaker_words WHERE word >= ? AND word < ? LIMIT 20000",
            (head, head + "\U0010ffff"),
        )
        return [r[0] for r in rows]

    async def speakers_named(self, name_words: Sequence[str]) -> list[tuple[str, str, int]]:
        """(word, speaker, quote count) for the speakers whose names hold these words."""
        if not name_words:
            return []
        marks = ",".join("?" * len(name_words))
        rows = await self._fetch(
            "SELECT w.word, w.name, s.quotes FROM speaker_words w JOIN speakers s USING (name)"
            f" WHERE w.word IN ({marks})",
            list(name_words),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    async def search_documents(self, match: str, limit: int, offset: int = 0) -> list[DocumentHit]:
        """Matching documents, best first (bm25 over the whole article), each with its best passage."""
        docs = await self._fetch(
            "SELECT d.doc_id, f.rank, d.published, d.title, d.url, d.outlet FROM"
            " (SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH ?"
            "  ORDER BY rank LIMIT ? OFFSET ?) f"
            " JOIN documents d ON d.fts_id = f.rowid ORDER BY f.rank, d.doc_id",
            (match, limit, offset),
        )
        found = []
        for doc in docs:
            snippet = await self._best_snippet(doc[0], match)
            found.append(DocumentHit(doc[0], _date(doc[2]), doc[3], snippet, doc[1], doc[4], doc[5]))
        return found

    async def _best_snippet(self, doc_id: str, match: str) -> str:
        # A document's passages have consecutive ids (one insert each, in one transaction): one read.
        rows = await self._fetch(
            f"SELECT snippet(passages_fts, 0, char(57344), char(57345), '…', {SNIPPET_TOKENS})"
            " FROM passages_fts WHERE passages_fts MATCH ?1 AND rowid BETWEEN"
            " (SELECT min(id) FROM passages WHERE doc_id = ?2) AND (SELECT max(id) FROM passages WHERE doc_id = ?2)"
            " ORDER BY rank LIMIT 1",
            (f"{{text stems}}: ({match})", doc_id),  # not the names column
        )
        return rows[0][0] if rows else ""

    async def document_frequencies(self, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
        """The number of documents, and how many hold each (folded) term."""
        wanted = list(dict.fromkeys(terms))
        rows = await self._fetch(  # one read: the count, then each term held
            "SELECT NULL, count(*) FROM documents UNION ALL"
            f" SELECT term, doc FROM documents_vocab WHERE term IN ({','.join('?' * len(wanted))})", wanted)
        counts = dict.fromkeys(wanted, 0) | {r[0]: r[1] for r in rows if r[0] is not None}
        total = next(r[1] for r in rows if r[0] is None)
        return total, counts

    async def count_documents_matching(self, match: str) -> int:
        rows = await self._fetch(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", (match,)
        )
        return rows[0][0]

    async def vocabulary(self, near: str, limit: int = 5_000) -> list[str]:
        """Indexed words that start like `near` (folded), most frequent first: suggestion candidates."""
        head = fold(near)[:1]
        if not head:
            return []
        rows = await self._fetch(
            "SELECT term FROM passages_vocab WHERE term >= ? AND term < ? AND length(term) > 2"
            " ORDER BY cnt DESC LIMIT ?",
            (head, head + "\U0010ffff", limit),
        )
        return [r[0] for r in rows]

    async def has_term(self, term: str) -> bool:
        rows = await self._fetch("SELECT 1 FROM passages_vocab WHERE term = ?", (term,))
        return bool(rows)

    async def is_empty(self) -> bool:
        """No article at all: a look-up that found nothing should say so, not "no result"."""
        return not (await self._fetch("SELECT EXISTS (SELECT 1 FROM documents)"))[0][0]

    async def count_documents(self) -> int:
        """How many articles the database holds: a scan of its smallest index (2 ms at 100,000)."""
        return (await self._fetch("SELECT count(*) FROM documents"))[0][0]

    async def stats(self) -> StatsRow:
        row = (await self._fetch(
            "SELECT (SELECT count(*) FROM documents),"
            " (SELECT count(*) FROM documents WHERE published IS NULL),"
            " (SELECT min(published) FROM documents), (SELECT max(published) FROM documents),"
            " (SELECT count(*) FROM entries), (SELECT count(*) FROM quotes)"
        ))[0]
        return StatsRow(row[0], row[1], _date(row[2]), _date(row[3]), row[4], row[5])

    # --- digest reads -------------------------------------------------------------

    async def entries_on_day(self, month: int, day: int, before_year: int, limit: int
                             ) -> tuple[int, list[EntryRow]]:
        """Day-precision entries on this month and day of years before `before_year`, oldest first.

        A scan of the sort index, once a day per digest: cheaper than a date index every
        ingest would keep up. A sort key ends in `-MM-DD` with a day only at day precision.
        """
        where = "substr(en.sort_key, 6) = ? AND en.sort_key < ?"
        return await self._entry_page(where, (f"{month:02d}-{day:02d}", f"{before_year:04d}"), limit, 0)

    async def documents_ingested(self, since: datetime, until: datetime, limit: int
                                 ) -> tuple[int, list[DocumentRow]]:
        """Documents first ingested (or changed) in [since, until), newest first."""
        where = "ingested_at >= ? AND ingested_at < ?"
        params = (_stamp(since), _stamp(until))
        total = (await self._fetch(f"SELECT count(*) FROM documents WHERE {where}", params))[0][0]
        rows = await self._fetch(
            f"SELECT {_DOCUMENT_ONLY_COLUMNS} FROM documents d"
            f" WHERE {where} ORDER BY ingested_at DESC, doc_id LIMIT ?",
            (*params, limit),
        )
        return total, [_document_row(r) for r in rows]

    async def latest_documents(self, limit: int) -> list[DocumentRow]:
        """The documents published last (dated ones), newest first."""
        rows = await self._fetch(
            f"SELECT {_DOCUMENT_ONLY_COLUMNS} FROM documents d WHERE published IS NOT NULL"
            " ORDER BY published DESC, doc_id LIMIT ?", (limit,),
        )
        return [_document_row(r) for r in rows]

    async def count_spoken_quotes(self) -> int:
        """Quotes whose speaker the article names (the only ones a quote of the day may be)."""
        return (await self._fetch("SELECT count(*) FROM quotes WHERE speaker IS NOT NULL"))[0][0]

    async def spoken_quote_at(self, position: int) -> QuoteRow | None:
        """The quote with a speaker at this position, in the order quotes were ingested."""
        rows = await self._fetch(
            f"SELECT {_QUOTE_COLUMNS} FROM quotes q"
            " JOIN documents d USING (doc_id) WHERE q.speaker IS NOT NULL ORDER BY q.id LIMIT 1 OFFSET ?",
            (position,),
        )
        return _quote_row(rows[0]) if rows else None



class _Reader:
    """A connection and the deadline of the read it runs; SQLite's progress handler checks it."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.deadline = math.inf
        self.generation = 0  # the store's generation it belongs to

    @classmethod
    async def on(cls, conn: aiosqlite.Connection) -> _Reader:
        reader = cls(conn)
        # Set once: a handler that reads the deadline costs no round trip per read.
        await conn.set_progress_handler(reader._past_deadline, PROGRESS_STEPS)
        return reader

    def _past_deadline(self) -> int:
        return 1 if time.monotonic() > self.deadline else 0


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _writer_lock(path: Path) -> int:
    """An exclusive lock on `<db>.lock`, held while the store is open for writing."""
    lock_path = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise StoreError(f"{path} cannot be written: {error.strerror or error}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # The holder removes the file when done: a lock on a removed file locks nothing.
        if _identity(lock_path) != (os.fstat(fd).st_dev, os.fstat(fd).st_ino):
            raise BlockingIOError
    except BlockingIOError:
        holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise StoreError(f"{path} is being written by another `dossier ingest` (pid {holder}): "
                         "run this one again when it is done") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd


def _release(path: Path, fd: int) -> None:
    """Remove the lock file, then let go of it (removed first: nobody can take a dead lock)."""
    try:
        path.with_name(path.name + ".lock").unlink()
    except OSError:
        pass
    os.close(fd)


def database_problem(error: sqlite3.Error, path: Path | None = None) -> str:
    """One line on why SQLite refused, with what to do about it."""
    text = str(error)
    where = f"{path}" if path is not None else "the database"
    if "file is not a database" in text:
        return f"{where} is not a dossier database (not SQLite): point --db elsewhere, or move it away"
    if "malformed" in text:
        return f"{where} is damaged (truncated or corrupt): move it away and run `dossier ingest` again"
    if "locked" in text or "busy" in text:
        return f"{where} is locked by another process: try again once it is done"
    if "unable to open" in text:
        return f"{where} cannot be opened: check that its folder exists and may be written"
    if "full" in text:
        return f"{where}: database or disk is full; free some space and run the command again"
    return f"{where}: {text}"


class _WalCopier:
    """Copies ingest's committed pages from the WAL into the database, behind the writer.

    Else SQLite copies them inside a commit, once the WAL passes WAL_CHECKPOINT_PAGES, and
    when the store closes: the writer then stops for the copy and its syncs, at the end of
    every ingest (at 100,000 articles, 6,400 scattered pages for 300 new articles). Here a
    passive checkpoint runs on a connection and thread of its own after each batch, while
    the next batch is extracted and written: it waits for no reader or writer, and what is
    left at the close is the last batch.
    """

    def __init__(self, conn: sqlite3.Connection, thread: ThreadPoolExecutor, path: Path) -> None:
        self._conn, self._thread, self._path = conn, thread, path
        self._copying: asyncio.Future[None] | None = None
        self._failed = False

    @classmethod
    async def on(cls, path: Path) -> _WalCopier:
        thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dossier-wal")
        conn = await asyncio.get_running_loop().run_in_executor(
            thread, functools.partial(sqlite3.connect, path, isolation_level=None, check_same_thread=False))
        return cls(conn, thread, path)

    def copy_soon(self) -> None:
        """Start a copy, unless one is under way (the next one takes what this one leaves)."""
        if not self._failed and (self._copying is None or self._copying.done()):
            self._copying = asyncio.get_running_loop().run_in_executor(self._thread, self._copy)

    def _copy(self) -> None:
        try:
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as error:
            # Nothing is lost: the pages stay in the WAL, and SQLite copies them when the store
            # closes, as it would without this copier. No more tries: the next would fail alike.
            self._failed = True
            log.warning("%s: copying the WAL into the database failed; it is copied when ingest ends: %s",
                        self._path, error)

    async def close(self) -> None:
        if self._copying is not None:
            await self._copying
        await asyncio.get_running_loop().run_in_executor(self._thread, self._conn.close)
        self._thread.shutdown()


def _writer_connection(path: Path) -> sqlite3.Connection:
    """The ingest's connection, made on (and only used from) the writer's thread."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    conn.execute("PRAGMA cache_size = -16384")  # 16 MiB: the FTS merges at each commit reread pages
    return conn


async def _connect(path: Path, read_only: bool) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if read_only:
        await conn.execute("PRAGMA query_only = ON")
    return conn


def _names_in(sentence: str, passage_names: Iterable[str]) -> tuple[str, ...]:
    """The passage's names that the sentence itself mentions (by any of their words)."""
    folded = set(words(sentence))
    return tuple(n for n in passage_names if any(w in folded for w in words(n) if len(w) > 2))


def _document_row(row: sqlite3.Row) -> DocumentRow:
    return DocumentRow(
        doc_id=row["doc_id"],
        published=_date(row["published"]),
        title=row["title"],
        lead=row["lead"],
        chars=row["chars"],
        sha256=row["sha256"],
        events=row["n_events"],
        quotes=row["n_quotes"],
        url=row["url"],
        outlet=row["outlet"],
        author=row["author"],
    )


def _entry_row(row: Sequence[Any]) -> EntryRow:
    """An entry read with _ENTRY_PAGE_COLUMNS: at most PAGE_SOURCES sources and a count of the others."""
    links = json.loads(row[5]) if row[5] else {}
    sources = tuple(SourceRow(doc_id, _date(None if key == "~" else key), *links.get(doc_id, ()))
                    for key, doc_id in json.loads(row[4]))
    return EntryRow(row[0], _parsed_date(row[1]), row[2], sources, row[3] - len(sources))


def _quote_row(row: sqlite3.Row) -> QuoteRow:
    return QuoteRow(row[0], row[1], row[2], row[3], row[4], _date(row[5]), row[6], row[7], row[8], row[9], row[10])


def _merge_keys(names: Iterable[str], stems: Iterable[str]) -> list[str]:
    """Keys of the key table: 'n' + each name, then 's' + each content stem."""
    return [*("n" + n for n in sorted(names)), *("s" + s for s in sorted(stems))]


def _json(value: Any) -> str:
    """JSON as SQLite's json functions write it (no spaces), so a value reads the same either way."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _now() -> str:
    return _stamp(datetime.now(timezone.utc))


def _fts_phrase(term: str) -> str:
    """A term as an FTS5 string: quoted, so that its characters are never query syntax."""
    return '"' + term.replace('"', '""') + '"'


def _stamp(moment: datetime) -> str:
    """documents.ingested_at's form, so that text order is time order: 2024-02-17T07:31:00+00:00."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
