"""The three look-ups on the seeds, as a user reads their answers."""

from __future__ import annotations

import pytest

from bot import lookups
from bot.answers import TimelineEntry
from bot.errors import BadInput
from bot.models import PartialDate
from bot.store import Store



def find(entries: tuple[TimelineEntry, ...], iso: str, word: str) -> TimelineEntry:
    matching = [e for e in entries if e.date.iso() == iso and word.lower() in e.text.lower()]
    assert matching, f"no {iso} entry about {word!r} in {[(e.date.iso(), e.text[:60]) for e in entries]}"
    return matching[0]


def doc_ids(entry: TimelineEntry) -> set[str]:
    return {s.doc_id[:3] for s in entry.sources}


async def test_full_timeline_holds_the_story_with_its_sources(seeded: Store) -> None:
    answer = await lookups.timeline(seeded, "", limit=100)
    entries = answer.entries
    founding = [e for e in entries if e.date.iso() == "2015"]
    assert len(founding) == 1, [e.text for e in founding]
    assert doc_ids(founding[0]) == {"002", "004"}
    assert doc_ids(find(entries, "2017", "Google")) == {"002"}
    departure = [e for e in entries if e.date.iso() == "2018" and "quitt" in e.text]
    assert any(doc_ids(e) == {"002", "004"} for e in departure), [(e.text, doc_ids(e)) for e in departure]
    assert doc_ids(find(entries, "2019", "OpenAI LP")) == {"002"}
    assert doc_ids(find(entries, "2019-07", "Microsoft")) == {"002"}
    tweet = find(entries, "2023-02-17", "open source")
    assert doc_ids(tweet) == {"001"}
    assert tweet.date.precision.value == "day"


async def test_timeline_is_chronological_and_cites_publication_dates(seeded: Store) -> None:
    entries = (await lookups.timeline(seeded, "", limit=100)).entries
    keys = [e.date.sort_key() for e in entries]
    assert keys == sorted(keys)
    published = {s.doc_id[:3]: s.published for e in entries for s in e.sources}
    assert published["002"] == PartialDate(2023, 3)
    assert published["004"] is None  # no date header: shown as unknown, never invented


async def test_publication_dates_are_not_events(seeded: Store) -> None:
    entries = (await lookups.timeline(seeded, "", limit=100)).entries
    assert not [e for e in entries if e.date in (PartialDate(2023, 5), PartialDate(2023, 3))]


async def test_timeline_by_year_range_and_words(seeded: Store) -> None:
    only_2019 = (await lookups.timeline(seeded, "2019")).entries
    assert {e.date.iso() for e in only_2019} == {"2019", "2019-07"}
    ranged = (await lookups.timeline(seeded, "2015-2017", limit=50)).entries
    assert {e.date.year for e in ranged} == {2015, 2017}
    microsoft = (await lookups.timeline(seeded, "microsoft")).entries
    assert microsoft and all("microsoft" in e.text.lower() for e in microsoft)
    combined = (await lookups.timeline(seeded, "2015-2019 microsoft")).entries
    assert [e.date.iso() for e in combined] == ["2019-07"]


async def test_timeline_pages(seeded: Store) -> None:
    first = await lookups.timeline(seeded, "", limit=2)
    second = await lookups.timeline(seeded, "", limit=2, offset=2)
    assert first.page.total >= 6
    assert len(first.entries) == 2 and first.page.next_offset(2) == 2
    assert first.entries[-1] != second.entries[0]


async def test_timeline_nothing_found_suggests_a_word(seeded: Store) -> None:
    answer = await lookups.timeline(seeded, "microsfot")
    assert answer.entries == ()
    assert answer.suggestion == "microsoft"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("bande d'idiot", "bande d’idiots"),
        ("pas controles par microsft", "Nous ne sommes pas contrôlés par Microsoft"),
        ("je suis la raisson pour laquelle openai existe", "Je suis la raison pour laquelle OpenAI existe"),
        ("AMAZONIE", "défendre l'Amazonie"),
    ],
)
async def test_quotes_tolerate_typos_and_missing_accents(seeded: Store, query: str, expected: str) -> None:
    answer = await lookups.quotes(seeded, query)
    assert answer.hits, query
    assert expected in answer.hits[0].text


async def test_quotes_carry_speaker_document_and_date(seeded: Store) -> None:
    hit = (await lookups.quotes(seeded, "pas controles par microsoft")).hits[0]
    assert hit.speaker == "Sam Altman"
    assert hit.source.doc_id.startswith("002")
    assert hit.source.published == PartialDate(2023, 3)
    amazon = (await lookups.quotes(seeded, "amazonie")).hits[0]
    assert amazon.speaker == "Elon Musk"


