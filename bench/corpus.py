"""A synthetic corpus of French press articles, any size, deterministic.

Each article has a date header, a few paragraphs with dated sentences, quotes
with and without a stated speaker, and names from pools. Words come from a
vocabulary of a few thousand made-up French-looking words, so that, as in a
real corpus, a query's words match a fraction of the articles, not all.

Some paragraphs retell, in other words, a fact an earlier article told (the
same fact: their events should merge into one timeline entry); others tell
another fact of the same date and organisation with the same verb (their
events should not). `write_corpus` records each paragraph's fact in a file
next to the corpus, for `bench` to judge the merges.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
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
RETOLD = 0.08  # share of paragraphs retelling an earlier article's fact in other words
SAME_DATE_OTHER_FACT = 0.08  # share telling another fact of an earlier one's date, organisation and verb
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


@dataclass(frozen=True)
class Fact:
    fact_id: int
    when: str  # "en 2019", "en mars 2019", "le 3 mars 2019"
    org: str
    verb: str
    project: str

    def told(self) -> str:
        return f"{self.when.capitalize()}, {self.org} {self.verb} un projet de {self.project}."

    def retold(self) -> str:
        """The same fact in other words: the project first, the verb as a participle."""
        done = self.verb.removeprefix("a ")
        return f"Le projet de {self.project} a été {done} par {self.org} {self.when}."


class Facts:
    """Every fact told so far, and which paragraph told which."""

    def __init__(self) -> None:
        self.told: list[Fact] = []
        self.of_paragraph: dict[str, list[int]] = {}

    def new(self, rng: random.Random, vocabulary: Vocabulary) -> tuple[Fact, str]:
        """A fact to tell, and how it is told: new, retold from an earlier article, or a
        different fact of an earlier one's date, organisation and verb."""
        draw = rng.random()
        if self.told and draw < RETOLD:
            fact = rng.choice(self.told[-500:])
            return fact, fact.retold()
        if self.told and draw < RETOLD + SAME_DATE_OTHER_FACT:
            like = rng.choice(self.told[-500:])
            fact = Fact(len(self.told), like.when, like.org, like.verb, vocabulary.phrase(rng, 3))
        else:
            year = rng.randint(1990, 2024)
            when = rng.choice([f"en {year}", f"en {rng.choice(MONTHS)} {year}",
                               f"le {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"])
            fact = Fact(len(self.told), when, rng.choice(vocabulary.orgs), rng.choice(VERBS),
                        vocabulary.phrase(rng, 3))
        self.told.append(fact)
        return fact, fact.told()


def article(rng: random.Random, vocabulary: Vocabulary, facts: Facts | None = None) -> tuple[str, list[int]]:
    """An article's text, and the fact each of its paragraphs tells."""
    facts = facts or Facts()
    speaker = f"{rng.choice(FIRST)} {rng.choice(vocabulary.surnames)}"
    paragraphs, told = [], []
    for _ in range(rng.randint(3, 6)):
        fact, sentence = facts.new(rng, vocabulary)
        told.append(fact.fact_id)
        quote = vocabulary.phrase(rng, rng.randint(6, 14)).capitalize()
        said = rng.choice([f", {rng.choice(SAID)} {speaker}", ", affirme un proche du dossier", ""])
        paragraphs.append(
            f"{sentence} « {quote} »{said}. "
            f"Les débats sur {vocabulary.phrase(rng, 4)} ont duré {rng.randint(2, 40)} heures et "
            f"{rng.randint(10, 900)} millions d'euros étaient en jeu."
        )
    text = f"date {rng.randint(2019, 2024)}-{rng.randint(1, 12):02d} " + "\n\n".join(paragraphs) + "\n"
    return text, told


def facts_file(folder: Path) -> Path:
    """Where `write_corpus` records the fact of each paragraph: {doc id: [fact id, ...]}."""
    return folder.with_name(folder.name + ".facts.json")


def write_corpus(folder: Path, count: int, seed: int = 7, first: int = 0) -> Path:
    """Write `count` articles into `folder` (created), one file each, and their facts beside it.

    Files are numbered from `first`: another seed and `first` make articles to add to a corpus."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    vocabulary = Vocabulary(random.Random(seed))
    facts = Facts()
    for i in range(count):
        text, told = article(rng, vocabulary, facts)
        (folder / f"{first + i:06d}_bench.txt").write_text(text, encoding="utf-8")
        facts.of_paragraph[f"{first + i:06d}_bench"] = told
    facts_file(folder).write_text(json.dumps(facts.of_paragraph), encoding="utf-8")
    return folder
