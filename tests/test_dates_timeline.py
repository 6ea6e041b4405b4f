"""Dates completed from the article reach what users see: `/timeline` and the export keep
the date at the precision the text gives, and cite the article with its publication date."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot import lookups
from bot.export import write_export
from bot.store import Store
from tests.conftest import ingested

BODY = """La préfecture a interdit la manifestation prévue ce samedi, a-t-elle annoncé mercredi 22 mars.

Les syndicats avaient déjà défilé les 7, 11 et 15 mars. Le texte avait été présenté en conseil des ministres fin janvier.

Le Conseil constitutionnel rendra sa décision le 14 avril prochain."""


@pytest.fixture
async def store(tmp_path: Path, corpus: Path, write_article: Callable[..., Path]) -> AsyncIterator[Store]:
    write_article("040_retraites", BODY, date="2023-03-23")
    async with ingested(tmp_path / "dates.db", corpus, added=1) as opened:
        yield opened


async def test_export_keeps_the_precision_the_text_gives(store: Store) -> None:
    out = io.StringIO()
    await write_export(store, "timeline", "", "jsonl", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    got = [(r["date"], r["precision"]) for r in records]
    assert got == [
        ("2023-01", "month"),  # fin janvier: the month, no invented day
        ("2023-03-07", "day"), ("2023-03-11", "day"), ("2023-03-15", "day"),
        ("2023-03-22", "day"),
        ("2023-03-25", "day"),  # ce samedi: the Saturday of the week of 23 March 2023
        ("2023-04-14", "day"),
    ]
    assert all([(s["doc_id"], s["published"]) for s in r["sources"]] == [("040_retraites", "2023-03-23")]
               for r in records)


async def test_timelinejs_dates_have_only_the_parts_the_text_stated(store: Store) -> None:
    out = io.StringIO()
    await write_export(store, "timeline", "", "timelinejs", out)
    starts = [e["start_date"] for e in json.loads(out.getvalue())["events"]]
    assert starts[0] == {"year": "2023", "month": "1"}
    assert starts[-1] == {"year": "2023", "month": "4", "day": "14"}


async def test_timeline_finds_a_completed_date_by_its_month(store: Store) -> None:
    answer = await lookups.timeline(store, "mars 2023", limit=50)
    assert [e.date.iso() for e in answer.entries] == [
        "2023-03-07", "2023-03-11", "2023-03-15", "2023-03-22", "2023-03-25",
    ]
    assert "les 7, 11 et 15 mars" in answer.entries[0].text
