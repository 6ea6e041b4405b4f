"""When two dated sentences from different articles report the same event.

Two events merge into one timeline entry when they have the same date, at the
same precision, and either read alike (rapidfuzz over their content words) or
share enough: two named people or organisations, or one name and two content
words (`Musk … a quitté … l'entreprise`). Everything is computed at ingest from
the stored `names` and `stems` of each event.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.text import STOPWORDS, fold, words

SIMILAR = 72  # token_set_ratio over content words, 0–100
_STEM = 5


@dataclass(frozen=True)
class EventKey:
    names: frozenset[str]
    stems: frozenset[str]
    content: str  # content words, space-joined, for rapidfuzz

    @classmethod
    def of(cls, sentence: str, names: tuple[str, ...] | frozenset[str]) -> EventKey:
        name_words = {w for n in names for w in words(n)}
        content = [
            w
            for w in words(sentence)
            if len(w) > 2 and w not in STOPWORDS and w not in name_words and not w.isdigit()
        ]
        return cls(
            names=frozenset(fold(n) for n in names),
            stems=frozenset(w[:_STEM] for w in content if len(w) > 3),
            content=" ".join(content),
        )

    def stored(self) -> tuple[str, str]:
        """(names, stems) as the store keeps them."""
        return "|".join(sorted(self.names)), " ".join(sorted(self.stems))

    @classmethod
    def from_stored(cls, names: str, stems: str, content: str) -> EventKey:
        return cls(
            names=frozenset(n for n in names.split("|") if n),
            stems=frozenset(stems.split()),
            content=content,
        )


def same_event(a: EventKey, b: EventKey) -> bool:
    shared_names = len(a.names & b.names)
    if shared_names >= 2:
        return True
    if shared_names == 1 and len(a.stems & b.stems) >= 2:
        return True
    if not a.content or not b.content:
        return False
    return fuzz.token_set_ratio(a.content, b.content) >= SIMILAR
