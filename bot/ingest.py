"""Files → corpus → extract → store. One transaction per file, idempotent by content hash."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus import ALIASES_FILE, iter_files, read_article
from bot.extract import AliasTable, extract
from bot.extract.sentences import split_sentences
from bot.models import Article, Rejection
from bot.store import IngestOutcome, Store
from bot.text import one_line

log = logging.getLogger(__name__)

LEAD_CHARS = 280


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
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
    asked = {p.resolve() for p in iter_files(paths)}
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


async def ingest(
    store: Store,
    paths: Iterable[Path],
    *,
    aliases: AliasTable,
    max_bytes: int,
    on_file: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Ingest every file under `paths`. A bad file is reported and skipped; nothing else stops."""
    report = IngestReport()
    paths = list(paths)
    again = await _to_reindex(store, paths)
    seen: dict[str, str] = {}  # doc id → path, to catch two files with one name
    for path in itertools.chain(iter_files(paths), again):
        read = read_article(path, max_bytes)
        if not isinstance(read, Rejection) and read.doc_id in seen:
            read = Rejection(str(path), f"same doc id `{read.doc_id}` as {seen[read.doc_id]}")
        if isinstance(read, Rejection):
            report.rejected.append(read)
        else:
            seen[read.doc_id] = read.path
            if read.published is None:
                report.undated.append(read.doc_id)
            if await store.document_hash(read.doc_id) == read.sha256:
                report.count(IngestOutcome("unchanged"))
            else:
                report.count(await store.save(read, extract(read, aliases), lead_of(read)))
        if path in again:
            await store.forget_reindex(again[path])
        if on_file is not None:
            on_file(path)
    return report
