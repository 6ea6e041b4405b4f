"""Benchmarks: `python -m bench [--small N] [--large N] [--baseline COMMIT] [--burst N] [--only GROUPS]`
(or `make bench`). `--only extraction` or `--only ingest --large 2000` measures a few rows, faster.

Machines here are shared and noisy, so every target is a ratio measured in the
same run, never an absolute time. Each row prints PASS or FAIL:

- burst: N signed `/timeline` commands at concurrency 20 against the app in its own
  process: every one answered for real, ack p99 over a bare Bolt app's that only acks,
  in rounds taking turns with it (the median of the rounds' ratios);
- loop lag: the worst lateness of a 5 ms ticker on the app's loop while 10 long
  `/quote`s and 10 long `/source`s are answered, less its worst lateness idle for as
  long (what a loaded machine adds by itself); at most 50 ms;
- extraction growth: time per doubling of a paragraph, 8 → 64 → 512 KB;
- timeline pages: `/timeline` p99 of the year holding the most-told entry over a
  small year's, at the large size, the two asked in turns; a page lists PAGE_SOURCES
  sources per entry at most;
- ingest cost per article: adding the same 300 new articles to the large corpus
  over adding them to the small one, the two taking turns (the median of seven rounds' ratios);
- ingest throughput: the baseline commit's ingest time over this one's, same corpus;
- merge precision and recall on the corpus's planted same-fact and same-date pairs;
- look-ups (/quote, /timeline, /source) and memory (ingest, export), large over small;
- look-ups since issue #17: each one's p99 with this code over BEFORE_17's, on the large
  corpus ingested by each, in fresh processes taking turns, the median of five rounds'
  p99s, in CPU time (on a shared machine elapsed time measures the other jobs too; it is
  printed beside); at most 20% slower.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import io
import time
from dataclasses import dataclass
from pathlib import Path

from bench import extraction, load
from bench.corpus import facts_file, write_corpus
from bench.merges import merge_score

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "2bf2209"  # main when issue #14 measured "today's" ingest
BEFORE_17 = "6150998"  # main just before the first commit of issue #17 (55c2f25), whose look-ups it compares
EXTRA = 300  # new articles added to each corpus to measure what one more costs
EXTRA_RUNS = 7  # rounds of the two sizes taking turns; the row is the median of the rounds' ratios
BURST_CONCURRENCY = 20
LONG_QUESTION = 990  # characters of the long /quote and /source of the lag row

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
try:  # this program's own peak: ru_maxrss also counts the bench's memory, inherited through fork
    rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except OSError:  # no /proc (macOS): the larger figure
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "rss_kb": rss}), file=sys.stderr)
"""


@dataclass(frozen=True)
class Row:
    name: str
    value: float
    limit: float
    meaning: str
    at_least: bool = False  # the value must reach the limit, not stay under it
    unit: str = "×"

    @property
    def ok(self) -> bool:
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    def line(self) -> str:
        sign = "≥" if self.at_least else "≤"
        return (f"{'PASS' if self.ok else 'FAIL'} {self.name}: {self.value:.3g}{self.unit} "
                f"(target {sign} {self.limit:g}{self.unit}) — {self.meaning}")


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


