"""Names: the alias table (canonical names and their other spellings) and proper-name spotting.

The alias table is TOML, a list of entities:

    [[entity]]
    name = "Elon Musk"
    kind = "person"            # person | organisation | product | place
    aliases = ["Musk", "Elon"]

Matching is done on folded text (`bot.text.fold`, one character for one character so
that offsets stay those of the original), on whole words. An alias written with a
capital must also begin with a capital in the text: "Page" never matches "page".

Besides the table, `proper_names` finds capitalized runs of two words or more
("Igor Babuschkin", "Charles de Gaulle", "Bruno Le Maire") that are not common
words capitalized at the start of a sentence ("La raison", "Selon Le Monde"); an
honorific or a nationality before a name is not part of it ("Mme Vautrin",
"le Danois Jonas Vingegaard").
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bot.errors import ConfigError
from bot.text import fold, fold_keep_len

PERSON = "person"


def _key(name: str) -> str:
    return " ".join(fold_keep_len(name).split())


@dataclass(frozen=True)
class Entity:
    name: str
    kind: str
    aliases: tuple[str, ...]


class AliasTable:
    """Canonical names, their kinds and their aliases. Immutable; `extended` returns a new table."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self._entities: dict[str, Entity] = {}
        for entity in entities:
            self._add(entity)
        self._compile()

    # --- building ---

    def _add(self, entity: Entity) -> None:
        key = _key(entity.name)
        old = self._entities.get(key)
        if old is not None:
            aliases = tuple(dict.fromkeys(old.aliases + entity.aliases))
            entity = Entity(entity.name, entity.kind or old.kind, aliases)
        # A later table takes an alias over from the entity that had it.
        taken = {_key(a) for a in entity.aliases} | {key}
        for other_key, other in list(self._entities.items()):
            if other_key != key and any(_key(a) in taken for a in other.aliases):
                kept = tuple(a for a in other.aliases if _key(a) not in taken)
                self._entities[other_key] = Entity(other.name, other.kind, kept)
        self._entities[key] = entity

    def _compile(self) -> None:
        self._lookup: dict[str, str] = {}
        forms: dict[str, str] = {}  # written form → canonical
        for entity in self._entities.values():
            for form in (entity.name, *entity.aliases):
                if _key(form):
                    self._lookup[_key(form)] = entity.name
                    forms[form] = entity.name
        self._forms = forms
        by_key: dict[str, list[str]] = {}
        for form in forms:
            by_key.setdefault(_key(form), []).append(form)
        self._capital: dict[str, bool] = {
            k: all(f[:1].isupper() for f in fs) for k, fs in by_key.items()
        }
        keys = sorted(by_key, key=len, reverse=True)
        if keys:
            alternatives = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)
            self._pattern: re.Pattern[str] | None = re.compile(
                rf"(?<![0-9a-z])(?:{alternatives})(?![0-9a-z]|-[0-9a-z])"
            )
        else:
            self._pattern = None

    @classmethod
    def from_toml(cls, text: str, where: str = "alias table") -> AliasTable:
        return cls(_parse(text, where))

    @classmethod
    def default(cls) -> AliasTable:
        """The built-in table, `bot/data/aliases.toml`."""
        source = resources.files("bot").joinpath("data/aliases.toml")
        return cls.from_toml(source.read_text(encoding="utf-8"), "bot/data/aliases.toml")

    @classmethod
    def load(cls, paths: Iterable[Path | str] = ()) -> AliasTable:
        """The built-in table with each file of `paths` merged over it, in order."""
        table = cls.default()
        for path in paths:
            table = table.extended(path)
        return table

    def extended(self, path: Path | str) -> AliasTable:
        """This table with the entities of one TOML file merged over it."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigError(f"cannot read the alias table {path}: {error.strerror or error}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"the alias table {path} is not UTF-8 text") from None
        return AliasTable([*self._entities.values(), *_parse(text, str(path))])

    # --- queries ---

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.canonical(name) is not None

    def canonical(self, name: str) -> str | None:
        """The canonical name for a name or alias (any case, accents or not), or None."""
        return self._lookup.get(_key(name))

    def kind(self, name: str) -> str | None:
        canonical = self.canonical(name)
        if canonical is None:
            return None
        return self._entities[_key(canonical)].kind

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical name) of every alias occurrence in `text`, in order."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(fold_keep_len(text)):
            key = " ".join(match.group().split())
            if self._capital.get(key, False) and not text[match.start()].isupper():
                continue
            found.append((match.start(), match.end(), self._lookup[key]))
        return found

    def find(self, text: str) -> tuple[str, ...]:
        """The canonical names `text` mentions, in order of first mention, each once."""
        return tuple(dict.fromkeys(name for _, _, name in self.spans(text)))


def _parse(text: str, where: str) -> list[Entity]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"the alias table {where} is not valid TOML: {error}") from None
    entries = data.get("entity", [])
    if not isinstance(entries, list):
        raise ConfigError(f"the alias table {where}: `entity` must be a list of [[entity]] tables")
    entities = []
    for number, entry in enumerate(entries, 1):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"the alias table {where}: entity #{number} has no `name`")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ConfigError(f"the alias table {where}: `aliases` of {name!r} must be a list of strings")
        kind = entry.get("kind", "")
        if not isinstance(kind, str):
            raise ConfigError(f"the alias table {where}: `kind` of {name!r} must be a string")
        entities.append(
            Entity(name.strip(), kind.strip(), tuple(a.strip() for a in aliases if a.strip()))
        )
    return entities


# --- proper names not in the table ---

# Latin Extended-A and B (\u0100-\u024f: Ł ł Ś ś İ Ž ž Đ đ …) alternate upper and lower case, so
# the range sits in both classes: `Wałęsa`, `Łódź`, `İstanbul` are names as `Müller` is.
_UPPER = "A-ZÀ-ÖØ-Þ\u0100-\u024f"
_LOWER = "a-zß-öø-ÿœ\u0100-\u024f"
_TOKEN = rf"[{_UPPER}][{_LOWER}]+(?:[{_UPPER}]?[{_LOWER}]+)*(?:-[{_UPPER}][{_LOWER}]+)*"
_TOKEN_RE = re.compile(rf"(?<![\w-]){_TOKEN}(?![\w-])")
_PARTICLES = frozenset({"de", "du", "des", "d'", "van", "von", "der", "den", "di", "da", "del", "dos", "ben", "bin", "al"})

# Capitalized words that begin sentences but are not names (folded).
STOP_CAPS = frozenset(
    """
    le la les l un une des du de d au aux ce cet cette ces c ca il elle ils elles on nous vous je j
    tu moi lui leur leurs son sa ses mon ma mes notre nos votre vos qui que quoi quel quelle quels
    quelles dont ou et mais or donc ni car si quand lorsque lors puis ensuite enfin alors ainsi aussi
    pourtant cependant toutefois neanmoins pour par sur sous dans en avec sans chez entre vers selon
    depuis apres avant pendant malgre concernant contre parmi outre hors des via comme tandis
    aujourd hier demain desormais deja encore toujours jamais plus moins tres bien meme seul seule
    tout toute tous toutes chaque certains certaines plusieurs aucun aucune autre autres
    cela ceci celui celle ceux celles voici voila oui non
    monsieur madame mademoiselle messieurs mesdames president presidente ministre premier premiere
    directeur directrice patron chef professeur docteur general generale saint sainte
    lundi mardi mercredi jeudi vendredi samedi dimanche
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    the a an of in on at to for and but or with from by as this that these those it he she they we
    his her their its our my your there here when while after before since until
    mr mrs ms dr m mm mme mmes mlle mlles me pr mgr
    """.split()
) | frozenset(
    # Nationalities, as nouns before a name: "le Danois Jonas Vingegaard", "la Française …"
    fold(f"{stem}{ending}")
    for stem, endings in (
        ("francais", ("", "e", "es")), ("anglais", ("", "e", "es")), ("ecossais", ("", "e", "es")),
        ("gallois", ("", "e", "es")), ("irlandais", ("", "e", "es")), ("danois", ("", "e", "es")),
        ("suedois", ("", "e", "es")), ("finlandais", ("", "e", "es")), ("neerlandais", ("", "e", "es")),
        ("portugais", ("", "e", "es")), ("polonais", ("", "e", "es")), ("japonais", ("", "e", "es")),
        ("chinois", ("", "e", "es")), ("senegalais", ("", "e", "es")), ("libanais", ("", "e", "es")),
        ("camerounais", ("", "e", "es")), ("congolais", ("", "e", "es")), ("neo-zelandais", ("", "e", "es")),
        ("luxembourgeois", ("", "e", "es")), ("hongrois", ("", "e", "es")), ("islandais", ("", "e", "es")),
        ("italien", ("", "s", "ne", "nes")), ("ukrainien", ("", "s", "ne", "nes")),
        ("norvegien", ("", "s", "ne", "nes")), ("autrichien", ("", "s", "ne", "nes")),
        ("bresilien", ("", "s", "ne", "nes")), ("canadien", ("", "s", "ne", "nes")),
        ("australien", ("", "s", "ne", "nes")), ("algerien", ("", "s", "ne", "nes")),
        ("tunisien", ("", "s", "ne", "nes")), ("ivoirien", ("", "s", "ne", "nes")),
        ("israelien", ("", "s", "ne", "nes")), ("palestinien", ("", "s", "ne", "nes")),
        ("iranien", ("", "s", "ne", "nes")), ("colombien", ("", "s", "ne", "nes")),
        ("ethiopien", ("", "s", "ne", "nes")), ("egyptien", ("", "s", "ne", "nes")),
        ("americain", ("", "e", "s", "es")), ("allemand", ("", "e", "s", "es")),
        ("espagnol", ("", "e", "s", "es")), ("marocain", ("", "e", "s", "es")),
        ("mexicain", ("", "e", "s", "es")), ("argentin", ("", "e", "s", "es")),
        ("sud-africain", ("", "e", "s", "es")), ("kenyan", ("", "e", "s", "es")),
        ("roumain", ("", "e", "s", "es")), ("slovene", ("", "s")), ("belge", ("", "s")),
        ("russe", ("", "s")), ("britannique", ("", "s")), ("tcheque", ("", "s")),
        ("slovaque", ("", "s")), ("croate", ("", "s")), ("serbe", ("", "s")), ("grec", ("", "que", "s", "ques")),
        ("turc", ("", "que", "s", "ques")), ("bulgare", ("", "s")),
    )
    for ending in endings
) | frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    """.split()
)


