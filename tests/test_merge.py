"""Which dated sentences of different articles become one timeline entry: only those
telling the same fact, not those sharing a date, an organisation and common words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot import lookups
from bot.merge import EventKey, common, same_event
from tests.conftest import ingested

SYLLABLES = ["ba", "ri", "lo", "tu", "ne", "sa", "vo", "mi", "ga", "du"]


def made_up(i: int) -> str:
    """A word no other test article holds, from a number."""
    return "".join(SYLLABLES[int(d)] for d in f"{i:03d}") + "ns"


def key(sentence: str, *names: str) -> EventKey:
    return EventKey.of(sentence, names)


def test_a_retelling_with_the_same_actor_and_telling_words_is_the_same_fact() -> None:
    a = key("En 2018, Elon Musk a quitté l'entreprise au milieu des tensions.", "Elon Musk")
    b = key("En 2018, Elon Musk a quitté OpenAI, l'entreprise de ChatGPT.", "Elon Musk", "OpenAI")
    assert same_event(a, b, a.stems | b.stems)


def test_common_words_are_no_evidence() -> None:
    a = key("En 2018, Elon Musk a quitté l'entreprise au milieu des tensions.", "Elon Musk")
    b = key("En 2018, Elon Musk a quitté OpenAI, l'entreprise de ChatGPT.", "Elon Musk", "OpenAI")
    assert not same_event(a, b, (a.stems | b.stems) - {"quitt"})


def test_different_people_on_one_date_are_different_facts() -> None:
    a = key("En 2018, Elon Musk a quitté la direction du conseil.", "Elon Musk")
    b = key("En 2018, Sam Altman a quitté la direction du conseil.", "Sam Altman")
    assert not same_event(a, b, a.stems | b.stems)


def test_a_word_held_by_many_events_is_common_but_not_in_a_small_corpus() -> None:
    assert common(holding=500, events=2_000)
    assert not common(holding=50, events=2_000)
    assert not common(holding=9, events=9)


async def test_an_organisation_announcing_two_projects_in_a_year_gets_two_entries(
    tmp_path: Path, write_article: Callable[..., Path]
) -> None:
    # Many articles about projects announced (read first: files are read by name):
    # "projet" and "annoncé" become common words.
    for i in range(40):
        write_article(f"f{i:02d}", f"En {1950 + i}, la mairie a annoncé un projet de {made_up(i)} "
                                   f"{made_up(100 + i)} pour le quartier.")
    write_article("x", f"En 2019, la mairie a annoncé un projet de {made_up(300)} {made_up(301)} pour le quartier.")
    write_article("y", f"En 2019, la mairie a annoncé un projet de {made_up(400)} {made_up(401)} pour le quartier.")
    write_article("z", f"Le projet de {made_up(300)} {made_up(301)} a été annoncé par la mairie en 2019.",
                  date="2023-05")
    async with ingested(tmp_path / "d.db", tmp_path / "corpus", added=43) as store:
        entries = (await lookups.timeline(store, "2019")).entries
    sources = sorted(sorted(s.doc_id for s in e.sources) for e in entries)
    assert sources == [["x", "z"], ["y"]]