def run_cli(*args: str, code: Path = ROOT) -> dict[str, float]:
    """Run `dossier ARGS` (from the code at `code`) in a fresh process; its time and peak memory."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        cwd=code, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(code)},
    )
    last = proc.stderr.strip().splitlines()[-1]
    return json.loads(last)


def latencies(db: Path, command: str, text: str, repeat: int) -> list[float]:
    return latencies_taking_turns(db, command, [text], repeat)[text]


def latencies_taking_turns(db: Path, command: str, texts: list[str], repeat: int) -> dict[str, list[float]]:
    """Each text asked `repeat` times, in turns (a, b, a, b, …), so that all meet the same
    moments of a shared machine: times each, in seconds."""
    import asyncio

    from bot.commands import answer
    from bot.store import Store

    async def go() -> dict[str, list[float]]:
        async with await Store.open(db, read_only=True) as store:
            for text in texts:
                await answer(store, command, text)  # warm the page cache
            times: dict[str, list[float]] = {text: [] for text in texts}
            for _ in range(repeat):
                for text in texts:
                    start = time.perf_counter()
                    await answer(store, command, text)
                    times[text].append(time.perf_counter() - start)
            return times

    return asyncio.run(go())


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def measure(size: int, work: Path, asked: dict[str, tuple[str, str]] | None = None
            ) -> tuple[dict[str, float], dict[str, tuple[str, str]], Path, Path]:
    """Ingest, export and look-ups at one corpus size."""
    folder = write_corpus(work / f"corpus_{size}", size)
    db = work / f"bench_{size}.db"
    ingested = run_cli("ingest", str(folder), "--db", str(db))
    exported = run_cli("export", "timeline", "--db", str(db), "--out", str(work / f"t_{size}.jsonl"))
    result = {
        "ingest_seconds": ingested["seconds"],
        "ingest_rss": ingested["rss_kb"],
        "export_rss": exported["rss_kb"],
    }
    asked = asked or queries(db)
    for name, (command, text) in asked.items():
        result[name] = statistics.median(latencies(db, command, text, 15))
    result["merge"] = merge_score(db, facts_file(folder))  # type: ignore[assignment]
    return result, asked, folder, db


def extra_costs(small: Path, large: Path, extra: Path, work: Path) -> list[tuple[float, float]]:
    """Seconds an article of `extra` costs added to each database, (small, large), per round.

    A few seconds of work each, so a burst of the machine's other load weighs on it. The two
    sizes take turns, round after round, each run on a fresh copy: a round's two runs meet
    the same load, where measured one size after the other (ten minutes apart at 100,000)
    they met different loads, and the ratio said more about the machine than the code."""
    rounds = []
    for turn in range(EXTRA_RUNS):
        seconds = {}
        for db in (small, large) if turn % 2 == 0 else (large, small):
            snapshot = work / f"{db.stem}_before_extra.db"
            _copy_db(db, snapshot)
            seconds[db] = run_cli("ingest", str(extra), "--db", str(snapshot))["seconds"] / EXTRA
            snapshot.unlink()
        rounds.append((seconds[small], seconds[large]))
    return rounds


def _copy_db(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def code_at(commit: str, work: Path) -> Path | None:
    """`commit`'s code in a folder of `work` (None when git cannot give that commit)."""
    code = work / f"baseline_{commit}"
    if code.exists():
        return code
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True)
    if archive.returncode != 0:
        return None
    code.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(code, filter="data")
    return code


def baseline_seconds(commit: str, folder: Path, work: Path) -> float | None:
    """Ingest time of `commit`'s code on the same corpus (None when git cannot give that commit)."""
    code = code_at(commit, work)
    if code is None:
        return None
    return run_cli("ingest", str(folder), "--db", str(work / "baseline.db"), code=code)["seconds"]


LOOKUPS_CHILD = """
import asyncio, json, sys, time
from bot.commands import answer
from bot.store import Store

async def go(db, asked, repeat):
    times = {}
    async with await Store.open(db, read_only=True) as store:
        for name, (command, text) in asked.items():
            await answer(store, command, text)  # warm the page cache
            times[name] = {"wall": [], "cpu": []}
            for _ in range(repeat):
                start, cpu = time.perf_counter(), time.process_time()
                await answer(store, command, text)
                times[name]["cpu"].append(time.process_time() - cpu)
                times[name]["wall"].append(time.perf_counter() - start)
    return times

print(json.dumps(asyncio.run(go(sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])))))
"""


@dataclass(frozen=True)
class Timed:
    cpu: dict[str, float]  # each look-up's p99 in CPU time of its process: what others' jobs do not change
    wall: dict[str, float]  # … and in elapsed time


def lookups_then_and_now(commit: str, folder: Path, db: Path, asked: dict[str, tuple[str, str]], work: Path,
                         rounds: int = 5, repeat: int = 200) -> tuple[Timed, Timed] | None:
    """p99 of each look-up with `commit`'s code on its own ingest of `folder`, and with this code on `db`
    (the same corpus): `rounds` turns of each, in fresh processes, and the median of a round's p99s, so
    that another job's burst on a shared machine spoils one round, not the row. None when git cannot
    give that commit."""
    code = code_at(commit, work)
    if code is None:
        return None
    then_db = work / f"lookups_{commit}.db"
    run_cli("ingest", str(folder), "--db", str(then_db), code=code)
    rounds_p99: dict[tuple[Path, str], dict[str, list[float]]] = {}
    for _ in range(rounds):  # in turns: what the machine's load does, it does to both
        for side, database in ((code, then_db), (ROOT, db)):
            proc = subprocess.run([sys.executable, "-c", LOOKUPS_CHILD, str(database), json.dumps(asked),
                                   str(repeat)], cwd=side, capture_output=True, text=True,
                                  env={**os.environ, "PYTHONPATH": str(side)}, check=True)
            for name, clocks in json.loads(proc.stdout.strip().splitlines()[-1]).items():
                for clock, values in clocks.items():
                    rounds_p99.setdefault((side, clock), {}).setdefault(name, []).append(p99(values))

    def timed(side: Path) -> Timed:
        return Timed(*({name: statistics.median(v) for name, v in rounds_p99[side, clock].items()}
                       for clock in ("cpu", "wall")))

    return timed(code), timed(ROOT)


