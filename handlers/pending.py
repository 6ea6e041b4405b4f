"""Answers acknowledged and not yet given.

A listener acknowledges, then hands what is left (composing the answer, delivering it) to
`after_ack`, which runs it as a task of its own, and returns. Bolt keeps a listener's whole
request (body, context, clients: some 60 objects) until the listener returns. In a burst,
hundreds of acknowledged requests wait for a slot to compose their answer (common.composing),
and the garbage collector's full passes, which stop the event loop while they walk every
object, grew with them. A task of its own holds only what its answer needs.

When the server stops, `drain` waits for them, DRAIN_SECONDS at most, so that a request
already acknowledged still gets its answer.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Coroutine
from typing import Any

from handlers import metrics

log = logging.getLogger("dossier.slack")

DRAIN_SECONDS = 20.0  # within the 30 s Kubernetes gives a stopping pod (deploy/k8s/deployment.yaml)

_pending: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, set[asyncio.Task[None]]] = weakref.WeakKeyDictionary()


def after_ack(work: Coroutine[Any, Any, None], what: str) -> None:
    """Run `work` as a task of its own on the running loop. Delivery reports its own failures;
    anything else it raises is logged once, naming `what` (a command, "a mention")."""
    loop = asyncio.get_running_loop()
    tasks = _pending.setdefault(loop, set())
    task = loop.create_task(_logged(work, what))
    tasks.add(task)
    metrics.answers_pending(1)

    def ended(done: asyncio.Task[None]) -> None:
        tasks.discard(done)
        metrics.answers_pending(-1)

    task.add_done_callback(ended)


async def _logged(work: Coroutine[Any, Any, None], what: str) -> None:
    try:
        await work
    except Exception:
        log.exception("answering %s failed", what)


def count() -> int:
    """Answers acknowledged on the running loop and not yet given."""
    return len(_pending.get(asyncio.get_running_loop(), ()))


async def drain(timeout: float = DRAIN_SECONDS) -> None:
    """Wait for the answers not yet given (those started meanwhile too), `timeout` seconds at
    most; what is left then is cancelled, and counted in one log line."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while tasks := set(_pending.get(loop, ())):
        left = deadline - loop.time()
        if left <= 0:
            log.error("stopped with acknowledged requests still unanswered after %g s: %d", timeout, len(tasks))
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            return
        await asyncio.wait(tasks, timeout=left)
