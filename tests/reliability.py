"""What the reliability fuzz tests share: hostile text, Slack's limits, and a bot served
on 127.0.0.1 from its own event loop thread, so that hypothesis (which runs examples
synchronously) can drive it over the wire.

    problems(payload, allowed=...)  → what is wrong with a message Slack would receive
    with BotThread(seeded_db) as bot: bot.command("/quote", text) → the message posted
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import threading
from collections.abc import Coroutine
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import aiohttp
from hypothesis import strategies as st

from bot.settings import Settings
from bot.store import Store
from handlers.app import build_app, listen, web_app
from handlers.limits import Buckets, Limits
from tests.fakes.slack import FakeSlack, action_body, command_body, event_body, mention, pings, signed_headers

T = TypeVar("T")
SECRET = "fuzz-signing-secret"

# Pieces an attacker (or a careless paste) puts in a question, and into articles.
HOSTILE = [
    "<!channel>", "<!here>", "<!everyone>", "<@U0VICTIM>", "<#C0SECRET>", "<https://evil.example|clic>",
    "<mailto:x@evil.example|x>", "&lt;!channel&gt;", "&amp;", "<", ">", "&", "*gras*", "_it_", "~barré~",
    "`code`", "```", "> citation", "\"", "'", "«", "»", "NEAR(a b)", "OR", "AND", "NOT", "*", "^", "col:",
    "\"unbalanced", "(", ")", "{", "}", "-", "--", "=HYPERLINK(\"x\")", "@SUM(1)", "+1", "'; DROP TABLE documents; --",
    "%s", "{0}", "{query}", "\\", "\x00", "\x1b[31m", "\u202e", "\ufeff", "\ud800", "\udfff", "\n", "\t", " ",
    "2019", "2015-2019", "juillet 2019", "altman", "microsoft", "qui a dit", "quand", "help", "aide", "002",
    "10" * 40, "é" * 30,
]

hostile_text = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=20),
        st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=3),
        st.text(st.characters(max_codepoint=0x1F), max_size=5),
    ),
    max_size=12,
).map("".join)

# What Slack accepts (api.slack.com/reference/block-kit): a message over these is refused.
MAX_TEXT = 40_000
MAX_BLOCKS = 50
LIMITS = {"header": 150, "section": 3000, "context_element": 2000, "button_text": 75, "button_value": 2000}
_PING = re.compile(r"<[!@#]|<(https?|mailto):")


def problems(payload: dict[str, Any], *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Why Slack would refuse this message, or what in it would ping or link from user text."""
    found: list[str] = []
    try:
        json.dumps(payload, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, TypeError, ValueError) as error:
        return [f"cannot be sent: {error}"]
    blocks = payload.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if len(str(payload.get("text", ""))) > MAX_TEXT:
        found.append("text over 40,000 characters")
    if len(blocks) > MAX_BLOCKS:
        found.append(f"{len(blocks)} blocks")
    for block in blocks:
        kind = block.get("type")
        if kind == "header" and len(block["text"]["text"]) > LIMITS["header"]:
            found.append("header over 150")
        if kind == "section" and len(block.get("text", {}).get("text", "")) > LIMITS["section"]:
            found.append("section over 3000")
        if kind == "context":
            if len(block["elements"]) > 10:
                found.append("context over 10 elements")
            found += ["context element over 2000" for e in block["elements"]
                      if len(e.get("text", "")) > LIMITS["context_element"]]
        if kind == "actions":
            for element in block["elements"]:
                if len(element["text"]["text"]) > LIMITS["button_text"]:
                    found.append("button text over 75")
                if len(element.get("value", "")) > LIMITS["button_value"]:
                    found.append("button value over 2000")
    found += [f"pings or links: {p}" for p in pings(payload) if _PING.match(p) and p not in allowed]
    return found


