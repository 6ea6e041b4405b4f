"""Extraction in a pool of processes writes the same database as extraction in-process."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from bench.corpus import write_corpus
from bot.extract import AliasTable
from bot.ingest import ingest
from bot.store import Store
from tests.conftest import SEEDS


async def ingest_with(db: Path, folder: Path, workers: int) -> str:
    async with await Store.open(db) as store:
        report = await ingest(store, [folder], aliases=AliasTable.default(), max_bytes=5_000_000,
                              workers=workers)
    return report.summary()


def dump(db: Path) -> list[str]:
    """Every row of every table, FTS indexes included, the clock's stamps left out."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE documents SET ingested_at = ''")
        conn.execute("UPDATE _migrations SET applied_at = ''")
        return list(conn.iterdump())


async def test_the_pool_writes_the_database_serial_ingest_writes(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus", 40)  # retold facts: entries merge across files
    for seed in SEEDS.iterdir():
        shutil.copy(seed, folder / seed.name)
    (folder / "broken.txt").write_bytes(b"\xff\xfe not text")
    serial = await ingest_with(tmp_path / "serial.db", folder, workers=1)
    pooled = await ingest_with(tmp_path / "pooled.db", folder, workers=2)
    assert pooled == serial
    assert "45 added" in serial and "1 rejected" in serial
    assert dump(tmp_path / "pooled.db") == dump(tmp_path / "serial.db")


async def test_a_second_pooled_run_finds_everything_unchanged(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus", 12)
    await ingest_with(tmp_path / "d.db", folder, workers=2)
    assert (await ingest_with(tmp_path / "d.db", folder, workers=2)).startswith(
        "0 added, 0 updated, 12 unchanged")
