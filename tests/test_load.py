"""Answers under load: what a burst of users and a slow question do to everyone else.

No timing is asserted (machines are shared): the tests pin the behaviour the speed
relies on. `make bench` measures the speed itself.
"""

from __future__ import annotations

import asyncio
import gc
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz
from slack_bolt.request.async_request import AsyncBoltRequest

from bot import lookups, render
from bot.store import PAGE_SOURCES, Store
from tests.conftest import SEEDS, ingest_paths, ingested
from tests.fakes.slack import SlackDriver, command_body, visible_text

BURST = 120


async def test_a_burst_of_commands_all_get_the_real_answer(
    start_bot: Callable[..., Any], seeded_db: Path
) -> None:
    # The budget is far longer than one search, far shorter than the whole burst
    # run one after another: a look-up's time queueing must not count against it.
    store = await Store.open(seeded_db, read_only=True, query_timeout_ms=100)
    try:
        slack: SlackDriver = await start_bot(store=store)
        urls = [slack.new_response_url() for _ in range(BURST)]
        sent = await asyncio.gather(
            # Each from its own user: one user's burst is slowed on purpose (handlers/limits.py).
            *(slack.post(command_body("/quote", "pas controles par microsft", url, user_id=f"U{i:04d}"))
              for i, url in enumerate(urls))
        )
        assert {s.status for s in sent} == {200}
        replies = [visible_text(await slack.response(url, timeout=60)) for url in urls]
    finally:
        await store.close()
    too_long = [r for r in replies if "trop de temps" in r]
    assert too_long == []
    assert all("Nous ne sommes pas contrôlés par Microsoft" in r and "Sam Altman" in r for r in replies)


async def test_a_burst_is_acknowledged_before_any_look_up_and_composed_a_few_at_a_time_holding_no_request(
    slack: SlackDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handlers import common

    # Every look-up waits for the test's word: each request must still be acknowledged,
    # and no more than ANSWERS_AT_ONCE answers may be under way while the others wait.
    release = asyncio.Event()
    running, most = 0, 0
    real = common.answer

    async def held(*args: Any, **kwargs: Any) -> Any:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await release.wait()
        try:
            return await real(*args, **kwargs)
        finally:
            running -= 1

    def bolt_requests() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, AsyncBoltRequest))

    monkeypatch.setattr(common, "answer", held)
    before = bolt_requests()  # another test's, should any still be about
    count = 3 * common.ANSWERS_AT_ONCE
    urls = [slack.new_response_url() for _ in range(count)]
    sent = await asyncio.gather(*(slack.post(command_body("/timeline", "2019", url, user_id=f"U{i:04d}"))
                                  for i, url in enumerate(urls)))
    assert {s.status for s in sent} == {200}  # all acknowledged, not one looked up yet
    for _ in range(500):  # the first few take their slots (in the background: no timing here)
        if running == common.ANSWERS_AT_ONCE:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)  # room for any more to start, were they not held back
    assert running == most == common.ANSWERS_AT_ONCE
    assert slack.fake.calls_to("respond") == []
    # The listeners have returned: Bolt's requests (body, context, clients) are gone, and the
    # answers still to give hold only their own words. The collector's full passes walk what
    # a burst's hundreds of waiting answers hold, with the event loop stopped.
    assert bolt_requests() == before
    release.set()
    replies = [visible_text(await slack.response(url, timeout=30)) for url in urls]
    assert all("juillet 2019" in r for r in replies)
    assert most == common.ANSWERS_AT_ONCE


async def test_answers_reach_slack_over_one_kept_connection(slack: SlackDriver) -> None:
    # One connection (and, with Slack, one TLS handshake) for answer after answer, not one each.
    for _ in range(5):
        assert "juillet 2019" in visible_text(await slack.command("/timeline", "2019"))
    peers = [c.peer for c in slack.fake.calls_to("respond")]
    assert len(peers) == 5 and len(set(peers)) == 1


