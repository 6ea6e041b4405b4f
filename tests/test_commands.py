"""The dispatch behind Slack and `dossier ask`: commands, and free questions routed by their words."""

from __future__ import annotations

import pytest

from bot.answers import HelpAnswer, QuotesAnswer, SourceAnswer, TimelineAnswer
from bot.commands import answer, route
from bot.store import Store


@pytest.mark.parametrize(
    "question, command, text",
    [
        ("qui a dit bande d'idiots ?", "/quote", "bande d'idiots"),
        ("Qui a dit « nous sommes une entreprise indépendante » ?", "/quote",
         "« nous sommes une entreprise indépendante »"),
        ("who said not what I intended", "/quote", "not what I intended"),
        ("quand Musk a-t-il quitté OpenAI ?", "/timeline", "Musk a-t-il quitté OpenAI"),
        ("When did Microsoft invest?", "/timeline", "Microsoft invest"),
        ("que s'est-il passé en 2019 ?", "/timeline", "2019"),
        ("d'où vient l'idée que Microsoft contrôle OpenAI ?", "/source",
         "l'idée que Microsoft contrôle OpenAI"),
        ("which articles say OpenAI is controlled by Microsoft", "/source",
         "say OpenAI is controlled by Microsoft"),
        ("OpenAI en 2015", "/timeline", "OpenAI en 2015"),
        ("Altman", "/quote", "Altman"),
        ("elon musk", "/quote", "elon musk"),
        ("le partenariat avec Microsoft", "/source", "le partenariat avec Microsoft"),
    ],
)
async def test_questions_are_routed_by_their_words(
    seeded: Store, question: str, command: str, text: str
) -> None:
    chosen = await route(seeded, question)
    assert (chosen.command, chosen.text) == (command, text)


async def test_a_question_gets_the_looked_up_answer(seeded: Store) -> None:
    quoted = await answer(seeded, "", "qui a dit bande d'idiots ?")
    assert isinstance(quoted, QuotesAnswer)
    assert "bande d’idiots" in quoted.hits[0].text
    dated = await answer(seeded, "", "quand Musk a-t-il quitté OpenAI ?")
    assert isinstance(dated, TimelineAnswer)
    assert [e.date.iso() for e in dated.entries] == ["2018"]


async def test_a_dated_question_without_dated_answer_falls_back_to_articles(seeded: Store) -> None:
    result = await answer(seeded, "", "quand Musk a-t-il critiqué Bing ?")
    assert isinstance(result, SourceAnswer)
    assert result.hits and result.hits[0].source.doc_id.startswith("003")


@pytest.mark.parametrize("command", ["/quote", "/source"])
async def test_empty_text_is_the_commands_usage(seeded: Store, command: str) -> None:
    assert await answer(seeded, command, "  ") == HelpAnswer(command)


async def test_empty_timeline_is_the_whole_timeline(seeded: Store) -> None:
    result = await answer(seeded, "/timeline", "")
    assert isinstance(result, TimelineAnswer) and result.page.total >= 6


@pytest.mark.parametrize("text", ["", "help", "aide"])
async def test_help(seeded: Store, text: str) -> None:
    assert await answer(seeded, "/dossier", text) == HelpAnswer()


async def test_unknown_command(seeded: Store) -> None:
    result = await answer(seeded, "/weather", "paris")
    assert isinstance(result, HelpAnswer) and "/weather" in (result.problem or "")
