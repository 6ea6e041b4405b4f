"""Ingestion: idempotent by content hash, one transaction per file, nothing lost, kill-safe."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import lookups
from bot.store import FTS_TABLES, Store
from tests.conftest import ROOT, SEEDS, ingest_paths



def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


async def test_seeds_ingest_with_a_summary(tmp_path: Path) -> None:
    report = await ingest_paths(tmp_path / "d.db", SEEDS)
    assert (report.added, report.updated, report.unchanged, len(report.rejected)) == (5, 0, 0, 0)
    assert report.undated == ["004_e292f1a6227b609f"]
    assert report.events >= 6 and report.quotes >= 5
    line = report.summary()
    assert line.startswith("5 added, 0 updated, 0 unchanged, 0 rejected;")
    assert "1 without a date header (004_e292f1a6227b609f)" in line


async def test_reingest_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    await ingest_paths(db, SEEDS)
    before = rows(db, "SELECT count(*) FROM events UNION ALL SELECT count(*) FROM quotes"
                      " UNION ALL SELECT count(*) FROM passages UNION ALL SELECT count(*) FROM entries")
    again = await ingest_paths(db, SEEDS)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    after = rows(db, "SELECT count(*) FROM events UNION ALL SELECT count(*) FROM quotes"
                     " UNION ALL SELECT count(*) FROM passages UNION ALL SELECT count(*) FROM entries")
    assert before == after


async def test_a_changed_file_replaces_its_rows(tmp_path: Path, write_article) -> None:
    db = tmp_path / "d.db"
    path = write_article("vote", "En 2019, le Parlement a voté la loi.\n\n"
                                 "« Nous avons gagné cette bataille », a déclaré Marie Curie.")
    await ingest_paths(db, path.parent)
    path.write_text(" date 2023-03 En 2021, le Sénat a rejeté la loi.\n", encoding="utf-8")
    report = await ingest_paths(db, path.parent)
    assert (report.added, report.updated) == (0, 1)
    async with await Store.open(db, read_only=True) as store:
        entries = (await lookups.timeline(store, "")).entries
        assert [e.date.iso() for e in entries] == ["2021"]
        assert (await lookups.quotes(store, "bataille")).hits == ()
        assert (await lookups.source(store, "Parlement")).hits == ()
    assert rows(db, "SELECT count(*) FROM speakers") == [(0,)]


async def test_bad_files_are_reported_and_the_rest_ingested(tmp_path: Path, corpus: Path, write_article) -> None:
    write_article("good", "En 2020, la mairie a ouvert un parc.")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "latin1.txt").write_bytes("date 2023-01 café".encode("latin-1"))
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    report = await ingest_paths(tmp_path / "d.db", corpus)
    assert report.added == 1
    reasons = {Path(r.path).name: r.reason for r in report.rejected}
    assert reasons.keys() == {"empty.txt", "latin1.txt", "photo.jpg"}
    assert "UTF-8" in reasons["latin1.txt"] and "binary" in reasons["photo.jpg"]


async def test_two_files_with_one_doc_id(tmp_path: Path, corpus: Path) -> None:
    (corpus / "a").mkdir()
    (corpus / "b").mkdir()
    (corpus / "a" / "same.txt").write_text("date 2023-01 Un.", encoding="utf-8")
    (corpus / "b" / "same.md").write_text("date 2023-01 Deux.", encoding="utf-8")
    report = await ingest_paths(tmp_path / "d.db", corpus)
    assert report.added == 1
    assert "same doc id" in report.rejected[0].reason


async def test_the_same_event_in_two_written_articles_is_one_entry(tmp_path: Path, write_article) -> None:
    write_article("a", "En 2016, la ville de Lyon a inauguré le nouveau stade de football.")
    write_article("b", "Le nouveau stade de football a été inauguré par la ville de Lyon en 2016.",
                  date="2023-04")
    write_article("c", "En 2016, la ville de Lyon a aussi voté un budget pour ses écoles.")
    await ingest_paths(tmp_path / "d.db", tmp_path / "corpus")
    async with await Store.open(tmp_path / "d.db", read_only=True) as store:
        entries = (await lookups.timeline(store, "2016")).entries
    stadium = [e for e in entries if "stade" in e.text]
    assert len(stadium) == 1
    assert {s.doc_id for s in stadium[0].sources} == {"a", "b"}
    assert any("budget" in e.text and [s.doc_id for s in e.sources] == ["c"] for e in entries)


def write_many(folder: Path, count: int) -> None:
    folder.mkdir()
    paragraph = ("En 2019, le club de Nantes a recruté un entraîneur venu de Lisbonne. "
                 "« Nous voulons gagner la coupe », a déclaré Jean Dupont. ")
    for i in range(count):
        text = "\n\n".join(f"{paragraph} Paragraphe {j} du texte {i}." for j in range(6))
        (folder / f"art_{i:04d}.txt").write_text(f"date 2023-{1 + i % 12:02d} {text}\n", encoding="utf-8")


def stored_documents(db: Path) -> int:
    try:
        return rows(db, "SELECT count(*) FROM documents")[0][0]
    except sqlite3.OperationalError:  # not created yet, or locked for a moment
        return 0


def test_a_kill_never_leaves_half_a_document(tmp_path: Path) -> None:
    corpus = tmp_path / "many"
    write_many(corpus, 300)
    db = tmp_path / "k.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "bot", "ingest", str(corpus), "--db", str(db)]
    for _ in range(3):
        before = stored_documents(db)
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while stored_documents(db) < before + 20 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)  # mid-run: some documents are in, not all
        proc.wait()
        assert before < stored_documents(db) < 300
        assert rows(db, "PRAGMA integrity_check") == [("ok",)]
        # Every stored document has all its six passages, its events and quotes, or is absent.
        partial = rows(db, "SELECT d.doc_id FROM documents d WHERE"
                           " (SELECT count(*) FROM passages p WHERE p.doc_id = d.doc_id) != 6"
                           " OR (SELECT count(*) FROM quotes q WHERE q.doc_id = d.doc_id) = 0"
                           " OR (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) = 0")
        assert partial == []
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "0 rejected" in done.stdout
    assert rows(db, "SELECT count(*) FROM documents") == [(300,)]
    assert rows(db, "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'lisbonne'") == [(1800,)]


def segments(db: Path) -> dict[str, int]:
    """How many pieces (FTS5 segments) each full-text index is in: a search reads every one."""
    return {t: rows(db, f"SELECT count(DISTINCT segid) FROM {t}_idx")[0][0] for t in FTS_TABLES}


async def test_a_large_ingest_leaves_each_search_index_in_one_piece(tmp_path: Path, write_article) -> None:
    # 40 articles, written over several transactions: as many segments per index until the run merges them.
    for i in range(40):
        write_article(f"{i:03d}_piece", f"En 2019, la société Alpha{i} a annoncé un projet. « Nous avançons {i} »,"
                      " a déclaré Jean Dupont.")
    db = tmp_path / "d.db"
    report = await ingest_paths(db, tmp_path / "corpus")
    assert report.added == 40
    assert set(segments(db).values()) == {1}
    # One more article into forty: not worth rewriting every index; the next large run merges.
    more = tmp_path / "more"
    more.mkdir()
    (more / "100_piece.txt").write_text(" date 2023-04 En 2020, la société Beta a lancé un projet.\n",
                                        encoding="utf-8")
    assert (await ingest_paths(db, more)).added == 1
    assert segments(db)["documents_fts"] == 2
    async with await Store.open(db, read_only=True) as store:  # what was merged is still found
        assert (await lookups.source(store, "Alpha7 annoncé")).hits[0].source.doc_id == "007_piece"
        assert (await lookups.source(store, "Beta")).hits[0].source.doc_id == "100_piece"


def documents_in_file_alone(db: Path, copy: Path) -> int:
    """The documents the database file holds by itself, without its WAL (a copy of the file alone)."""
    copy.write_bytes(db.read_bytes())
    with sqlite3.connect(copy) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchall():
            return 0  # not even the schema has been copied yet
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


async def test_each_batch_is_copied_into_the_database_while_ingest_goes_on(tmp_path: Path) -> None:
    """The WAL is copied into the database behind the writer, batch after batch, not all at the end
    inside ingest's time; closing the store (the end of `dossier ingest`) leaves no WAL behind."""
    from bench.corpus import write_corpus
    from bot.extract import AliasTable
    from bot.ingest import ingest

    folder = write_corpus(tmp_path / "corpus", 40)
    db = tmp_path / "d.db"
    async with await Store.open(db) as store:
        first = [p for p in sorted(folder.iterdir()) if p.suffix == ".txt"][:32]
        report = await ingest(store, first, aliases=AliasTable.default(), max_bytes=5_000_000)
        assert report.added == 32
        deadline = time.monotonic() + 30  # a bound for a slow machine, not a timing
        while True:
            try:
                if documents_in_file_alone(db, tmp_path / "alone.db") == 32:
                    break
            except sqlite3.DatabaseError:  # read while the copy was writing the file: read again
                pass
            assert time.monotonic() < deadline, "the batch was never copied into the database"
            await asyncio.sleep(0.05)
        assert (tmp_path / "d.db-wal").exists()  # the store is still open: the copy came from the WAL
    assert not (tmp_path / "d.db-wal").exists()
    async with await Store.open(db) as store:
        assert (await ingest(store, [folder], aliases=AliasTable.default(), max_bytes=5_000_000)).added == 8
    assert documents_in_file_alone(db, tmp_path / "alone.db") == 40