async def test_quotes_are_ranked_while_the_event_loop_keeps_running(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scorer waits until the loop has run a task started after scoring began.
    # Scoring on the loop thread would stall that task, and the wait would time out.
    scoring, loop_ran = threading.Event(), threading.Event()
    real = fuzz.partial_ratio

    def scorer_that_needs_the_loop(a: str, b: str, **kwargs: Any) -> float:
        scoring.set()
        assert loop_ran.wait(timeout=10), "the event loop stood still while quotes were ranked"
        return real(a, b, **kwargs)

    async def tick_once_scoring_started() -> None:
        while not scoring.is_set():
            await asyncio.sleep(0.001)
        loop_ran.set()

    monkeypatch.setattr(fuzz, "partial_ratio", scorer_that_needs_the_loop)
    answer, _ = await asyncio.gather(
        lookups.quotes(seeded, "pas controles par microsft"), tick_once_scoring_started()
    )
    assert answer.hits[0].speaker == "Sam Altman"
    assert "Nous ne sommes pas contrôlés par Microsoft" in answer.hits[0].text


async def test_a_quote_of_several_words_ranks_only_the_quotes_holding_two_of_them(
    tmp_path: Path, write_article: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thirty quotes hold every trigram of the words asked, and none of the words: as a corpus
    # grows such quotes multiply, and no trigram stays rare. None of them is ranked.
    write_article("vrai", "« Les agriculteurs bretons réclament une aide immédiate », a déclaré Marie Dupont.")
    for i in range(30):
        write_article(f"autre{i}", f"« L'agriculteur breton réclame des cours, nous réclamons un moment {i} »,"
                      " a expliqué Paul Martin.")
    ranked: list[int] = []
    real = lookups._partial_scores

    def counted(wanted: str, texts: list[str]) -> list[float]:
        ranked.append(len(texts))
        return real(wanted, texts)

    monkeypatch.setattr(lookups, "_partial_scores", counted)
    async with ingested(tmp_path / "d.db", tmp_path / "corpus", added=31) as store:
        found = await lookups.quotes(store, "agriculteurs bretons reclament")
        assert [h.speaker for h in found.hits] == ["Marie Dupont"] and ranked == [1]
        ranked.clear()
        # A typo in most words: no quote holds two of them as typed; their trigrams find it.
        found = await lookups.quotes(store, "agricultuers bertons reclamnet")
        assert found.hits[0].speaker == "Marie Dupont" and len(ranked) == 1  # the trigrams alone


async def test_a_timeline_page_lists_a_few_sources_and_counts_the_rest(
    tmp_path: Path, write_article: Callable[..., Path]
) -> None:
    told = 8
    for i in range(told):  # published from 2023-08 back to 2023-01: listed earliest first
        write_article(f"s{i}", "En 2016, la ville de Lyon a inauguré le nouveau stade de football."
                      + " Un match a suivi." * (i % 2), date=f"2023-{told - i:02d}")
    db = tmp_path / "d.db"
    async with ingested(db, tmp_path / "corpus", added=told) as store:
        page = await lookups.timeline(store, "2016")
        exported = [entry async for entry in store.iter_entries((2016, 2016))]
    (entry,) = page.entries
    assert [s.doc_id for s in entry.sources] == ["s7", "s6", "s5", "s4", "s3"]
    assert entry.more == told - PAGE_SOURCES
    assert "et 3 autres" in render.terminal(page, "fr")
    assert "and 3 more" in render.terminal(page, "en")
    # An export lists every source.
    assert [s.doc_id for s in exported[0].sources] == [f"s{i}" for i in reversed(range(told))]

    # A source that changes its story leaves the entry; the next earliest takes its place.
    write_article("s7", "En 2016, la ville de Lyon a voté un budget pour ses écoles.", date="2023-01")
    await ingest_paths(db, tmp_path / "corpus")
    async with await Store.open(db, read_only=True) as store:
        stadium = [e for e in (await lookups.timeline(store, "2016")).entries if "stade" in e.text]
    assert [s.doc_id for s in stadium[0].sources] == ["s6", "s5", "s4", "s3", "s2"]
    assert stadium[0].more == 2


async def test_an_older_database_gets_its_pages_computed_as_ingest_would(
    tmp_path: Path, write_article: Callable[..., Path]
) -> None:
    for i in range(7):
        write_article(f"s{i}", f"En 2016, la ville de Lyon a inauguré le nouveau stade de football{'.' * (i % 3)}",
                      date=f"2023-{i + 1:02d}" if i != 3 else None)
    db = tmp_path / "d.db"
    async with ingested(db, tmp_path / "corpus", added=7) as store:
        fresh = await lookups.timeline(store, "2016")
    with sqlite3.connect(db) as conn:  # the database as it was before pages were kept
        conn.executescript(
            "ALTER TABLE entries DROP COLUMN text; ALTER TABLE entries DROP COLUMN sources;"
            " ALTER TABLE entries DROP COLUMN shown; DELETE FROM _migrations WHERE name = '003_entry_page';"
        )
    await (await Store.open(db)).close()  # a writer migrates
    async with await Store.open(db, read_only=True) as store:
        assert await lookups.timeline(store, "2016") == fresh
    assert fresh.entries[0].sources[-1].published is not None and fresh.entries[0].more == 2


async def test_an_older_database_gets_the_merge_keys_ingest_would_write(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    await ingest_paths(db, SEEDS)
    tables = ("merge_keys", "event_stems", "counters")

    def contents() -> dict[str, list[tuple[Any, ...]]]:
        with sqlite3.connect(db) as conn:
            return {t: sorted(conn.execute(f"SELECT * FROM {t}")) for t in tables}

    fresh = contents()
    assert fresh["counters"] == [("events", 9)] and len(fresh["merge_keys"]) > 9 * 2
    with sqlite3.connect(db) as conn:  # the database as it was before the key table
        conn.executescript("".join(f"DROP TABLE {t};" for t in tables)
                           + "DELETE FROM _migrations WHERE name = '005_merge_keys';")
    await (await Store.open(db)).close()  # a writer migrates
    assert contents() == fresh


async def test_a_stem_too_common_to_be_read_loses_its_key_rows_and_gets_them_back(
    tmp_path: Path, write_article: Callable[..., Path]
) -> None:
    # 45 events of different years hold the same words: past twice the common limit
    # (2 × 20 events), the later events get no key row for them.
    told = "le conseil a rénové le stade municipal."
    paths = [write_article(f"a{i:02d}", f"En {1900 + i}, {told}") for i in range(45)]
    db = tmp_path / "d.db"
    await ingest_paths(db, paths[0].parent)
    with sqlite3.connect(db) as conn:
        unkeyed = [r[0] for r in conn.execute("SELECT stem FROM unkeyed_stems")]
        (stem,) = [s for s in unkeyed if s.startswith("stad")]
        events = conn.execute("SELECT count(*) FROM events WHERE key_stems LIKE ?", (f"%{stem}%",)).fetchone()[0]
        keyed = conn.execute("SELECT count(*) FROM merge_keys WHERE key = ?", ("s" + stem,)).fetchone()[0]
    assert events == 45 and keyed == 41

    # Two thirds of the files change their story: the words tell again. A new article of
    # 1944 tells the fact of the last file, which had no key rows: it is found all the same,
    # as a fresh ingest of the same files finds it.
    for path in paths[:30]:
        path.write_text(f" date 2023-03 En {1900 + paths.index(path)}, la mairie a ouvert un parc.\n",
                        encoding="utf-8")
    write_article("b", f"En 1944, {told}", date="2023-05")
    await ingest_paths(db, paths[0].parent)
    fresh = tmp_path / "fresh.db"
    await ingest_paths(fresh, paths[0].parent)

    async def exported(path: Path) -> list[tuple[str, str, list[str]]]:
        async with await Store.open(path, read_only=True) as store:
            return [(e.date.iso(), e.text, [s.doc_id for s in e.sources]) async for e in store.iter_entries()]

    again = await exported(db)
    assert again == await exported(fresh)
    assert [sources for date, _, sources in again if date == "1944"] == [["a44", "b"]]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM unkeyed_stems WHERE stem = ?", (stem,)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM merge_keys WHERE key = ?", ("s" + stem,)).fetchone()[0] == 16


async def test_a_long_question_looks_for_a_speaker_in_its_first_words_only(seeded: Store) -> None:
    # Each word looked up costs two reads and a fuzzy match: a pasted paragraph is a quotation.
    early = await lookups.find_speaker(seeded, "altman " + "rapport budget conseil " * 10)
    late = await lookups.find_speaker(seeded, "rapport budget conseil " * 10 + "altman")
    assert early is not None and early.name == "Sam Altman"
    assert late is None
