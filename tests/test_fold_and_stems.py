"""Letters beyond French accents fold (anyascii), and French words match by their stems
(Snowball), at ingest and in questions alike."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot import lookups
from bot.answers import QuotesAnswer, SourceAnswer, TimelineAnswer
from bot.commands import answer
from bot.store import Store
from bot.text import fold, word_stems, words
from tests.conftest import ingested


@pytest.mark.parametrize("written, folded", [
    ("Wałęsa", "walesa"), ("Søren Kierkegaard", "soren kierkegaard"), ("Øresund", "oresund"),
    ("İstanbul", "istanbul"), ("Łódź", "lodz"), ("Đoković", "dokovic"), ("contrôlés", "controles"),
    ("l’œuvre", "l'oeuvre"), ("Москва", "moskva"),
])
def test_fold_reaches_every_latin_letter_and_transliterates_others(written: str, folded: str) -> None:
    assert fold(written) == folded


def test_fold_keeps_punctuation_and_symbols_as_they_are() -> None:
    assert fold("« 5 € » — 3 %") == "« 5 € » - 3 %"
    assert words("Wałęsa, Søren") == ["walesa", "soren"]


def test_stems_join_the_forms_of_a_french_word() -> None:
    stems = dict(word_stems("fondé fondée fondés fondation"))
    assert stems["fonde"] == stems["fondee"] == stems["fondes"] == "fond"
    assert stems["fondation"] != "fond"
    # A brand or an acronym is not French to be stemmed.
    assert word_stems("OpenAI ONU") == [("openai", "openai"), ("onu", "onu")]


@pytest.fixture
async def store(tmp_path: Path, corpus: Path, write_article: Callable[..., Path]) -> AsyncIterator[Store]:
    write_article("040_gdansk", "En août 1980, les ouvriers du chantier naval de Gdańsk se sont mis en grève. "
                  "« Il n'y a pas de liberté sans solidarité », a déclaré Lech Wałęsa.")
    write_article("041_openai", "OpenAI a été fondée en 2015 à San Francisco par un groupe d'investisseurs.\n\n"
                  "Søren Hansen a traversé l'Øresund en 2019. Le pont relie İstanbul à rien du tout.")
    write_article("042_autre", "En 2016, la Bourse a chuté. Les analystes ont parlé d'une correction.")
    async with ingested(tmp_path / "fold.db", corpus, added=3) as opened:
        yield opened


async def test_quote_walesa_finds_lech_walesa(store: Store) -> None:
    result = await lookups.quotes(store, "walesa")
    assert isinstance(result, QuotesAnswer) and result.speaker == "Lech Wałęsa"
    assert [h.text for h in result.hits] == ["Il n'y a pas de liberté sans solidarité"]
    typed = await lookups.quotes(store, "liberte sans solidarite walesa")
    assert typed.hits and typed.hits[0].speaker == "Lech Wałęsa"


async def test_when_was_it_founded_finds_a_ete_fondee(store: Store) -> None:
    result = await answer(store, "", "quand OpenAI a-t-il été fondé ?")
    assert isinstance(result, TimelineAnswer)
    assert [(e.date.iso(), e.text[:30]) for e in result.entries] == [("2015", "OpenAI a été fondée en 2015 à ")]
    assert (await lookups.timeline(store, "fondés")).page.total == 1


async def test_source_matches_by_stem_and_by_folded_letters(store: Store) -> None:
    founded = await lookups.source(store, "fondation d'OpenAI, fondé par des investisseurs")
    assert isinstance(founded, SourceAnswer) and founded.hits[0].source.doc_id == "041_openai"
    for query, doc_id in (("oresund", "041_openai"), ("soren hansen", "041_openai"), ("istanbul", "041_openai"),
                          ("gdansk greve", "040_gdansk"), ("corrections", "042_autre")):
        hits = (await lookups.source(store, query)).hits
        assert hits and hits[0].source.doc_id == doc_id, query
