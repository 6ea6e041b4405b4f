"""Dates stated in a sentence, at the precision the text gives (year, month or day).

`read_dates(sentence, paragraph, published, anchor)` gives every date of one sentence, one per
dated fact, and the anchor the next sentence's relative phrases resolve on.

Explicit forms (matched on folded text, French and English):
- day:   `le 17 février 2023`, `1er mars 2022`, `lundi 3 avril 2023`, `17/02/2023`,
         `February 17, 2023`, `17 February 2023`; a list `les 18, 19 et 20 mars 2019` gives
         each day, a range `du 16 au 20 novembre` / `entre le 16 et le 20 novembre` its first
- month: `en juillet 2019`, `mars 2021`, `fin mars 2020`, `July 2019`, a range
         `d'août à décembre 2022` its first month. `Mars 2030` after `sur`/`vers`/`de`, or in
         a sentence about space (sonde, rover, Nasa …), is the planet
- year:  a year 1800–2100 after a date word: `en`, `depuis`, `dès`, `début`, `fin`, `mi-`,
         `jusqu'en`, `avant`, `après`, `d'ici (à)`, `à partir de`, `courant`, `l'année`,
         `au printemps`, `l'été`, `la saison`, `au premier trimestre` …, `in`, `since`, `by`,
         `until`; a year alone in brackets `(2019)`; a range `de 2015 à 2019` / `entre 2015 et 2019` / `saison 2022-2023`
         gives its start year; years joined to a year are dates too (`en 2022 et 2023`,
         `en 1962, 1968 et 1981`).
  A year followed by a counted noun (`en 2015 personnes`, `2 000 euros`) is an amount; a year
  written after a name without a date word (`JO 2024`, `prix Nobel 2022`, `iPhone 2020`) is
  part of the name. A bracketed span of years `(2017-2021)` qualifies a figure: not an event.

Days and months written without a year (`mercredi 22 mars`, `le 17 novembre`, `fin octobre`,
`en mai`, `le 29 mai prochain`, `en septembre dernier`) take their year from the article:
1. a weekday written with the day picks the year, near the publication date, where that day
   is that weekday (`mardi 14 mars` in an article of March 2023 is 2023-03-14);
2. else a date written earlier in the same sentence (`le 14 avril 2022 … début juillet`), or
   one a sentence of the same paragraph opened on (`En 2016, … . Le 20 janvier, …`): its
   year, or the next one for an earlier month, since narration goes forward (`élu le 8
   novembre 2016, il prend ses fonctions le 20 janvier`), unless the sentence looks back
   (`avait`, `auparavant`). A year written further into a sentence frames nothing after it;
3. else the publication date: its year; the year before for a later month in a sentence in
   the past (`il avait été blessé le 20 décembre` in March), the year after for an earlier
   month in one in the future; `prochain` and `dernier` the next or the last such date.
Without a year from either, it is not a date. `ce mardi` (and `mardi dernier`, `mardi
prochain`) is the publication week's Tuesday when the publication date has a day; a weekday
alone (`jeudi soir`) is no event, and it makes the previous date no anchor any more.
Street and law names (`rue du 4 septembre`, `la loi du 9 décembre 1905`) are not dates.

Relative forms, anchored on the previous date (of the sentence, else of the article, in the
same paragraph or the one before: past a heading, it is another part of the story):
`l'année suivante`, `un an plus tard`, `deux ans après` (years; year precision),
`l'année précédente`, `un an plus tôt`, `la même année`, `à l'époque` (same paragraph only),
`le mois suivant`, `trois mois plus tard` (anchor with a month; month precision),
`le lendemain`, `la veille`, `le même jour`, `trois jours plus tard`, `une semaine plus tard`
(anchor with a day; day precision). A relative phrase before the sentence's first explicit
date restates it (`Quatre mois plus tard, en juillet 2019`) and gives nothing; one after it
is anchored on it. `au lendemain de …` / `à la veille de …` after a day date dates what
follows one day before or after it; before a day date (`au lendemain du 7 mai`) it moves
that date.
"""

from __future__ import annotations

import bisect
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
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
_FR = "|".join(sorted(MONTHS, key=len, reverse=True))
# Without a year only full names count: `depuis sept ans` is a number, not September.
_FULL_NAMES = frozenset(m for m in MONTHS if len(m) > 4 or m in ("mars", "mai", "juin", "aout"))
_FR_FULL = "|".join(sorted(_FULL_NAMES, key=len, reverse=True))
_EN = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
_ANY_MONTH = f"{_FR}|{_EN}"
_WD = "|".join(WEEKDAYS)
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

