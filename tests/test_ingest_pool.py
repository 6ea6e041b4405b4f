"""Extraction in a pool of processes writes the same database as extraction in-process."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from bot.extract import AliasTable
from bot.ingest import default_workers, ingest
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
    serial = await ingest_with(tmp_path / "serial.db", folder, workers=0)
    pooled = await ingest_with(tmp_path / "pooled.db", folder, workers=2)
    assert pooled == serial
    assert "45 added" in serial and "1 rejected" in serial
    assert dump(tmp_path / "pooled.db") == dump(tmp_path / "serial.db")


async def test_a_second_pooled_run_finds_everything_unchanged(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus", 12)
    await ingest_with(tmp_path / "d.db", folder, workers=2)
    assert (await ingest_with(tmp_path / "d.db", folder, workers=2)).startswith(
        "0 added, 0 updated, 12 unchanged")


def children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_killed_ingest_leaves_no_extraction_process_behind(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus", 300)
    ingest_run = subprocess.Popen([sys.executable, "-m", "bot", "ingest", str(folder), "--db",
                                   str(tmp_path / "d.db"), "--workers", "2"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(workers := children(ingest_run.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) >= 2, "the pool never started"
    finally:
        ingest_run.send_signal(signal.SIGKILL)
        ingest_run.wait()
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


@pytest.mark.parametrize(("cores", "files", "processes"), [(2, 300, 1), (8, 10_000, 7), (1, 300, 1), (8, 99, 0)])
def test_a_run_of_many_files_extracts_beside_the_writer_leaving_it_a_core(
    monkeypatch: pytest.MonkeyPatch, cores: int, files: int, processes: int
) -> None:
    """In the ingest process, extraction and the writer's thread take turns at the interpreter;
    a few files are not worth a process's start."""
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert default_workers(files) == processes
