"""A small Slack Web API double on loopback, and Slack's request signing.

    fake = FakeSlack()
    server = await aiohttp_server(fake.app)          # 127.0.0.1, a free port
    fake.root = str(server.make_url(""))
    settings = Settings(..., slack_api_url=fake.api_url)

It answers the Web API methods dossier calls (auth.test, oauth.v2.access, chat.postMessage,
chat.postEphemeral, views.publish, conversations.open, files.getUploadURLExternal,
files.completeUploadExternal, apps.connections.open), serves the upload URL it
hands out and a Socket Mode websocket (/socket), and receives `response_url`
posts under /respond/<name>. Every call is recorded with its
parsed body; `await fake.wait_for("chat.postMessage")` waits for a background
reply. `fake.fail["files.completeUploadExternal"] = "not_allowed"` makes a method
answer {"ok": false, "error": "not_allowed"}.

Channels: chat.postMessage keeps each message (with its `metadata`) in its channel,
and conversations.history returns them, newest first, metadata included when asked
(`include_all_metadata`). Faults:
    fake.refuse["C2"] = "not_in_channel"     posting to C2 fails with that error
    fake.ratelimit["chat.postMessage"] = 1   the next call gets HTTP 429, Retry-After: 1
    fake.server_error["chat.postMessage"] = 1  the next call gets HTTP 500
    fake.hold["chat.postMessage"] = "drop"   calls are recorded and never answered; "keep"
                                             also posts the message first (Slack got it)
The same three (ratelimit, server_error, hold) apply to response_url posts under the
key "respond", and `fake.fail["respond"] = "expired_url"` answers them 404 with that text.
`fake.retry_after` is the Retry-After a 429 carries (seconds, "1" by default).
"""

from __future__ import annotations

import asyncio
import re
import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import web
from aiohttp.test_utils import TestClient
from slack_sdk.signature import SignatureVerifier

BOT_USER_ID = "UDOSSIER"
BOT_ID = "BDOSSIER"
TEAM_ID = "T0TEST"
DM_CHANNEL = "D0DM"


@dataclass
class Call:
    method: str  # a Web API method, "upload", or "respond"
    body: dict[str, Any]
    token: str | None = None  # the bearer token the call carried
    path: str = ""
    raw: bytes = b""
    peer: Any = None  # the (host, port) the call came from: one per connection