# A sentence with no digit and none of these words holds no date: most sentences are skipped
# on one set intersection, before any pattern runs.
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_DATE_WORDS = frozenset(
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre "
    "décembre decembre lundi mardi mercredi jeudi vendredi samedi dimanche".split()
)
_RELATIVE_WORDS = frozenset(
    "lendemain surlendemain veille même meme tard tôt tot auparavant suivant suivante précédent "
    "précédente precedent precedente époque epoque là later earlier following previous same".split()
)
_UNIT_WORDS = frozenset("an ans année années annee annees mois semaine semaines jour jours".split())
_AFTER_WORDS = frozenset("après apres avant".split())

_DAY = r"(1er|premier|[12]\d|3[01]|0?[1-9])"
_DAY_NC = r"(?:1er|premier|[12]\d|3[01]|0?[1-9])"
# `18, 19 et 20`, `16 au 20`: bounded, so a long run of numbers costs a bounded scan per start.
_DAYS = rf"{_DAY_NC}(?:(?:\s*,\s*|\s+(?:et|ou|au|a)\s+(?:le\s+)?)(?:(?:{_WD})\s+)?{_DAY_NC}){{0,6}}"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 17 février 2023, le 1er mars 2022, les 18, 19 et 20 mars, 17 February 2023, le 17 novembre
    (
        "dm",
        re.compile(
            rf"(?<![\w/.,])(?P<days>{_DAYS})\s+(?P<month>{_ANY_MONTH})\b\.?"
            rf"(?:\s+(?P<year>{_YEAR}){_NOT_AFTER_YEAR}|\s+(?P<mod>prochain|dernier)\b)?"
        ),
    ),
    # February 17, 2023
    ("mdy", re.compile(rf"\b({_EN})\s+(0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+{_YEAR}{_NOT_AFTER_YEAR}")),
    # 17/02/2023, 17.02.2023
    ("numeric", re.compile(rf"(?<![\w/.]){_DAY}[/.](0?[1-9]|1[0-2])[/.]{_YEAR}(?![\w/.]?\d)")),
    # d'août à décembre 2022, de mars à mai, entre mars et juin 2020
    (
        "month_range",
        re.compile(
            rf"(?:\bd'|\bde\s+|\bentre\s+)(?P<month>{_FR_FULL})\s+(?:a|au|et|jusqu'a|jusqu'en)\s+"
            rf"(?:(?:fin|debut|mi)[\s-]+)?(?P<month2>{_FR})\b(?:\.?\s+(?P<year>{_YEAR}){_NOT_AFTER_YEAR})?"
        ),
    ),
    # (en|de|fin|début …) juillet 2019
    ("my", re.compile(rf"\b({_ANY_MONTH})\.?\s+(?:de\s+l'annee\s+)?{_YEAR}{_NOT_AFTER_YEAR}")),
    # en mai, début juin, fin octobre, mi-mars, au mois d'août, en septembre dernier
    (
        "month",
        re.compile(
            r"(?:\b(?P<cue>en|debut|fin|courant|depuis|des|jusqu'en|partir\s+de|mois\s+de|milieu\s+du\s+mois\s+de)\s+"
            r"|\bmi-|\bmois\s+d'|\bpartir\s+d')"
            rf"(?P<month>{_FR_FULL})(?P<more>(?:(?:\s*,\s*|\s+(?:et|ou)\s+(?:en\s+)?)(?:{_FR_FULL})\b){{0,6}})"
            rf"\b(?!\.?\s+(?:de\s+l'annee\s+)?\d)(?:\s+(?P<mod>prochain|dernier)\b)?"
        ),
    ),
    # de 2015 à 2019, entre 2015 et 2019
    ("range", re.compile(rf"\b(?:de|entre|from|between)\s+{_YEAR}\s*(?:a|et|-|to|and)\s*{_YEAR}{_NOT_AFTER_YEAR}")),
    # saison 2022-2023; a bracketed span `(2017-2021)` is matched so that it is not read as dates
    ("dash", re.compile(rf"(?:\b(?:saison|exercice|season|periode|mandat)\s+|(?P<bracket>\()){_YEAR}\s?[-/]\s?(?:{_YEAR}|\d\d)(?![\w-])")),
    # en 2015, depuis 2019, dès 2018, début 2020, fin 2019, in 2015 …
    (
        "year",
        re.compile(
            r"(?:\b(?P<cue>en|depuis|des|debut|fin|mi|courant|jusqu'en|jusqu'a|avant|apres|d'ici\s+a|d'ici|partir|"
            r"annee|l'annee|l'an|printemps|ete|automne|hiver|saison|exercice|trimestre|semestre|"
            r"in|since|by|until|early|late|mid)(?:\s+|-)(?:(?:de\s+)?l'annee\s+|de\s+)?)"
            rf"{_YEAR}{_NOT_AFTER_YEAR}"
        ),
    ),
    # (2019)
    ("bracket", re.compile(rf"\(\s*{_YEAR}\s*\)")),
    # ce mardi, mardi dernier, mardi prochain (not `mardi 8 mars`: that is a day above)
    (
        "weekday",
        re.compile(rf"\b(?P<ce>ce\s+)?(?P<wd>{_WD})\b(?!\s+(?:\d|1er|premier)|-la\b)(?:\s+(?P<mod>prochain|dernier)\b)?"),
    ),
]

