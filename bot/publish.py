"""Rebuild a corpus database beside the one in use, then rename it over it.

    draft = start_draft(db)      # db.next: a consistent copy of db (or nothing yet)
    ... ingest into draft ...
    publish(draft, db)           # one self-contained file, renamed over db

A bot reading `db` never sees a half-built file: it keeps the file it opened until it
restarts, and a new reader opens the new one whole. The published file is in rollback
(DELETE) journal mode with its WAL folded in, so a reader needs to write nothing beside
it: it can sit on a read-only filesystem (a container image, a read-only volume).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

SIDE_FILES = ("-wal", "-shm", "-journal")


def draft_path(db: Path) -> Path:
    return db.with_name(db.name + ".next")


def start_draft(db: Path) -> Path:
    """A fresh `db.next` holding what `db` holds (so an ingest only adds what changed)."""
    draft = draft_path(db)
    for path in (draft, *(Path(f"{draft}{side}") for side in SIDE_FILES)):
        path.unlink(missing_ok=True)  # a draft left by an interrupted run
    if db.exists():
        source, target = sqlite3.connect(db), sqlite3.connect(draft)
        try:
            source.backup(target)  # consistent even while a writer is at work
        finally:
            target.close()
            source.close()
    return draft


def publish(draft: Path, db: Path) -> None:
    """Seal `draft` (WAL folded in, rollback journal) and rename it over `db`, atomically."""
    connection = sqlite3.connect(draft)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    finally:
        connection.close()
    if mode != "delete":
        raise RuntimeError(f"{draft} stayed in {mode} journal mode")
    with open(draft, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(draft, db)
    directory = os.open(db.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a crash
    finally:
        os.close(directory)
