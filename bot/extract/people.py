"""The people of one article, read in one pass: who is named where, and what the article calls them.

`People` is built once per article from the names each paragraph mentions, and answers
the questions speaker attribution asks of a mention that is not a full name:

- `described(np)`: the one person a description stands for, when the article tied that
  description to them. Ties are appositions: `le milliardaire Elon Musk`, `le président de
  la cour Jean Dupont`, `Sam Altman, PDG d'OpenAI,`, `une réalisatrice, la Roumaine Ana
  Pop`, `l'un de ses avocats, Me Paul Roux`. A description matches on its whole phrase
  (`le président de la cour`) or on its head noun (`le milliardaire`, `la jeune
  réalisatrice de 36 ans`), or on the first words of a longer tie (`le patron de Tesla` for
  `le patron de Tesla et de SpaceX`); a head tied to two people is ambiguous and gives None,
  and a head whose complement differs is another role (`le patron de Tesla` is not `le patron
  de Twitter, X`). Speaker attribution may also `learn` a tie: a role that was a quote's cue
  right after its person was named or quoted.
- `latest(...)`: the person mentioned last before a point (`ce dernier`, `cet ancien de
  Google`), within the same or the previous paragraph.
- `gender(name)`: `m` or `f` when a determiner, an honorific or a role's agreement said it
  (`la Roumaine`, `Mme`, `l'avocate`), else None. A pronoun never goes to a person of the
  other gender.

Only what the text states is kept: an untied description (`le sélectionneur` with no
name beside it) stays unresolved here (speaker attribution may still give a quote's cue
to the subject just named), and `un salarié`, `une voisine` are nobody.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from collections.abc import Callable
from typing import TypeVar

from bot.extract.dates import WEEKDAYS
from bot.extract.marks import inside, quote_spans
from bot.extract.sentences import sentence_at
from bot.extract.names import DEMONYM, PERSON, STOP_CAPS, AliasTable
from bot.extract.verbs import VERB_RE
from bot.text import fold, fold_keep_len

# Determiners opening a description, and the gender they state.
_DETERMINER_GENDER = {
    "le": "m", "un": "m", "ce": "m", "cet": "m", "du": "m", "au": "m",
    "la": "f", "une": "f", "cette": "f",
    "l": None, "son": None, "sa": "f", "ses": None, "les": None, "des": None,
}
_HONORIFIC_GENDER = {"m.": "m", "mm.": "m", "mme": "f", "mmes": "f", "mlle": "f"}
# Endings of feminine role nouns (folded), for a determiner that says no gender (`l'`, `son`).
_FEMININE_ENDINGS = ("ee", "rice", "euse", "ienne", "ante", "ente")
# Words before the head noun that do not name a role: `la jeune réalisatrice`.
_ADJECTIVES = frozenset(
    """
    jeune jeunes nouveau nouvel nouvelle ancien ancienne ex futur future actuel actuelle celebre
    grand grande vieux vieil vieille seul seule principal principale autre meme
    sulfureux sulfureuse fantasque puissant puissante richissime emblematique charismatique
    """.split()
)
# Words that end a description: verbs and clause openers.
_CLAUSE = frozenset(
    "qui que qu dont ou et mais car a ont est sont etait avait avaient sera fut va ne n se s y lui "
    "il elle ils elles on alias".split()
)
_COMPLEMENT = frozenset("de du des d".split())
# Words that end a role and open a circumstance: a time, a place, a manner.
_CIRCUMSTANCE = frozenset(
    "en dans pour lors devant depuis pendant sur sous chez par avec contre apres avant selon "
    "hier aujourd demain matin soir".split()
) | frozenset(WEEKDAYS)
_LINKS = _COMPLEMENT | frozenset(
    "a au aux avec pour par sur sous dans chez entre vers contre selon envers apres avant depuis pendant "
    "comme et ou le la les l un une".split()
)
# Words that make the noun phrase after them a complement: prepositions, `tout`.
_GOVERNING = (_LINKS - frozenset("et ou le la les l un une".split())) | frozenset(
    "durant lors malgre parmi via sans tout toute tous toutes".split()
)
# Nouns naming someone by their tie to another person: `la fille de l'acteur X` is not X.
RELATIONAL = frozenset(
    """
    fille filles fils pere mere parents femme epouse epoux mari veuve veuf frere freres soeur soeurs
    enfant enfants petit-fils petite-fille cousin cousine oncle tante neveu niece famille proche proches
    ami amie amis entourage compagne compagnon avocat avocate avocats agent agente biographe adversaire
    rival rivale successeur predecesseur ex-femme ex-mari ex-epouse assistant assistante
    """.split()
)
# Heads of descriptions that name a person: agent nouns (`le sélectionneur`, `la chanteuse`,
# `le technicien`, `l'ancien milliardaire`), nouns of office and of a trial.
_PERSON_SUFFIX = re.compile(r"(?:eur|euse|rice|ien|ienne|iste|aire|ant|ante|ier|iere)$")
_PERSON_NOUNS = frozenset(
    """
    ministre maire juge chef patron patronne candidat candidate depute deputee elu elue accuse accusee
    prevenu prevenue temoin victime capitaine coach star homme femme politique athlete pilote celui celle
    interesse interessee senateur senatrice adjoint adjointe prefet prefete procureur procureure
    """.split()
)
_NOT_PERSON_SUFFIX = re.compile(r"(?:ment|quartier|dossier|courrier|papier|calendrier|restaurant|salaire|commentaire)$")


@cache
def _first_names() -> dict[str, str]:
    """Folded first name → 'f' or 'm', from `bot/data/first_names.toml`."""
    table = tomllib.loads(resources.files("bot").joinpath("data/first_names.toml").read_text(encoding="utf-8"))
    return {fold(n).lower(): g for key, g in (("feminine", "f"), ("masculine", "m")) for n in table[key]}


_T = TypeVar("_T")
_K = TypeVar("_K")
_WORD = re.compile(r"[\w’'.-]+")


@dataclass(frozen=True)
class Tie:
    """A description the article tied to a person, and where."""

    name: str
    phrase: str  # folded: `president de la cour`
    head: str  # folded head noun, singular: `president`
    sentence: int
    passage: str  # the sentence that ties them, as written


_ARTICLE_BEFORE = re.compile(r"(?:^|[\s'’])(?:au|aux|du|des|le|la|les|l['’])\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    name: str
    sentence: int
    para: int
    offset: int  # in the paragraph
    person: bool


@dataclass
class People:
    """Names of one article in reading order, with the descriptions tied to each person."""

    aliases: AliasTable
    mentions: list[Mention] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    genders: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        aliases: AliasTable,
        paras: list[str],
        sentences: list,  # list[speakers.Sentence]; typed loosely to keep this module below speakers
        spans: list[list[tuple[int, int, str]]],
    ) -> People:
        people = cls(aliases)
        by_para: dict[int, list] = {}
        for sentence in sentences:
            by_para.setdefault(sentence.para, []).append(sentence)
        # French writes no article before a person's name: `au Real Madrid`, `la Maison Blanche`.
        with_article = {name for p, para in enumerate(paras) for start, _, name in spans[p]
                        if _ARTICLE_BEFORE.search(para[max(0, start - 6) : start])}
        for p, para in enumerate(paras):
            quoted = quote_spans(para)
            for start, end, name in spans[p]:
                sentence = sentence_at(by_para.get(p, []), start)
                if sentence is None or inside(quoted, start):
                    continue  # a name inside a quotation is the speaker's words, not the narration's
                person = people.is_person(name) and (name not in with_article or aliases.kind(name) == PERSON)
                people.mentions.append(Mention(name, sentence.index, p, start, person))
                if person:
                    people._read_ties(name, para, sentence, start, end)
        return people

    # --- queries ---

    def is_person(self, name: str) -> bool:
        kind = self.aliases.kind(name)
        if kind is not None:
            return kind == PERSON
        return len(name.split()) >= 2 and not _looks_like_organisation(name)

    def shared(self, word: str) -> bool:
        """Whether `word` is a first name or surname of two people the article names in full."""
        return len(self._owners.get(fold(word).lower(), ())) >= 2

    def gender(self, name: str) -> str | None:
        """The gender the article states (`la`, `Mme`, an agreement); else the one the first
        name all but states (`Marie Roux`); else None."""
        if name in self.genders:
            return self.genders[name]
        return _first_names().get(fold(name.split()[0]).lower()) if " " in name else None

    def described(self, np: str, before: int) -> Tie | None:
        """The tie of the one person `np` (a description as written) stands for, among ties made
        in sentences up to `before`; None when untied or ambiguous."""
        parsed = describe(np)
        if parsed is None:
            return None
        _, phrase, head = parsed
        if phrase in self._ties_by_phrase:
            sentences, ties, second = self._ties_by_phrase[phrase]
            told = bisect_right(sentences, before)  # ties[:told] were made by then
            if told > second:
                return None  # tied to two people by then
            if told:
                return ties[told - 1]
        sentences, ties, _ = self._ties_by_head.get(head, ([], [], 0))
        told = ties[: bisect_right(sentences, before)]
        for same in (
            # `le patron de Tesla` for `le patron de Tesla et de SpaceX`: the tie's first words
            lambda t: phrase != head and t.phrase.startswith(phrase + " "),
            # `le président` for `le président de la cour`; not `le patron de Tesla` for `le patron de Twitter`
            lambda t: _complement(phrase) is None or _complement(t.phrase) is None,
        ):
            matching = [t for t in told if same(t)]
            if len({t.name for t in matching}) > 1:
                return None  # tied to two people by then
            if matching:
                return matching[-1]
        return None

    def latest(self, sentence: int, offset: int, para: int, gender: str | None) -> Mention | None:
        """The last person named before (`sentence`, `offset`), in this paragraph or the one before."""
        for i in range(bisect_left(self._mention_keys, (sentence, offset)) - 1, -1, -1):
            mention = self.mentions[i]
            if not mention.person:
                continue
            if mention.para < para - 1:
                return None
            other = self.gender(mention.name)
            if gender and other and other != gender:
                continue
            return mention
        return None

    def ties_of(self, name: str) -> list[Tie]:
        return self._ties_by_name.get(name, [])

    def holders(self, heads: set[str]) -> set[str]:
        """The people tied to a role whose head noun is one of `heads`."""
        return {t.name for head in heads for t in self._ties_by_head.get(head, ([], [], 0))[1]}

    def learn(self, name: str, phrase: str, head: str, sentence: int, passage: str) -> None:
        """Tie a role to the person a quote's cue showed it stands for (`« … », a dit l'accusé`
        after naming them): the article keeps calling them that."""
        insort(self.ties, Tie(name, phrase, head, sentence, passage), key=lambda t: t.sentence)
        for index in ("_ties_by_phrase", "_ties_by_head", "_ties_by_name"):
            self.__dict__.pop(index, None)  # built again at the next query, with this tie

    def in_sentences(self, indices: list[int]) -> list[Mention]:
        """The mentions of these sentences, in reading order."""
        return [m for i in sorted(indices) for m in self._by_sentence.get(i, ())]

    # --- indexes: queries are asked once per quote or mention, so each answers without a scan
    # of the whole article (extraction stays linear in a paragraph's length); built at the first
    # query, once `build` has read everything ---

    @cached_property
    def _mention_keys(self) -> list[tuple[int, int]]:
        return [(m.sentence, m.offset) for m in self.mentions]  # in reading order: sorted

    @cached_property
    def _by_sentence(self) -> dict[int, list[Mention]]:
        return _grouped(self.mentions, lambda m: m.sentence)

    @cached_property
    def _owners(self) -> dict[str, set[str]]:
        """Folded first name or surname → the people named in full with it."""
        owners: dict[str, set[str]] = {}
        for m in self.mentions:
            words = m.name.split()
            if m.person and len(words) >= 2:
                for key in {fold(words[0]).lower(), fold(words[-1]).lower()}:
                    owners.setdefault(key, set()).add(m.name)
        return owners

    @cached_property
    def _ties_by_phrase(self) -> dict[str, tuple[list[int], list[Tie], int]]:
        return _tie_index(self.ties, lambda t: t.phrase)

    @cached_property
    def _ties_by_name(self) -> dict[str, list[Tie]]:
        return _grouped(self.ties, lambda t: t.name)

    @cached_property
    def _ties_by_head(self) -> dict[str, tuple[list[int], list[Tie], int]]:
        return _tie_index(self.ties, lambda t: t.head)

    # --- building ---

    def _read_ties(self, name: str, para: str, sentence, start: int, end: int) -> None:
        text = para[sentence.start : start]
        honorific = re.search(r"(?:^|\s)(M\.|MM\.|Mme|Mmes|Mlle|Me|Maître|Dr|Pr)\s+$", text)
        if honorific:
            gender = _HONORIFIC_GENDER.get(honorific.group(1).lower())
            if gender:
                self._set_gender(name, gender)
            text = text[: honorific.start() + 1]
        tied = _description_before(text)
        if tied is not None:
            self._tie(name, tied, sentence)
            rest = text[: len(text) - len(tied[3])].rstrip()
            if rest.endswith(","):  # `une réalisatrice, la Roumaine Ana Pop`
                earlier = _description_before(rest[:-1] + " ")
                if earlier is not None and _closed_after(para, end, sentence.end):
                    self._tie(name, earlier, sentence)
        elif text.rstrip().endswith(",") and _closed_after(para, end, sentence.end):
            head = text.rstrip()[:-1] + " "
            earlier = _description_before(head)  # `le ministre, Jean Dupont,`
            if earlier is not None and not _governed(head[: len(head) - len(earlier[3])]):
                self._tie(name, earlier, sentence)
        after = para[end : sentence.end]
        match = re.match(r"\s*[,(]\s*([^,;:()«»“”\"]{2,80}?)\s*(?:[,;:)]|\.?$)", after)
        if match:
            tied = _description_after(match.group(1))
            if tied is not None:
                self._tie(name, tied, sentence)

    def _tie(self, name: str, tied: tuple[str | None, str, str, str], sentence) -> None:
        gender, phrase, head, written = tied
        passage = " ".join(sentence.text.split())
        self.ties.append(Tie(name, phrase, head, sentence.index, passage))
        other = re.search(r"\set\s+((?:de|du|des|d['’])\s*\S.*)$", written.strip())
        if other:  # `le patron de Tesla et de SpaceX` is also `le patron de SpaceX`
            parsed = describe(f"le {head} {other.group(1)}")
            if parsed is not None and parsed[1] != phrase:
                self.ties.append(Tie(name, parsed[1], head, sentence.index, passage))
        if gender:
            self._set_gender(name, gender)

    def _set_gender(self, name: str, gender: str | None) -> None:
        if name in self.genders and self.genders[name] != gender:
            self.genders[name] = None  # the text disagrees with itself: say nothing
        else:
            self.genders[name] = gender


def _grouped(items: list[_T], key: Callable[[_T], _K]) -> dict[_K, list[_T]]:
    """Items by key, each list in the items' order."""
    by: dict[_K, list[_T]] = {}
    for item in items:
        by.setdefault(key(item), []).append(item)
    return by


def _tie_index(ties: list[Tie], key: Callable[[Tie], str]) -> dict[str, tuple[list[int], list[Tie], int]]:
    """key → (sentences of its ties, its ties, in reading order; how many come before the first
    tying it to a second person, or all of them)."""
    index: dict[str, tuple[list[int], list[Tie], int]] = {}
    for tie in ties:
        sentences, tied, second = index.get(key(tie), ([], [], 0))
        if second == len(tied) and (not tied or tie.name == tied[0].name):
            second += 1
        sentences.append(tie.sentence)
        tied.append(tie)
        index[key(tie)] = (sentences, tied, second)
    return index


def describe(np: str) -> tuple[str | None, str, str] | None:
    """(gender, folded phrase, head) of a description as written (`la jeune réalisatrice`), or None
    when it is no description (no determiner, a name, a clause)."""
    words = [w.strip("’'.") for w in _WORD.findall(np.replace("’", "'").replace("'", "' "))]
    words = [w for w in words if w]
    if len(words) < 2:
        return None
    det = fold(words[0]).lower()
    if det not in _DETERMINER_GENDER:
        return None
    body: list[str] = []
    for word in words[1:]:
        folded = fold(word).lower()
        if folded.startswith("ex-") and len(folded) > 5:
            folded = folded[3:]  # `l'ex-PDG`, `l'ex-ministre`: the role, as `l'ancien ministre`
        if word.lower() != "à" and (folded in _CLAUSE or (body and VERB_RE.fullmatch(folded))):
            break  # right after the determiner a verb form is a noun: `l'accusé`
        demonym = not body and _demonym(word, det)
        complement = bool(body) and (body[-1] in _COMPLEMENT | {"l"} or (  # `de la Transition écologique`
            len(body) >= 2 and body[-1] in ("la", "le", "les") and body[-2] in _COMPLEMENT))
        if word[:1].isupper() and not complement and folded not in STOP_CAPS and not demonym:
            if not (word.isupper() and len(word) <= 5):  # PDG, CEO: a role, not a name
                break
        if word[:1].isdigit() or (body and folded in _CIRCUMSTANCE):
            break  # `l'accusé lundi`, `l'accusé au 5e jour de son procès`: the role ends there
        body.append(folded)
    if len(body) > 2 and body[0] in ("un", "une") and body[1] in _COMPLEMENT:
        body = body[3:] if body[2] in _DETERMINER_GENDER else body[2:]  # `l'un de ses avocats`
    content = [w for w in body if w not in _ADJECTIVES]
    if content and content[0] in _COMPLEMENT and body[0] in _ADJECTIVES:
        content = [body[0]]  # `l'ancien de Google`
    if not content or content[0] in _COMPLEMENT:
        return None
    head = _singular(content[0])
    if not head.isalpha() or len(head) < 3:
        return None
    phrase = " ".join(content[: 4])
    gender = _DETERMINER_GENDER[det]
    if gender is None and head.endswith(_FEMININE_ENDINGS):
        gender = "f"  # `l'accusée`, `son avocate`, `l'ancienne directrice`: the agreement says it
    return gender, phrase, head