@dataclass
class FakeSlack:
    root: str = ""  # http://127.0.0.1:<port>, set once the server runs
    calls: list[Call] = field(default_factory=list)
    fail: dict[str, str] = field(default_factory=dict)
    # users.info: the asker of most tests is a Slack admin of its workspace, U0MEMBER is not
    slack_admins: set[str] = field(default_factory=lambda: {"U0ASKER"})
    owners: set[str] = field(default_factory=set)
    user_teams: dict[str, str] = field(default_factory=dict)  # a user's workspace, if not TEAM_ID
    refuse: dict[str, str] = field(default_factory=dict)
    ratelimit: dict[str, int] = field(default_factory=dict)
    server_error: dict[str, int] = field(default_factory=dict)
    hold: dict[str, str] = field(default_factory=dict)
    retry_after: str = "1"
    channels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _changed: asyncio.Condition | None = None
    app: web.Application = field(init=False)

    def __post_init__(self) -> None:
        self.app = web.Application()
        self.app.router.add_post("/api/{method}", self._api)
        self.app.router.add_get("/api/{method}", self._api)  # slack_sdk GETs a few (conversations.history)
        self.app.router.add_post("/upload/{file_id}", self._upload)
        self.app.router.add_post("/respond/{name}", self._respond)
        self.app.router.add_get("/socket", self._socket)
        self.sockets: list[web.WebSocketResponse] = []

    # --- for tests -------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"{self.root}/api/"

    def response_url(self, name: str = "cmd") -> str:
        return f"{self.root}/respond/{name}"

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    @property
    def replies(self) -> list[Call]:
        """What reached users: posted messages, ephemeral ones and response_url posts."""
        return [c for c in self.calls if c.method in ("chat.postMessage", "chat.postEphemeral", "respond")]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """The calls to `method`, once there are at least `count` of them."""
        condition = self._condition()
        async with condition:
            await asyncio.wait_for(condition.wait_for(lambda: len(self.calls_to(method)) >= count), timeout)
        return self.calls_to(method)

    async def settle(self, delay: float = 0.3) -> None:
        """Let background listeners finish, to check that nothing (more) was posted."""
        await asyncio.sleep(delay)

    # --- the server --------------------------------------------------------------

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        condition = self._condition()
        async with condition:
            condition.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.read()
        body = _parse(raw, request.content_type)
        body.update({k: v for k, v in request.query.items() if k not in body})
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else body.get("token")
        await self._record(Call(method, body, token, request.path, raw))
        fault = self._wire_fault(method)
        if fault is not None:
            return fault
        if method in self.fail:
            return web.json_response({"ok": False, "error": self.fail[method]})
        if not token and not (method == "oauth.v2.access" and auth.startswith("Basic ")):
            return web.json_response({"ok": False, "error": "not_authed"})
        if method == "chat.postMessage" and body.get("channel") in self.refuse:
            return web.json_response({"ok": False, "error": self.refuse[body["channel"]]})
        if method in self.hold:
            if self.hold[method] == "keep":
                self._answer(method, body)
            await asyncio.Event().wait()  # until the client goes away
        return web.json_response(self._answer(method, body))

    def posted(self, channel: str) -> list[dict[str, Any]]:
        """The messages in a channel, oldest first."""
        return list(self.channels.get(channel, []))

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        ts = f"{time.time():.6f}"
        if method == "auth.test":
            return {"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "dossier",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "oauth.v2.access":  # the code names its workspace: code-T0ONE → T0ONE
            team = str(body.get("code", "")).removeprefix("code-")
            if not team or team == body.get("code"):
                return {"ok": False, "error": "invalid_code"}
            return {"ok": True, "app_id": "A0DOSSIER", "access_token": f"xoxb-{team}", "token_type": "bot",
                    "scope": "commands,chat:write", "bot_user_id": BOT_USER_ID,
                    "team": {"id": team, "name": f"Team {team}"}, "enterprise": None,
                    "is_enterprise_install": False, "authed_user": {"id": f"U0INSTALLER{team}"}}
        if method == "users.info":  # who is a Slack admin or owner: `slack_admins`, `owners`
            user = str(body.get("user", ""))
            return {"ok": True, "user": {"id": user, "team_id": self.user_teams.get(user, TEAM_ID),
                                         "is_admin": user in self.slack_admins or user in self.owners,
                                         "is_owner": user in self.owners, "is_primary_owner": False}}
        if method == "chat.postMessage":
            message = {"type": "message", "text": body.get("text"), "ts": ts, "bot_id": BOT_ID,
                       "blocks": _json_field(body.get("blocks")) or []}
            if body.get("metadata"):
                message["metadata"] = _json_field(body["metadata"])
            self.channels.setdefault(str(body.get("channel")), []).append(message)
            return {"ok": True, "channel": body.get("channel"), "ts": ts, "message": message}
        if method == "conversations.history":
            oldest = float(body.get("oldest") or 0)
            found = [m for m in reversed(self.channels.get(str(body.get("channel")), []))
                     if float(m["ts"]) > oldest]
            if str(body.get("include_all_metadata")).lower() not in ("1", "true"):
                found = [{k: v for k, v in m.items() if k != "metadata"} for m in found]
            return {"ok": True, "messages": found, "has_more": False}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.root.replace("http://", "ws://", 1) + "/socket"}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V1", **_json_field(body.get("view"))}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": DM_CHANNEL}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{len(self.calls_to(method)):04d}"
            return {"ok": True, "upload_url": f"{self.root}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = _json_field(body.get("files")) or []
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}
        return {"ok": False, "error": "unknown_method"}

    async def _upload(self, request: web.Request) -> web.Response:
        raw = await request.read()
        await self._record(Call("upload", {"file_id": request.match_info["file_id"]}, None, request.path, raw))
        if "upload" in self.fail:
            return web.Response(status=500, text="upload failed")
        return web.Response(text=f"OK - {len(raw)}")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: says hello, then records what the app sends back (acks)."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await self._record(Call("socket.connect", {}, None, request.path))
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}})
        async for message in ws:
            if message.type.name == "TEXT":
                await self._record(Call("socket", json.loads(message.data), None, request.path))
        return ws

    async def socket_send(self, envelope: dict[str, Any]) -> None:
        """Deliver a Socket Mode envelope to the connected app."""
        await self.sockets[-1].send_json(envelope)

    async def _respond(self, request: web.Request) -> web.Response:
        raw = await request.read()
        body = _parse(raw, request.content_type)
        peer = request.transport.get_extra_info("peername") if request.transport else None
        await self._record(Call("respond", body, None, request.path, raw, peer))
        fault = self._wire_fault("respond")
        if fault is not None:
            return fault
        if "respond" in self.fail:  # an expired or unknown response_url
            return web.Response(status=404, text=self.fail["respond"])
        if "respond" in self.hold:
            await asyncio.Event().wait()  # a host that never answers
        return web.Response(text="ok")

    def _wire_fault(self, key: str) -> web.Response | None:
        """A planned 429 or 500 for `key` (a method, or "respond"), counted down."""
        if self.ratelimit.get(key):
            self.ratelimit[key] -= 1
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": self.retry_after})
        if self.server_error.get(key):
            self.server_error[key] -= 1
            return web.Response(status=500, text="internal error")
        return None


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    text = raw.decode("utf-8")
    if content_type == "application/json" or text.lstrip().startswith("{"):
        return dict(json.loads(text))
    return dict(parse_qsl(text, keep_blank_values=True))