_PRIORITY = {
    "dm": 0, "mdy": 0, "numeric": 0, "month_range": 1, "my": 1, "range": 2, "dash": 2,
    "year": 3, "bracket": 3, "month": 4, "weekday": 5,
}
# What each pattern cannot match without.
_NEEDS = {
    "dm": ("digit", "month"), "mdy": ("digit", "month"), "numeric": ("digit",), "month_range": ("month",),
    "my": ("digit", "month"), "month": ("month",), "range": ("digit",), "dash": ("digit",), "year": ("digit",),
    "bracket": ("digit",), "weekday": ("weekday",),
}
_MONTH_WORDS = frozenset(MONTHS) | frozenset(MONTHS_EN)
_WEEKDAY_WORDS = frozenset(WEEKDAYS)
# A year after one of these cues is a span or a target, not the time the sentence is about.
_OPEN_CUES = frozenset({"depuis", "jusqu'en", "jusqu'a", "avant", "apres", "d'ici", "d'ici a", "partir",
                        "since", "by", "until"})
_MONTH_WORD = re.compile(rf"\b(?:{_FR_FULL})\b")
_WEEKDAY_BEFORE = re.compile(rf"\b(?P<wd>{_WD})\s+(?:le\s+)?$")
_RANGE_BEFORE = re.compile(rf"\b(?:du|entre\s+le|entre\s+les)\s+(?:(?:{_WD})\s+)?$")
# `rue du 4 septembre`, `la loi du 9 décembre 1905`: names of places and texts
_NAME_BEFORE = re.compile(
    r"\b(?:rue|place|avenue|av|boulevard|bd|quai|pont|square|allee|cours|impasse|chemin|route|esplanade|"
    r"parvis|rond-point|carrefour|lycee|college|ecole|stade|gare|station|loi|lois|decret|ordonnance|"
    r"arrete|circulaire|accords?|traite|mouvement)\s+du\s+$"
)
# Tense decides the year of a month far from the publication month: past, the year before;
# future or plans, the year after; neither (`se tient du 16 au 20 novembre`), the same year.
_BACK = re.compile(r"\b(?:avait|avaient|auparavant|précédemment|plus\s+tôt|déjà)\b")
_PARTICIPLE = r"(?!lieu\b)\w{2,}(?:é|ée|és|ées|i|is|ie|it|int|u|ue|us|ert|te)\b"
_PAST = re.compile(
    rf"\b(?:a|ont|avait|avaient|avons|avez)\s+(?:\w+\s+)?{_PARTICIPLE}"
    rf"|\bs['’](?:est|était)\s+(?:\w+\s+)?{_PARTICIPLE}|\bse\s+(?:sont|étaient)\s+(?:\w+\s+)?{_PARTICIPLE}"
    # `est` + participle is mostly a passive present (`est fixé au 2 mars`), but not with these verbs
    r"|\b(?:est|sont|était|étaient)\s+(?:\w+\s+)?(?:arrivé|parti|mort|né|venu|devenu|entré|sorti|tombé|resté|"
    r"décédé|revenu|retourné|rentré|monté|descendu|passé)e?s?\b"
    r"|\b(?:fut|furent)\b|\w{3,}(?:ait|aient)\b"
)
# Future forms, on the sentence as written: a lower-case word, so that names (`Sandra`,
# `Sierra`) are not verbs.
_FUTURE = re.compile(
    r"(?<![\w-])(?:doit|doivent|devrait|devraient|prévue?s?|à\s+venir|"
    r"[a-zàâçéèêëîïôûùü]{0,12}(?:era|eront|ira|iront|dra|dront|rra|rront|aura|auront|saura|sauront|ront))(?![\w-])"
)
_NOT_FUTURE = frozenset({"caméra", "opéra", "choléra", "ère", "extra", "ultra", "front", "affront", "sierra"})


_NOT_A_DATE = PartialDate(0)  # a span that holds its place against shorter forms, then is dropped


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    date: PartialDate
    written: bool = True  # the year is written here, so a yearless date after it in the sentence takes it
    span_end: bool = False  # `juin 2023` in `de mars à juin 2023`: a question's bound, not an event


@dataclass(frozen=True)
class _Partial:
    """A day, month or weekday the sentence gives without its year."""

    start: int
    end: int
    month: int | None
    day: int | None
    weekday: int | None
    mod: str | None  # "prochain", "dernier" or None


def _month(word: str) -> int:
    return MONTHS.get(word) or MONTHS_EN[word]


def _day(word: str) -> int:
    return 1 if word in ("1er", "premier") else int(word)


def exists(date: PartialDate) -> bool:
    """Whether the calendar has this date (no February 30), at any year."""
    try:
        datetime.date(date.year, date.month or 1, date.day or 1)
    except ValueError:
        return False
    return True


