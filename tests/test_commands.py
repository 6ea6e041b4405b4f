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
        # A greeting first changes nothing.
        ("Bonjour, qui a dit bande d'idiots ?", "/quote", "bande d'idiots"),
        ("salut ! quand Musk a-t-il quitté OpenAI ?", "/timeline", "Musk a-t-il quitté OpenAI"),
        ("hi, who said not what I intended", "/quote", "not what I intended"),
        ("Hello there: when did Microsoft invest?", "/timeline", "Microsoft invest"),
        ("Bonsoir tout le monde, d'où vient l'idée ?", "/source", "l'idée"),
        ("Salut", "/source", "Salut"),  # a greeting alone is not emptied away
        ("history of OpenAI", "/source", "history of OpenAI"),  # "hi" only as a word
        # The speaker stays in the question, with what they spoke about.
        ("what did altman say", "/quote", "altman"),
        ("what did altman say about microsoft?", "/quote", "altman microsoft"),
        ("What has Elon Musk said about OpenAI", "/quote", "Elon Musk OpenAI"),
        ("qu'a dit Macron sur les retraites", "/quote", "Macron les retraites"),
        ("Qu’a déclaré Élisabeth Borne à propos de la réforme ?", "/quote", "Élisabeth Borne la réforme"),
        ("qu'est-ce que Musk a dit sur Microsoft ?", "/quote", "Musk Microsoft"),
        ("bonjour, qu'a dit Macron ?", "/quote", "Macron"),
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


async def test_what_a_speaker_said_about_something_keeps_the_speaker(seeded: Store) -> None:
    result = await answer(seeded, "", "what did altman say about microsoft?")
    assert isinstance(result, QuotesAnswer) and result.speaker == "Sam Altman"
    assert result.hits and all(hit.speaker == "Sam Altman" for hit in result.hits)
    assert "Microsoft" in result.hits[0].text
    everything = await answer(seeded, "", "what did altman say")
    assert isinstance(everything, QuotesAnswer) and everything.speaker == "Sam Altman"
    assert everything.page.total == 3 and all(h.speaker == "Sam Altman" for h in everything.hits)


async def test_a_greeting_gets_the_same_answer_as_the_question(seeded: Store) -> None:
    for greeted, bare in (("Bonjour, qui a dit bande d'idiots ?", "qui a dit bande d'idiots ?"),
                          ("salut ! quand Musk a-t-il quitté OpenAI ?", "quand Musk a-t-il quitté OpenAI ?"),
                          ("hi, who said we are an independent company", "who said we are an independent company")):
        assert await answer(seeded, "", greeted) == await answer(seeded, "", bare)


async def test_french_said_by_form_over_an_own_article(tmp_path, corpus, write_article) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ingested

    write_article("020_retraites", "En janvier 2023, le gouvernement a présenté sa réforme. "
                  "« La réforme des retraites est indispensable », a déclaré Emmanuel Macron. "
                  "« Nous irons jusqu'au bout », a ajouté Emmanuel Macron.")
    async with ingested(tmp_path / "own.db", corpus, added=1) as store:
        result = await answer(store, "", "qu'a dit Macron sur les retraites ?")
        assert isinstance(result, QuotesAnswer) and result.speaker == "Emmanuel Macron"
        assert [h.text for h in result.hits][0] == "La réforme des retraites est indispensable"


@pytest.mark.parametrize("command, text", [("", "qui a dit bonjour ?"), ("/timeline", "2019"),
                                           ("/quote", "altman"), ("/source", "microsoft")])
async def test_an_empty_file_says_so_and_how_to_fill_it(tmp_path, command: str, text: str) -> None:  # type: ignore[no-untyped-def]
    from bot import render

    async with await Store.open(tmp_path / "empty.db") as store:
        result = await answer(store, command, text)
    assert isinstance(result, HelpAnswer) and result.empty_file
    assert "Le dossier est vide : lancez dossier ingest" in render.terminal(result)
    assert "The file is empty: run `dossier ingest &lt;folder of articles&gt;`" in str(
        render.slack_message(result, "en").to_dict())