def _json_field(value: Any) -> Any:
    """Form-encoded calls carry JSON fields as strings."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value if value is not None else {}


# --- what Slack sends ---------------------------------------------------------------


def signature(secret: str, timestamp: str | int, body: str) -> str:
    """`v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`, as in "Verifying requests from Slack"."""
    signed = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    assert signed is not None
    return signed


def signed_headers(secret: str, body: str, *, timestamp: int | None = None,
                   content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(secret, ts, body),
        "Content-Type": content_type,
    }


def command_body(command: str, text: str, response_url: str, *, team_id: str = TEAM_ID,
                 user_id: str = "U0ASKER", channel_id: str = "C0NEWS") -> str:
    return urlencode({
        "token": "legacy-unused",
        "team_id": team_id,
        "team_domain": "test",
        "channel_id": channel_id,
        "channel_name": "news",
        "user_id": user_id,
        "user_name": "asker",
        "command": command,
        "text": text,
        "api_app_id": "A0DOSSIER",
        "response_url": response_url,
        "trigger_id": "1.2.3",
    })


def mention(text: str, ts: str = "1700000000.000100", **extra: str) -> dict[str, Any]:
    """An app_mention event: U0ASKER says `@dossier text` in C0NEWS (`extra` changes any field)."""
    return {"type": "app_mention", "user": "U0ASKER", "text": f"<@{BOT_USER_ID}> {text}", "ts": ts,
            "channel": "C0NEWS", "event_ts": ts, **extra}


def event_body(event: dict[str, Any], *, event_id: str = "Ev0001", team_id: str = TEAM_ID) -> str:
    return json.dumps({
        "token": "legacy-unused",
        "team_id": team_id,
        "api_app_id": "A0DOSSIER",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team_id, "user_id": BOT_USER_ID, "is_bot": True}],
        "event": event,
    })


def action_body(action_id: str, value: str, response_url: str, *, team_id: str = TEAM_ID,
                user_id: str = "U0CLICKER", channel_id: str = "C0NEWS", is_ephemeral: bool = True) -> str:
    payload = {
        "type": "block_actions",
        "team": {"id": team_id, "domain": "test"},
        "user": {"id": user_id, "username": "clicker", "team_id": team_id},
        "api_app_id": "A0DOSSIER",
        "token": "legacy-unused",
        "container": {"type": "message", "message_ts": "1.0", "channel_id": channel_id,
                      "is_ephemeral": is_ephemeral},
        "trigger_id": "1.2.3",
        "channel": {"id": channel_id, "name": "news"},
        "response_url": response_url,
        "actions": [{"action_id": action_id, "block_id": "b1", "type": "button", "value": value,
                     "action_ts": "2.0", "text": {"type": "plain_text", "text": "x"}}],
    }
    return urlencode({"payload": json.dumps(payload)})


# --- reading what a user sees ----------------------------------------------------------


def visible_text(message: dict[str, Any]) -> str:
    """Everything a user reads in a message: the blocks' texts and button labels, or the text."""
    blocks = _json_field(message.get("blocks")) or []
    if not blocks:
        return str(message.get("text", ""))
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("plain_text", "mrkdwn") and isinstance(node.get("text"), str):
                parts.append(node["text"])
                return
            if node.get("type") == "rich_text":
                parts.append(rich_text(node))
                return
            for key, value in node.items():
                if key not in ("value", "action_id", "block_id"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(parts)


def rich_text(block: dict[str, Any]) -> str:
    """A rich_text block as a reader sees it: its texts as they are (styles are not characters),
    a quote after `> `, list items after `• `, a link as its label."""

    def inline(elements: list[dict[str, Any]]) -> str:
        return "".join(str(e.get("text") or e.get("url") or "") for e in elements)

    lines: list[str] = []
    for element in block.get("elements", []):
        kind = element.get("type")
        if kind == "rich_text_list":
            lines.extend("• " + inline(item.get("elements", [])) for item in element.get("elements", []))
        elif kind == "rich_text_quote":
            lines.append("> " + inline(element.get("elements", [])))
        else:
            lines.append(inline(element.get("elements", [])))
    return "\n".join(lines)


def rich_runs(message: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(text, style) of every text and link element in a message's rich_text blocks."""
    rich = [b for b in _json_field(message.get("blocks")) or [] if b.get("type") == "rich_text"]
    return [(str(n.get("text") or n.get("url")), n.get("style") or {}) for n in _nodes(rich, ("text", "link"))]


def _nodes(node: Any, types: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Every object of one of these types in a payload, in order (not looking inside them)."""
    if isinstance(node, dict):
        if node.get("type") in types:
            yield node
            return
        for value in node.values():
            yield from _nodes(value, types)
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item, types)


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """action_id → value of every button in a message."""
    found: dict[str, str] = {}
    for block in _json_field(message.get("blocks")) or []:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("type") == "button":
                found[element["action_id"]] = element.get("value", "")
    return found


# --- a Slack workspace talking to the bot under test -----------------------------------


@dataclass
class Sent:
    status: int
    text: str


class SlackDriver:
    """Sends what Slack would send to the bot (signed), and reads what users got back."""

    def __init__(self, client: TestClient, fake: FakeSlack, secret: str) -> None:
        self.client = client
        self.fake = fake
        self.secret = secret
        self._names = itertools.count(1)

    async def post(self, body: str, *, content_type: str = "application/x-www-form-urlencoded",
                   timestamp: int | None = None, secret: str | None = None, sign: bool = True,
                   headers: dict[str, str] | None = None) -> Sent:
        sent_headers = (signed_headers(secret or self.secret, body, timestamp=timestamp, content_type=content_type)
                        if sign else {"Content-Type": content_type})
        sent_headers.update(headers or {})
        response = await self.client.post("/slack/events", data=body.encode(), headers=sent_headers)
        return Sent(response.status, await response.text())

    def new_response_url(self) -> str:
        """A response_url of this driver's own (two drivers on one double never share one)."""
        return self.fake.response_url(f"r{id(self):x}-{next(self._names)}")

    async def command(self, command: str, text: str = "", **fields: Any) -> dict[str, Any]:
        """A slash command; returns the message posted to its response_url."""
        url = self.new_response_url()
        sent = await self.post(command_body(command, text, url, **fields))
        assert sent.status == 200, sent
        return await self.response(url)

    async def response(self, url: str, timeout: float = 5.0) -> dict[str, Any]:
        path = url.removeprefix(self.fake.root)

        def arrived() -> list[Call]:
            return [c for c in self.fake.calls_to("respond") if c.path == path]

        deadline = asyncio.get_running_loop().time() + timeout
        while not arrived():
            assert asyncio.get_running_loop().time() < deadline, f"nothing posted to {path}"
            await asyncio.sleep(0.01)
        return arrived()[0].body

    async def event(self, event: dict[str, Any], *, event_id: str = "Ev0001", team_id: str = TEAM_ID,
                    headers: dict[str, str] | None = None) -> Sent:
        return await self.post(event_body(event, event_id=event_id, team_id=team_id),
                               content_type="application/json", headers=headers)

    async def action(self, action_id: str, value: str, **fields: Any) -> dict[str, Any]:
        """A button click; returns the message posted to its response_url."""
        url = self.new_response_url()
        sent = await self.post(action_body(action_id, value, url, **fields))
        assert sent.status == 200, sent
        return await self.response(url)


def mrkdwn_texts(message: dict[str, Any]) -> list[str]:
    """The texts Slack parses for mentions and links: the notification text and every mrkdwn object."""
    blocks = _json_field(message.get("blocks")) or []
    texts = [n["text"] for n in _nodes(blocks, ("mrkdwn",)) if isinstance(n.get("text"), str)]
    return [str(message.get("text", "")), *texts]


def pings(message: dict[str, Any]) -> list[str]:
    """Mentions (`<!channel>`, `<@U…>`) and links Slack would act on in a message."""
    return [m for text in mrkdwn_texts(message) for m in re.findall(r"<[!@#][^>]*>|<https?:[^>]*>", text)]
