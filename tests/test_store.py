"""The store's guarantees that no look-up shows on the seeds: time budget, read-only, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.errors import BadInput, ConfigError, NotFound
import bot.store
from bot.store import MIGRATIONS, Store

ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


async def test_a_read_past_its_budget_is_stopped_with_a_clear_error(seeded_db: Path) -> None:
    async with await Store.open(seeded_db, read_only=True, query_timeout_ms=50) as store:
        with pytest.raises(BadInput, match="takes too long"):
            await store._fetch(ENDLESS)
        # The connection is still usable afterwards, with its budget reset.
        assert (await store.stats()).documents == 5


async def test_a_read_only_store_refuses_writes(seeded_db: Path) -> None:
    async with await Store.open(seeded_db, read_only=True) as store:
        with pytest.raises(sqlite3.OperationalError):
            await store._conn.execute("DELETE FROM documents")


async def test_opening_a_missing_database_read_only_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="dossier ingest"):
        await Store.open(tmp_path / "none.db", read_only=True)
    assert not (tmp_path / "none.db").exists()


async def test_migrations_run_once(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    for _ in range(2):
        async with await Store.open(db):
            pass
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM _migrations").fetchall() == [(n,) for n, _ in MIGRATIONS]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_ingest_keeps_no_date_index_that_no_read_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every index is one more page written per row at ingest. Events and entries are found by
    date through merge_keys and the sort key, so a database made before 010 loses its date indexes."""
    db = tmp_path / "old.db"
    with monkeypatch.context() as older:
        older.setattr(bot.store, "MIGRATIONS", [m for m in MIGRATIONS if m[0] != "010_no_date_indexes"])
        async with await Store.open(db):
            pass
    date_indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('events_date', 'entries_date')"
    with sqlite3.connect(db) as conn:
        assert len(conn.execute(date_indexes).fetchall()) == 2
    async with await Store.open(db):
        pass
    with sqlite3.connect(db) as conn:
        assert conn.execute(date_indexes).fetchall() == []


async def test_an_older_database_gets_the_new_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_article
) -> None:
    """A database of the version before 004 (written here as that version wrote it: its
    rows folded and indexed the old way) is brought up to date, and its articles read again."""
    from bot.extract import AliasTable
    from bot.ingest import ingest

    article = write_article("vote", "Le Sénat a voté la loi sur le climat de Wałęsa.")
    db = tmp_path / "old.db"
    before = [name for name, _ in MIGRATIONS].index("006_stems_and_wider_folding")
    with monkeypatch.context() as older:
        older.setattr(bot.store, "MIGRATIONS", MIGRATIONS[:before])
        async with await Store.open(db):
            pass
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO documents VALUES ('vote', ?, 'old-hash', '2023-03', NULL, 'x', 10, 'then')",
                     (str(article),))
        conn.execute("INSERT INTO speakers VALUES ('Lech Wałęsa', 'lech wałesa', 1)")
    with pytest.raises(ConfigError, match="run `dossier ingest` once"):
        await Store.open(db, read_only=True)  # a reader cannot upgrade it
    async with await Store.open(db) as store:
        assert await store.reindex_paths() == [str(article)]
        # The next ingest reads the file again by itself, though it was asked for nothing.
        report = await ingest(store, [], aliases=AliasTable.default(), max_bytes=5_000_000)
        assert report.added == 1 and await store.reindex_paths() == []
        total, counts = await store.document_frequencies(["senat", "walesa", "absent"])
        assert await store.top_speakers(5) == []  # the stale speaker went with the old rows
    assert (total, counts) == (1, {"senat": 1, "walesa": 1, "absent": 0})
