"""Benchmarks: `python -m bench [--small N] [--large N]` (or `make bench`).

Machines here are shared and noisy, so every target is a ratio measured in the
same run, never an absolute time:

- ingest scales linearly: seconds per article at the large size over the small size;
- ingest memory is flat: peak RSS at the large size over the small size;
- look-ups are narrowed by indexes: /quote, /timeline and /source latency at the
  large size over the small size (a scan of every quote would grow with the corpus);
- export memory is flat: peak RSS exporting the large corpus over the small one;
- ingest cost over a floor: ingest time over the time to read and hash the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent

# name → (limit, meaning). A ratio over its limit fails the run.
TARGETS = {
    "ingest_per_article": (1.5, "seconds per article, large / small"),
    "ingest_rss": (1.5, "peak memory of ingest, large / small"),
    "quote_latency": (3.0, "/quote with a typo, large / small"),
    "timeline_latency": (3.0, "/timeline 2019 (first page), large / small"),
    "source_latency": (3.0, "/source claim (first page), large / small"),
    "export_rss": (1.5, "peak memory of export, large / small"),
}

CHILD = """
import asyncio, json, resource, sys, time
from pathlib import Path
from bot.cli import main
start = time.perf_counter()
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "rss_kb": rss}), file=sys.stderr)
"""

def queries(db: Path) -> dict[str, tuple[str, str]]:
    """What a user would ask of this corpus: a quote with a typo, a year, a claim."""
    with sqlite3.connect(db) as conn:
        quote = conn.execute("SELECT text FROM quotes ORDER BY id LIMIT 1 OFFSET 7").fetchone()[0]
        claim = conn.execute("SELECT text FROM passages ORDER BY id LIMIT 1 OFFSET 11").fetchone()[0]
    words = quote.split()[:6]
    words[1] = words[1][1] + words[1][0] + words[1][2:]  # swap two letters: a typo
    return {
        "quote_latency": ("/quote", " ".join(words)),
        "timeline_latency": ("/timeline", "2019"),
        "source_latency": ("/source", " ".join(claim.split()[4:12])),
    }


def run_cli(*args: str) -> dict[str, float]:
    """Run `dossier ARGS` in a fresh process; its time and peak memory."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    last = proc.stderr.strip().splitlines()[-1]
    return json.loads(last)


def floor_read_and_hash(folder: Path) -> float:
    start = time.perf_counter()
    for path in sorted(folder.iterdir()):
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def lookup_latency(db: Path, command: str, text: str, repeat: int = 15) -> float:
    import asyncio

    from bot.commands import answer
    from bot.store import Store

    async def go() -> float:
        async with await Store.open(db, read_only=True) as store:
            await answer(store, command, text)  # warm the page cache
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                await answer(store, command, text)
                times.append(time.perf_counter() - start)
            return statistics.median(times)

    return asyncio.run(go())


def measure(size: int, work: Path, asked: dict[str, tuple[str, str]] | None = None
            ) -> tuple[dict[str, float], dict[str, tuple[str, str]]]:
    """Measure one corpus size; the questions default to ones drawn from this corpus."""
    folder = write_corpus(work / f"corpus_{size}", size)
    db = work / f"bench_{size}.db"
    ingested = run_cli("ingest", str(folder), "--db", str(db))
    exported = run_cli("export", "timeline", "--db", str(db), "--out", str(work / f"t_{size}.jsonl"))
    result = {
        "ingest_seconds": ingested["seconds"],
        "ingest_per_article": ingested["seconds"] / size,
        "ingest_rss": ingested["rss_kb"],
        "export_rss": exported["rss_kb"],
        "floor_seconds": floor_read_and_hash(folder),
    }
    asked = asked or queries(db)
    for name, (command, text) in asked.items():
        result[name] = lookup_latency(db, command, text)
    return result, asked


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--large", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        small, asked = measure(args.small, work)
        # The same questions at both sizes: the large corpus begins with the small one.
        large, _ = measure(args.large, work, asked)
    print(f"corpus sizes: {args.small} and {args.large} articles; questions: {asked}")
    print(f"ingest: {large['ingest_seconds']:.1f} s for {args.large} "
          f"({large['ingest_per_article'] * 1000:.2f} ms/article); "
          f"{large['ingest_seconds'] / large['floor_seconds']:.0f}× the floor of reading and hashing")
    for name in ("quote_latency", "timeline_latency", "source_latency"):
        print(f"{name}: {small[name] * 1000:.2f} ms → {large[name] * 1000:.2f} ms")
    print(f"peak RSS ingest: {small['ingest_rss'] / 1024:.0f} → {large['ingest_rss'] / 1024:.0f} MiB; "
          f"export: {small['export_rss'] / 1024:.0f} → {large['export_rss'] / 1024:.0f} MiB")
    failed = 0
    for name, (limit, meaning) in TARGETS.items():
        ratio = large[name] / small[name]
        ok = ratio <= limit
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'} {name}: {ratio:.2f} (limit {limit}) — {meaning}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
