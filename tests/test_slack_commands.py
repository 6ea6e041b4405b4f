"""Slash commands over the wire: signed form posts to the real app on 127.0.0.1, answers
read from what the Slack double received on the response_url."""

from __future__ import annotations

from bot import render
from bot.settings import WorkspaceSettings
from tests.fakes.slack import SlackDriver, buttons, pings, visible_text


async def test_timeline_2019_shows_the_year_and_july_with_sources(slack: SlackDriver) -> None:
    reply = await slack.command("/timeline", "2019")
    assert reply["response_type"] == "ephemeral"
    seen = visible_text(reply)
    assert "Chronologie : 2019" in seen
    assert "2019 — " in seen and "OpenAI LP" in seen
    assert "juillet 2019 — " in seen and "Microsoft" in seen
    assert "`002_b5f6084d3fa5f75b` · mars 2023" in seen
    assert "Partager dans le canal" in seen
    assert reply["text"].startswith("Chronologie : 2019 — ")


async def test_quote_altman_shows_sam_altman(slack: SlackDriver) -> None:
    reply = await slack.command("/quote", "altman")
    seen = visible_text(reply)
    assert "Citations : altman" in seen
    assert "— Sam Altman" in seen
    assert "ce fut très dur" in seen
    assert "`004_e292f1a6227b609f` · date inconnue" in seen


async def test_source_doc_id_shows_the_document_card(slack: SlackDriver) -> None:
    reply = await slack.command("/source", "002")
    seen = visible_text(reply)
    assert "Document 002_b5f6084d3fa5f75b" in seen
    assert "`002_b5f6084d3fa5f75b` · mars 2023" in seen
    assert "Événements (" in seen and "Citations (" in seen


async def test_empty_text_gives_the_usage(slack: SlackDriver) -> None:
    quote = visible_text(await slack.command("/quote", ""))
    assert "/quote [mots | orateur]" in quote
    source = visible_text(await slack.command("/source", "   "))
    assert "/source [doc id | affirmation]" in source
    everything = visible_text(await slack.command("/dossier", ""))
    for usage in ("/timeline [année | début-fin | mots]", "/dossier export timeline|quotes|documents [filtre]",
                  "@dossier question"):
        assert usage in everything


async def test_nothing_found_suggests_a_close_word(slack: SlackDriver) -> None:
    seen = visible_text(await slack.command("/timeline", "microsof"))
    assert "Aucun résultat pour « microsof »." in seen
    assert "Essayez : `/timeline microsoft`" in seen


async def test_nothing_found_without_suggestion_points_to_help(slack: SlackDriver) -> None:
    seen = visible_text(await slack.command("/source", "zzqxw"))
    assert "Aucun résultat pour « zzqxw »." in seen and "`/dossier help`" in seen


async def test_channel_mention_in_a_question_is_escaped(slack: SlackDriver) -> None:
    reply = await slack.command("/source", "<!channel> <@U0BOSS> zzqxw")
    assert pings(reply) == []
    assert reply["blocks"][0]["text"]["type"] == "plain_text"  # headers are never parsed
    assert "&lt;!channel&gt; &lt;@U0BOSS&gt; zzqxw" in visible_text(reply)


async def test_slack_escaped_text_is_read_as_typed(slack: SlackDriver) -> None:
    # Slack sends "&lt;" for "<": the question is read back, then escaped once on the way out.
    seen = visible_text(await slack.command("/source", "a &lt;b&gt; zzqxw"))
    assert "« a &lt;b&gt; zzqxw »" in seen


async def test_dossier_question_is_routed(slack: SlackDriver) -> None:
    seen = visible_text(await slack.command("/dossier", "qui a dit ce fut très dur ?"))
    assert "Sam Altman" in seen and "ce fut très dur" in seen


async def test_english_workspace(start_bot) -> None:  # type: ignore[no-untyped-def]
    slack = await start_bot(workspaces={"TENGLISH": WorkspaceSettings(language="en")})
    reply = await slack.command("/timeline", "2019", team_id="TENGLISH")
    seen = visible_text(reply)
    assert "Timeline: 2019" in seen and "July 2019 — " in seen
    assert "`002_b5f6084d3fa5f75b` · March 2023" in seen and "Share in channel" in seen
    french = visible_text(await slack.command("/timeline", "2019", team_id="TOTHER"))
    assert "Chronologie : 2019" in french
    usage = visible_text(await slack.command("/quote", "", team_id="TENGLISH"))
    assert "/quote [words | speaker]" in usage


async def test_more_button_value_continues_the_same_command(slack: SlackDriver) -> None:
    reply = await slack.command("/timeline", "")
    values = buttons(reply)
    if render.MORE_ACTION in values:  # the seeds hold more than one page of timeline
        command, query, offset = render.parse_action_value(values[render.MORE_ACTION])
        assert (command, query, offset) == ("/timeline", "", 10)


async def test_a_users_error_is_explained_in_their_language(slack: SlackDriver) -> None:
    seen = visible_text(await slack.command("/source", "00"))  # every seed starts with 00
    assert "Je ne peux pas utiliser cette demande : `00` désigne plusieurs documents" in seen


async def test_our_own_failure_is_apologised_for_not_shown(slack: SlackDriver, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import handlers.common

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("/secret/path/dossier.db is corrupt")

    monkeypatch.setattr(handlers.common, "answer", broken)
    seen = visible_text(await slack.command("/timeline", "2019"))
    assert "quelque chose s’est mal passé" in seen and "/secret/path" not in seen


async def test_a_question_to_an_empty_file_says_how_to_fill_it(start_bot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.store import Store

    async with await Store.open(tmp_path / "empty.db") as empty:
        slack = await start_bot(store=empty)
        seen = visible_text(await slack.command("/timeline", "février 2023"))
    assert "Le dossier est vide : lancez `dossier ingest &lt;dossier d’articles&gt;`" in seen
    assert "Aucun résultat" not in seen