async def test_a_failed_copy_of_the_wal_loses_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy behind the writer that fails (a disk error) is said once; the batches stay in the
    WAL, and closing the store copies them as SQLite would without the copier."""
    from bench.corpus import write_corpus
    from bot.extract import AliasTable
    from bot.ingest import ingest

    tries = []

    class FailingCopy:
        def execute(self, sql: str) -> None:
            tries.append(sql)
            raise sqlite3.OperationalError("disk I/O error")

        def close(self) -> None:
            pass

    folder = write_corpus(tmp_path / "corpus", 100)  # four batches
    db = tmp_path / "d.db"
    with caplog.at_level(logging.WARNING, logger="bot.store"):
        async with await Store.open(db) as store:
            monkeypatch.setattr(store._wal_copier, "_conn", FailingCopy())
            report = await ingest(store, [folder], aliases=AliasTable.default(), max_bytes=5_000_000)
    assert report.added == 100
    assert len(tries) == 1
    said = [r.getMessage() for r in caplog.records if r.name == "bot.store"]
    assert len(said) == 1 and "d.db" in said[0] and "disk I/O error" in said[0]
    assert not (tmp_path / "d.db-wal").exists()
    assert documents_in_file_alone(db, tmp_path / "alone.db") == 100


async def test_ingest_counts_the_documents_not_every_entry_and_quote(
    tmp_path: Path, write_article, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a run merges the search indexes depends on the documents alone: stats() counts
    every entry and quote too, a read that grows with the corpus (140 ms at 100,000 articles)."""
    def whole_corpus(_store: Store) -> None:
        raise AssertionError("ingest read the whole corpus's statistics")

    monkeypatch.setattr(Store, "stats", whole_corpus)
    write_article("un", "En 2019, la société Alpha a annoncé un projet.")
    db = tmp_path / "d.db"
    assert (await ingest_paths(db, tmp_path / "corpus")).added == 1
    assert segments(db)["documents_fts"] == 1  # the one document is all the corpus: merged
