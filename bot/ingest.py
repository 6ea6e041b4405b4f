"""Files → corpus → extract → store. One transaction per file, idempotent by content hash."""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus import ALIASES_FILE, iter_files, read_article
from bot.extract import AliasTable, extract
from bot.extract.sentences import split_sentences
from bot.models import Article, Rejection
from bot.store import DocumentRows, IngestOutcome, Store, StoredDocuments
from bot.text import one_line

log = logging.getLogger(__name__)

LEAD_CHARS = 280
# From this many files extraction runs in processes of its own. In-process, it holds the
# interpreter the writer's thread needs between statements, and the two take turns: at 300
# files one extraction process made the run 10-20% faster, at 30 its start made it 19% slower.
POOL_MIN_FILES = 100
# Documents written in one transaction, and files read per look-up of what is stored. A commit
# per file cost a third of the writer's time (FTS5 writes a segment per table at each commit,
# then merges them), and two look-ups per file kept the reading loop waiting on a thread; a kill
# loses at most a batch of work, which the next run redoes. Batches are cut on the files alone,
# never on timing, so the pool writes the database serial ingest writes, byte for byte. At
# 100,000 articles each commit writes a leaf per new index row: 64 files a commit, not 32,
# write and copy fewer pages (7% less CPU in the ingest process adding 300 articles there).
BATCH_FILES = 64
BATCH_CHARS = 2_000_000
# A run that wrote at least this share of the corpus merges the full-text indexes into one
# segment each at its end (Store.compact_indexes): the merge rewrites every index, so a run
# of a few files into a large corpus skips it, and what merging costs stays proportional to
# what the runs write.
COMPACT_SHARE = 0.25


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, path of the same bytes)
    undated: list[str] = field(default_factory=list)  # doc ids without a date header
    events: int = 0
    quotes: int = 0

    def count(self, outcome: IngestOutcome) -> None:
        if outcome.status == "added":
            self.added += 1
        elif outcome.status == "updated":
            self.updated += 1
        else:
            self.unchanged += 1
        self.events += outcome.events
        self.quotes += outcome.quotes

    def summary(self) -> str:
        """The one line every run ends with."""
        line = (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.rejected)} rejected; {self.events} events, {self.quotes} quotes"
        )
        if self.duplicates:
            path, first = self.duplicates[0]
            line += f"; {len(self.duplicates)} duplicate{'s' if len(self.duplicates) > 1 else ''} not stored"
            line += f" ({path}: same bytes as {first}" + (", …)" if len(self.duplicates) > 1 else ")")
        if self.undated:
            line += f"; {len(self.undated)} without a date header ({', '.join(self.undated[:3])}"
            line += ", …)" if len(self.undated) > 3 else ")"
        return line


def alias_table(paths: Iterable[Path], extra: Path | None) -> AliasTable:
    """The built-in alias table, extended by a corpus folder's aliases.toml and the configured file."""
    files = [p / ALIASES_FILE for p in paths if p.is_dir() and (p / ALIASES_FILE).is_file()]
    if extra is not None:
        files.append(extra)
    return AliasTable.load(files)


def count_files(paths: Iterable[Path]) -> int:
    """How many files a run will read (names only), for the progress bar."""
    return sum(1 for _ in iter_files(paths))


def lead_of(article: Article) -> str:
    """The first sentence of the body, on one line: what a card shows when there is no title."""
    first_paragraph = article.body.split("\n\n", 1)[0]
    sentences = split_sentences(first_paragraph)
    return one_line(sentences[0] if sentences else first_paragraph, LEAD_CHARS)


async def _to_reindex(store: Store, paths: list[Path]) -> dict[Path, str]:
    """Files an upgrade asked to read again (path → as stored), beyond those this run reads anyway.

    A file no longer there is forgotten, with a warning: its article is gone from the file."""
    stored = await store.reindex_paths()
    if not stored:
        return {}
    asked = {p.resolve() for p in iter_files(paths) if isinstance(p, Path)}
    again: dict[Path, str] = {}
    for text in stored:
        path = Path(text)
        if path.resolve() in asked:
            continue
        if path.is_file():
            again[path] = text
        else:
            log.warning("%s was in the file but is no longer there: not read again", text)
            await store.forget_reindex(text)
    return again


def _first_copy(stored: StoredDocuments, article: Article, contents: dict[str, str]) -> str | None:
    """Where these very bytes already are under another name (this run, or stored), if anywhere."""
    if article.sha256 in contents:
        return contents[article.sha256]
    copy = stored.copy_of(article)
    return None if copy is None else f"{copy[1]} (`{copy[0]}`)"