def _description_before(text: str) -> tuple[str | None, str, str, str] | None:
    """The description that `text` (the words right before a name) ends with, with the text it
    spans: `… le milliardaire ` → ('m', 'milliardaire', 'milliardaire', 'le milliardaire ')."""
    tokens = list(re.finditer(r"[\w’'-]+|[^\w\s]", text))
    if not tokens or fold(tokens[-1].group().replace("’", "'")).lower().rstrip("'") in _LINKS:
        return None  # `la présidence avec X`, `la colère d'X`: the name is a complement
    start, i = None, len(tokens) - 1
    while i >= 0:
        word = tokens[i].group().replace("’", "'")
        folded = fold(word).lower()
        if not word[:1].isalnum():
            break
        before = fold(tokens[i - 1].group().replace("’", "'")).lower() if i else ""
        if folded in ("du", "des", "au", "aux") and i:
            i -= 1
            continue  # `la présidente du groupe`: a complement, the head is further back
        if folded in _DETERMINER_GENDER or folded.startswith("l'"):
            start = tokens[i].start()
            if before in _COMPLEMENT or before.startswith("d'"):
                i -= 1
                continue  # `le président de la cour`: the head is further back
            break
        if folded in _CLAUSE or VERB_RE.fullmatch(folded):
            break
        if word[:1].isupper() and folded not in STOP_CAPS and not (word.isupper() and len(word) <= 5):
            if _demonym(word, before):
                i -= 1
                continue  # `la Chilienne`, `le Boulonnais`
            earlier = fold(tokens[i - 2].group()).lower() if i >= 2 else ""
            if not (before in _COMPLEMENT or before.startswith("d'") or folded.startswith("d'")
                    or (before in ("la", "le", "les") and earlier in _COMPLEMENT)):  # `de la Transition`
                return None  # a name inside: `le patron Jean …`, not a description
        i -= 1
    if start is None:
        return None
    phrase_text = text[start:]
    parsed = describe(phrase_text)
    if parsed is None:
        return None
    partitive = re.match(r"l['’]une?\s+d", phrase_text)  # `l'un de ses avocats, X`
    if not partitive and parsed[2] in RELATIONAL and re.search(r"\s(?:de|du|des|d['’])", phrase_text):
        return None  # `la fille de l'acteur X`, `l'avocat de la famille X`: whose is unclear
    return (*parsed, phrase_text)


