"""The door of POST /slack/events: what is checked before Bolt parses a byte.

    gate = Gate(signing_secret)
    checked = await gate.check(request)     # a Refusal, or the body as text for Bolt

In order: the body is identity-encoded, read within BODY_TIMEOUT; the timestamp
is plain digits within five minutes; the signature is Slack's HMAC of it
(compared in constant time); a signature already seen in that window is a
replay; the body is UTF-8 and a JSON object or a form whose `payload` is one;
it holds what a reply needs (a response_url, an event's channel and ts, a
Home event's user, a click's actions). Bolt only ever sees requests that pass.
Unsigned, forged or stale: 401. Signed but malformed: 400. A replay: 200 and
nothing done (a share clicked once posts once). Always a short JSON
reason, nothing answered, and at most one log line every LOG_EVERY seconds,
naming the body by digest, never quoting it (a body holds response_urls, and a
forged one could forge log lines).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from aiohttp import web

log = logging.getLogger("dossier.slack")

WINDOW = 5 * 60  # Slack's own limit on a request's age, in seconds
BODY_TIMEOUT = 10.0  # seconds to receive a whole body once its headers are in
HEADER_TIMEOUT = 10.0  # seconds a new connection may take to send its headers
LINGER = 1.0  # seconds spent draining the rest of a body after refusing it
LOG_EVERY = 10.0  # seconds between two log lines about refused requests
SEEN_SIGNATURES = 100_000  # replay memory; older entries leave it after WINDOW anyway
MAX_ACTIONS = 5  # buttons in one click payload (Slack sends one)

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


@dataclass(frozen=True)
class Refusal:
    status: int  # 400 malformed, 401 not from Slack, 408 too slow, 200 a replay
    reason: str  # short, ours: never a piece of the request

    def response(self) -> web.Response:
        response = web.json_response({"ok": self.status == 200, "error": self.reason}, status=self.status)
        if self.status in (408, 413):
            response.force_close()  # what is left of that body is not worth waiting for
        return response


class QuietLog:
    """One line every `every` seconds at most; the lines in between are counted. INFO, not
    WARNING: refused requests are the internet's usual noise, not a fault of ours."""

    def __init__(self, every: float = LOG_EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self._every = every
        self._clock = clock
        self._next = 0.0
        self._held = 0

    def info(self, message: str, *args: Any) -> None:
        now = self._clock()
        if now < self._next:
            self._held += 1
            return
        if self._held:
            message += " (%d more refused since the last line)"
            args = (*args, self._held)
        self._held = 0
        self._next = now + self._every
        log.info(message, *args)


def digest(body: bytes) -> str:
    """How a log names a body: its size and the start of its SHA-256."""
    return f"{len(body)} bytes sha256:{hashlib.sha256(body).hexdigest()[:12]}"


class Gate:
    """Slack's signature, checked on the raw bytes, and a memory of the signatures seen."""

    def __init__(self, secret: str, *, clock: Callable[[], float] = time.time,
                 body_timeout: float | None = None) -> None:
        self._secret = secret.encode()
        self._clock = clock
        self._body_timeout = BODY_TIMEOUT if body_timeout is None else body_timeout
        self._seen: OrderedDict[str, float] = OrderedDict()  # signature → when it expires
        self.quiet = QuietLog()

    async def check(self, request: web.Request) -> Refusal | str:
        refusal, body = await self._check(request)
        if refusal is not None:
            self.quiet.info("refused a request to %s: %s (%s)", request.path, refusal.reason, digest(body))
            return refusal
        return body.decode("utf-8")

    async def _check(self, request: web.Request) -> tuple[Refusal | None, bytes]:
        if request.headers.get("Content-Encoding", "identity").strip().lower() != "identity":
            return Refusal(400, "compressed bodies are not accepted"), b""
        try:
            body = await asyncio.wait_for(request.read(), self._body_timeout)
        except asyncio.TimeoutError:
            return Refusal(408, "the body took too long to arrive"), b""
        except web.HTTPRequestEntityTooLarge:
            return Refusal(413, "the body is too large"), b""
        except Exception as error:  # a broken chunked body, a dropped connection
            return Refusal(400, f"the body cannot be read ({type(error).__name__})"), b""
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return Refusal(401, "not signed by Slack"), body
        now = self._clock()
        if abs(now - int(timestamp)) > WINDOW:
            return Refusal(401, "stale timestamp"), body
        expected = "v0=" + hmac.new(self._secret, b"v0:" + timestamp.encode() + b":" + body,
                                    hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            return Refusal(401, "bad signature"), body
        if not self._first_time(signature, now):
            # A second delivery of the same signed bytes: acknowledged (Slack is satisfied,
            # and so is whoever replays it) and never acted on again.
            return Refusal(200, "already received"), body
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return Refusal(400, "the body is not UTF-8"), body
        parsed = parse_body(text, request.content_type)
        if parsed is None:
            return Refusal(400, "the body is neither a JSON object nor a Slack form"), body
        problem = shape_problem(parsed)
        if problem is not None:
            return Refusal(400, problem), body
        return None, body

    def _first_time(self, signature: str, now: float) -> bool:
        while self._seen and (next(iter(self._seen.values())) < now or len(self._seen) > SEEN_SIGNATURES):
            self._seen.popitem(last=False)
        if signature in self._seen:
            return False
        self._seen[signature] = now + 2 * WINDOW  # a timestamp may be up to WINDOW ahead too
        return True


def parse_body(text: str, content_type: str) -> dict[str, Any] | None:
    """The body as Bolt will read it (a form's `payload` opened), or None if it is neither."""
    if content_type == "application/json":
        return _json_object(text)
    try:
        form = parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=200)
    except (ValueError, UnicodeDecodeError):
        return None
    fields = {key: values[0] for key, values in form.items()}
    if "payload" in fields:
        return _json_object(fields["payload"])
    return fields or None


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        return None
    return value if isinstance(value, dict) else None


def shape_problem(body: dict[str, Any]) -> str | None:
    """Why a signed request cannot be answered (a field a reply needs is missing), or None."""
    if "command" in body:
        if not _url(body.get("response_url")):
            return "a command without response_url"
        if not _text(body.get("user_id")):
            return "a command without user_id"
        return None
    kind = body.get("type")
    if kind == "url_verification":
        return None if _text(body.get("challenge")) else "a url_verification without challenge"
    if kind == "event_callback":
        return _event_problem(body.get("event"))
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions or len(actions) > MAX_ACTIONS:
            return "block_actions without actions"
        if not all(isinstance(a, dict) and _text(a.get("action_id")) for a in actions):
            return "block_actions with a malformed action"
        if not _url(body.get("response_url")):
            return "block_actions without response_url"
        if not isinstance(body.get("user"), dict) or not _text(body["user"].get("id")):
            return "block_actions without user"
        return None
    if body.get("ssl_check"):
        return None
    return "not a request dossier answers"


def _event_problem(event: Any) -> str | None:
    if not isinstance(event, dict) or not _text(event.get("type")):
        return "an event_callback without event"
    if event["type"] in ("app_mention", "message"):
        if not _text(event.get("channel")) or not _text(event.get("ts")):
            return f"a {event['type']} event without channel or ts"
    if event["type"] == "app_home_opened" and not _text(event.get("user")):
        return "an app_home_opened event without user"
    return None


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://"))