def _is_stop(token: str) -> bool:
    return fold(token) in STOP_CAPS


def proper_names(text: str, blocked: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
    """(start, end, name) of capitalized runs of at least two words, outside the `blocked` spans.

    A run is words with a capital, separated by single spaces, with at most one particle
    ("Charles de Gaulle"). Leading and trailing common words are cut
    ("Selon Emmanuel Macron" → "Emmanuel Macron"); what is left must still be two words.
    """
    free = _outside(blocked)
    tokens = [m for m in _TOKEN_RE.finditer(text) if free(m.start(), m.end())]
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    particle = False  # one particle per run: "Charles de Gaulle", "François Villeroy de Galhau"
    for match in tokens:
        if current:
            gap = text[current[-1].end() : match.start()]
            if gap == " " or (not particle and _particle_gap(gap)):
                particle = particle or gap != " "
                current.append(match)
                continue
            runs.append(current)
        current, particle = [match], False
    if current:
        runs.append(current)

    found = []
    for run in runs:
        while run and _is_stop(run[0].group()):
            run = run[1:]
        while run and _is_stop(run[-1].group()):
            run = run[:-1]
        if len(run) >= 3 and DEMONYM.search(fold(run[0].group()).lower()) and _DETERMINER_BEFORE.search(
            text[: run[0].start()]
        ):
            run = run[1:]  # "la Chilienne Ana Soto", "le Boulonnais Paul Roux": the origin is no name
        if len(run) >= 3 and _COMPLEMENT_BEFORE.search(text[: run[0].start()]):
            run = run[1:]  # "le président de la République Paul Roux": the complement's noun is no name
        cut = _noun_before_particle(text, run)
        if cut:
            run = run[cut:]  # "Réaction de Marie Roux :": a noun opening the sentence, then a full name
        if len(run) < 2:
            continue
        start, end = run[0].start(), run[-1].end()
        found.append((start, end, " ".join(text[start:end].split())))
    return found


def _noun_before_particle(text: str, run: list[re.Match[str]]) -> int:
    """How many words of `run` to drop when it is one word, a particle and a full name: a name has
    its particle before the surname alone ("Charles de Gaulle", "Jean de La Fontaine"), so after
    "Réaction de Marie Roux" the particle is a preposition and "Réaction" a noun."""
    if len(run) < 3 or text[run[0].end() : run[1].start()] == " ":
        return 0
    if run[1].group() in ("La", "Le", "Les", "Du") or text[run[1].end() : run[2].start()] != " ":
        return 0
    return 1


# Words before a name that make its first capital the complement's noun: `de la République`.
_COMPLEMENT_BEFORE = re.compile(r"(?:^|\s)(?:du|des|de\s+la|de\s+l['’]|d['’])\s*(?:[A-Z]{2,5}\s+)?$")

# Endings of nouns of origin: `Chilienne`, `Boulonnais`, `Lyonnaise`, `Marocain`.
DEMONYM = re.compile(r"(?:iens?|iennes?|ais|aises?|ois|oises?|ains?|aines?|eens?|eennes?)$")
_DETERMINER_BEFORE = re.compile(r"(?:^|\s)(?:le|la|les|un|une|l['’])\s*$", re.IGNORECASE)


def clean_names(names: Iterable[str], aliases: AliasTable) -> dict[str, str]:
    """Written name → the name to keep, for one article's names:
    - "Airbus Guillaume Faury" → "Guillaume Faury" when the article also writes "Guillaume Faury",
      or when "Airbus" is a known organisation: a company glued in front is not part of a name;
    - "Gonzalez Rogers" → "Gonzalez-Rogers" (the first spelling the article used): one person.
    """
    names = list(dict.fromkeys(names))
    known = set(names)
    out: dict[str, str] = {}
    spelled: dict[str, str] = {}
    for name in names:
        kept = name
        words = name.split()
        if len(words) >= 3 and not aliases.canonical(name):
            tail = " ".join(words[1:])
            head_kind = aliases.kind(words[0])
            if tail in known or (head_kind is not None and head_kind != PERSON):
                kept = aliases.canonical(tail) or tail
        key = fold(kept.replace("-", " ")).lower()
        kept = spelled.setdefault(key, kept)
        if kept != name:
            out[name] = kept
    return out


def _particle_gap(gap: str) -> bool:
    inner = gap.strip()
    if not gap.startswith(" "):
        return False
    if inner in {"d'", "d’"}:
        return gap.endswith(inner)
    return gap.endswith(" ") and inner in _PARTICLES


def names_in(text: str, aliases: AliasTable) -> list[tuple[int, int, str]]:
    """(start, end, canonical-or-written name) of the names `text` mentions, in order.

    Alias matches first; capitalized runs outside them next (a run that is itself an
    alias's written form gets the canonical name).
    """
    spans = aliases.spans(text)
    found = list(spans)
    for start, end, name in proper_names(text, [(s, e) for s, e, _ in spans]):
        found.append((start, end, aliases.canonical(name) or name))
    found.sort()
    return found


def surname_index(full_names: Iterable[str]) -> dict[str, str]:
    """Last word (folded) → full name, for names whose last word no other name shares; then
    first name → full name ("Sam" → Sam Altman) where no other name has it as either."""
    names = list(dict.fromkeys(full_names))
    index: dict[str, str] = {}
    clash: set[str] = set()
    for position in (-1, 0):
        found: dict[str, str] = {}
        for name in names:
            parts = name.split()
            if len(parts) < 2 or (position == 0 and parts[0][:1].islower()):
                continue
            word = fold(parts[position])
            if word in found and found[word] != name or (position == 0 and word in index):
                clash.add(word)
            found.setdefault(word, name)
        for word, name in found.items():
            index.setdefault(word, name)
    return {k: v for k, v in index.items() if k not in clash}


def single_capitals(text: str, blocked: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
    """Every capitalized word outside `blocked` (for surname look-ups)."""
    free = _outside(blocked)
    return [
        (m.start(), m.end(), m.group())
        for m in _TOKEN_RE.finditer(text)
        if free(m.start(), m.end()) and not _is_stop(m.group())
    ]


def _outside(blocked: Iterable[tuple[int, int]]) -> Callable[[int, int], bool]:
    """Whether a span overlaps none of `blocked`: a binary search in the merged spans, so a long
    paragraph costs tokens × log(spans), not tokens × spans."""
    merged: list[list[int]] = []
    for b0, b1 in sorted(blocked):
        if merged and b0 < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b1)
        else:
            merged.append([b0, b1])
    starts = [b0 for b0, _ in merged]

    def free(start: int, end: int) -> bool:
        i = bisect.bisect_left(starts, end) - 1  # the last span starting before `end`
        return i < 0 or merged[i][1] <= start

    return free
