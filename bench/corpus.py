"""A synthetic corpus of French press articles, any size, deterministic.

Each article has a date header, a few paragraphs with dated sentences, quotes
with and without a stated speaker, and names from pools. Words come from a
vocabulary of a few thousand made-up French-looking words, so that, as in a
real corpus, a query's words match a fraction of the articles, not all.
"""

from __future__ import annotations

import random
from pathlib import Path

_CONSONANTS = "bcdfglmnprstvz"
_VOWELS = ["a", "e", "i", "o", "u", "é", "è", "ou", "an", "on"]
# Consonant-vowel and consonant-vowel-consonant syllables: French-looking words
# with as many different letter trigrams as a real vocabulary has.
SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS] + [
    c + v + e for c in _CONSONANTS for v in _VOWELS[:6] for e in "lnrst"
]
FIRST = ["Marie", "Jean", "Sophie", "Karim", "Claire", "Thomas", "Inès", "Paul", "Léa", "Hugo",
         "Amélie", "Rachid", "Nathalie", "Olivier", "Yasmine", "Julien", "Chloé", "Mehdi"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]
VERBS = ["a voté", "a lancé", "a annoncé", "a suspendu", "a financé", "a rejeté", "a inauguré"]
SAID = ["a déclaré", "a expliqué", "affirme", "a ajouté", "estime", "a confié"]


class Vocabulary:
    def __init__(self, rng: random.Random, size: int = 4_000) -> None:
        words: set[str] = set()
        while len(words) < size:
            words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))))
        self.words = sorted(words)
        self.surnames = [w.capitalize() for w in self.words[:300]]
        self.orgs = [f"la société {w.capitalize()}" for w in self.words[300:500]]

    def phrase(self, rng: random.Random, n: int) -> str:
        return " ".join(rng.choice(self.words) for _ in range(n))


def article(rng: random.Random, vocabulary: Vocabulary) -> str:
    speaker = f"{rng.choice(FIRST)} {rng.choice(vocabulary.surnames)}"
    paragraphs = []
    for _ in range(rng.randint(3, 6)):
        year = rng.randint(1990, 2024)
        when = rng.choice([f"en {year}", f"en {rng.choice(MONTHS)} {year}",
                           f"le {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"])
        quote = vocabulary.phrase(rng, rng.randint(6, 14)).capitalize()
        said = rng.choice([f", {rng.choice(SAID)} {speaker}", ", affirme un proche du dossier", ""])
        paragraphs.append(
            f"{when.capitalize()}, {rng.choice(vocabulary.orgs)} {rng.choice(VERBS)} "
            f"un projet de {vocabulary.phrase(rng, 3)}. « {quote} »{said}. "
            f"Les débats sur {vocabulary.phrase(rng, 4)} ont duré {rng.randint(2, 40)} heures et "
            f"{rng.randint(10, 900)} millions d'euros étaient en jeu."
        )
    return f"date {rng.randint(2019, 2024)}-{rng.randint(1, 12):02d} " + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 7) -> Path:
    """Write `count` articles into `folder` (created), one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    vocabulary = Vocabulary(random.Random(seed))
    for i in range(count):
        (folder / f"{i:06d}_bench.txt").write_text(article(rng, vocabulary), encoding="utf-8")
    return folder
