"""When two dated sentences from different articles report the same event.

Two events merge into one timeline entry only on evidence that they tell the
same fact. They must have the same date, at the same precision, and no
contradicting names (if both name people or organisations, at least one is
shared). Then what they say must agree:

- two shared names (`Musk … OpenAI … en 2015`: two actors on one date);
- one shared name and two shared telling words (`Musk … a quitté … l'entreprise`);
- no shared name: most of the shorter telling's words, two telling ones among them.

A telling word is one that few events hold (see `common`): a date, a name and
words every article uses (`en 2019, la société X a annoncé un projet`) are not
evidence, as the same organisation announces many things in a year. Everything
is computed at ingest from the stored `names` and `stems` of each event.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.text import STOPWORDS, fold, words

AGREE = 0.75  # share of the shorter telling's content stems the other must hold, without a name
COMMON_SHARE = 0.05  # a stem held by more than this share of all events tells nothing…
COMMON_MIN = 20  # … once it is held by more than this many (in a small corpus every word tells)
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


def common(holding: float, events: int) -> bool:
    """Whether a stem that `holding` of the corpus's `events` hold is too common to be evidence."""
    return holding > max(COMMON_MIN, COMMON_SHARE * events)


def same_event(a: EventKey, b: EventKey, telling: frozenset[str] | set[str]) -> bool:
    """Whether two events of the same date tell the same fact (see the module's docstring).

    `telling` holds the stems that are not `common`.
    """
    shared_names = len(a.names & b.names)
    if a.names and b.names and not shared_names:
        return False
    if shared_names >= 2:
        return True
    shared = a.stems & b.stems
    evidence = len(shared & telling)
    if evidence < 2:
        return False
    return bool(shared_names) or len(shared) >= AGREE * min(len(a.stems), len(b.stems))
