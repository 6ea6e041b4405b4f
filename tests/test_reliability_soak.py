"""The long reliability run, skipped unless asked for: `pytest -m soak -s`.

It drives every surface over the wire with many more hostile cases than `make test`
does (DOSSIER_SOAK_CASES each, default 1,000), then SIGKILLs `dossier ingest` at random
moments (DOSSIER_SOAK_KILLS times, default 20) and ingests to the end. It prints what it
tried, what failed and what was lost, and fails if anything failed or was lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import render
from tests.reliability import BotThread, hostile_text, problems

pytestmark = pytest.mark.soak

CASES = int(os.environ.get("DOSSIER_SOAK_CASES", "1000"))
KILLS = int(os.environ.get("DOSSIER_SOAK_KILLS", "20"))
DOSSIER = str(Path(sys.executable).with_name("dossier"))


def test_soak_every_surface_with_hostile_input(seeded_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tried: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    examples: list[str] = []
    soak = settings(max_examples=CASES, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))

    def record(surface: str, send: Callable[[], tuple[int, dict | None]], allowed: frozenset[str]) -> None:
        tried[surface] += 1
        try:
            status, message = send()
        except AssertionError:  # nothing arrived
            lost[surface] += 1
            return
        found = [f"HTTP {status}"] if status != 200 else problems(message or {}, allowed=allowed)
        if found:
            failed[surface] += 1
            examples.append(f"{surface}: {found[:2]}")

    with BotThread(seeded_db) as bot:
        @soak
        @given(command=st.sampled_from(["/timeline", "/quote", "/source", "/dossier"]), text=hostile_text)
        def commands(command: str, text: str) -> None:
            record("commands", lambda: bot.command(command, text), frozenset())

        @soak
        @given(text=hostile_text)
        def mentions(text: str) -> None:
            record("mentions", lambda: bot.mention(text), frozenset())

        @soak
        @given(action=st.sampled_from([render.SHARE_ACTION, render.MORE_ACTION]),
               value=st.one_of(st.builds(render.action_value, st.sampled_from(["/timeline", "/quote", "/source"]),
                                         hostile_text, st.integers(0, 10**31)), hostile_text))
        def buttons(action: str, value: str) -> None:
            record("buttons", lambda: bot.action(action, value), frozenset({"<@U0CLICKER>"}))

        started = time.monotonic()
        commands()
        mentions()
        buttons()
        elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nsoak fuzz: {sum(tried.values())} cases in {elapsed:.0f} s ({dict(tried)}); "
              f"failures {sum(failed.values())} ({dict(failed)}); lost {sum(lost.values())} ({dict(lost)})")
        for example in examples[:10]:
            print("  ", example)
    assert not failed and not lost


def test_soak_kill_ingest_at_random_and_lose_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    count = 300  # long enough to ingest that most kills land mid-run
    for i in range(count):
        (corpus / f"a{i:03d}.txt").write_text(
            f"date 2021-{i % 12 + 1:02d} En {1990 + i % 30}, la société numéro {i} a ouvert une usine à Lyon. "
            f"« Nous sommes fiers », a déclaré Jeanne Martin{i}.\n", encoding="utf-8")
    # How long one whole ingest takes here: the kills land between a fifth and nine tenths of it.
    started = time.monotonic()
    subprocess.run([DOSSIER, "ingest", str(corpus), "--db", str(tmp_path / "measure.db")],
                   capture_output=True, check=True, timeout=600)
    whole = time.monotonic() - started
    db = tmp_path / "d.db"
    rng = random.Random(13)
    killed = 0
    for _ in range(KILLS):
        proc = subprocess.Popen([DOSSIER, "ingest", str(corpus), "--db", str(db)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 0.9) * whole)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
    done = subprocess.run([DOSSIER, "ingest", str(corpus), "--db", str(db)], capture_output=True, text=True,
                          timeout=600)
    with sqlite3.connect(db) as check:
        integrity = check.execute("PRAGMA integrity_check").fetchone()[0]
        stored = check.execute("SELECT count(*) FROM documents").fetchone()[0]
        orphans = check.execute("SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
                                ).fetchone()[0]
    with capsys.disabled():
        print(f"\nsoak kills: {killed} ingests killed of {KILLS} (a whole one takes {whole:.1f} s); "
              f"then {done.stdout.strip()!r}; "
              f"integrity {integrity}; lost {count - stored} of {count} articles; {orphans} orphan rows")
    assert done.returncode == 0, done.stderr
    assert integrity == "ok" and stored == count and orphans == 0
