"""dossier: keeps the file on a news story for a team.

The core knows nothing of Slack. Its public surface:

    Settings                    bot.settings
    Article, PartialDate        bot.models (an article file, read; a date at its precision)
    Store                       bot.store (the SQLite database)
    StateStore                  bot.state (what the bot writes while it runs: digests, …)
    ingest                      bot.ingest (files → database)
    timeline, quotes, source    bot.lookups (the questions dossier answers)
    answer                      bot.commands (a command or a question → an answer)
    DossierError, NotFound, BadInput, ConfigError   bot.errors
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Each name is imported on first use, so `dossier ask` loads the look-ups and not
# extraction, and `dossier ingest` not the state store's SQLAlchemy.
_HOME = {
    "Article": "bot.models",
    "BadInput": "bot.errors",
    "ConfigError": "bot.errors",
    "DossierError": "bot.errors",
    "NotFound": "bot.errors",
    "PartialDate": "bot.models",
    "Settings": "bot.settings",
    "StateStore": "bot.state",
    "Store": "bot.store",
    "answer": "bot.commands",
    "ingest": "bot.ingest",
    "quotes": "bot.lookups",
    "source": "bot.lookups",
    "timeline": "bot.lookups",
}

if TYPE_CHECKING:
    from bot.commands import answer
    from bot.errors import BadInput, ConfigError, DossierError, NotFound
    from bot.ingest import ingest
    from bot.lookups import quotes, source, timeline
    from bot.models import Article, PartialDate
    from bot.settings import Settings
    from bot.state import StateStore
    from bot.store import Store


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'bot' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "Article",
    "BadInput",
    "ConfigError",
    "DossierError",
    "NotFound",
    "PartialDate",
    "Settings",
    "StateStore",
    "Store",
    "answer",
    "ingest",
    "quotes",
    "source",
    "timeline",
]