def _description_after(chunk: str) -> tuple[str | None, str, str, str] | None:
    """An apposition after a name: `PDG d'OpenAI`, `le président de l'association`, `39 ans` (None)."""
    chunk = chunk.strip()
    words = chunk.split()
    if not words or len(words) > 10:
        return None
    folded = fold_keep_len(chunk).lower()
    coordinated = {i for i, w in enumerate(words[:-1])
                   if w == "et" and re.match(r"(?:de|du|des|d['’])(?!\w)", fold(words[i + 1]).lower())}
    # a verb form right after the determiner is the noun (`l'accusé`); anywhere else, a clause
    verb = any(not re.fullmatch(r"\s*(?:l'|l’|le\s|la\s|les\s|un\s|une\s)\s*", folded[: v.start()])
               for v in VERB_RE.finditer(folded))
    if any(w.lower() != "à" and i not in coordinated and fold(w).lower().strip(",.") in _CLAUSE
           for i, w in enumerate(words)) or verb:  # `patron de Tesla et de SpaceX` is one
        return None
    first = words[0]
    if first[:1].isupper() and not (first.isupper() and len(first) <= 5):
        return None
    if fold(first).lower() in _LINKS - {"le", "la", "les", "l", "un", "une"}:
        return None  # `…, pour son premier film`: a complement, not an apposition
    parsed = describe(chunk if fold(first).lower().rstrip("'’") in _DETERMINER_GENDER or "'" in first[:2]
                      else "le " + chunk)
    if parsed is None:
        return None
    gender, phrase, head = parsed
    if fold(first).lower() not in _DETERMINER_GENDER:
        gender = None  # `PDG d'OpenAI` says no gender
    return gender, phrase, head, chunk


