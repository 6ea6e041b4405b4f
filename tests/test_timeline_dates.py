"""`/timeline` by month and by day, in the forms people type: the filter reads its dates
with extraction's own date reader, so a question understands what an article says."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot import lookups
from bot.export import iter_records
from bot.models import PartialDate as D
from bot.store import Store
from bot.when import read_span
from tests.conftest import ingested


@pytest.fixture
async def dated(tmp_path: Path, corpus: Path, write_article: Callable[..., Path]) -> AsyncIterator[Store]:
    write_article("030_calendrier", "\n\n".join([
        "En 2019, la société Alpha a été créée à Lyon.",
        "En juillet 2019, Alpha a signé un accord avec Beta.",
        "Le 17 février 2023, Alpha a annoncé une levée de fonds.",
        "Le 3 février 2023, Alpha a recruté une directrice.",
        "En mars 2023, Alpha a ouvert un bureau à Paris.",
        "En juin 2023, Alpha a lancé son produit.",
        "En septembre 2023, Alpha a fermé son bureau de Lyon.",
        "En novembre 2022, Beta a quitté le projet.",
    ]), date="2023-10")
    async with ingested(tmp_path / "dates.db", corpus, added=1) as store:
        yield store


async def _dates(store: Store, query: str) -> list[str]:
    return [e.date.iso() for e in (await lookups.timeline(store, query, limit=50)).entries]


@pytest.mark.parametrize("query, expected", [
    ("février 2023", ["2023-02-03", "2023-02-17"]),
    ("fevrier 2023", ["2023-02-03", "2023-02-17"]),
    ("2023-02", ["2023-02-03", "2023-02-17"]),
    ("2019-07", ["2019-07"]),
    ("July 2019", ["2019-07"]),
    ("juillet 2019", ["2019-07"]),
    ("17 février 2023", ["2023-02-17"]),
    ("2023-02-17", ["2023-02-17"]),
    ("February 17, 2023", ["2023-02-17"]),
    ("de mars à juin 2023", ["2023-03", "2023-06"]),
    ("from March to June 2023", ["2023-03", "2023-06"]),
    ("de novembre 2022 à février 2023", ["2022-11", "2023-02-03", "2023-02-17"]),
    ("de novembre à février 2023", ["2022-11", "2023-02-03", "2023-02-17"]),
    ("du 1er au 10 février 2023", ["2023-02-03"]),
    ("2019", ["2019", "2019-07"]),
    ("2022-2023", ["2022-11", "2023-02-03", "2023-02-17", "2023-03", "2023-06", "2023-09"]),
    ("2023 à 2022", ["2022-11", "2023-02-03", "2023-02-17", "2023-03", "2023-06", "2023-09"]),
])
async def test_months_and_days_filter_the_timeline(dated: Store, query: str, expected: list[str]) -> None:
    assert await _dates(dated, query) == expected


async def test_a_month_with_words(dated: Store) -> None:
    assert await _dates(dated, "février 2023 directrice") == ["2023-02-03"]
    assert await _dates(dated, "de mars à juin 2023 produit") == ["2023-06"]
    assert await _dates(dated, "en juillet 2019 Beta") == ["2019-07"]


async def test_export_applies_the_same_month_filter(dated: Store) -> None:
    exported = [r["date"] async for r in iter_records(dated, "timeline", "février 2023")]
    assert exported == ["2023-02-03", "2023-02-17"]


def test_what_is_not_a_date_stays_a_word() -> None:
    assert read_span("microsoft") == (None, "microsoft")
    span, rest = read_span("mai OpenAI")  # a month without a year is not a date (never guessed)
    assert span is None and rest == "mai OpenAI"
    span, rest = read_span("2023-02-30")
    assert span is not None and span.start == D(2023)
