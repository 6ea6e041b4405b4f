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

from bot.commands import answer
from bot.errors import BadInput, ConfigError, DossierError, NotFound
from bot.ingest import ingest
from bot.lookups import quotes, source, timeline
from bot.models import Article, PartialDate
from bot.settings import Settings
from bot.state import StateStore
from bot.store import Store

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