def _complement(phrase: str) -> str | None:
    """What a folded phrase says after its head noun (`de la cour` in `president de la cour`), or
    None when it says nothing more (`realisatrice`, `realisatrice de` cut at a number)."""
    rest = phrase.split()[1:]
    return " ".join(rest) if any(w not in _LINKS for w in rest) else None


def _governed(before: str) -> bool:
    """The words before a description end with a preposition: `Durant toute la campagne, X, …` opens
    with a circumstance, not an apposition to X."""
    words = re.findall(r"[\w'’-]+", before)
    return bool(words) and fold(words[-1]).lower() in _GOVERNING


def _closed_after(para: str, end: int, sentence_end: int) -> bool:
    """The name is followed by a comma, a bracket or the sentence's end: an apposition, not a subject."""
    rest = para[end:sentence_end].lstrip()
    return not rest or rest[0] in ",.;)"


def _demonym(word: str, before: str) -> bool:
    """A capitalized noun of origin right after a determiner: `la Chilienne`, `le Boulonnais`."""
    return before in ("le", "la", "les", "l'", "un", "une") and bool(DEMONYM.search(fold(word).lower()))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith(("s", "x")) and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def _looks_like_organisation(name: str) -> bool:
    """`Fédération des promoteurs`, `Cour de cassation`: a capital, then lowercase words."""
    words = name.split()
    return any(w[:1].islower() and w not in ("de", "du", "des", "d'", "van", "von", "da", "di", "del", "le")
               for w in words[1:])


def role_word(word: str) -> bool:
    """A folded lowercase noun naming a person: `selectionneur`, `maire`, `technicienne`."""
    if word in RELATIONAL or _NOT_PERSON_SUFFIX.search(word):
        return False
    return word in _PERSON_NOUNS or bool(_PERSON_SUFFIX.search(word))