class BotThread:
    """The app in HTTP mode and the Web API double, on 127.0.0.1, in a loop of their own."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._ids = itertools.count(1)

    def __enter__(self) -> BotThread:
        self._thread.start()
        self.run(self._start())
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.run(self._stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _start(self) -> None:
        self.fake = FakeSlack()
        self._fake_runner = await listen(self.fake.app, "127.0.0.1", 0)
        self.fake.root = f"http://127.0.0.1:{self._fake_runner.addresses[0][1]}"
        self.store = await Store.open(self.db, read_only=True)
        settings = Settings(slack_bot_token="xoxb-fuzz", slack_signing_secret=SECRET,
                            slack_api_url=self.fake.api_url, db_path=self.db)
        unlimited = Limits(Buckets(10**9, 10**9), Buckets(10**9, 10**9))  # fairness is tested elsewhere
        app = build_app(settings, self.store, fairness=unlimited)
        self._runner = await listen(web_app(settings, self.store, bolt=app), "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/slack/events"
        self.session = aiohttp.ClientSession()

    async def _stop(self) -> None:
        await self.session.close()
        await self._runner.cleanup()
        await self.store.close()
        await self._fake_runner.cleanup()

    async def _post(self, body: str, content_type: str = "application/x-www-form-urlencoded") -> int:
        async with self.session.post(self.url, data=body.encode("utf-8"),
                                     headers=signed_headers(SECRET, body, content_type=content_type)) as sent:
            return sent.status

    async def _wait(self, check: Any, timeout: float = 20) -> Any:
        deadline = self.loop.time() + timeout
        while (found := check()) is None:
            if self.loop.time() > deadline:
                raise AssertionError("nothing was posted")
            await asyncio.sleep(0.005)
        return found

    def _responded(self, name: str) -> Any:
        calls = [c for c in self.fake.calls_to("respond") if c.path.endswith(f"/{name}")]
        return calls[0].body if calls else None

    def command(self, command: str, text: str) -> tuple[int, dict[str, Any] | None]:
        """A signed slash command; the status and the message posted to its response_url."""
        name = f"fuzz{next(self._ids)}"
        text = text.encode("utf-8", "replace").decode("utf-8")  # a form from Slack is UTF-8

        async def go() -> tuple[int, dict[str, Any] | None]:
            status = await self._post(command_body(command, text, self.fake.response_url(name),
                                                   user_id=f"U{name.upper()}"))
            if status != 200:
                return status, None
            return status, await self._wait(lambda: self._responded(name))

        return self.run(go())

    def export(self, text: str) -> tuple[int, list[dict[str, Any]]]:
        """`/dossier export …`: the status and what the asker saw (the acknowledgement, then the
        uploaded file's comment, or the message saying why there is no file)."""
        name = f"fuzz{next(self._ids)}"
        text = text.encode("utf-8", "replace").decode("utf-8")
        uploads = len(self.fake.calls_to("files.completeUploadExternal"))

        def finished() -> Any:
            done = self.fake.calls_to("files.completeUploadExternal")[uploads:]
            if done:
                return {"text": done[0].body.get("initial_comment", "")}
            return self._responded(name)

        async def go() -> tuple[int, list[dict[str, Any]]]:
            body = command_body("/dossier", text, self.fake.response_url(name), user_id=f"U{name.upper()}")
            async with self.session.post(self.url, data=body.encode("utf-8"),
                                         headers=signed_headers(SECRET, body)) as sent:
                ack = await sent.json(content_type=None) if await sent.read() else {}
                if sent.status != 200:
                    return sent.status, []
            if not str(ack.get("text", "")).startswith(("Export", "Preparing")):
                return 200, [ack]  # usage: nothing more comes
            return 200, [ack, await self._wait(finished)]

        return self.run(go())

    def action(self, action_id: str, value: str) -> tuple[int, dict[str, Any] | None]:
        name = f"fuzz{next(self._ids)}"

        async def go() -> tuple[int, dict[str, Any] | None]:
            status = await self._post(action_body(action_id, value, self.fake.response_url(name)))
            if status != 200:
                return status, None
            return status, await self._wait(lambda: self._responded(name))

        return self.run(go())

    def mention(self, text: str) -> tuple[int, dict[str, Any] | None]:
        n = next(self._ids)
        ts = f"1700000000.{n:06d}"
        event = mention(text, ts)

        def posted() -> Any:
            calls = [c for c in self.fake.calls_to("chat.postMessage") if c.body.get("thread_ts") == ts]
            return calls[0].body if calls else None

        async def go() -> tuple[int, dict[str, Any] | None]:
            status = await self._post(event_body(event, event_id=f"EvFuzz{n}"), "application/json")
            if status != 200:
                return status, None
            return status, await self._wait(posted)

        return self.run(go())
