"""bot.render on hand-built answers: what a user reads in Slack and on a terminal."""

from __future__ import annotations

import json
import re
import pytest

from bot import render
from bot.answers import (
    MARK_END,
    MARK_START,
    CorpusStats,
    DocumentCard,
    HelpAnswer,
    Page,
    QuoteHit,
    QuotesAnswer,
    SourceAnswer,
    SourceHit,
    SourceRef,
    SpeakerCount,
    TimelineAnswer,
    TimelineEntry,
)
from bot.errors import BadInput, NotFound
from bot.messages import MESSAGES, error_text, t
from bot.models import PartialDate as D
from bot.settings import WorkspaceSettings
from tests.fakes.slack import buttons, mrkdwn_texts, pings, rich_runs, visible_text

OPENAI = SourceRef("002_b5f6084d3fa5f75b", D(2023, 3))
LE_MONDE = SourceRef("003_99b09eacd8874d40", D(2023, 2, 17))
UNDATED = SourceRef("004_e292f1a6227b609f", None)

TIMELINE_2019 = TimelineAnswer(
    query="2019",
    entries=(
        TimelineEntry(D(2019), "En 2019, OpenAI a inauguré OpenAI LP, une société à but lucratif.", (OPENAI,)),
        TimelineEntry(D(2019, 7), "OpenAI révélait un « partenariat exclusif » avec Microsoft.",
                      (OPENAI, UNDATED)),
    ),
    page=Page(0, 2),
)


def entries(n: int, text: str = "Un événement daté.", sources: int = 1) -> tuple[TimelineEntry, ...]:
    refs = tuple(SourceRef(f"{i:03d}_doc", D(2023, 3)) for i in range(sources))
    return tuple(TimelineEntry(D(2000 + i % 20, 1 + i % 12), f"{text} {i}", refs) for i in range(n))


def test_timeline_shows_each_entry_with_its_dated_sources() -> None:
    message = render.slack_message(TIMELINE_2019).to_dict()
    header = message["blocks"][0]
    assert header == {"type": "header", "text": {"type": "plain_text", "text": "Chronologie : 2019", "emoji": False}}
    seen = visible_text(message)
    assert "2019 — En 2019, OpenAI a inauguré OpenAI LP" in seen
    assert "juillet 2019 — OpenAI révélait" in seen
    assert "Source : `002_b5f6084d3fa5f75b` · mars 2023" in seen
    assert "Sources : `002_b5f6084d3fa5f75b` · mars 2023 ; `004_e292f1a6227b609f` · date inconnue" in seen
    assert "2 résultats" in seen
    assert message["text"] == "Chronologie : 2019 — 2 résultats"
    # Everything fits on one page: Share, no More.
    assert set(buttons(message)) == {render.SHARE_ACTION}
    assert "Partager dans le canal" in seen


def test_dates_keep_their_precision() -> None:
    assert render.date_text(D(2019)) == "2019"
    assert render.date_text(D(2019, 7)) == "juillet 2019"
    assert render.date_text(D(2023, 2, 17)) == "17 février 2023"
    assert render.date_text(D(2023, 3, 1)) == "1er mars 2023"
    assert render.date_text(D(2023, 2, 17), "en") == "February 17, 2023"
    assert render.date_text(None) == "date inconnue"
    assert render.date_text(None, "en") == "date unknown"


def test_english_labels() -> None:
    message = render.slack_message(TIMELINE_2019, "en").to_dict()
    seen = visible_text(message)
    assert message["blocks"][0]["text"]["text"] == "Timeline: 2019"
    assert "July 2019 — OpenAI" in seen
    assert "`004_e292f1a6227b609f` · date unknown" in seen
    assert "Share in channel" in seen
    assert "2 results" in seen


def test_more_button_carries_command_query_and_next_offset() -> None:
    answer = TimelineAnswer("microsoft", entries(10), Page(10, 23))
    message = render.slack_message(answer).to_dict()
    seen = visible_text(message)
    assert "Résultats 11–20 sur 23" in seen
    assert "3 de plus" in seen
    values = buttons(message)
    assert json.loads(values[render.MORE_ACTION]) == {"c": "/timeline", "q": "microsoft", "o": 20}
    assert render.parse_action_value(values[render.MORE_ACTION]) == ("/timeline", "microsoft", 20)
    assert render.parse_action_value(values[render.SHARE_ACTION]) == ("/timeline", "microsoft", 10)
    assert "Plus" in seen


