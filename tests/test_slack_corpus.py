"""Articles a test writes and ingests for real, then asks about over the wire:
article text that tries to ping, and a timeline longer than one page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot import render
from bot.store import Store
from tests.conftest import ingested
from tests.fakes.slack import FakeSlack, buttons, mrkdwn_texts, pings, rich_runs, visible_text


@pytest.fixture
async def own_store(tmp_path: Path, corpus: Path, write_article: Callable[..., Path]) -> AsyncIterator[Store]:
    write_article(
        "010_ping",
        "En 2021, la société <!channel> Acme & Cie a annoncé un accord avec <@U0BOSS> OpenAI. "
        "« Nous allons <!here> tout changer », a déclaré Jean Dupont.",
        date="2023-03",
    )
    years = " ".join(f"En {year}, OpenAI a publié le rapport numéro {year - 1999}." for year in range(2000, 2013))
    write_article("011_years", years, date=None)
    async with ingested(tmp_path / "own.db", corpus, added=2) as store:
        yield store


async def test_article_text_never_pings(start_bot: Any, own_store: Store) -> None:
    slack = await start_bot(store=own_store)
    timeline = await slack.command("/timeline", "2021")
    assert pings(timeline) == []
    assert "&lt;!channel&gt; Acme &amp; Cie" in visible_text(timeline)
    assert "`010_ping` · mars 2023" in visible_text(timeline)
    source = await slack.command("/source", "010")
    assert pings(source) == [] and "&lt;@U0BOSS&gt;" in visible_text(source)
    assert "Document 010_ping" in visible_text(source)


async def test_source_with_a_full_doc_id_opens_its_card(slack: Any) -> None:
    reply = await slack.command("/source", "002_b5f6084d3fa5f75b")
    assert "Document 002_b5f6084d3fa5f75b" in visible_text(reply)


async def test_more_pages_through_a_long_timeline(start_bot: Any, own_store: Store, slack_api: FakeSlack) -> None:
    slack = await start_bot(store=own_store)
    first = await slack.command("/timeline", "rapport")
    seen = visible_text(first)
    assert "Résultats 1–10 sur 13" in seen and "3 de plus" in seen
    assert "`011_years` · date inconnue" in seen
    more = await slack.action(render.MORE_ACTION, buttons(first)[render.MORE_ACTION])
    rest = visible_text(more)
    assert "Résultats 11–13 sur 13" in rest
    assert "2010 — " in rest and "2012 — " in rest and "2009 — " not in rest
    assert render.MORE_ACTION not in buttons(more)


async def test_a_quote_is_shown_exactly_as_the_article_wrote_it(start_bot: Any, tmp_path: Path, corpus: Path,
                                                                 write_article: Callable[..., Path]) -> None:
    """Over the wire: *, _, ~, :emoji:, <!channel> and & in a quotation reach Slack as rich_text
    characters (never mrkdwn), with &, < and > escaped."""
    said = "Je n'ai *jamais* dit ça :rage: ~vraiment~ _non_ <!channel> & voilà"
    write_article("060_exact", f"« {said} », a déclaré Jean Dupont.")
    async with ingested(tmp_path / "exact.db", corpus, added=1) as store:
        slack = await start_bot(store=store)
        reply = await slack.command("/quote", "Jean Dupont")
    escaped = said.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert (f"« {escaped} »", {}) in rich_runs(reply)
    assert not any("jamais" in text for text in mrkdwn_texts(reply))
    assert pings(reply) == []
