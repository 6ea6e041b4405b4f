"""Hostile and broken requests over the wire: refused with 400/401 before Bolt reads
them, no traceback, a log line at most now and then, a body never logged; replays,
signed-but-malformed requests, lone surrogates, slow clients and greedy users."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest
from aiohttp import web

from bot import render
from handlers import gate as gate_module
from handlers.gate import QuietLog
from handlers.limits import Buckets, Limits
from tests.fakes.slack import (FakeSlack, SlackDriver, action_body, buttons, command_body, event_body,
                               mention, signed_headers, visible_text)

NOT_UTF8 = b"text=\xff\xfe&command=%2Ftimeline"


def garbage_requests(url: str) -> list[tuple[bytes, dict[str, str]]]:
    """(body, headers) pairs no listener may ever see: unsigned, forged or undecodable."""
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    as_json = {"Content-Type": "application/json"}
    deep = b"[" * 100_000 + b"]" * 100_000
    return [
        (b"{bad", as_json),
        (b"null", as_json),
        (b"[1]", as_json),
        (deep, as_json),
        (NOT_UTF8, form),
        (command_body("/timeline", "2019", url).encode(), {"Content-Type": "application/x-www-form-urlencoded; charset=bogus"}),
        (b"text=x", {**form, "X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}),
        (b"text=x", {**form, "X-Slack-Request-Timestamp": "NaN", "X-Slack-Signature": "v0=00"}),
        (b"text=x", {**form, "X-Slack-Request-Timestamp": "1e9", "X-Slack-Signature": "v0=00"}),
        (b"\x00garbage", {**form, "Content-Encoding": "deflate"}),
        (b"\x00garbage", {**form, "Content-Encoding": "br"}),
        (zlib.compress(b"text=x"), {**form, "Content-Encoding": "deflate"}),
    ]


async def test_unsigned_garbage_is_refused_without_a_traceback(
    slack: SlackDriver, slack_api: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for body, headers in garbage_requests(slack.new_response_url()):
        response = await slack.client.post("/slack/events", data=body, headers=headers)
        assert response.status in (400, 401), (body[:20], headers, response.status)
        assert json.loads(await response.text())["ok"] is False
    await slack_api.settle(0.2)
    assert slack_api.replies == []
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) <= 1  # one line for the burst, not one per request


async def test_signed_garbage_is_400_and_runs_nothing(slack: SlackDriver, slack_api: FakeSlack,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for body in ("{bad", "null", "[1]", "[" * 5_000 + "]" * 5_000, "payload=%7Bbad", "payload=%5B1%5D"):
        content_type = "application/json" if not body.startswith("payload") else "application/x-www-form-urlencoded"
        sent = await slack.post(body, content_type=content_type)
        assert sent.status == 400, body[:20]
    # Form bytes that are not UTF-8, signed.
    ts = str(int(time.time()))
    signature = "v0=" + hmac.new(slack.secret.encode(), f"v0:{ts}:".encode() + NOT_UTF8, hashlib.sha256).hexdigest()
    response = await slack.client.post("/slack/events", data=NOT_UTF8, headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature})
    assert response.status == 400
    await slack_api.settle(0.2)
    assert slack_api.replies == []
    assert not [r for r in caplog.records if r.exc_info]


async def test_a_body_is_never_logged_only_its_digest(slack: SlackDriver, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # what `dossier -v` shows, and more
    forged_line = "\n2026-01-01 ERROR dossier: token=xoxb-leaked"
    url = "https://hooks.slack.com/commands/T1/2/SECRET-RESPONSE-URL"
    sent = await slack.post(command_body("/timeline", forged_line, url), secret="wrong-secret")
    assert sent.status == 401
    logged = caplog.text
    assert "SECRET-RESPONSE-URL" not in logged and "xoxb-leaked" not in logged
    assert "sha256:" in logged


def test_quiet_log_says_how_many_lines_it_held(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    quiet = QuietLog(every=10, clock=lambda: now[0])
    with caplog.at_level(logging.INFO):
        for _ in range(1_000):
            quiet.info("refused %s", "x")
        now[0] = 11
        quiet.info("refused %s", "y")
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["refused x", "refused y (999 more refused since the last line)"]


async def test_a_replayed_share_posts_once(slack: SlackDriver, slack_api: FakeSlack) -> None:
    answer = await slack.command("/timeline", "2019")
    url = slack.new_response_url()
    body = action_body(render.SHARE_ACTION, buttons(answer)[render.SHARE_ACTION], url)
    headers = signed_headers(slack.secret, body)
    first = await slack.client.post("/slack/events", data=body.encode(), headers=headers)
    replayed = await slack.client.post("/slack/events", data=body.encode(), headers=headers)
    assert first.status == 200 and replayed.status == 200
    await slack.response(url)
    await slack_api.settle()
    shared = [c for c in slack_api.calls_to("respond") if c.path.endswith(url.rsplit("/", 1)[1])]
    assert len(shared) == 1


def malformed_but_signed(url: str) -> dict[str, tuple[str, str]]:
    form = "application/x-www-form-urlencoded"
    no_url = command_body("/timeline", "2019", url).replace("&response_url=", "&x=")
    payload = json.loads(parse_qs(action_body(render.SHARE_ACTION, "x", url))["payload"][0])
    no_actions = urlencode({"payload": json.dumps({**payload, "actions": []})})
    return {
        "command without response_url": (no_url, form),
        "mention without channel": (event_body({"type": "app_mention", "user": "U1", "text": "2019",
                                                "ts": "1.0"}, event_id="EvNoChan"), "application/json"),
        "mention without ts": (event_body({"type": "app_mention", "user": "U1", "text": "2019",
                                           "channel": "C1"}, event_id="EvNoTs"), "application/json"),
        "home without user": (event_body({"type": "app_home_opened", "tab": "home"}, event_id="EvNoUser"),
                              "application/json"),
        "block_actions without actions": (no_actions, form),
    }


async def test_signed_but_malformed_requests_are_refused_with_nothing_posted(
    slack: SlackDriver, slack_api: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name, (body, content_type) in malformed_but_signed(slack.new_response_url()).items():
        sent = await slack.post(body, content_type=content_type)
        assert sent.status == 400, name
    await slack_api.settle()
    assert [c.method for c in slack_api.calls if c.method != "auth.test"] == []
    assert not [r for r in caplog.records if r.exc_info]


async def test_a_more_button_far_past_the_end_is_refused_to_the_clicker_alone(slack: SlackDriver) -> None:
    value = json.dumps({"c": "/timeline", "q": "", "o": 10**30})
    reply = await slack.action(render.MORE_ACTION, value)
    assert reply["response_type"] == "ephemeral"
    assert "Ce bouton a expiré" in visible_text(reply)


async def test_lone_surrogates_in_a_mention_get_an_answer(slack: SlackDriver, slack_api: FakeSlack) -> None:
    body = event_body(mention("2019"), event_id="EvSurrogate").replace("2019", "2019 \\ud800 \\udfff")
    sent = await slack.post(body, content_type="application/json")
    assert sent.status == 200
    [posted] = await slack_api.wait_for("chat.postMessage")
    text = visible_text(posted.body)
    assert "quelque chose s’est mal passé" not in text
    assert "Chronologie" in text


def test_ask_takes_bytes_that_are_not_utf8_and_questions_that_look_like_options(seeded_db: Path) -> None:
    dossier = str(Path(sys.executable).with_name("dossier"))
    for question in (b"\xff", b"-x", b"-1 an", b"/\xff"):
        done = subprocess.run([dossier.encode(), b"ask", b"--db", str(seeded_db).encode(), question],
                              capture_output=True, timeout=60)
        assert b"Traceback" not in done.stderr, done.stderr
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip(), question


# --- slow clients -----------------------------------------------------------------------


async def _open_server(app: web.Application) -> tuple[web.AppRunner, int]:
    from handlers.app import listen

    runner = await listen(app, "127.0.0.1", 0)
    port = runner.addresses[0][1]
    return runner, port


async def test_half_sent_headers_and_bodies_are_cut_off(monkeypatch: pytest.MonkeyPatch, make_settings: Any,
                                                        seeded: Any) -> None:
    from handlers.app import web_app

    monkeypatch.setattr(gate_module, "HEADER_TIMEOUT", 0.3)
    monkeypatch.setattr(gate_module, "BODY_TIMEOUT", 0.3)
    runner, port = await _open_server(web_app(make_settings(), seeded))
    try:
        # Headers never finished: the connection is closed.
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")
        await writer.drain()
        assert await asyncio.wait_for(reader.read(), 10) == b""
        writer.close()
        # A body announced and never sent: 408, then closed.
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                     b"Content-Type: application/json\r\n\r\n{\"a\"")
        await writer.drain()
        answer = await asyncio.wait_for(reader.readline(), 10)
        assert answer.startswith(b"HTTP/1.1 408"), answer[:40]
        assert (await asyncio.wait_for(reader.read(), 10)).endswith(b'"the body took too long to arrive"}')
        writer.close()
    finally:
        await runner.cleanup()


# --- fairness ---------------------------------------------------------------------------


def test_buckets_allow_a_burst_then_a_steady_rate() -> None:
    now = [0.0]
    buckets = Buckets(3, 0.5, clock=lambda: now[0])
    assert [buckets.take("u") for _ in range(3)] == [0, 0, 0]
    assert buckets.take("u") == pytest.approx(2.0)
    assert buckets.take("v") == 0  # someone else is not slowed
    now[0] = 2.0
    assert buckets.take("u") == 0


async def test_one_greedy_user_is_slowed_politely_and_others_are_answered(
    start_bot: Any, slack_api: FakeSlack
) -> None:
    slack = await start_bot()
    refused = 0
    for i in range(16):
        url = slack.new_response_url()
        sent = await slack.post(command_body("/quote", f"altman {i}", url, user_id="U0GREEDY"))
        assert sent.status == 200
        if sent.text:
            ack = json.loads(sent.text)
            assert ack["response_type"] == "ephemeral"
            assert "Réessayez dans" in visible_text(ack)
            refused += 1
    assert 5 <= refused <= 12
    other = await slack.command("/quote", "altman", user_id="U0PATIENT")
    assert "Citations" in visible_text(other)


async def test_a_slowed_mention_hears_it_in_english_where_the_workspace_speaks_it(
    drive: Any, slack_api: FakeSlack, make_settings: Any, seeded: Any
) -> None:
    from bot.settings import WorkspaceSettings
    from handlers.app import build_app, web_app
    from tests.fakes.slack import TEAM_ID

    settings = make_settings(workspaces={TEAM_ID: WorkspaceSettings(language="en")})
    now = [0.0]
    limits = Limits(Buckets(1, 0.01, clock=lambda: now[0]), Buckets(100, 1, clock=lambda: now[0]))
    app = build_app(settings, seeded, fairness=limits)
    slack = await drive(web_app(settings, seeded, bolt=app))
    await slack.event(mention("2019"), event_id="EvFirst")
    await slack.event(mention("2020", ts="1700000000.000200"), event_id="EvSecond")
    [told] = await slack_api.wait_for("chat.postEphemeral")
    await slack_api.wait_for("chat.postMessage")
    await slack_api.settle()
    assert "Please try again in" in visible_text(told.body) and told.body["user"] == "U0ASKER"
    assert len(slack_api.calls_to("chat.postMessage")) == 1


async def test_hundreds_of_garbage_requests_write_one_short_line(
    slack: SlackDriver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    statuses = set()
    for i in range(300):  # the issue sent 1,000 and got 1.9 MB of tracebacks
        body, headers = (b"{bad", {"Content-Type": "application/json"}) if i % 2 else (
            b"\xff\xfe\x00a", {"Content-Type": "application/x-www-form-urlencoded; charset=bogus"})
        statuses.add((await slack.client.post("/slack/events", data=body, headers=headers)).status)
    assert statuses == {401}
    ours = [r for r in caplog.records if r.name.startswith(("dossier", "slack", "aiohttp.server", "aiohttp.web"))]
    assert len(ours) == 1 and not ours[0].exc_info
    assert len(ours[0].getMessage()) < 200