def test_last_page_has_no_more_button() -> None:
    answer = TimelineAnswer("microsoft", entries(3), Page(20, 23))
    message = render.slack_message(answer).to_dict()
    assert render.MORE_ACTION not in buttons(message)
    assert "Résultats 21–23 sur 23" in visible_text(message)


@pytest.mark.parametrize("bad", ['{"c":"/rm","q":"x","o":1}', '{"c":"/quote","q":"x","o":-1}', "not json", "{}"])
def test_action_values_that_are_not_ours_are_refused(bad: str) -> None:
    with pytest.raises((ValueError, KeyError)):
        render.parse_action_value(bad)


def test_slack_limits_are_kept_and_nothing_is_cut_silently() -> None:
    long_text = "mot " * 1500  # 6000 characters
    answer = TimelineAnswer("tout", entries(60, long_text, sources=300), Page(0, 200))
    message = render.slack_message(answer)
    data = message.to_dict()  # slack_sdk validates lengths here
    assert len(data["blocks"]) <= render.MAX_BLOCKS
    for block in data["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        if block["type"] == "context":
            assert all(len(e["text"]) <= 3000 for e in block["elements"])
    shown = sum(1 for b in data["blocks"] if b["type"] == "rich_text")
    assert shown < 60
    assert f"Résultats 1–{shown} sur 200" in visible_text(data)
    assert json.loads(buttons(data)[render.MORE_ACTION])["o"] == shown
    sources_line = next(b for b in data["blocks"] if b["type"] == "context" and "Sources" in b["elements"][0]["text"])
    assert re.search(r"\(\+\d+\)$", sources_line["elements"][0]["text"])  # "and n more", not a silent cut


def test_a_query_too_long_for_a_button_still_says_how_many() -> None:
    query = "x" * 2500
    answer = TimelineAnswer(query, entries(10), Page(0, 30))
    data = render.slack_message(answer).to_dict()
    assert all(len(v) <= 2000 for v in buttons(data).values())
    assert render.MORE_ACTION not in buttons(data)
    assert len(data["blocks"][0]["text"]["text"]) <= 150
    seen = visible_text(data)
    assert "Résultats 1–10 sur 30" in seen and "Précisez la recherche" in seen


def test_user_and_article_text_is_escaped_everywhere() -> None:
    nasty = "<!channel> & <@U123> <https://evil.example|clic>"
    answer = QuotesAnswer(
        query=nasty,
        hits=(QuoteHit(f"Il a dit {nasty}", "Sam <!here> Altman", SourceRef("00<!everyone>", None)),),
        page=Page(0, 1),
    )
    for message in (render.slack_message(answer).to_dict(), render.slack_message(answer, "en").to_dict()):
        assert pings(message) == []
        seen = visible_text(message)
        assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in seen
    # Plain-text header: shown as typed, never parsed by Slack.
    header = render.slack_message(answer).to_dict()["blocks"][0]["text"]
    assert header["type"] == "plain_text"


def test_empty_result_says_so_and_suggests() -> None:
    answer = QuotesAnswer("altmann", (), page=Page(0, 0), suggestion="altman")
    data = render.slack_message(answer).to_dict()
    seen = visible_text(data)
    assert "Aucun résultat pour « altmann »." in seen
    assert "Essayez : `/quote altman`" in seen
    assert render.SHARE_ACTION not in buttons(data)
    english = visible_text(render.slack_message(answer, "en").to_dict())
    assert "Nothing found for “altmann”." in english and "Try: `/quote altman`" in english


def test_empty_result_without_suggestion_points_to_help() -> None:
    answer = SourceAnswer("zzz <!channel>", page=Page(0, 0))
    data = render.slack_message(answer).to_dict()
    seen = visible_text(data)
    assert "Aucun résultat pour « zzz &lt;!channel&gt; »." in seen
    assert "`/dossier help`" in seen
    assert pings(data) == []


def test_quote_without_speaker_never_guesses() -> None:
    answer = QuotesAnswer("idiots", (QuoteHit("bande d'idiots", None, OPENAI),), page=Page(0, 1))
    fr = visible_text(render.slack_message(answer).to_dict())
    assert "« bande d'idiots »\n— orateur inconnu" in fr
    # "unknown speaker" is in italics, so nobody reads it as a name.
    assert ("orateur inconnu", {"italic": True}) in rich_runs(render.slack_message(answer).to_dict())
    assert "unknown speaker" in visible_text(render.slack_message(answer, "en").to_dict())
    assert "orateur inconnu" in render.terminal(answer)


def test_quotes_name_their_speaker_and_source() -> None:
    answer = QuotesAnswer("altman", (QuoteHit("Nous voulions rester ouverts", "Sam Altman", LE_MONDE),),
                          speaker="Sam Altman", page=Page(0, 1))
    seen = visible_text(render.slack_message(answer).to_dict())
    assert "> « Nous voulions rester ouverts »\n— Sam Altman" in seen
    assert ("Sam Altman", {"bold": True}) in rich_runs(render.slack_message(answer).to_dict())
    assert "Source : `003_99b09eacd8874d40` · 17 février 2023" in seen


def test_a_quote_shows_how_its_speaker_was_found() -> None:
    hit = QuoteHit("Nous voulions rester ouverts", "Sam Altman", LE_MONDE, cue="a <b>ajouté</b> le PDG",
                   attribution="description", evidence="Sam Altman, PDG d'OpenAI, a répondu.")
    answer = QuotesAnswer("ouverts", (hit,), page=Page(0, 1))
    seen = visible_text(render.slack_message(answer).to_dict())
    assert "17 février 2023 · indice : « a &lt;b&gt;ajouté&lt;/b&gt; le PDG » (description)" in seen
    english = visible_text(render.slack_message(answer, "en").to_dict())
    assert "cue: “a &lt;b&gt;ajouté&lt;/b&gt; le PDG” (description)" in english
    lines = render.terminal(answer).splitlines()
    source = lines[lines.index("« Nous voulions rester ouverts » — Sam Altman") + 1]
    assert source.endswith("17 février 2023 · indice : « a <b>ajouté</b> le PDG » (description)")
    follow = QuoteHit("Et nous le resterons", "Sam Altman", LE_MONDE, cue="a-t-il dit", attribution="follow-on")
    assert "(suite de la citation précédente)" in render.terminal(QuotesAnswer("x", (follow,), page=Page(0, 1)))
    parsed = QuoteHit("Et nous le resterons", "Sam Altman", LE_MONDE, attribution="parsed")
    assert "indice : sujet trouvé par l’analyse syntaxique" in render.terminal(
        QuotesAnswer("x", (parsed,), page=Page(0, 1)))
    # A quote nobody is named for says nothing it does not know.
    plain = render.terminal(QuotesAnswer("x", (QuoteHit("Bof", None, LE_MONDE),), page=Page(0, 1)))
    assert "indice" not in plain


def test_source_hits_bold_the_matched_words_after_escaping() -> None:
    snippet = f"… Elon Musk a {MARK_START}quitté{MARK_END} OpenAI <b> en {MARK_START}2018{MARK_END} …"
    answer = SourceAnswer("musk quitte", hits=(SourceHit(OPENAI, "Musk & OpenAI", snippet),), page=Page(0, 1))
    message = render.slack_message(answer).to_dict()
    seen = visible_text(message)
    assert "Musk &amp; OpenAI\n… Elon Musk a quitté OpenAI &lt;b&gt; en 2018 …" in seen
    bold = [text for text, style in rich_runs(message) if style.get("bold")]
    assert bold == ["Musk &amp; OpenAI", "quitté", "2018"]
    assert MARK_START not in seen and pings(message) == []
    plain = render.terminal(answer)
    assert "a quitté OpenAI <b> en 2018" in plain and MARK_START not in plain


def test_document_card() -> None:
    card = DocumentCard(
        source=UNDATED,
        title=None,
        lead="Le PDG d’OpenAI explique comment Musk est parti.",
        chars=4231,
        events=(TimelineEntry(D(2018), "Musk quitte le conseil d'OpenAI.", (UNDATED, OPENAI)),),
        quotes=(QuoteHit("Il voulait tout contrôler", "Sam Altman", UNDATED), QuoteHit("Bof", None, UNDATED)),
    )
    data = render.slack_message(SourceAnswer("004", card=card)).to_dict()
    seen = visible_text(data)
    assert data["blocks"][0]["text"]["text"] == "Document 004_e292f1a6227b609f"
    assert "(sans titre)\nLe PDG d’OpenAI explique" in seen
    assert ("(sans titre)", {"italic": True}) in rich_runs(data)
    assert "`004_e292f1a6227b609f` · date inconnue · 4231 caractères" in seen
    assert "Événements (1)\n• 2018 — Musk quitte le conseil d'OpenAI. (aussi : 002_b5f6084d3fa5f75b · mars 2023)" in seen
    assert "« Il voulait tout contrôler » — Sam Altman" in seen and "« Bof » — orateur inconnu" in seen
    assert json.loads(buttons(data)[render.SHARE_ACTION]) == {"c": "/source", "q": "004", "o": 0}
    plain = render.terminal(SourceAnswer("004", card=card), "en")
    assert "004_e292f1a6227b609f · date unknown" in plain and "Events (1)" in plain


def test_a_huge_card_fits_and_says_what_it_left_out() -> None:
    events = entries(400, "Un événement plutôt long " * 10)
    card = DocumentCard(OPENAI, "Titre", "Chapeau.", 10**6, events=events,
                        quotes=tuple(QuoteHit("q " * 500, "X", OPENAI) for _ in range(200)))
    data = render.slack_message(SourceAnswer("002", card=card)).to_dict()
    assert len(data["blocks"]) <= 50
    assert all(len(b["text"]["text"]) <= 3000 for b in data["blocks"] if b["type"] == "section")
    assert all(len(json.dumps(b, ensure_ascii=False)) < 12_000 for b in data["blocks"] if b["type"] == "rich_text")
    seen = visible_text(data)
    assert "sur 400 affichés" in seen or "sur 200 affichés" in seen


def test_help_lists_every_command() -> None:
    seen = visible_text(render.slack_message(HelpAnswer()).to_dict())
    for usage in ("/timeline [année | début-fin | mots]", "/quote [mots | orateur]", "/source [doc id | affirmation]",
                  "/dossier help", "/dossier export timeline|quotes|documents [filtre]", "@dossier question"):
        assert usage in seen
    english = visible_text(render.slack_message(HelpAnswer(), "en").to_dict())
    assert "/timeline [year | start-end | words]" in english and "/source [doc id | claim]" in english


def test_help_for_one_command_and_a_problem() -> None:
    seen = visible_text(render.slack_message(HelpAnswer("/quote")).to_dict())
    assert "/quote [mots | orateur]" in seen and "/timeline" not in seen
    problem = visible_text(render.slack_message(HelpAnswer(problem="unknown command /<!channel>")).to_dict())
    assert "commande inconnue /&lt;!channel&gt;" in problem
    assert "/quote [mots | orateur]" in render.terminal(HelpAnswer("/quote"))


def test_shared_answer_names_who_shared_it() -> None:
    data = render.slack_message(TIMELINE_2019, shared_by="U0CLICKER").to_dict()
    assert "Partagé par <@U0CLICKER>" in visible_text(data)
    assert render.SHARE_ACTION not in buttons(data)
    forged = render.slack_message(TIMELINE_2019, shared_by="<!channel>").to_dict()
    assert pings(forged) == []


def test_terminal_has_the_same_content() -> None:
    plain = render.terminal(TIMELINE_2019)
    assert plain.startswith("Chronologie : 2019\n")
    assert "2019 — En 2019, OpenAI a inauguré OpenAI LP" in plain
    assert "juillet 2019 — OpenAI révélait" in plain
    assert "Sources : 002_b5f6084d3fa5f75b · mars 2023 ; 004_e292f1a6227b609f · date inconnue" in plain
    assert "&lt;" not in render.terminal(QuotesAnswer("<x>", (QuoteHit("<b>", None, OPENAI),), page=Page(0, 1)))
    paged = render.terminal(TimelineAnswer("", entries(10), Page(0, 25)), "en")
    assert "Results 1–10 of 25" in paged and "15 more (continue from 10)" in paged
    assert "Nothing found" in render.terminal(TimelineAnswer("zzz", (), Page(0, 0)), "en")


def test_home_view() -> None:
    stats = CorpusStats(5, 1, D(2023, 2), D(2023, 5), 42, 17, (SpeakerCount("Sam Altman", 6), SpeakerCount("<!x>", 1)))
    view = render.home_view(stats, "fr")
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    seen = visible_text(view)
    assert "*5* documents (dont 1 sans date), publiés de février 2023 à mai 2023" in seen
    assert "*42* entrées de chronologie, *17* citations" in seen
    assert "Sam Altman (6), &lt;!x&gt; (1)" in seen
    assert "/timeline [année | début-fin | mots]" in seen
    empty = visible_text(render.home_view(CorpusStats(0, 0, None, None, 0, 0), "en"))
    assert "The file is empty" in empty


def test_every_message_exists_in_both_languages() -> None:
    for key, entry in MESSAGES.items():
        assert set(entry) == {"fr", "en"}, key
        assert re.findall(r"{(\w+)}", entry["fr"]) == re.findall(r"{(\w+)}", entry["en"]) or key.startswith(
            "count."), key
    assert t("button.more", "en") == "More" and t("button.more", "de") == "Plus"


def test_errors_in_the_users_language() -> None:
    assert error_text(NotFound("no document `xyz`"), "fr") == "Introuvable : pas de document `xyz`"
    assert error_text(NotFound("no document `xyz`"), "en") == "Not found: no document `xyz`"
    slow = BadInput("that search takes too long: try fewer or more precise words")
    assert "prend trop de temps" in error_text(slow, "fr")
    message = render.error_message(error_text(BadInput("`<!channel>` names several documents: a, b…"), "fr"))
    assert "&lt;!channel&gt;` désigne plusieurs documents" in message.to_dict()["blocks"][0]["text"]["text"]


MARKUP = "Il n’a *jamais* dit ça :rage: ~ironie~ _vraiment_ <!channel> & <@U123>"


def test_article_text_is_shown_exactly_never_read_as_mrkdwn() -> None:
    """Quotes, timeline lines, passages and a card's lead travel as rich_text, where
    `*`, `_`, `~` and `:emoji:` are characters, not formatting; `&`, `<`, `>` stay escaped."""
    escaped = MARKUP.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    answers = [
        QuotesAnswer("x", (QuoteHit(MARKUP, "Jean *Gras*", OPENAI),), page=Page(0, 1)),
        TimelineAnswer("x", (TimelineEntry(D(2020), MARKUP, (OPENAI,)),), Page(0, 1)),
        SourceAnswer("x", hits=(SourceHit(OPENAI, None, MARKUP),), page=Page(0, 1)),
        SourceAnswer("x", card=DocumentCard(OPENAI, None, MARKUP, 10, quotes=(QuoteHit(MARKUP, None, OPENAI),))),
    ]
    for answer in answers:
        message = render.slack_message(answer).to_dict()
        runs = rich_runs(message)
        assert any(escaped in text for text, _ in runs), runs
        # Nothing of the article reached a text Slack parses as mrkdwn, nor pings anyone.
        assert not any("jamais" in text for text in mrkdwn_texts(message))
        assert pings(message) == []
        assert not any(block["type"] == "section" and "jamais" in json.dumps(block) for block in message["blocks"])
    quote = render.slack_message(answers[0]).to_dict()
    assert ("Jean *Gras*", {"bold": True}) in rich_runs(quote)  # the speaker's name, as written
    assert f"> « {escaped} »" in visible_text(quote)
    assert MARKUP in render.terminal(answers[0])


def test_web_addresses_in_article_text_become_links() -> None:
    text = "Le rapport (https://example.org/rapport?id=3&x=1). Voir aussi http://a.example/b_(c)."
    message = render.slack_message(TimelineAnswer("x", (TimelineEntry(D(2020), text, (OPENAI,)),), Page(0, 1)))
    links = [e for b in message.to_dict()["blocks"] if b["type"] == "rich_text"
             for s in b["elements"] for e in s["elements"] if e["type"] == "link"]
    assert [link["url"] for link in links] == ["https://example.org/rapport?id=3&x=1", "http://a.example/b_(c)"]
    assert "Le rapport (https://example.org/rapport?id=3&amp;x=1). Voir aussi" in visible_text(message.to_dict())


def test_a_workspaces_settings_say_what_is_in_force_and_how_to_change_it() -> None:
    default = visible_text(render.workspace_settings(WorkspaceSettings(), "fr").to_dict())
    assert "langue : `fr`" in default and "les administrateurs et propriétaires Slack" in default
    assert "exports : tout le monde" in default and "/dossier settings language fr|en" in default
    named = render.workspace_settings(WorkspaceSettings(language="en", admins=["U0A", "U0B"],
                                                        exporters="admins", digest_when_empty="nothing"), "en")
    text = visible_text(named.to_dict())
    assert "dossier admins: `U0A`, `U0B`" in text and "exports: dossier admins" in text
    assert "digest with no news: `nothing`" in text
