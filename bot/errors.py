"""dossier's exceptions, drawn once.

    DossierError            anything a user can cause; its message is for them
    ├── NotFound            no document, speaker or result by that name
    ├── BadInput            a query or a file we cannot use
    ├── ConfigError         a missing or wrong setting (never carries a secret)
    └── StoreError          the database cannot be used: not SQLite, damaged, locked,
                            written by another ingest, or the disk is full

The CLI and the Slack handlers turn a DossierError into a message in the user's
language; anything else is our fault and is logged with its context.
"""

from __future__ import annotations


class DossierError(Exception):
    """Base of every error a user can cause."""


class NotFound(DossierError):
    pass


class BadInput(DossierError):
    pass


class ConfigError(DossierError):
    pass


class StoreError(DossierError):
    pass
