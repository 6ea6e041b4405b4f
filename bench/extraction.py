"""Extraction time against paragraph length: one paragraph of 8 KB, 64 KB, 512 KB of press
prose (dates, quotations, names, abbreviations), extracted in this process after a warm-up.

Timed in CPU seconds of this process: extraction is pure computation, and on a shared
machine a 10 ms run often has a core to itself where a 1.5 s run shares it, which made
the wall-clock ratio grow with the machine's load, not with the paragraph."""

from __future__ import annotations

import hashlib
import random
import time

SENTENCES = [
    "Le 12 mars 2019, Jean Dupont a rencontré Marie Curie à Paris.",
    "« Nous allons gagner », a déclaré le ministre.",
    "M. Martin, directeur de la société Vinci, estime que la situation est grave.",
    "En 2020, OpenAI a annoncé un partenariat avec Microsoft.",
    "Selon Emmanuel Macron, « la France doit investir ».",
    "Les débats ont duré 12 heures et 300 millions d'euros étaient en jeu.",
    "Trois ans plus tard, la Commission européenne a rejeté le projet.",
    "Il a ajouté : « Ce n'est que le début. »",
]


def paragraph(size: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    out, length = [], 0
    while length < size:
        sentence = rng.choice(SENTENCES)
        out.append(sentence)
        length += len(sentence) + 1
    return " ".join(out)


def seconds_to_extract(size: int, repeat: int) -> float:
    from bot.extract import AliasTable, extract
    from bot.models import Article

    body = paragraph(size)
    article = Article("p", "/p", hashlib.sha256(body.encode()).hexdigest(), None, None, body)
    aliases = AliasTable.default()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        extract(article, aliases)
        times.append(time.process_time() - start)
    return min(times)  # the machine's other load only ever adds time: the best run is the cost


def growth(sizes_kb: tuple[int, ...] = (8, 64, 512)) -> dict[int, float]:
    """Seconds to extract one paragraph of each size (KB)."""
    seconds_to_extract(1024, 1)  # imports and first-use costs out of the way
    return {kb: seconds_to_extract(kb * 1024, 5 if kb <= 64 else 3) for kb in sizes_kb}
