"""Dates stated in a sentence, at the precision the text gives (year, month or day).

Explicit forms (matched on folded text, French and English):
- day:   `le 17 février 2023`, `1er mars 2022`, `lundi 3 avril 2023`, `17/02/2023`,
         `February 17, 2023`, `17 February 2023`
- month: `en juillet 2019`, `mars 2021`, `fin mars 2020`, `July 2019` — a month name
         counts only when a year follows it, so `mai` alone is not a date; `Mars 2030`
         after `sur`/`vers`/`de`, or in a sentence about space (sonde, rover, Nasa …), is the planet
- year:  a year 1800–2100 after a date word: `en`, `depuis`, `dès`, `début`, `fin`, `mi-`,
         `jusqu'en`, `avant`, `après`, `d'ici (à)`, `à partir de`, `courant`, `l'année`,
         `au printemps`, `l'été`, `la saison` …, `in`, `since`, `by`, `until`; a year alone in
         brackets `(2019)`; a range `de 2015 à 2019` / `entre 2015 et 2019` / `2015-2019` gives
         its start year; a year joined to a year (`en 2022 et 2023`) is a date too.
  A year followed by a counted noun (`en 2015 personnes`, `2 000 euros`) is an amount.
A day or a month without a year is not a date here (we never guess the year).

Relative forms, anchored on the previous date of the article (`Anchor`):
`l'année suivante`, `un an plus tard`, `deux ans après` (years; year precision),
`l'année précédente`, `un an plus tôt`, `la même année`,
`le mois suivant`, `trois mois plus tard` (anchor with a month; month precision),
`le lendemain`, `la veille` (anchor with a day; day precision).
A sentence with an explicit date ignores its relative phrases.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from bot.extract.names import fold_keep_len
from bot.models import PartialDate

MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
    "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10,
    "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}
MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
_FR = "|".join(sorted(MONTHS, key=len, reverse=True))
_EN = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
_ANY_MONTH = f"{_FR}|{_EN}"
_YEAR = r"(1[89]\d\d|20\d\d|2100)"
_NOT_AFTER_YEAR = r"(?![\d,.]?\d)(?!\s*(?:%|€|\$|£))"

# Counted nouns: a "year" followed by one of these is an amount.
_COUNTED = (
    r"personnes?|habitants?|euros?|dollars?|francs?|livres?|eur|usd|km|kilometres?|metres?|m2|"
    r"kg|kilos?|tonnes?|litres?|heures?|minutes?|secondes?|jours?|mois|ans|annees|semaines?|"
    r"salaries|employes|emplois|postes|morts|victimes|blesses|cas|deces|patients|eleves|etudiants|"
    r"logements|voitures|vehicules|points?|voix|votes|signatures|membres|adherents|participants|"
    r"spectateurs|supporters|exemplaires|pages|mots|articles|actions|titres|millions?|milliards?|"
    r"milliers?|fois|especes|buts|matchs|matches|medailles|trophees|selections|individus|agents|soldats|policiers|gendarmes|candidats|entreprises|"
    r"people|users|employees|copies|times"
)
_AMOUNT_AFTER = re.compile(rf"\s+(?:de\s+|d')?(?:{_COUNTED})\b")

_DAY = r"(1er|premier|[12]\d|3[01]|0?[1-9])"
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 17 février 2023, le 1er mars 2022, 17 February 2023
    ("dmy", re.compile(rf"(?<![\w/]){_DAY}\s+({_ANY_MONTH})\.?\s+{_YEAR}{_NOT_AFTER_YEAR}")),
    # February 17, 2023
    ("mdy", re.compile(rf"\b({_EN})\s+(0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+{_YEAR}{_NOT_AFTER_YEAR}")),
    # 17/02/2023, 17.02.2023
    ("numeric", re.compile(rf"(?<![\w/.]){_DAY}[/.](0?[1-9]|1[0-2])[/.]{_YEAR}(?![\w/.]?\d)")),
    # (en|de|fin|début …) juillet 2019
    ("my", re.compile(rf"\b({_ANY_MONTH})\.?\s+(?:de\s+l'annee\s+)?{_YEAR}{_NOT_AFTER_YEAR}")),
    # de 2015 à 2019, entre 2015 et 2019
    ("range", re.compile(rf"\b(?:de|entre|from|between)\s+{_YEAR}\s*(?:a|et|-|to|and)\s*{_YEAR}{_NOT_AFTER_YEAR}")),
    # saison 2022-2023, (2015-2019)
    ("dash", re.compile(rf"(?:\b(?:saison|exercice|season|periode|mandat)\s+|\(){_YEAR}\s?[-/]\s?(?:{_YEAR}|\d\d)(?![\w-])")),
    # en 2015, depuis 2019, dès 2018, début 2020, fin 2019, in 2015 …
    (
        "year",
        re.compile(
            r"(?:\b(?:en|depuis|des|debut|fin|mi|courant|jusqu'en|jusqu'a|avant|apres|d'ici\s+a|d'ici|partir|"
            r"annee|l'annee|l'an|printemps|ete|automne|hiver|saison|exercice|"
            r"in|since|by|until|early|late|mid)(?:\s+|-)(?:(?:de\s+)?l'annee\s+|de\s+)?)"
            rf"{_YEAR}{_NOT_AFTER_YEAR}"
        ),
    ),
    # (2019)
    ("bracket", re.compile(rf"\(\s*{_YEAR}\s*\)")),
]

_PRIORITY = {"dmy": 0, "mdy": 0, "numeric": 0, "my": 1, "range": 2, "dash": 2, "year": 3, "bracket": 3}


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    date: PartialDate


def _month(word: str) -> int:
    return MONTHS.get(word) or MONTHS_EN[word]


def _day(word: str) -> int:
    return 1 if word in ("1er", "premier") else int(word)


def _valid(date: PartialDate) -> bool:
    try:
        datetime.date(date.year, date.month or 1, date.day or 1)
    except ValueError:
        return False
    return 1800 <= date.year <= 2100


def _build(kind: str, match: re.Match[str]) -> PartialDate | None:
    g = match.groups()
    if kind == "dmy":
        return PartialDate(int(g[2]), _month(g[1]), _day(g[0]))
    if kind == "mdy":
        return PartialDate(int(g[2]), _month(g[0]), int(g[1]))
    if kind == "numeric":
        return PartialDate(int(g[2]), int(g[1]), _day(g[0]))
    if kind == "my":
        return PartialDate(int(g[1]), _month(g[0]))
    if kind == "range":
        start, end = int(g[0]), int(g[1])
        return PartialDate(start) if start < end else None
    if kind == "dash":
        start, end = int(g[0]), (int(g[1]) if g[1] else None)
        if end is None:  # 2022-23
            tail = match.group()[-2:]
            end = (start // 100) * 100 + int(tail)
        return PartialDate(start) if start < end <= start + 10 else None
    return PartialDate(int(g[0]))


def find_dates(sentence: str) -> list[Found]:
    """The explicit dates of one sentence, in text order, without overlaps (the most precise wins)."""
    folded = fold_keep_len(sentence).lower()
    candidates: list[tuple[int, int, int, PartialDate]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            if _AMOUNT_AFTER.match(folded, match.end()):
                continue
            if kind == "my" and not _month_is_month(sentence, folded, match):
                continue
            if kind == "year" and folded.startswith("des", match.start()) and sentence[match.start() + 1] != "è":
                continue  # "des 2015 …" is an article and a number; only "dès 2015" is a date
            date = _build(kind, match)
            if date is not None and _valid(date):
                candidates.append((_PRIORITY[kind], match.start(), match.end(), date))
    candidates.sort(key=lambda c: (c[0], c[1]))
    kept: list[Found] = []
    for _, start, end, date in candidates:
        if all(end <= k.start or start >= k.end for k in kept):
            kept.append(Found(start, end, date))
    kept.sort(key=lambda f: f.start)
    return _coordinated(folded, kept)


# "en 2022 et 2023", "en 2019 ou en 2020": a year joined to a year is a date too.
_AND_YEAR = re.compile(rf"\s+(?:et|ou|and|or)\s+(?:en\s+|in\s+)?{_YEAR}{_NOT_AFTER_YEAR}")


def _coordinated(folded: str, kept: list[Found]) -> list[Found]:
    out: list[Found] = []
    for i, found in enumerate(kept):
        out.append(found)
        if found.date.month is not None:
            continue
        limit = kept[i + 1].start if i + 1 < len(kept) else len(folded)
        end = found.end
        while (match := _AND_YEAR.match(folded, end)) and match.end() <= limit:
            if _AMOUNT_AFTER.match(folded, match.end()):
                break
            out.append(Found(match.start(1), match.end(), PartialDate(int(match.group(1)))))
            end = match.end()
    return out


def _month_is_month(sentence: str, folded: str, match: re.Match[str]) -> bool:
    """`Mars 2030` after a space-travel word is the planet; `may 2019` needs a capital in English."""
    word = match.group(1)
    written = sentence[match.start(1) : match.end(1)]
    if word == "may" and not written.startswith("M"):
        return False
    if word == "mars" and written.startswith("M"):
        before = folded[max(0, match.start(1) - 25) : match.start(1)]
        if re.search(r"\b(?:sur|vers|de|pour|autour de|a destination de)\s+$", before):
            return False  # "sur Mars 2030" reads as the planet, not the month
        if _SPACE.search(folded):
            return False  # "« Mars 2028, c'est un objectif », estime le planétologue"; months are lower case
    return True


_SPACE = re.compile(
    r"\b(?:planete|planetologue|planetaire|martien(?:ne)?s?|rover|sonde|fusee|lanceur|spatial(?:e|es|aux)?|"
    r"astronautes?|orbite|atterrisseur|nasa|esa|spacex|cnes|exomars|space|planet|spacecraft)\b"
)


# --- relative dates ---

_NUMBER = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
}
_COUNT = r"(\d{1,2}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze)"
# "deux ans après" counts only when nothing follows ("deux ans après sa création" has its own anchor).
_LATER = r"(?:plus\s+tard|apres(?=\s*(?:[,.;:]|$))|later)"
_EARLIER = r"(?:plus\s+tot|auparavant|avant(?=\s*(?:[,.;:]|$))|earlier)"

_RELATIVE: list[tuple[re.Pattern[str], str, int]] = [
    (re.compile(r"\b(?:l'annee|l'an)\s+(?:suivante|suivant|d'apres)\b|\bthe\s+following\s+year\b|\ba\s+year\s+later\b"), "year", 1),
    (re.compile(r"\b(?:l'annee|l'an)\s+(?:precedente|precedent|d'avant)\b|\bthe\s+previous\s+year\b"), "year", -1),
    (re.compile(r"\b(?:la\s+meme\s+annee|cette\s+annee-la|the\s+same\s+year)\b"), "year", 0),
    (re.compile(rf"\b{_COUNT}\s+(?:ans|annees|an|years?)\s+{_LATER}\b"), "years", 1),
    (re.compile(rf"\b{_COUNT}\s+(?:ans|annees|an|years?)\s+{_EARLIER}\b"), "years", -1),
    (re.compile(r"\b(?:le\s+mois\s+(?:suivant|d'apres)|the\s+following\s+month|a\s+month\s+later)\b"), "month", 1),
    (re.compile(rf"\b{_COUNT}\s+(?:mois|months?)\s+{_LATER}\b"), "months", 1),
    (re.compile(rf"\b{_COUNT}\s+(?:mois|months?)\s+{_EARLIER}\b"), "months", -1),
    (re.compile(r"\b(?:le\s+lendemain|the\s+next\s+day|the\s+following\s+day)\b"), "day", 1),
    (re.compile(r"\b(?:la\s+veille|the\s+day\s+before)\b"), "day", -1),
    (re.compile(r"\bl'avant-veille\b"), "day", -2),
    (re.compile(r"\b(?:le\s+surlendemain)\b"), "day", 2),
]


def relative_date(sentence: str, anchor: PartialDate | None) -> PartialDate | None:
    """The date a relative phrase of `sentence` gives from `anchor`, or None (no phrase, no anchor,
    or an anchor too vague for the phrase)."""
    if anchor is None:
        return None
    folded = fold_keep_len(sentence).lower()
    for pattern, unit, sign in _RELATIVE:
        match = pattern.search(folded)
        if match is None:
            continue
        count = 1
        if unit in ("years", "months"):
            word = match.group(1)
            count = int(word) if word.isdigit() else _NUMBER[word]
        step = sign * count
        if unit in ("year", "years"):
            result = PartialDate(anchor.year + step)
        elif unit in ("month", "months"):
            if anchor.month is None:
                return None
            total = anchor.year * 12 + (anchor.month - 1) + step
            result = PartialDate(total // 12, total % 12 + 1)
        else:
            if anchor.day is None or anchor.month is None:
                return None
            day = datetime.date(anchor.year, anchor.month, anchor.day) + datetime.timedelta(days=step)
            result = PartialDate(day.year, day.month, day.day)
        return result if _valid(result) else None
    return None
