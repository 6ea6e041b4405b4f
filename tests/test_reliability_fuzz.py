"""Property-based fuzzing (hypothesis) of every command, export, mention and button, with random
Unicode, control characters, lone surrogates, FTS syntax and mention and link injection.
For every case: no exception escapes (an "internal error" reply counts as one), the
message is within Slack's limits, and no `<!channel>`, `<!here>`, `<@U…>`, `<#C…>` or
`<url|text>` from the question or an article survives. `-m soak` runs the same with
many more cases (tests/test_reliability_soak.py)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import render
from bot.commands import answer
from bot.errors import DossierError
from bot.messages import t
from bot.store import Store
from tests.reliability import BotThread, hostile_text, problems

FAST = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
COMMANDS = ["/timeline", "/quote", "/source", "/dossier", ""]
INTERNAL = {t("error.internal", "fr"), t("error.internal", "en")}


@pytest.fixture(scope="module")
def core(seeded_db: Path) -> Iterator[tuple[asyncio.AbstractEventLoop, Store]]:
    loop = asyncio.new_event_loop()
    store = loop.run_until_complete(Store.open(seeded_db, read_only=True))
    yield loop, store
    loop.run_until_complete(store.close())
    loop.close()


@pytest.fixture(scope="module")
def bot(seeded_db: Path) -> Iterator[BotThread]:
    with BotThread(seeded_db) as running:
        yield running


def assert_sound(message: dict | None, *, allowed: frozenset[str] = frozenset()) -> None:
    assert message is not None
    assert message.get("text") not in INTERNAL, "an exception escaped into the answer"
    assert problems(message, allowed=allowed) == []


@FAST
@given(command=st.sampled_from(COMMANDS), text=hostile_text, offset=st.integers(0, 50),
       lang=st.sampled_from(["fr", "en"]))
def test_every_command_renders_a_sound_message(core: tuple, command: str, text: str, offset: int,
                                               lang: str) -> None:
    loop, store = core
    try:
        result = loop.run_until_complete(answer(store, command, text, offset=offset))
    except DossierError:
        return  # said to the user in their words; the wire tests check that message too
    assert_sound(render.slack_message(result, lang).to_dict())
    assert_sound(render.slack_message(result, lang, shared_by="U0SHARER").to_dict(),
                 allowed=frozenset({"<@U0SHARER>"}))
    render.terminal(result, lang).encode("utf-8")


@FAST
@given(command=st.sampled_from(["/timeline", "/quote", "/source", "/dossier"]), text=hostile_text)
def test_slash_commands_over_the_wire(bot: BotThread, command: str, text: str) -> None:
    status, message = bot.command(command, text)
    assert status == 200
    assert_sound(message)


@FAST
@given(text=hostile_text)
def test_mentions_over_the_wire(bot: BotThread, text: str) -> None:
    status, message = bot.mention(text)
    assert status == 200
    assert_sound(message)


@FAST
@given(action=st.sampled_from([render.SHARE_ACTION, render.MORE_ACTION]),
       value=st.one_of(
           st.builds(render.action_value, st.sampled_from(["/timeline", "/quote", "/source"]), hostile_text,
                     st.integers(0, 10**31)),
           hostile_text,
           st.builds(json.dumps, st.dictionaries(st.sampled_from(["c", "q", "o", "s"]),
                                                 st.one_of(st.integers(), hostile_text, st.none()))),
       ))
def test_buttons_over_the_wire(bot: BotThread, action: str, value: str) -> None:
    status, message = bot.action(action, value)
    assert status == 200
    assert_sound(message, allowed=frozenset({"<@U0CLICKER>"}))


@settings(FAST, max_examples=15)  # each one builds and uploads a file
@given(kind=st.sampled_from(["timeline", "quotes", "documents", "nothing"]), text=hostile_text,
       fmt=st.sampled_from(["", "csv", "json", "jsonl", "timelinejs"]))
def test_exports_over_the_wire(bot: BotThread, kind: str, text: str, fmt: str) -> None:
    status, seen = bot.export(f"export {kind} {text} {fmt}")
    assert status == 200 and seen
    for message in seen:
        assert_sound(message)