def _valid(date: PartialDate) -> bool:
    # A date read in an article: a real day, within the years extraction reads (1800-2100).
    return exists(date) and 1800 <= date.year <= 2100


def _candidates(kind: str, match: re.Match[str], sentence: str, folded: str) -> list[Found | _Partial]:
    """What one match of one pattern states: dates with their year, or partial ones to resolve."""
    g = match.groups()
    start, end = match.start(), match.end()
    if kind == "dm":
        return _days_and_month(match, sentence, folded)
    if kind == "mdy":
        return [Found(start, end, PartialDate(int(g[2]), _month(g[0]), int(g[1])))]
    if kind == "numeric":
        return [Found(start, end, PartialDate(int(g[2]), int(g[1]), _day(g[0])))]
    if kind == "month_range":
        month, last = MONTHS[match.group("month")], MONTHS[match.group("month2")]
        if match.group("year"):
            year = int(match.group("year"))
            first = PartialDate(year - (1 if month > last else 0), month)  # de novembre à février 2023
            return [Found(start, match.start("month2"), first),
                    Found(match.start("month2"), end, PartialDate(year, last), span_end=True)]
        return [_Partial(start, end, month, None, None, None)] if _lower_month(sentence, match) else []
    if kind == "my":
        if not _month_is_month(sentence, folded, match):
            return []
        return [Found(start, end, PartialDate(int(g[1]), _month(g[0])))]
    if kind == "month":
        if not _lower_month(sentence, match) or (match.group("cue") == "des" and sentence[start + 1] != "è"):
            return []
        # `en mars, avril et mai`: each month of the list, each written in lower case
        more = [m for m in _MONTH_WORD.finditer(folded, match.start("more"), match.end("more"))
                if sentence[m.start() : m.end()].islower()]
        months = [MONTHS[match.group("month")]] + [MONTHS[m.group()] for m in more]
        return [_Partial(start, end, month, None, None, match.group("mod")) for month in dict.fromkeys(months)]
    if kind == "weekday":
        if not (match.group("ce") or match.group("mod")):
            return []
        return [_Partial(start, end, None, None, WEEKDAYS[match.group("wd")], match.group("mod"))]
    if kind == "range":
        first, last = int(g[0]), int(g[1])
        return [Found(start, end, PartialDate(first))] if first < last else []
    if kind == "dash":
        first = int(match.group(2))
        last = int(match.group(3)) if match.group(3) else (first // 100) * 100 + int(match.group()[-2:])
        if match.group("bracket") or not first < last <= first + 10:
            return [Found(start, end, _NOT_A_DATE)]  # `(2017-2021)` qualifies a figure
        return [Found(start, end, PartialDate(first))]
    if kind == "year":
        if match.group("cue") == "des" and sentence[start + 1] != "è":
            return []  # "des 2015 …" is an article and a number; only "dès 2015" is a date
        return [Found(start, end, PartialDate(int(g[-1])), written=match.group("cue") not in _OPEN_CUES)]
    return [Found(start, end, PartialDate(int(g[0])))]  # bracket


def _days_and_month(match: re.Match[str], sentence: str, folded: str) -> list[Found | _Partial]:
    """`le 17 novembre`, `les 18, 19 et 20 mars 2019`, `du 16 au 20 novembre` (its first day)."""
    start, end = match.start(), match.end()
    before = folded[max(0, start - 30) : start]
    if _NAME_BEFORE.search(before):
        return [Found(start, end, _NOT_A_DATE)]  # held, then dropped, so that no shorter form reads it
    word = match.group("month")
    written_month = sentence[match.start("month") : match.end("month")]
    if word in MONTHS_EN and word not in MONTHS and not written_month[0].isupper():
        return []  # `17 may` is no date; `17 May 2019` is
    days = re.findall(_DAY, match.group("days"))
    last = None
    if _RANGE_BEFORE.search(before) and len(days) > 1:
        days, last = days[:1], days[-1]
    month = _month(word)
    year = match.group("year")
    weekday = _WEEKDAY_BEFORE.search(before)
    out: list[Found | _Partial] = []
    for day in dict.fromkeys(days):
        if year:
            out.append(Found(start, end, PartialDate(int(year), month, _day(day))))
        elif written_month.islower() and word in _FULL_NAMES:
            wd = WEEKDAYS[weekday.group("wd")] if weekday and len(days) == 1 else None
            out.append(_Partial(start, end, month, _day(day), wd, match.group("mod")))
    if last is not None and year:
        out.append(Found(start, end, PartialDate(int(year), month, _day(last)), span_end=True))
    return out


def _lower_month(sentence: str, match: re.Match[str]) -> bool:
    """French months are written in lower case: `en Mars` is the planet or a name."""
    return sentence[match.start("month") : match.end("month")].islower()


def find_dates(sentence: str, published: PartialDate | None = None) -> list[Found]:
    """The dates of one sentence, in text order, without overlaps (the most precise wins).

    A day or month without a year is resolved on the sentence's own years, else on
    `published` (see the module docstring); without either it is left out. The end of a
    span (`juin 2023` in `de mars à juin 2023`) is there too, marked `span_end`: a
    question's bound, where an article's event is the span's start.
    """
    if not _DIGIT.search(sentence) and _DATE_WORDS.isdisjoint(_WORD.findall(sentence.lower())):
        return []
    return [f for f in _resolved(sentence, fold_keep_len(sentence).lower(), published) if isinstance(f, Found)]


def _resolved(
    sentence: str, folded: str, published: PartialDate | None, frame: PartialDate | None = None
) -> list[Found | _Partial]:
    """Dates in text order; a `_Partial` is left where no year could be found for it. `frame`
    is the date the paragraph's narration is set at (see `read_dates`), if any."""
    words = set(_WORD.findall(folded))
    present = {"digit": _DIGIT.search(folded) is not None, "month": not _MONTH_WORDS.isdisjoint(words),
               "weekday": not _WEEKDAY_WORDS.isdisjoint(words)}
    candidates: list[tuple[int, int, int, int, int, Found | _Partial]] = []
    for kind, pattern in _PATTERNS:
        if not all(present[need] for need in _NEEDS[kind]):
            continue  # cheaper than running a pattern that cannot match
        for match in pattern.finditer(folded):
            if kind not in ("weekday", "month") and _AMOUNT_AFTER.match(folded, match.end()):
                continue
            for item in _candidates(kind, match, sentence, folded):
                if isinstance(item, _Partial) or _valid(item.date) or item.date == _NOT_A_DATE:
                    candidates.append((_PRIORITY[kind], item.start, item.end, len(candidates), match.start(), item))
    candidates.sort(key=lambda c: (c[0], c[1], c[3]))
    kept = _without_overlaps(candidates)
    kept = [k for k in kept if not (isinstance(k, Found) and k.date == _NOT_A_DATE)]
    kept = _coordinated(folded, kept)

    out: list[Found | _Partial] = []
    source = frame  # the last date written in the sentence, else the one the paragraph opened on
    tense: tuple[int, bool] | None = None  # the sentence's tense, read once and only when needed
    joined = _joined_years(folded, kept)
    for i, item in enumerate(kept):
        if isinstance(item, Found):
            out.append(item)
            if item.written:
                source = item.date
            continue
        if tense is None:
            tense = _tense(sentence)
        date = _year_for(item, joined[i], source, published, tense)
        out.append(Found(item.start, item.end, date, written=False) if date else item)
    return out


def _without_overlaps(candidates: list[tuple[int, int, int, int, int, Found | _Partial]]) -> list[Found | _Partial]:
    """Candidates in priority order, each kept unless it overlaps one kept before (the days of one
    list, from one match, share their span); in text order. Kept spans stay sorted and disjoint,
    so a check is a bisection."""
    spans: list[tuple[int, int, int]] = []  # (start, end, match start) of kept items
    kept: list[Found | _Partial] = []
    for _, start, end, _, matched, item in candidates:
        i = bisect.bisect_left(spans, (start, end, -1))
        if i < len(spans) and spans[i] == (start, end, matched):
            kept.append(item)
            continue
        if (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end):
            continue
        spans.insert(i, (start, end, matched))
        kept.append(item)
    kept.sort(key=lambda f: f.start)
    return kept


_JOINED = re.compile(r"\s*(?:,|et|ou|au|a|puis)\s*(?:le\s+|les\s+|du\s+|en\s+)?\Z")


def _joined_years(folded: str, kept: list[Found | _Partial]) -> list[int | None]:
    """`le 3 mars et le 5 avril 2020`: a partial date joined to the dated one after it (through
    `et`, `,`, `au` …) takes its year. One pass from the end, so a long list costs its length."""
    years: list[int | None] = [None] * len(kept)
    for i in range(len(kept) - 2, -1, -1):
        later = kept[i + 1]
        if not _JOINED.match(folded, kept[i].end, later.start):
            continue
        if isinstance(later, Found):
            years[i] = later.date.year if later.date.month is not None else None
        else:
            years[i] = years[i + 1]
    return years


def _tense(sentence: str) -> tuple[int, bool]:
    """+1 for a sentence in the future (or about plans), -1 in the past, 0 otherwise; and
    whether it looks back from the time it is set in (`avait`, `auparavant`)."""
    future = any(m.group() not in _NOT_FUTURE for m in _FUTURE.finditer(sentence))
    lower = sentence.lower()
    past = _PAST.search(lower) is not None
    return (0 if future == past else (1 if future else -1)), _BACK.search(lower) is not None


def _year_for(
    p: _Partial, year: int | None, source: PartialDate | None, published: PartialDate | None,
    tense: tuple[int, bool],
) -> PartialDate | None:
    """The date of a partial mention: `year` (of a list it closes), else from `source` (a date
    written before it), else from the publication date."""
    if p.month is None:
        return _weekday_date(p, published)
    if p.mod and published is not None:
        return _next_or_last(p, published)
    if p.weekday is not None and p.day is not None:
        years = [published.year, published.year - 1, published.year + 1] if published else []
        years += [source.year] if source else []
        for y in years:
            if _valid(PartialDate(y, p.month, p.day)) and datetime.date(y, p.month, p.day).weekday() == p.weekday:
                return PartialDate(y, p.month, p.day)
    if year is None and source is not None:
        year = source.year
        if source.month is not None and p.month < source.month and not tense[1]:
            year += 1  # narration goes forward: `élu le 8 novembre 2016, … le 20 janvier` is 2017
    if year is None and published is not None:
        year = published.year
        if published.month is not None:
            # by month only: a publication date a few days off must not move a date by a year
            if p.month > published.month and tense[0] < 0:
                year -= 1  # `il a été blessé le 20 novembre`, in an article of March
            elif p.month < published.month and tense[0] > 0:
                year += 1  # `le concert aura lieu en janvier`, in an article of March
    if year is None:
        return None
    date = PartialDate(year, p.month, p.day)
    return date if _valid(date) else None


def _next_or_last(p: _Partial, published: PartialDate) -> PartialDate | None:
    """`le 29 mai prochain`: the first such date after publication; `en septembre dernier`: the
    last before. Compared by day when both have one, else by month (same month, same year)."""
    assert p.month is not None
    year = published.year
    if published.month is not None:
        if published.day is not None and p.day is not None:
            here: tuple[int, ...] = (p.month, p.day)
            now: tuple[int, ...] = (published.month, published.day)
        else:
            here, now = (p.month,), (published.month,)
        if p.mod == "prochain" and here < now:
            year += 1
        elif p.mod == "dernier" and here > now:
            year -= 1
    date = PartialDate(year, p.month, p.day)
    return date if _valid(date) else None


def _weekday_date(p: _Partial, published: PartialDate | None) -> PartialDate | None:
    """`ce mardi`: that day of the publication week; `mardi dernier` / `prochain`: the one before / after."""
    if published is None or published.day is None or p.weekday is None:
        return None
    assert published.month is not None
    pub = datetime.date(published.year, published.month, published.day)
    if p.mod == "dernier":
        back = (pub.weekday() - p.weekday) % 7 or 7
        day = pub - datetime.timedelta(days=back)
    elif p.mod == "prochain":
        ahead = (p.weekday - pub.weekday()) % 7 or 7
        day = pub + datetime.timedelta(days=ahead)
    else:
        day = pub + datetime.timedelta(days=p.weekday - pub.weekday())
    date = PartialDate(day.year, day.month, day.day)
    return date if _valid(date) else None


# "en 2022 et 2023", "en 2019 ou en 2020", "en 1962, 1968, 1981 et 1997": years joined to a year.
_YEAR_LIST = re.compile(
    rf"(?:\s*,\s*(?:en\s+)?{_YEAR}{_NOT_AFTER_YEAR}){{0,12}}\s+(?:et|ou|and|or)\s+(?:en\s+|in\s+)?{_YEAR}{_NOT_AFTER_YEAR}"
)
_LISTED_YEAR = re.compile(_YEAR)


def _coordinated(folded: str, kept: list[Found | _Partial]) -> list[Found | _Partial]:
    out: list[Found | _Partial] = []
    for i, found in enumerate(kept):
        out.append(found)
        if not isinstance(found, Found) or found.date.month is not None:
            continue
        limit = kept[i + 1].start if i + 1 < len(kept) else len(folded)
        match = _YEAR_LIST.match(folded, found.end)
        if match is None or match.end() > limit or _AMOUNT_AFTER.match(folded, match.end()):
            continue
        for year in _LISTED_YEAR.finditer(folded, match.start(), match.end()):
            out.append(Found(year.start(), year.end(), PartialDate(int(year.group())), found.written))
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
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30, "quarante": 40, "cinquante": 50,
}
_COUNT = rf"(\d{{1,2}}|{'|'.join(_NUMBER)})"
# "deux ans après" counts only when nothing follows ("deux ans après sa création" has its own anchor).
_LATER = r"(?:plus\s+tard|apres(?=\s*(?:[,.;:]|$))|later)"
_EARLIER = r"(?:plus\s+tot|auparavant|avant(?=\s*(?:[,.;:]|$))|earlier)"
# "le lendemain de son élection", "la veille du match": anchored on something else
_NOT_OF = r"(?!\s+(?:de|du|des|d')\b|\s+d')"