async def ingest(
    store: Store,
    paths: Iterable[Path],
    *,
    aliases: AliasTable,
    max_bytes: int,
    on_file: Callable[[Path], None] | None = None,
    workers: int = 0,
) -> IngestReport:
    """Ingest every file under `paths`. A bad file is reported and skipped; nothing else stops.

    Files are read in groups, checked against the database in one read per group, and
    written in batches (`_Batches`) while the next ones are read and extracted. With
    `workers` > 0, extraction runs in that many processes; the database is the same as
    with extraction in this process (0).
    """
    report = IngestReport()
    paths = list(paths)
    again = await _to_reindex(store, paths)
    seen: dict[str, str] = {}  # doc id → path, to catch two files with one name
    contents: dict[str, str] = {}  # sha256 → path, to catch one article under two names
    walked = itertools.chain(iter_files(paths), again)
    with _Extractor(aliases, workers) as extractor:
        async with _Batches(store, report, again, on_file) as batches:
            while group := list(itertools.islice(walked, BATCH_FILES)):
                # A walked entry may already be refused (a link out of the folder, a FIFO).
                reads = [(Path(item.path), item) if isinstance(item, Rejection)
                         else (item, read_article(item, max_bytes)) for item in group]
                stored = await store.stored([read for _, read in reads if isinstance(read, Article)])
                for path, read in reads:
                    if not isinstance(read, Rejection) and read.doc_id in seen:
                        read = Rejection(str(path), f"same doc id `{read.doc_id}` as {seen[read.doc_id]}")
                    if isinstance(read, Rejection):
                        report.rejected.append(read)
                        await batches.add(path)
                    elif (first := _first_copy(stored, read, contents)) is not None:
                        report.duplicates.append((read.path, first))
                        log.warning("%s: same bytes as %s, not stored twice", read.path, first)
                        await batches.add(path)
                    else:
                        contents[read.sha256] = read.path
                        seen[read.doc_id] = read.path
                        if read.published is None:
                            report.undated.append(read.doc_id)
                        unchanged = stored.unchanged(read)
                        await batches.add(path, read, None if unchanged else extractor.submit(read))
    written = report.added + report.updated
    # The documents alone: stats() also counts every entry and quote, 140 ms at 100,000 articles.
    if written and written >= COMPACT_SHARE * await store.count_documents():
        await store.compact_indexes()
    return report


_Entry = tuple[Path, Article | None, "asyncio.Future[DocumentRows] | None"]


class _Batches:
    """Files to write, in batches of BATCH_FILES (or BATCH_CHARS), one transaction each, in file
    order. A batch is written while the next one is read and extracted; one batch at a time."""

    def __init__(self, store: Store, report: IngestReport, again: dict[Path, str],
                 on_file: Callable[[Path], None] | None) -> None:
        self.store, self.report, self.again, self.on_file = store, report, again, on_file
        self.batch: list[_Entry] = []
        self.files = self.chars = 0  # of the batch: files to write and their characters
        self.writing: asyncio.Task[None] | None = None  # the batch before, being written

    async def add(self, path: Path, article: Article | None = None,
                  extracted: asyncio.Future[DocumentRows] | None = None) -> None:
        """A file read: refused (no article), unchanged (no extraction), or to write."""
        self.batch.append((path, article, extracted))
        if article is not None and extracted is not None:
            self.files, self.chars = self.files + 1, self.chars + len(article.body)
            if self.files >= BATCH_FILES or self.chars >= BATCH_CHARS:
                await self._cut()

    async def _cut(self) -> None:
        entries, self.batch, self.files, self.chars = self.batch, [], 0, 0
        if self.writing is not None:
            await self.writing
        self.writing = asyncio.create_task(self._write(entries))

    async def _write(self, entries: list[_Entry]) -> None:
        written = [await extracted for _, article, extracted in entries
                   if article is not None and extracted is not None]
        outcomes = iter(await self.store.save_many(written) if written else [])
        for path, article, extracted in entries:
            if article is not None:
                self.report.count(next(outcomes) if extracted is not None else IngestOutcome("unchanged"))
            if path in self.again:
                await self.store.forget_reindex(self.again[path])
            if self.on_file is not None:
                self.on_file(path)

    async def __aenter__(self) -> _Batches:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            await self._cut()
            assert self.writing is not None
            await self.writing
        elif self.writing is not None:
            self.writing.cancel()


def extract_rows(article: Article, aliases: AliasTable) -> DocumentRows:
    """What ingest computes from an article before it writes: its extraction, its lead, and the
    rows' folded and stemmed text (in the workers too, so the one writer only writes)."""
    return DocumentRows.of(article, extract(article, aliases), lead_of(article))


_worker_aliases: AliasTable | None = None  # set in each extraction process by _start_worker
ORPHAN_CHECK_SECONDS = 1.0  # how often a worker checks that the ingest it works for is alive


def _start_worker(aliases: AliasTable, ingest_pid: int) -> None:
    global _worker_aliases
    _worker_aliases = aliases
    # A worker waiting for work would wait forever if the ingest were killed: it leaves then.
    threading.Thread(target=_leave_when_orphaned, args=(ingest_pid,), daemon=True).start()


def _leave_when_orphaned(ingest_pid: int) -> None:
    while True:
        time.sleep(ORPHAN_CHECK_SECONDS)
        if os.getppid() != ingest_pid:  # spawned by the ingest: re-parented once it is gone
            os._exit(1)


def _extract_in_worker(article: Article) -> DocumentRows:
    assert _worker_aliases is not None
    return extract_rows(article, _worker_aliases)


class _Extractor:
    """Extraction in this process (no worker), or in a pool of `workers` processes."""

    def __init__(self, aliases: AliasTable, workers: int) -> None:
        self.aliases = aliases
        self.pool: ProcessPoolExecutor | None = None
        if workers > 0:
            # spawn: workers start from a clean process (not a fork of one running the
            # store's threads), as children of the ingest, so they can tell when it is gone.
            self.pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker, initargs=(aliases, os.getpid()),
            )

    def submit(self, article: Article) -> asyncio.Future[DocumentRows]:
        if self.pool is None:
            done: asyncio.Future[DocumentRows] = asyncio.get_running_loop().create_future()
            done.set_result(extract_rows(article, self.aliases))
            return done
        return asyncio.wrap_future(self.pool.submit(_extract_in_worker, article))

    def __enter__(self) -> _Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def default_workers(files: int) -> int:
    """Extraction processes for a run of `files`: one per core but the one the writer uses
    (at least one), or none for a few files (a process costs its start).

    On 2 cores, 10,000 articles ingest 3% faster, with 8% less CPU, in one extraction
    process than in two: three busy processes on two cores wait for each other."""
    return max(1, (os.cpu_count() or 1) - 1) if files >= POOL_MIN_FILES else 0
