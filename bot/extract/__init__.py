"""Extraction: pure functions, text in, records out. No SQL, no I/O but reading alias files.

`extract(article, aliases)` is the one entry point ingest calls.
"""

from __future__ import annotations

from bot.extract.names import AliasTable
from bot.models import Article, Extraction

__all__ = ["AliasTable", "extract"]


def extract(article: Article, aliases: AliasTable) -> Extraction:
    """Events, quotes, passages and names of one article."""
    raise NotImplementedError  # filled by the extraction work