_RELATIVE: list[tuple[re.Pattern[str], str, int]] = [
    (re.compile(r"\b(?:l'annee|l'an)\s+(?:suivante|suivant|d'apres)\b|\bthe\s+following\s+year\b|\ba\s+year\s+later\b"), "year", 1),
    (re.compile(r"\b(?:l'annee|l'an)\s+(?:precedente|precedent|d'avant)\b|\bthe\s+previous\s+year\b"), "year", -1),
    (re.compile(r"\b(?:la\s+meme\s+annee|cette\s+annee-la|the\s+same\s+year)\b"), "year", 0),
    (re.compile(r"\ba\s+(?:l'epoque|cette\s+epoque)\b"), "era", 0),
    (re.compile(rf"\b{_COUNT}\s+(?:ans|annees|an|years?)\s+{_LATER}\b"), "years", 1),
    (re.compile(rf"\b{_COUNT}\s+(?:ans|annees|an|years?)\s+{_EARLIER}\b"), "years", -1),
    (re.compile(r"\b(?:le\s+mois\s+(?:suivant|d'apres)|the\s+following\s+month|a\s+month\s+later)\b"), "month", 1),
    (re.compile(r"\b(?:le\s+meme\s+mois|ce\s+mois-la)\b"), "month", 0),
    (re.compile(rf"\b{_COUNT}\s+(?:mois|months?)\s+{_LATER}\b"), "months", 1),
    (re.compile(rf"\b{_COUNT}\s+(?:mois|months?)\s+{_EARLIER}\b"), "months", -1),
    (re.compile(rf"\b{_COUNT}\s+(?:semaines?|weeks?)\s+{_LATER}\b"), "weeks", 1),
    (re.compile(rf"\b{_COUNT}\s+(?:semaines?|weeks?)\s+{_EARLIER}\b"), "weeks", -1),
    (re.compile(rf"\b{_COUNT}\s+(?:jours?|days?)\s+{_LATER}\b"), "days", 1),
    (re.compile(rf"\b{_COUNT}\s+(?:jours?|days?)\s+{_EARLIER}\b"), "days", -1),
    (re.compile(rf"\b(?:le\s+lendemain{_NOT_OF}|the\s+next\s+day|the\s+following\s+day)\b"), "day", 1),
    (re.compile(rf"(?<!\ba\s)\b(?:la\s+veille{_NOT_OF}|the\s+day\s+before)\b"), "day", -1),
    (re.compile(rf"\bl'avant-veille\b{_NOT_OF}"), "day", -2),
    (re.compile(rf"\b(?:le\s+surlendemain){_NOT_OF}\b"), "day", 2),
    (re.compile(r"\b(?:le\s+meme\s+jour|ce\s+meme\s+jour|le\s+jour\s+meme|the\s+same\s+day)\b"), "day", 0),
]
# `au lendemain d'un ultimatum` after a day date: the ultimatum was the day before it.
_AROUND = re.compile(r"\b(?:au\s+(?P<after>lendemain)|a\s+la\s+veille)\s+(?:de\s+|du\s+|des\s+|d')")
_BARE_WEEKDAY = re.compile(rf"\b(?:{_WD})\b(?!\s+(?:\d|1er|premier))")


