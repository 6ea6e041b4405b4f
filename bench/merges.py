"""Merge precision: do the sources of a timeline entry all tell the same fact?

`bench/corpus.py` records the fact each paragraph tells; an event is judged by
the fact of its paragraph (its `seq`).

- precision: of the entries told by two articles or more, the share whose events
  all tell one fact;
- recall: of the facts told by two articles or more (the planted retellings),
  the share whose events all sit in one entry.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class MergeScore:
    merged_entries: int
    precision: float
    facts_retold: int
    recall: float
    widest: int  # sources of the entry told by the most articles


def merge_score(db: Path, facts: Path) -> MergeScore:
    fact_of: dict[str, list[int]] = json.loads(facts.read_text(encoding="utf-8"))
    entries: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    with sqlite3.connect(db) as conn:
        for entry_id, doc_id, seq in conn.execute("SELECT entry_id, doc_id, seq FROM events"):
            told = fact_of.get(doc_id, [])
            entries[entry_id].append((doc_id, told[seq] if 0 <= seq < len(told) else None))
    merged = [events for events in entries.values() if len({doc for doc, _ in events}) > 1]
    pure = sum(1 for events in merged if len({fact for _, fact in events}) == 1 and events[0][1] is not None)
    homes: dict[int, set[int]] = defaultdict(set)  # fact → the entries holding it
    tellers: dict[int, set[str]] = defaultdict(set)
    for entry_id, events in entries.items():
        for doc, fact in events:
            if fact is not None:
                homes[fact].add(entry_id)
                tellers[fact].add(doc)
    retold = [fact for fact, docs in tellers.items() if len(docs) > 1]
    together = sum(1 for fact in retold if len(homes[fact]) == 1)
    return MergeScore(
        merged_entries=len(merged),
        precision=pure / len(merged) if merged else 1.0,
        facts_retold=len(retold),
        recall=together / len(retold) if retold else 1.0,
        widest=max((len({doc for doc, _ in events}) for events in entries.values()), default=0),
    )
