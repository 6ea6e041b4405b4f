"""A synthetic corpus of French press articles, any size, deterministic.

Each article has a date header, a few paragraphs with dated sentences, quotes
with and without a stated speaker, and names from small pools, so ingest,
search and export have real work to do.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

FIRST = ["Marie", "Jean", "Sophie", "Karim", "Claire", "Thomas", "Inès", "Paul", "Léa", "Hugo"]
LAST = ["Dupont", "Martin", "Bernard", "Lefèvre", "Moreau", "Benali", "Girard", "Roux", "Faure", "Blanc"]
ORGS = ["le Sénat", "la mairie de Lyon", "l'Inserm", "le club de Nantes", "la SNCF", "le CNRS"]
VERBS = ["a voté", "a lancé", "a annoncé", "a suspendu", "a financé", "a rejeté", "a inauguré"]
OBJECTS = ["un plan climat", "une réforme des retraites", "un nouveau stade", "un vaccin",
           "une ligne de tramway", "un budget rectificatif", "une mission spatiale"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]
SAYING = ["Nous irons jusqu'au bout de cette réforme", "Les chiffres ne mentent pas",
          "Cette décision est une erreur historique", "Le terrain a parlé ce soir",
          "La science avance plus vite que la politique", "Personne ne nous a consultés"]


def article(rng: random.Random) -> str:
    speaker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    paragraphs = []
    for _ in range(rng.randint(3, 6)):
        year = rng.randint(1990, 2024)
        when = rng.choice([f"en {year}", f"en {rng.choice(MONTHS)} {year}",
                           f"le {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"])
        quote = f"{rng.choice(SAYING)}, {rng.choice(OBJECTS)} compris"
        said = rng.choice([f", a déclaré {speaker}", ", affirme un proche du dossier", ""])
        paragraphs.append(
            f"{when.capitalize()}, {rng.choice(ORGS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}. "
            f"« {quote} »{said}. Les débats ont duré {rng.randint(2, 40)} heures et "
            f"{rng.randint(10, 900)} millions d'euros étaient en jeu."
        )
    return f"date {rng.randint(2019, 2024)}-{rng.randint(1, 12):02d} " + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 7) -> Path:
    """Write `count` articles into `folder` (created), one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(count):
        (folder / f"{i:06d}_bench.txt").write_text(article(rng), encoding="utf-8")
    return folder


def texts(count: int, seed: int = 7) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield article(rng)