# What may stand before a sentence's opening date: a quote mark, a dash, `Et`, `Puis`, a preposition.
_FRONTED = re.compile(r"[\W_]*(?:(?:et|puis|mais|or|c'est|des|depuis|en|le|la|au|a|fin|debut|mi|courant)[\s-]+){0,3}\Z")


@dataclass(frozen=True)
class Anchor:
    """The date relative phrases of the next sentences resolve on, and its paragraph."""

    date: PartialDate
    paragraph: int
    frame: PartialDate | None = None  # the date a sentence of this paragraph opened on, for those after it


@dataclass(frozen=True)
class SentenceDates:
    dates: tuple[PartialDate, ...]  # one per dated fact, in text order, each date once
    anchor: Anchor | None  # for the sentences after this one


def read_dates(
    sentence: str, paragraph: int, published: PartialDate | None, anchor: Anchor | None
) -> SentenceDates:
    """Every date of one sentence, explicit, completed from the article, or relative."""
    words = set(_WORD.findall(sentence.lower()))
    maybe = not _DATE_WORDS.isdisjoint(words) or _DIGIT.search(sentence) is not None
    relative = not _RELATIVE_WORDS.isdisjoint(words) or (
        not _AFTER_WORDS.isdisjoint(words) and not _UNIT_WORDS.isdisjoint(words)
    )
    if not (maybe or relative):
        return SentenceDates((), anchor)
    folded = fold_keep_len(sentence).lower()
    frame = anchor.frame if anchor is not None and anchor.paragraph == paragraph else None
    items = _resolved(sentence, folded, published, frame) if maybe else []
    found = [f for f in items if isinstance(f, Found) and not f.span_end]
    vague = any(isinstance(f, _Partial) for f in items) or (maybe and _BARE_WEEKDAY.search(folded) is not None)
    if not found and vague:
        return SentenceDates((), None)  # `jeudi soir`: later phrases refer to a day we cannot date

    dated: list[tuple[int, PartialDate]] = [(f.start, f.date) for f in found]
    if relative:
        dated += _relatives(folded, found, paragraph, anchor)
    if found and ("lendemain" in folded or "veille" in folded):
        moved, added = _around(folded, found)
        dated = [(p, d) for p, d in dated if p not in moved] + added
    dated.sort(key=lambda d: d[0])
    dates = tuple(dict.fromkeys(d for _, d in dated))
    if not dates:
        return SentenceDates((), anchor)
    last = found[-1].date if found else dated[-1][1]
    written = [f for f in found if f.written]
    if written:
        # `En 2016, …` / `Le 8 novembre 2016, …`: a year set at the head of a sentence frames
        # the narration that follows in the paragraph; a year further in does not.
        frame = written[0].date if _FRONTED.match(folded, 0, written[0].start) else None
    return SentenceDates(dates, Anchor(last, paragraph, frame))