def years(db: Path) -> tuple[str, str, int]:
    """(year of the entry told by the most articles, a year with few entries, that entry's sources)."""
    with sqlite3.connect(db) as conn:
        widest = conn.execute("SELECT substr(date, 1, 4), sources FROM entries ORDER BY sources DESC, id"
                              " LIMIT 1").fetchone()
        small = conn.execute("SELECT substr(date, 1, 4) y FROM entries GROUP BY y HAVING count(*) >= 3"
                             " ORDER BY count(*), y LIMIT 1").fetchone()
    return widest[0], small[0], widest[1]


def long_question(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        text = " ".join(r[0] for r in conn.execute("SELECT text FROM quotes ORDER BY id LIMIT 40"))
    return text[:LONG_QUESTION]


# Rows by group, for --only; the groups measured on the small and large corpora ingest both.
GROUPS = {
    "burst": ("burst_answered", "burst_ack_p99"),
    "lag": ("loop_lag",),
    "extraction": ("extraction_growth",),
    "timeline": ("timeline_big_year",),
    "ingest": ("ingest_per_article", "ingest_throughput"),
    "merge": ("merge_precision", "merge_recall"),
    "lookups": ("quote_latency", "timeline_latency", "source_latency", "lookups_since_before_17"),
    "memory": ("ingest_rss", "export_rss"),
}


def parser_note(db: Path) -> str:
    """Whether the speaker parser (the `parser` extra) was installed, and what it gave on this corpus."""
    if importlib.util.find_spec("spacy") is None:
        return "speaker parser not installed"
    with sqlite3.connect(db) as conn:
        parsed, quotes = conn.execute("SELECT count(*) FILTER (WHERE attribution = 'parsed'), count(*)"
                                      " FROM quotes").fetchone()
    return f"speaker parser installed, it named {parsed} of {quotes} quotes' speakers"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--baseline", default=BASELINE,
                        help="the commit whose ingest throughput is compared (`none` skips that ingest)")
    parser.add_argument("--burst", type=int, default=2_000, help="signed commands in the burst")
    parser.add_argument("--only", default=",".join(GROUPS),
                        help=f"comma-separated groups of rows to measure, of: {', '.join(GROUPS)} (default: all)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    if not only <= set(GROUPS):
        parser.error(f"--only takes {', '.join(GROUPS)}; not {', '.join(sorted(only - set(GROUPS)))}")
    ingests = bool(only & {"ingest", "merge", "lookups", "memory"})  # rows comparing the two sizes
    needs_db = ingests or bool(only & {"burst", "lag", "timeline"})
    rows: list[Row] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if needs_db:
            if ingests:
                small, asked, _, small_db = measure(args.small, work)
            # The same questions at both sizes: the large corpus begins with the small one.
            large, _, large_folder, db = measure(args.large, work, asked if ingests else None)
        if "lookups" in only:
            then_now = lookups_then_and_now(BEFORE_17, large_folder, db, asked, work)
        if "ingest" in only:
            parsing = parser_note(db)
            extra = write_corpus(work / "extra", EXTRA, seed=99, first=10**6)
            extra_rounds = extra_costs(small_db, db, extra, work)
            old = None if args.baseline == "none" else baseline_seconds(args.baseline, large_folder, work)
        if "timeline" in only:
            big_year, small_year, widest = years(db)
            # Sub-millisecond pages: asked one year after the other, a p99 of 200 swung 0.4x to 3.4x
            # with the same medians; in turns, and more of them, 0.95x to 1.25x.
            turns = latencies_taking_turns(db, "/timeline", [big_year, small_year], 1000)
            big, few = turns[big_year], turns[small_year]
            from bot.store import PAGE_SOURCES
        if "extraction" in only:
            grown = extraction.growth()
        if "burst" in only:
            bursts = load.burst(db, "2019", args.burst, BURST_CONCURRENCY)
        if "lag" in only:
            question = long_question(db)
            lag = load.lag(db, question, question)

    if "burst" in only:
        rows.append(Row("burst_answered", bursts.answered / bursts.sent, 1.0,
                        f"{bursts.answered} of {bursts.sent} signed /timeline answered for real"
                        f" ({len(bursts.dossier)} bursts of {args.burst})", at_least=True, unit=""))
        each = ", ".join(f"{d.ack_p99 * 1000:.0f}/{b.ack_p99 * 1000:.0f}" for d, b in zip(bursts.dossier, bursts.bare))
        drained = statistics.median(d.drained_per_second for d in bursts.dossier)
        rows.append(Row("burst_ack_p99", bursts.ratio, 2.0,
                        f"median of {len(bursts.dossier)} rounds taking turns of ack p99 over a bare Bolt app's"
                        f" (ms: {each}); answers drained at {drained:.0f}/s"))
    if "lag" in only:
        rows.append(Row("loop_lag", (lag.max_lag - lag.idle_lag) * 1000, 50,
                        f"worst 5 ms tick lateness {lag.max_lag * 1000:.0f} ms while 20 long /quote and /source are"
                        f" answered ({lag.answered} were), less {lag.idle_lag * 1000:.0f} ms idle (the machine's"
                        " own)", unit=" ms"))
    if "extraction" in only:
        per_doubling = max((grown[64] / grown[8]) ** (1 / 3), (grown[512] / grown[64]) ** (1 / 3))
        rows.append(Row("extraction_growth", per_doubling, 2.3, "per doubling of a paragraph, worst of 8→64 and"
                        f" 64→512 KB ({grown[8] * 1000:.0f} ms, {grown[64] * 1000:.0f} ms, {grown[512]:.2f} s)"))
    if "timeline" in only:
        rows.append(Row("timeline_big_year", p99(big) / p99(few), 3.0,
                        f"/timeline {big_year} (an entry told by {widest} articles; a page lists {PAGE_SOURCES} at"
                        f" most) p99 over /timeline {small_year}, at {args.large} articles, asked in turns"))
    if "ingest" in only:
        each = ", ".join(f"{s * 1000:.1f}/{big * 1000:.1f}" for s, big in extra_rounds)
        rows.append(Row("ingest_per_article", statistics.median(big / s for s, big in extra_rounds), 1.2,
                        f"{EXTRA} more articles, ms each at {args.small}/{args.large}: {each}"
                        f" ({EXTRA_RUNS} rounds taking turns, the median of their ratios)"))
        if old is not None:
            rows.append(Row("ingest_throughput", old / large["ingest_seconds"], 2.0,
                            f"{args.large} articles: {old:.0f} s at {args.baseline}, {large['ingest_seconds']:.0f} s"
                            f" now ({args.large / large['ingest_seconds']:.0f} articles/s); {parsing}",
                            at_least=True))
        else:
            notes.append("no baseline asked" if args.baseline == "none"
                         else f"no baseline: git cannot give {args.baseline} here")
    if "merge" in only:
        merge = large["merge"]
        rows.append(Row("merge_precision", merge.precision, 0.95,  # type: ignore[attr-defined]
                        f"share of the {merge.merged_entries} entries told by several articles whose"  # type: ignore[attr-defined]
                        " articles all tell one fact", at_least=True, unit=""))
        rows.append(Row("merge_recall", merge.recall, 0.9,  # type: ignore[attr-defined]
                        f"share of the {merge.facts_retold} facts told twice or more that sit in one"  # type: ignore[attr-defined]
                        " entry", at_least=True, unit=""))
    if "lookups" in only:
        meanings = (("quote_latency", "/quote with a typo"), ("timeline_latency", "/timeline 2019"),
                    ("source_latency", "/source claim"))
        for name, meaning in meanings:
            rows.append(Row(name, large[name] / small[name], 3.0,
                            f"{meaning}: {small[name] * 1000:.1f} → {large[name] * 1000:.1f} ms, large / small"))
        if then_now is not None:
            then, now = then_now
            rows.append(Row("lookups_since_before_17", max(now.cpu[n] / then.cpu[n] for n, _ in meanings), 1.2,
                            f"worst p99 in CPU time now over at {BEFORE_17} (before issue #17), {args.large}"
                            " articles: " + ", ".join(
                                f"{m.split()[0]} {then.cpu[n] * 1000:.2f} → {now.cpu[n] * 1000:.2f} ms"
                                f" ({then.wall[n] * 1000:.2f} → {now.wall[n] * 1000:.2f} ms elapsed)"
                                for n, m in meanings)))
        else:
            notes.append(f"no look-up baseline: git cannot give {BEFORE_17} here")
    if "memory" in only:
        rows.append(Row("ingest_rss", large["ingest_rss"] / small["ingest_rss"], 1.5,
                        f"peak memory of ingest {small['ingest_rss'] / 1024:.0f} →"
                        f" {large['ingest_rss'] / 1024:.0f} MiB"))
        rows.append(Row("export_rss", large["export_rss"] / small["export_rss"], 1.5,
                        f"peak memory of export {small['export_rss'] / 1024:.0f} →"
                        f" {large['export_rss'] / 1024:.0f} MiB"))

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load average"
          f" {' '.join(f'{x:.1f}' for x in os.getloadavg())}; Python {platform.python_version()};"
          f" corpus sizes {args.small} and {args.large}")
    for note in notes:
        print(note)
    for row in rows:
        print(row.line())
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