async def test_a_speaker_name_lists_that_speakers_quotes(seeded: Store) -> None:
    answer = await lookups.quotes(seeded, "altman")
    assert answer.speaker == "Sam Altman"
    assert len(answer.hits) >= 2
    assert {h.speaker for h in answer.hits} == {"Sam Altman"}
    musk = await lookups.quotes(seeded, "musk")
    assert musk.speaker == "Elon Musk"
    assert any("Not what I intended" in h.text for h in musk.hits + (await lookups.quotes(seeded, "musk", limit=20)).hits)


async def test_speaker_and_words_together(seeded: Store) -> None:
    answer = await lookups.quotes(seeded, "altman microsoft")
    assert answer.speaker == "Sam Altman"
    assert "Microsoft" in answer.hits[0].text


async def test_quote_nothing_found_suggests_a_speaker(seeded: Store) -> None:
    answer = await lookups.quotes(seeded, "zzzz qqqq")
    assert answer.hits == ()


async def test_source_card_by_doc_id_and_prefix(seeded: Store) -> None:
    answer = await lookups.source(seeded, "002")
    card = answer.card
    assert card is not None
    assert card.source.doc_id == "002_b5f6084d3fa5f75b"
    assert card.source.published == PartialDate(2023, 3)
    assert card.lead.startswith("Elon Musk, un milliardaire américain")
    assert card.chars > 2000
    assert {e.date.iso() for e in card.events} >= {"2015", "2017", "2018", "2019", "2019-07"}
    assert any(q.speaker == "Sam Altman" for q in card.quotes)
    titled = (await lookups.source(seeded, "004_e292f1a6227b609f")).card
    assert titled is not None and titled.title.startswith("Le PDG d’OpenAI")


async def test_ambiguous_prefix_is_a_clear_error(seeded: Store) -> None:
    with pytest.raises(BadInput, match="several documents"):
        await lookups.source(seeded, "00")


async def test_source_finds_supporting_articles_with_a_snippet(seeded: Store) -> None:
    answer = await lookups.source(seeded, "Microsoft contrôle OpenAI")
    assert answer.hits
    assert answer.page.total >= 3
    assert all(h.snippet for h in answer.hits)
    assert "\ue000" in answer.hits[0].snippet  # matched words are marked for bold


async def test_search_ignores_accents(seeded: Store) -> None:
    answer = await lookups.source(seeded, "controles")
    # The article holding the very word first; those holding `contrôle`, `contrôler` follow (same stem).
    assert answer.hits[0].source.doc_id[:3] == "002"
    assert "contrôlés" in answer.hits[0].snippet


@pytest.mark.parametrize(
    "hostile",
    ["'", '"', "-", "AND", "OR", "NOT", "*", "(", ")", ":", "NEAR(", "^", "d'OpenAI",
     'microsoft" OR "x', "a AND (b OR", "col:value", "-microsoft", "**", "{}", "  ", "«»"],
)
async def test_hostile_input_never_raises(seeded: Store, hostile: str) -> None:
    await lookups.source(seeded, hostile)
    await lookups.timeline(seeded, hostile)
    await lookups.quotes(seeded, hostile)


async def test_stats(seeded: Store) -> None:
    stats = await lookups.stats(seeded)
    assert stats.documents == 5
    assert stats.undated == 1
    assert stats.first == PartialDate(2023, 2) and stats.last == PartialDate(2023, 5)
    assert {s.name for s in stats.top_speakers} >= {"Elon Musk", "Sam Altman"}


async def test_a_misspelt_speaker_is_still_found(seeded: Store) -> None:
    answer = await lookups.quotes(seeded, "Altmann")
    assert answer.speaker == "Sam Altman"
    assert answer.hits and {h.speaker for h in answer.hits} == {"Sam Altman"}


async def test_a_speaker_in_a_written_corpus(tmp_path, write_article) -> None:
    from tests.conftest import ingest_paths

    write_article("match", "« Nous avons manqué de réalisme devant le but », a regretté Didier Deschamps. "
                           "« On reviendra plus forts », a promis Kylian Mbappé.")
    write_article("conf", "« Le groupe vit bien », a assuré Didier Deschamps en conférence de presse.")
    await ingest_paths(tmp_path / "w.db", tmp_path / "corpus")
    async with await Store.open(tmp_path / "w.db", read_only=True) as store:
        answer = await lookups.quotes(store, "deschamps")
        assert answer.speaker == "Didier Deschamps"
        assert {h.text for h in answer.hits} == {"Nous avons manqué de réalisme devant le but",
                                                  "Le groupe vit bien"}
        stats = await lookups.stats(store)
        assert stats.top_speakers[0].name == "Didier Deschamps" and stats.top_speakers[0].quotes == 2
        nothing = await lookups.quotes(store, "Deschanps réalisme")
        assert nothing.hits and nothing.hits[0].speaker == "Didier Deschamps"


async def test_an_overlong_question_is_refused_clearly(seeded: Store) -> None:
    from bot.commands import answer

    with pytest.raises(BadInput, match="too long"):
        await answer(seeded, "/quote", "musk " * 500)