def _relatives(
    folded: str, found: list[Found], paragraph: int, anchor: Anchor | None
) -> list[tuple[int, PartialDate]]:
    """Relative phrases: after a date of the sentence, on it; in a sentence without one, on `anchor`."""
    out: list[tuple[int, PartialDate]] = []
    ends = [f.end for f in found]  # in text order, disjoint: sorted
    for pattern, unit, sign in _RELATIVE:
        for match in pattern.finditer(folded):
            if found:
                before = bisect.bisect_right(ends, match.start())
                if not before:
                    continue  # `Quatre mois plus tard, en juillet 2019`: the date says it
                base = found[before - 1].date
            elif anchor is None or paragraph - anchor.paragraph > (0 if unit == "era" else 1):
                continue  # a date two paragraphs up (past a heading) is another part of the story
            else:
                base = anchor.date
            date = _shift(base, unit, sign, match)
            if date is not None:
                out.append((match.start(), date))
            if not found:
                return out  # without a date of its own, a sentence's first phrase is its date
    return out


def _around(folded: str, found: list[Found]) -> tuple[set[int], list[tuple[int, PartialDate]]]:
    """`ce jeudi 17 novembre, au lendemain d'un ultimatum`: the ultimatum is dated the 16th;
    `au lendemain du 7 mai`: the sentence's fact is the 8th, not the 7th; `au lendemain de
    l'attaque du 7 octobre`: the attack is the 7th, the sentence's fact the 8th.
    Returns the starts of the dates moved, and the dates to add."""
    moved: set[int] = set()
    out: list[tuple[int, PartialDate]] = []
    days = [f for f in found if f.date.day is not None]
    starts, ends = [f.start for f in days], [f.end for f in days]
    for match in _AROUND.finditer(folded):
        step = 1 if match.group("after") else -1
        after = bisect.bisect_left(starts, match.end())  # the first day date after the phrase
        if after < len(days) and days[after].start - match.end() <= 4:
            right = days[after]
            moved.add(right.start)
            if (shifted := _shift(right.date, "day", step, None)) is not None:
                out.append((right.start, shifted))
            continue
        before = bisect.bisect_right(ends, match.start())
        if before and (shifted := _shift(days[before - 1].date, "day", -step, None)) is not None:
            out.append((match.start(), shifted))  # what the phrase names, a day off the date before
        elif not before and after < len(days) and (shifted := _shift(days[after].date, "day", step, None)):
            out.append((match.start(), shifted))  # `au lendemain de l'attaque du 7 octobre`: the 8th
    return moved, out


