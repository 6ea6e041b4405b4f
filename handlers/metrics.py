"""`GET /metrics`: what the bot did, for Prometheus. This module owns the registry;
everything else records through four functions and never touches it:

    with handling("/timeline") as outcome:   a command's latency and outcome
        outcome.refused()                    (default "ok"; "error" if it raises)
    slack_api_error("chat.postMessage", "channel_not_found")
    digest_sent(moment)                      the last successful digest post
    answers_pending(+1) / answers_pending(-1)  an acknowledged request's answer begins / ends

Series:
    dossier_commands_total{command, outcome}            outcome: ok, refused (the user's
                                                        error), error (ours)
    dossier_handler_seconds{command}                    a histogram
    dossier_slack_api_errors_total{method, error}
    dossier_digest_last_success_timestamp_seconds       0 until a digest is posted
    dossier_answers_pending                             requests acknowledged and not yet
                                                        answered (waiting, composing, posting)
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.answers import COMMANDS

PATH = "/metrics"

# Names a label may take, so that what a user types never becomes a new series.
KNOWN = frozenset({*COMMANDS, "/dossier", "question", "export", "settings", "digest", "app_home"})
OTHER = "other"

REGISTRY = CollectorRegistry()  # ours alone: no process or platform collectors mixed in

_COMMANDS = Counter("dossier_commands", "Commands and questions handled, by name and outcome.",
                    ["command", "outcome"], registry=REGISTRY)
_LATENCY = Histogram("dossier_handler_seconds", "Time from a request to its answer, by command.",
                     ["command"], registry=REGISTRY,
                     buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
_SLACK_ERRORS = Counter("dossier_slack_api_errors", "Slack Web API calls that failed, by method and error.",
                        ["method", "error"], registry=REGISTRY)
_PENDING = Gauge("dossier_answers_pending", "Requests acknowledged and not yet answered.", registry=REGISTRY)
_LAST_DIGEST = Gauge("dossier_digest_last_success_timestamp_seconds",
                     "When a digest was last posted (Unix time; 0: never since start).", registry=REGISTRY)


class Outcome:
    """What became of one command; `handling` counts it when the block ends."""

    def __init__(self) -> None:
        self.value = "ok"

    def refused(self) -> None:
        """The user asked for something we cannot give (not found, bad input)."""
        self.value = "refused"

    def failed(self) -> None:
        """Our fault, caught and told to the user."""
        self.value = "error"


@contextmanager
def handling(command: str) -> Iterator[Outcome]:
    """Time a command and count its outcome; an exception counts as an error and goes on."""
    name = command if command in KNOWN else OTHER
    outcome = Outcome()
    started = time.perf_counter()
    try:
        yield outcome
    except BaseException:
        outcome.failed()
        raise
    finally:
        _LATENCY.labels(name).observe(time.perf_counter() - started)
        _COMMANDS.labels(name, outcome.value).inc()


def slack_api_error(method: str, error: str) -> None:
    """A Web API call Slack refused (`error` is Slack's code) or that never got an answer."""
    _SLACK_ERRORS.labels(method, error[:64]).inc()


def digest_sent(moment: datetime) -> None:
    """The digest helper calls this after each successful post."""
    _LAST_DIGEST.set(moment.timestamp())


def answers_pending(change: int) -> None:
    """An acknowledged request's answer begins (+1), or ends, given or given up (-1)."""
    _PENDING.inc(change)


async def endpoint(request: web.Request) -> web.Response:
    return web.Response(body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST})