def _shift(anchor: PartialDate, unit: str, sign: int, match: re.Match[str] | None) -> PartialDate | None:
    count = 1
    if unit in ("years", "months", "weeks", "days") and match is not None:
        word = match.group(1)
        count = int(word) if word.isdigit() else _NUMBER[word]
    step = sign * count
    if unit in ("year", "years", "era"):
        result = PartialDate(anchor.year + step)
    elif unit in ("month", "months"):
        if anchor.month is None:
            return None
        total = anchor.year * 12 + (anchor.month - 1) + step
        result = PartialDate(total // 12, total % 12 + 1)
    else:
        if anchor.day is None or anchor.month is None:
            return None
        days = step * 7 if unit == "weeks" else step
        day = datetime.date(anchor.year, anchor.month, anchor.day) + datetime.timedelta(days=days)
        result = PartialDate(day.year, day.month, day.day)
    return result if _valid(result) else None


def relative_date(sentence: str, anchor: PartialDate | None) -> PartialDate | None:
    """The date the first relative phrase of `sentence` gives from `anchor`, or None (no phrase,
    no anchor, or an anchor too vague for the phrase)."""
    if anchor is None:
        return None
    found = _relatives(fold_keep_len(sentence).lower(), [], 0, Anchor(anchor, 0))
    return found[0][1] if found else None
