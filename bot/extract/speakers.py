"""Who said a quotation: the name the text states, or None.

Patterns, tried in this order (`Article` text, folded for matching, original for names):

after the quote
    « … », a déclaré Elon Musk          « … », déclare le ministre, Bruno Le Maire
    « … », selon Didier Deschamps        « … », a réagi l'entraîneur Didier Deschamps
    « … », clame-t-il / a-t-elle ajouté  (pronoun: see below)
    "…", said Elon Musk / he said
before the quote
    Elon Musk a déclaré : « … »          Altman a déclaré que « … »
    Sam Altman, PDG d'OpenAI, a dit « … » il a aussi une justification : « … »
    Selon Sam Altman, « … »              Pour Didier Deschamps, « … »
    X a estimé que la réforme était « … » (a partial quote after `verb … que`)
    X a « demandé pardon »               (a partial quote opening on its speech verb)
    Pour X, si … « … », …                La lettre de X aux élus donnait le ton : « … »
    Pour lui, … « … »                    Et d'ajouter : « … » (whoever spoke just before goes on)
    « … », explique-t-on chez Renault    Du côté de la SNCF, on reconnaît que « … »

A pronoun (il, elle, lui) is the speaker of the last attributed quote earlier in the
same sentence, else the named subject of the same sentence's earlier clause, else the
named subject (or last attributed speaker) of the previous sentence (one paragraph back
at most; through at most two pronoun subjects). The named subject may be an
organisation written with a determiner of the pronoun's gender (`La SNCF a annoncé …
« … », précise-t-elle`; not `Microsoft …, a-t-il dit`) when no person is named there. An untied description (`le ministre`) stops the search: None. Where the
article states a person's gender, a pronoun of the other gender is nobody.

A definite description that is the quote's own cue (`« … », a dit l'accusé`, `le
milliardaire a réagi : « … »`) and that the article never tied to a name goes to the
person just named as a sentence subject or just quoted, in this sentence or the one
before: the one person named there, else the speaker of the quote just before when nobody
is named, else the one subject quoted there among objects named; of
the role's gender when both are known; else None. The role is then tied to them.

`le premier`, `la seconde` are one of two people just named (the last sentence naming
anyone names exactly two); a noun for an organisation (`précise l'opérateur`) is the
organisation quoted last, else the one named as a sentence subject (`Enedis a coupé …`),
in this paragraph or the one before.

A description followed by a name (`l'entraîneur Didier Deschamps`, `le ministre de
l'Économie, Bruno Le Maire`, `le député (LR) du Lot, Aurélien Pradié`) gives the name;
names after a preposition (`le patron de Microsoft`, `à Emmanuel Macron`) are not
speakers. Two names joined by `et` are two speakers: None. A medium between the verb and
the name is skipped (`confie à L'Équipe Kylian Mbappé`, `a déclaré au Parisien X`).

French press forms also read: `s'est félicitée X` (agreed participles after être),
`nous confie-t-il`, `fait valoir X`, `« … » : c'est ainsi que X résume …`,
`…, saluant « … »` (a participle continues the sentence's speaker), an agency
dateline (`Kiev (AFP) - `) before a subject, a participle clause or `Côté X,` before it
(`Interrogée par l'AFP, Marie Durand …`), and a colon after a time or place phrase
(`X a rappelé leur rencontre, en 2014 à Cannes : « … »`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from bot.extract import parser
from bot.extract.dates import WEEKDAYS
from bot.extract.marks import outside_quotes, quote_spans
from bot.extract.names import DEMONYM, PERSON, STOP_CAPS, AliasTable, fold_keep_len, names_in, single_capitals
from bot.extract.people import RELATIONAL, Mention, People, describe, role_word
from bot.extract.verbs import ADVERBS, AUX, CLITIC, INFINITIVE, PLURAL, VERB, VERB_AFTER_ETRE, VERB_INVERTED, VERB_RE
from bot.text import fold

# --- words (folded) ---

_PREPOSITIONS = frozenset(
    "a au aux de du des d dans sur sous devant derriere chez pour par avec contre entre vers "
    "lors pendant depuis apres avant selon face aupres envers malgre parmi via en".split()
)
_DETERMINERS = frozenset("le la les l un une son sa ses leur leurs ce cet cette ces notre votre".split())
_INTRO_WORDS = _PREPOSITIONS | frozenset(
    "et mais or donc puis ensuite enfin alors ainsi aussi pourtant cependant toutefois neanmoins "
    "quant lorsque quand si comme tandis bien meme outre concernant aujourd hier demain desormais "
    "deja encore toujours jamais parfois souvent soudain finalement surtout notamment d'ailleurs "
    "certes evidemment bref ici la-bas cote "  # "Côté marseillais, Gennaro Gattuso …"
    "qui dont".split()  # a relative clause between commas: "…, qui criaient des bravos, Ian Brossat …"
)
_CONNECTORS = frozenset("et mais puis or donc alors ensuite enfin aussi pourtant cependant".split())
_TIME_NOUNS = frozenset(
    "jour jours lendemain veille matin soir nuit semaine mois annee an fois heure moment week-end weekend".split()
) | frozenset(WEEKDAYS)
_VERB_START = frozenset(
    "a ont avait avaient aura aurait auraient eut ait est sont etait fut va vont vient doit "
    "ne n y lui leur se s".split()
)
_HONORIFIC = re.compile(r"^(?:M\.|MM\.|Mme|Mmes|Mlle|Me|Dr|Pr|Mgr)\s+(?=[A-ZÀ-ÖØ-Þ])")
_NP_STOP = re.compile(
    r"[.;!?:«“\"(]|\s(?:qui|que|qu'|dont|lors|lorsque|alors|avant|apres|pendant|mais|car|parce|"
    r"tandis|en|dans|sur|devant|depuis)\b"
)
# An agency dateline opening a dispatch: `Kiev (AFP) - `, `PARIS, 3 juin (Reuters) – `.
_DATELINE = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][^()\n]{0,60}?\((?:AFP|Reuters|AP|ATS|Belga|DPA|ANSA|Xinhua)\)\s*[-–—]\s*"
)
_HEAD_DETERMINERS = frozenset("le la l les un une".split())
# Words after a name that do not open its verb: `le maire Paul Roux et son adjoint`, `X en visite`.
_NOT_A_VERB = _PREPOSITIONS | _DETERMINERS | frozenset("et ou qui que qu dont and lui-meme elle-meme".split())
_BRACKETS = re.compile(r"\([^()]{0,60}\)")
# A medium after a speech verb, then the speaker: `à L'Équipe`, `au Parisien`, `sur RTL`.
_MEDIUM = re.compile(
    r"^(?:à|a|au|aux|sur|dans)\s+(?:[lL]['’]\s*|[lL]e\s+|[lL]a\s+|[lL]es\s+)?(?P<medium>[A-ZÀ-ÖØ-Þ][\w'’-]*)"
    r"(?:\s+\d+)?\s+(?=[A-ZÀ-ÖØ-Þ])"
)
_HONORIFIC_DOT = re.compile(r"\b(?:m|mm|dr|pr|mgr)\.(?=\s)")
_PRONOUN_NP = re.compile(r"^(?:lui|elle|lui-meme|elle-meme)\b")

CUE_CHARS = 80  # a cue longer than this is cut with an ellipsis
# Words standing for the person named just before (folded): `ce dernier`, `celui qui a …`.
_SAME_AS_BEFORE = re.compile(r"(?:ce\s+dernier|cette\s+derniere|celui-ci|celle-ci|celui\s+qui|celle\s+qui)(?![\w-])")
_MONTHS = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
_WEEKDAYS = "|".join(WEEKDAYS)
# A time phrase between a speech verb and its subject: `a tranché mercredi 22 mars X`, `a indiqué hier X`.
_TIME_LEAD = re.compile(
    rf"^\s*(?:(?:ce|cet)\s+)?(?:(?:{_WEEKDAYS}|hier|aujourd'hui|aujourd’hui|matin|soir)"
    rf"(?:\s+(?:matin|soir|midi|après-midi|dernier|prochain))?(?:\s+\d{{1,2}}(?:er)?(?:\s+(?:{_MONTHS}))?(?:\s+\d{{4}})?)?"
    rf"|le\s+\d{{1,2}}(?:er)?\s+(?:{_MONTHS})(?:\s+\d{{4}})?)\s*,?(?=\s)",
    re.IGNORECASE,
)
# How someone spoke, between the verb and the speaker: `a déclaré, très émue, la réalisatrice`.
_MANNER = re.compile(
    r"^\s*,?\s*(?:(?:très|visiblement|particulièrement|manifestement|un\s+peu|toujours|encore|tout)\s+)?"
    r"(?:émue?s?|agacée?s?|amusée?s?|ravie?s?|souriante?s?|furieux|furieuse|déçue?s?|enthousiastes?|"
    r"inquiète?s?|inquiets?|soulagée?s?|touchée?s?|sobrement|fièrement|prudemment|calmement|"
    r"amère?s?|amers|lucides?|fatalistes?|philosophes?|résignée?s?|confiante?s?|prudente?s?|sereine?s?|"
    r"optimistes?|pessimistes?|ironiques?|sévères?|laconiques?|catégoriques?|sceptiques?|dépitée?s?|"
    r"hilares?|fière?s?|fiers|modestes?|pragmatiques?|songeuse?s?|songeurs?|lucidement|posément)\s*,?(?=\s)",
    re.IGNORECASE,
)
# `le`, `la` or `l'` opening a noun phrase.
_THE = r"(?:[lL][ea]\s+|[lL]['’]\s*)"
_THE_INSIDE = r"(?:l[ea]\s+|l['’]\s*)"  # lowercase only: inside a sentence, where `Le Monde` is a title
# An organisation written with its acronym: `la Fédération des promoteurs immobiliers (FPI)`.
_ORGANISATION = re.compile(
    rf"^{_THE}(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s+(?:[a-zà-ÿ][\w-]*|d['’]\w+|l['’]\w+)){{0,5}}?)"
    r"\s*\([A-ZÀ-ÖØ-Þ]{2,8}\)"
)
# One capitalized name after an article, ending the noun phrase: `selon le RéNaSS`, `l'Agreste`.
_ARTICLE_NAME = re.compile(rf"^{_THE_INSIDE}(?P<name>[A-ZÀ-ÖØ-Þ][\w-]*\w)(?=\s*$)")
# The same as a subject, before its verb: `la SNCF a prévenu`, `l'Insee estime`.
_ARTICLE_SUBJECT = re.compile(rf"^{_THE}(?P<name>[A-ZÀ-ÖØ-Þ][\w-]*\w)\s+(?P<verb>[\w'’]+)")
# A kind of organisation, then its name: `l'organisation féministe UltraViolet`, `le syndicat Force ouvrière`.
_ORG_KIND = (
    rf"^{_THE}(?:organisation|association|fédération|syndicat|agence|société|entreprise|"
    r"groupe|ONG|institut|ministère|collectif|fondation|banque|compagnie|start-up|plateforme|autorité|"
    r"commission|parti|club|mouvement|cabinet|laboratoire|observatoire|réseau|service)"
    r"(?:\s+[a-zà-ÿ][\w-]*){0,2}\s+(?P<name>[A-ZÀ-ÖØ-Þ][\w-]*\w(?:\s+[A-ZÀ-ÖØ-Þ][\w-]*\w)*)"
)
_DESCRIBED_ORG = re.compile(_ORG_KIND + r"\s*$")
_DESCRIBED_ORG_SUBJECT = re.compile(_ORG_KIND + r"(?![\w-])")  # `La société Veolia précise`
# A word or phrase quoted as what someone called a thing: `qualifié de « … »`, `le décrivant comme « … »`.
_NAMING = re.compile(
    r"(?:qualifi|traite|traitant|surnomm|baptis)\w*\s+(?:[\w'-]+\s+){0,4}?(?:de|d')\s*$"
    r"|(?:qualifi|decri|present|considere|considerant)\w*\s+(?:[\w'-]+\s+){0,4}?comme\s*$"
)
# An article and one capitalized name opening a noun phrase: `la SNCF précise`, `l'Insee`.
_ARTICLE_LEAD = re.compile(rf"^{_THE_INSIDE}(?P<name>[A-ZÀ-ÖØ-Þ][\w-]*\w)(?![\w'’-])")
# A text someone wrote, as a sentence's subject: `la lettre de X`, `le communiqué du Sdis`.
_AUTHORED = re.compile(
    rf"^(?:{_THE}|[uU]ne?\s+|[sS](?:on|a)\s+)"
    r"(?:lettre|message|communiqué|courrier|courriel|mail|e-mail|tweet|post|publication|texte|note|"
    r"déclaration|discours|présentation|réponse|plainte|requête|rapport|avis|allocution|mémo|billet|tribune)s?"
    r"(?=\s)"
)
# A title, then a surname the article wrote in full elsewhere: `la juge McCormick`, `l'entraîneur Deschamps`.
_TITLED_SURNAME = re.compile(
    r"^(?:(?:de\s+)?(?:le|la)\s+|(?:de\s+)?l['’]\s*)(?:[a-zà-ÿ][\w-]*|Dre?|Pre?)\.?(?:\s+[a-zà-ÿ][\w-]*){0,2}\s+"
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w-]*\w)\s*$"
)
# Titles that name a person with their surname alone (folded): `le Dr Martin`, `le général Roux`,
# `la juge Durand`, `le ministre Darmanin`.
_TITLE = re.compile(
    r"(?:le|la)\s+(?:dre?|pre?|docteure?|professeure?|general|generale|colonel|commandant|capitaine|"
    r"commissaire|lieutenant|adjudant|abbe|pasteur|rabbin|imam|cardinal|eveque|juge|presidente?|ministre|"
    r"maire|deputee?|senat(?:eur|rice)|prefete?|procureure?|chanceli(?:er|ere)|selectionneur|entraineur)\.?\s+[a-z][\w-]*\s*$"
)
# Nouns that stand for an organisation: `l'organisme`, `l'entreprise`, `le groupe`.
_ORGANISATION_NOUNS = frozenset(
    """
    organisme institut entreprise societe groupe association agence federation syndicat ministere service
    reseau ong compagnie constructeur operateur plateforme laboratoire observatoire collectif parti club
    fondation autorite commission banque firme start-up gouvernement prefecture mairie
    parquet tribunal cour police gendarmerie hopital chu universite ecole rectorat municipalite ville
    commune conseil departement region equipe direction justice armee ambassade
    """.split()
)
# Roles of the other party where someone is tried, questioned or hurt: `a requis le procureur`
# after naming the accused is not the accused. They never borrow the subject just named.
_OTHER_PARTY = frozenset(
    """
    procureur procureure juge juges magistrat magistrate enqueteur enqueteurs enqueteuse policier
    policiers policiere gendarme gendarmes temoin temoins victime victimes plaignant plaignante
    partie
    """.split()
)
# Nouns of a description by kind rather than office (`la jeune femme`, `le retraité`): see `_epithet`.
_EPITHETS = frozenset("homme femme fille retraite retraitee adolescent adolescente garcon fillette natif native".split())
# Roles of the one tried or arrested: the object of the sentence that names them (`a condamné X`).
_TRIED = frozenset("accuse accusee prevenu prevenue suspect suspecte condamne condamnee".split())
# Someone harmed by another, whom a role or an epithet next may stand for (folded).
_HARMED = re.compile(
    r"(?<!s')(?<!se\s)\b(?:a|ont|avait|avaient|est|sont)\s+(?:ete\s+)?(?:agress|attaqu|frapp|bless|tue|poignard|viol|vole|menace|"
    r"insult|harcel|braque|renvers|percut|enlev|sequestr|escroqu)\w*"
    r"|\b(?:mort|morte|decede|decedee|disparu|disparue|retrouvee?\s+morte?)\b"
)
# What is done to the one tried or arrested (folded): `a condamné X`, `X a été mis en examen`.
_TRIAL = re.compile(
    r"\b(?:condamn|inculp|interpell|arret[eé]|incarcer|ecrou|relax|acquitt|mis\s+en\s+examen|"
    r"mise\s+en\s+examen|place\w*\s+en\s+garde\s+a\s+vue|poursuivi)\w*"
)
# A verb of reply: the role answers the one quoted before, so it is someone else.
_REPLY = re.compile(r"\b(?:repond|retorqu|repliqu|ripost|object|contest|contredi|dement)\w*")
# The narrative infinitive, after `et` (stripped as a connector): `Et d'ajouter :`, `Et de conclure :`.
_NARRATIVE = re.compile(rf"(?:de\s+|d'){INFINITIVE}\s*$")
# Where `on` speaks from: `chez Renault`, `du côté de la SNCF`, `côté Enedis` (folded).
_ON_PLACE = re.compile(r"^\s*,?\s*(?:chez|du\s+cote\s+(?:de\s+|du\s+|d')|cote\s+)")
# One capitalized word, then a singular speech verb: `Météo-France prévient`, `Renault a annoncé`
# (folded); `Policiers ont indiqué` is any plural noun opening a sentence.
_SINGLE_SUBJECT = re.compile(
    rf"(?P<name>[\w-]*\w)\s+(?:l'|le\s+|la\s+|les\s+)?(?:(?:a|avait)\s+(?:{ADVERBS}\s+)*)?(?P<verb>{VERB})"
)  # `Renault l'assure :`
_CAPITALISED = re.compile(r"(?<![\w-])([A-ZÀ-ÖØ-Þ][\w-]*)(?![\w-])")
# What introduces a witness named by a first name alone: `Jean, un habitant`, `Léa, 34 ans`.
_VOX_POP = re.compile(r"\s*(?:un|une|l['’]une?)\s|\s*\d+\s*ans\b")
# `le premier`, `la seconde`: one of two people just named.
_ORDINAL = re.compile(r"(le|la)\s+(premiere|premier|seconde|second|deuxieme)(?![\w-])")
# `le principal concerné`, `l'intéressée`: the person the story is about, often not the one just quoted.
_TOPIC_NOUNS = frozenset("concerne concernee interesse interessee".split())
# `qui` opening a speech clause: `…, qui indique que`, `X qui lui demande`.
_RELATIVE = re.compile(r"qui\s+(?:(?:nous|lui|leur|me|m'|vous|y)\s+)?(?:a\s+|avait\s+)?\w")
# Nobody named: `un salarié`, `une voisine`, `l'un d'eux`, `des habitants`, `une source proche du dossier`.
_ANONYMOUS = re.compile(
    rf"(?:{VERB}|selon|d'apres)\s+(?:[\w'-]+\s+){{0,2}}?"
    r"(?:un|une|l'un|l'une|des|plusieurs|certains|certaines|quelqu'un)\s+[\w'-]+(?:\s+[\w'-]+){0,5}$"
)

# Participles left out of the speech verbs as too often nouns (`une demande`, `le poste`), and
# unambiguous right after an inverted auxiliary: `a-t-elle publié`, `a-t-il demandé`.
_AMBIGUOUS_PARTICIPLE = r"(?:publie|poste|demande|note)(?![\w-])"
_POST_PRONOUN = re.compile(
    rf"^\s*,?\s*(?:[-–—]\s*)?{CLITIC}?(?:"
    rf"(?:a[-\s]t|avait|avaient|ont|aurait|auraient|eut)-(il|elle|ils|elles|on)\s+(?:{ADVERBS}\s+)*(?:s'|se\s+)?"
    rf"(?:{VERB}|{_AMBIGUOUS_PARTICIPLE})"  # after `a-t-elle`, `publié` can only be the verb
    rf"|(?:s'est|s'etait|se\s+sont|s'etaient)-(il|elle|ils|elles|on)\s+(?:{ADVERBS}\s+)*{VERB_AFTER_ETRE}"
    rf"|(?:s'|se\s+)?{VERB_INVERTED}"
    rf"|(he|she|they)\s+(?:{AUX}\s+)?{VERB}"
    rf")"
)
_POST_NAMED = re.compile(
    rf"^\s*,?\s*(?:[-–—]\s*)?{CLITIC}?(?:"
    rf"(?:s'est|s'etait|se\s+sont|s'etaient)\s+(?:{ADVERBS}\s+)*{VERB_AFTER_ETRE}"
    rf"|(?:{AUX}\s+(?:{ADVERBS}\s+)*)?(?:s'|se\s+)?{VERB}"
    rf")(?:\s*,(?=[^,;:.«»]{{1,30}},))?\s+(?:{ADVERBS}\s+)*"  # `déplore, amer, X`, `a dit, lundi 4 mars, X`
)
_POST_AINSI = re.compile(
    r"^\s*:\s*c'est\s+(?:ainsi|en\s+ces\s+termes|par\s+ces\s+mots|avec\s+ces\s+mots)\s+qu(?:e\s+|')"
)
_POST_READ = re.compile(
    r"^\s*,?\s*(?:peut-on|pouvait-on|lit-on|pourra-t-on|a-t-on\s+pu)\s+lire\s+(?:dans|sur)\s+"
    r"(?:le|la|l'|un|une|son|sa|ce|cette)\s*[\w-]+(?:\s+[\w-]+){0,4}\s+(?:de|du|des|d')\s*"
)
_POST_SELON = re.compile(
    r"^\s*,?\s*(?:selon|d'apres|according\s+to|pour\s+reprendre|dixit)\s+"
    r"(?:les\s+(?:mots|termes|propos|paroles)\s+(?:de\s+|d'))?"  # `selon les mots de X`
)
_SELON_LEAD = re.compile(r"^(?:selon|d'apres|pour|according\s+to)\s+")
_COMPLEMENT_START = frozenset("a au aux devant sur dans lors aupres to".split())
# An auxiliary ending the words before a quotation, and a quotation opening on a past participle of
# speech: `X a « demandé pardon »`, `ils ont « dénoncé un scandale »` (`demandé` is unambiguous there).
_AUX_END = re.compile(r"(?:^|\s)(?:a|ont|avait|avaient|aurait|auraient)\s*$")
_SPEECH_OPENS = re.compile(rf"(?:demande|{VERB})(?![\w-])")
# A relative opening someone's view: `X, selon lequel « … »`, `X, pour qui « … »` (folded).
_RELATIVE_VIEW = re.compile(r"(?:selon|pour|d'apres)\s+(?:lequel|laquelle|lesquels|lesquelles|qui)$")
# Speech verbs that are not speech before a thing: `a lancé un projet`, `a avancé la date` (folded).
_NOT_SPEECH = re.compile(r"\b(?:lanc|avanc|relev|point)\w*\s+(?:un|une|des|le|la|les|l'|son|sa|ses|leur|leurs)\b")
# A topic set before the clause: `Quant à X, elle …` (folded).
_QUANT_A = re.compile(r"\s*(?:quant\s+a|pour\s+ce\s+qui\s+est\s+de|du\s+cote\s+de|cote)\s+")
# `comme l'a rappelé X`, `comme le dit X` (folded), before or after the quotation.
_AS_SAID = re.compile(rf"^\s*,?\s*comme\s+(?:l'|le\s+)?(?:a\s+|avait\s+)?(?:{ADVERBS}\s+)*{VERB}\s+(?:{ADVERBS}\s+)*")
# Someone's view, as a pronoun gives it (folded): `À ses yeux, …`, `De son point de vue, …`.
_HIS_VIEW = re.compile(r"\s*(?:a\s+ses\s+yeux|de\s+son\s+point\s+de\s+vue|a\s+son\s+avis|a\s+l'entendre)\s*")
# A medium quoting someone, after the quote's cue (folded): `rapporte Le Parisien, citant X`.
_CITING = re.compile(r"^[^«»“”\"]{0,60}?,\s*(?:citant|qui\s+cite)\s+")
# English prose puts the name before the verb: `"…," Sam Altman said`.
_ENGLISH_SAID = re.compile(
    r"\s+(?:has\s+|had\s+)?(?:said|says|told|tells|added|adds|wrote|writes|tweeted|posted|explained|insisted|"
    r"noted|replied|stated|declared|argued|warned|recalled)(?![\w-])"
)
# `c'est que …`, `sauf que …` opening a main clause, before its subject.
_CLEFT = re.compile(
    r"(?:[cC]['’]est\s+(?:bien\s+|donc\s+|surtout\s+|alors\s+)?|[sS]auf\s+|[tT]oujours\s+est-il\s+|[rR]este\s+)"
    r"qu(?:e\s+|['’]\s*)"
)
# A nickname in quotation marks as a subject, and the word after it: `« DD » a confirmé`.
_NICKNAME = re.compile(r"[«“\"]\s*([^»”\"]{1,30}?)\s*[»”\"]\s+([\w'’-]+)")
# A noun of speech opening a verbless lead, and whose it is: `Réaction de X :`, `Même constat pour X :`,
# `Commentaire de l'économiste X :` (folded).
_SPEECH_NOUN = re.compile(
    r"^(?:meme\s+)?(?:(?:la|le|les|l')\s*)?(?:mots|propos|paroles|reaction|reponse|commentaire|explication|analyse|verdict|constat|"
    r"avertissement|mise\s+en\s+garde|aveu|confidence|temoignage|conclusion|precision|justification|"
    r"plaidoyer|regret|rappel|confirmation|promesse|diagnostic|son\s+de\s+cloche|ton|mot\s+d'ordre|"
    r"credo|leitmotiv|reproche|critique|appel|replique|riposte)s?\s+(?P<link>de\s+|du\s+|d'|chez\s+|pour\s+|cote\s+)"
)
# Speech told before its subject: `C'est ce qu'a affirmé X :`, `comme l'a rappelé X :` (folded).
_TOLD_BY = re.compile(
    rf"^(?:c'est\s+|voici\s+|voila\s+)?(?:ce\s+qu(?:e\s+|')|comme\s+(?:l'|le\s+)?|ainsi\s+que\s+(?:l'|le\s+)?)"
    rf"(?:a\s+|avait\s+)?(?:{ADVERBS}\s+)*{VERB}\s+"
)
# Words of a sentence of narration that introduce what its subject says next, as a speech verb
# does: `X est formel.`, `X ne mâche pas ses mots.`, `X hausse le ton.` (folded).
_STANCE = re.compile(
    r"\b(?:est|etait|se\s+dit|se\s+montre|se\s+veut|reste|demeure|se\s+declare)\s+(?:tres\s+|plus\s+|bien\s+)?"
    r"(?:formel|categorique|clair|affirmatif|ferme|optimiste|pessimiste|confiant|inquiet|rassurant|"
    r"sceptique|prudent|lucide|serein|amer|remonte|furieux|furieuse|indigne|sans\s+appel)(?:e|s|es)?\b"
    r"|\bne\s+mache\s+pas\s+ses\s+mots|\bne\s+decolere\s+pas|\bhausse\s+le\s+ton|\bn'en\s+demord\s+pas"
    r"|\bne\s+cache\s+pas\s+(?:sa|son|ses)\s+\w+|\btire\s+la\s+sonnette\s+d'alarme"
)
_QUE_END = re.compile(r"(?:^|\s)(?:que|qu')\s*$")


@dataclass(frozen=True)
class Subject:
    kind: str  # name | pronoun | desc | verb | narrative | plural | none
    name: str | None = None
    text: str = ""  # a description as written: `le milliardaire`


@dataclass(frozen=True)
class Said:
    """A speaker, how the text names them, and the passage where their name is written."""

    name: str
    kind: str  # named | pronoun | description | follow-on | tweet
    evidence: str = ""


NONE = Subject("none")


@dataclass
class Sentence:
    index: int  # in the whole article
    para: int
    start: int  # offsets in the paragraph
    end: int
    text: str


@dataclass
class Attribution:
    speaker: str | None
    introduced: bool  # a colon or a speech verb right before or after the quote
    cue: str | None = None  # the words that name the speaker, as written: `a-t-il ajouté`
    kind: str | None = None  # Said.kind, or `anonymous` for `un salarié`
    evidence: str | None = None  # for a pronoun or a description: where the name was found
    naming: bool = False  # introduced only as what someone called a thing: `qualifié de « … »`


@dataclass
class Speakers:
    """Attribution for one article: names, its sentences, and the quotes attributed so far."""

    aliases: AliasTable
    surnames: dict[str, str]
    sentences: list[Sentence]
    people: People | None = None
    renamed: dict[str, str] = field(default_factory=dict)  # names.clean_names of the article
    attributed: dict[int, list[tuple[int, Said]]] = field(default_factory=dict)

    # --- names ---

    def resolve(self, written: str) -> str:
        written = " ".join(written.split())
        written = self.renamed.get(written, written)
        canonical = self.aliases.canonical(written)
        if canonical:
            return canonical
        if " " not in written:
            full = self.surnames.get(fold(written))
            if full:
                return self.aliases.canonical(full) or full
        return written

    def nickname(self, written: str) -> str | None:
        """The person a nickname in quotation marks stands for: a name or surname the article
        wrote in full (`« Musk »`), or initials that are theirs alone (`« DD »` for the one
        person named Didier Deschamps, `« JLM »`); else None."""
        written = " ".join(written.split())
        resolved = self.resolve(written)
        if resolved != written and self.is_person(resolved):
            return resolved
        if not re.fullmatch(r"[A-ZÀ-ÖØ-Þ]{2,4}", written):
            return None
        owners = {name for name in self.surnames.values()
                  if "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper()) == written}
        return owners.pop() if len(owners) == 1 else None

    def people_named(self, indices: list[int]) -> set[str] | None:
        """The people named outside quotations in these sentences (None: no table of the
        article's people to ask)."""
        if self.people is None:
            return None
        resolved = (self.resolve(m.name) for m in self.people.in_sentences(indices))
        return {name for name in resolved if self.is_person(name)}

    def is_person(self, name: str) -> bool:
        kind = self.aliases.kind(name)
        if kind is not None:
            return kind == PERSON
        return len(name.split()) >= 2

    def name_at_start(self, text: str, allow_single: bool) -> tuple[str, int] | None:
        """The name `text` begins with (after an honorific), and where it ends; or None."""
        offset = len(text) - len(text.lstrip())
        rest = text[offset:]
        honorific = _HONORIFIC.match(rest)
        if honorific:
            offset += honorific.end()
            rest = text[offset:]
            allow_single = True
        for start, end, name in names_in(rest, self.aliases):
            if start == 0:
                return name, offset + end
            break
        singles = single_capitals(rest)
        if singles and singles[0][0] == 0:
            word = singles[0][2]
            resolved = self.resolve(word)
            if resolved == word and self.people is not None and self.people.shared(word):
                return None  # `Léa` when the article named Léa Morel and Léa Vidal: which one is unclear
            if resolved != word or allow_single or self._quoted_before(word):
                return resolved, offset + singles[0][1]
        return None

    def _mononym(self, name: str) -> bool:
        """A one-word name quoted before that reads as a person's (`Zazie`), not an acronym or a
        brand (`SNCF`, `OpenAI`, `Météo-France`): a pronoun may stand for it."""
        return " " not in name and "-" not in name and name[1:].islower() and self.aliases.kind(name) is None \
            and self._quoted_before(name)

    def _quoted_before(self, name: str) -> bool:
        """A one-word name the article already gave a quote to: a stage name (`Zazie`), a mononym."""
        return any(said.name == name for quoted in self.attributed.values() for _, said in quoted)

    # --- clauses ---

    def chunk_subject(self, chunk: str) -> Subject:
        text = _DATELINE.sub("", chunk.strip()).lstrip("—–- \u00a0\u202f")
        while True:
            first = fold(text.split(" ", 1)[0]) if text else ""
            cleft = _CLEFT.match(text)
            if first in _CONNECTORS and " " in text:
                text = text.split(" ", 1)[1].lstrip()
            elif cleft:  # `c'est que X a confirmé …`: the clause after it has the subject
                text = text[cleft.end() :]
            else:
                break
        if not text:
            return NONE
        found = self.name_at_start(text, allow_single=False)
        if found is not None:
            name, end = found
            after = fold_keep_len(text[end:]).lower()
            if re.match(r"\s+(?:et|and)\s+\w", after) and text[end:].strip()[3:4].isupper():
                return Subject("plural")
            return Subject("name", name)
        folded = fold_keep_len(text).lower()
        pronoun = re.match(r"(?:qu'|que\s+)?(il|elle|he|she)(?![\w'])", folded)
        if pronoun:  # `il a dit`, `qu'elle a qualifié de`
            return Subject("pronoun", text=pronoun.group(1))
        if _NARRATIVE.match(folded):
            return Subject("narrative")  # `Et de conclure :`: the infinitive of press narration
        same = _SAME_AS_BEFORE.match(folded)
        if same and same.group().startswith(("celui qui", "celle qui")):
            return Subject("pronoun", text="celui")  # `Celui qui …`: the subject before, as a pronoun
        if same:  # `Celle-ci a déclaré`, `ce dernier a ajouté`: the person named last, not the subject
            return Subject("desc", text=text[: same.end()])
        head = self.head_name(text) if re.match(r"(?:le|la|les|l')\s*\w+ant\s", folded) else None
        if head:  # `L'attaquant du PSG Paul Girard s'est blessé`: a noun in -ant, then the name
            return Subject("name", head)
        if re.match(r"(?:avant\s+d(?:e\s|')|apres\s+avoir\s|sans\s|(?:en\s+)?(?:(?:le|la|les|lui|leur)\s+|l')?\w+ant\b)", folded) \
                and (folded.startswith(("avant", "apres", "sans", "en ")) or VERB_RE.match(folded.split()[-1]) or
                     re.match(r"(?:le|la|les|lui|leur|l')\s*\w+ant\b", folded)):
            return Subject("verb")  # "…, avant d'ajouter :", "en disant :" continue the sentence's speaker
        if re.match(r"(?:ils|elles|on|nous|je|j'|tu|vous)(?![\w'])", folded):
            return Subject("plural")
        first = re.split(r"[\s']", folded, maxsplit=1)[0]
        if first in _VERB_START or VERB_RE.match(folded):
            return Subject("verb")
        if text[0] in "«“\"":
            nick = _NICKNAME.match(text)
            verb = fold(nick.group(2)).lower() if nick else ""
            name = self.nickname(nick.group(1)) if _opens_verb(verb) else None
            return Subject("name", name) if name else NONE  # `« DD » a confirmé`
        head = self.head_name(text) or self.author(text)
        if head:
            return Subject("name", head)
        org = _ORGANISATION.match(text) or _DESCRIBED_ORG_SUBJECT.match(text)
        if org:  # `la Fédération des promoteurs immobiliers (FPI) a déploré`, `le groupe pétrolier Total a`
            return Subject("name", " ".join(org.group("name").split()))
        org = _ARTICLE_SUBJECT.match(text)
        verb = fold(org.group("verb")).lower() if org else ""
        if org and _opens_verb(verb):  # `la SNCF a prévenu`, `l'Insee estime`
            return Subject("name", self.resolve(org.group("name")))
        titled = re.match(r"([Ll][ea]\s+\S+\s+([A-ZÀ-ÖØ-Þ][\w-]*\w))\s+([\w'’]+)", text)
        if titled and _TITLE.match(fold_keep_len(titled.group(1)).lower()) \
                and _opens_verb(fold(titled.group(3)).lower()):
            return Subject("name", self.resolve(titled.group(2)))  # `Le général Lecointre a affirmé :`
        single = _SINGLE_SUBJECT.match(folded)
        if single and single.group("verb") not in PLURAL and self._organisation_word(text[: single.end("name")]):
            return Subject("name", self.resolve(text[: single.end("name")]))  # `Météo-France prévient :`
        if re.match(r"(?:les|des|ces|leurs|nos|vos|plusieurs|certains|certaines)\s", folded):
            return Subject("plural")
        return Subject("desc", text=text)

    def _organisation_word(self, word: str) -> bool:
        """One capitalized word before a speech verb names an organisation when it cannot be just
        any word capitalized to open a sentence, nor a place named once: the alias table knows it,
        it has a capital inside (`Météo-France`, `SNCF`, `OpenAI`), or the article writes it twice,
        once mid-sentence."""
        if not word[:1].isupper() or fold(word).lower() in STOP_CAPS or self.is_person(self.resolve(word)):
            return False
        if self.aliases.kind(word) is not None or any(c.isupper() for c in word[1:]):
            return True
        written, inside = self._capitalised.get(word, (0, 0))
        return written >= 2 and inside >= 1

    @cached_property
    def _capitalised(self) -> dict[str, tuple[int, int]]:
        """Capitalized word → (times written, times mid-sentence), read once per article."""
        counts: dict[str, tuple[int, int]] = {}
        for sentence in self.sentences:
            for match in _CAPITALISED.finditer(sentence.text):
                written, inside = counts.get(match.group(1), (0, 0))
                counts[match.group(1)] = (written + 1, inside + bool(re.search(r"[\w,;’'] $", sentence.text[: match.start(1)])))
        return counts

    def author(self, text: str) -> str | None:
        """Who wrote the text a subject names: `La lettre de Jean Dupont aux élus dit : « … »`,
        `le communiqué de la SNCF précise`: a person or an organisation named just after the noun."""
        match = _AUTHORED.match(text.strip())
        if match is None:
            return None
        rest = text.strip()[match.end() :]
        for de in re.finditer(r"\s(?:de|du|des|d['’])\s*", rest[:40]):
            after = rest[de.end() :]
            found = self.name_at_start(after, allow_single=False)
            if found is not None:
                return found[0]
            org = _ARTICLE_LEAD.match(("le " if de.group().strip() == "du" else "") + after)
            if org and not self.is_person(org.group("name")):
                return self.resolve(org.group("name"))  # `le communiqué de la SNCF`, `du Sdis`
        return None

    def head_name(self, text: str) -> str | None:
        """The person a description ends with, before the verb: `Le président ukrainien Volodymyr
        Zelensky a appelé`, `L'actrice Juliette Binoche`; not `Le fils de Jean Dupont`."""
        folded = fold_keep_len(text).lower()
        words = list(re.finditer(r"[\w-]+", folded))
        if len(words) < 3 or words[0].group() not in _HEAD_DETERMINERS:
            return None
        cut = len(text)
        for word in words[2:]:
            if _opens_verb(word.group()):
                cut = word.start()
                break
        phrase = text[:cut].rstrip()
        found = names_in(phrase, self.aliases)
        if not found:
            return None
        start, end, name = found[-1]
        if end != len(phrase):  # `La physicienne Claire Martin dirige le laboratoire`: a verb after the name
            start, end, name = found[0]
            after = fold_keep_len(phrase[end:]).lower().split()
            if not re.match(r"\s+[a-zà-ÿ]", phrase[end:]) or after[0] in _NOT_A_VERB:
                return None
        before = fold_keep_len(phrase[:start]).lower().replace("'", " ").split()
        run = text[start:end].split(" ", 1)
        if before and before[-1] in ("l", "la", "le", "les", "du", "des") and len(run) == 2 \
                and not any(s == start for s, _, _ in self.aliases.spans(phrase)) \
                and len(run[1].split()) >= 2 and run[1][:1].isupper():
            # `le ministre de l'Intérieur Jean Castex`: the complement's capital ran into the name
            start, name = start + len(run[0]) + 1, self.resolve(run[1])
            before = fold_keep_len(phrase[:start]).lower().replace("'", " ").split()
        if not self.is_person(name):
            return None
        if len(before) < 2 or before[-1] in _PREPOSITIONS | _DETERMINERS | {"et", "ou", "and"}:
            return None  # `le père de Jean Dupont`, `les avocats Jean Dupont et Marie Durand`
        if re.search(r"[,;:«“\"]", phrase[:start]) or _inner_noun(phrase[:start]):
            return None
        return name

    def sentence_subject(self, text: str, prefix: bool = False) -> Subject:
        """The subject of a sentence's main clause: intro phrases skipped, apposition followed.

        `prefix`: `text` is the beginning of a sentence, so even its last piece may be an intro."""
        parts = chunks(_DATELINE.sub("", text.lstrip()))
        for i, part in enumerate(parts):
            if is_intro(part) and (prefix or i < len(parts) - 1):
                continue
            subject = self.chunk_subject(part)
            if subject.kind == "desc" and i + 1 < len(parts):
                name = self.whole_name(parts[i + 1])
                if name:
                    return Subject("name", name)
            return subject
        return NONE

    def whole_name(self, text: str) -> str | None:
        found = self.name_at_start(text, allow_single=False)
        if found and not text[found[1] :].strip():
            return found[0]
        return None

    def subject_said(self, subject: Subject, sentence: Sentence, kind: str) -> Said | None:
        """A clause's subject as a speaker: a name, or a description the article tied to one person."""
        if subject.kind == "name" and subject.name:
            return Said(subject.name, kind, _flat(sentence.text))
        if subject.kind == "desc":
            # An epithet as the subject a pronoun goes back to (`X dirige la PME. Le quinquagénaire
            # … « … », soupire-t-il`) calls back the one just named; a role (`le ministre`) may be new.
            cue = kind == "named" or (kind == "pronoun" and _epithet(subject.text))
            return self.description(subject.text, sentence, sentence.end, cue=cue)
        return None

    def description(self, text: str, sentence: Sentence, offset: int, cue: bool = False) -> Said | None:
        """`le milliardaire`, `cette dernière`, `cet ancien de Google`: the person the article tied it
        to, or the last person named for a demonstrative; None when untied or anonymous.

        `cue`: the description is the quote's own speech cue (`a dit l'accusé`, `le ministre a
        réagi :`), so an untied one may still be the one person just named as a subject."""
        if self.people is None:
            return None
        folded = fold_keep_len(text.strip()).lower()
        parsed = describe(text)
        gender = parsed[0] if parsed else None
        if _SAME_AS_BEFORE.match(folded) or re.match(r"(?:ce|cet|cette)\s", folded):
            if re.match(r"(?:cette|celle)", folded):
                gender = "f"
            tie = self.people.described(text, sentence.index) if parsed else None
            if tie is not None:
                return Said(tie.name, "description", tie.passage)
            mention = self.people.latest(sentence.index, offset, sentence.para, gender)
            if mention is None or self._role_after(mention, sentence, offset):
                return None  # nobody, or `X a reçu le préfet. …, a déclaré ce dernier`: the prefect
            return Said(mention.name, "description", _flat(self.sentences[mention.sentence].text))
        order = _ORDINAL.match(folded.strip())
        after = folded.strip()[order.end() :].split() if order else []
        if order and (not after or _opens_verb(after[0])):
            # `le premier`, `la seconde`: one of the two people just named
            return self._one_of_two(sentence, offset, order.group(2).startswith("prem"),
                                    "f" if order.group(1) == "la" else "m")
        if not re.match(r"(?:le|la|l')\s*\w", folded):
            return None  # `un salarié`, `une voisine`: nobody named
        tie = self.people.described(text, sentence.index)
        if tie is None:
            if parsed and parsed[2] in _ORGANISATION_NOUNS:
                named = _DESCRIBED_ORG_SUBJECT.match(text.strip()) if cue else None
                if named:  # `la société Veolia précise : « … »`: that one, not the body quoted last
                    return Said(" ".join(named.group("name").split()), "named", _flat(sentence.text))
                return self._last_organisation(sentence)  # `confirme l'organisme`: the body quoted last
            kin = parsed is not None and parsed[2] in RELATIONAL and not (  # `la jeune femme` is no wife
                parsed[2] in _EPITHETS and re.match(r"(?:la|le|l')\s", folded) and " d" not in f" {parsed[1]}")
            if cue and parsed and not kin and parsed[2] not in _TOPIC_NOUNS | _OTHER_PARTY:
                return self._subject_just_named(sentence, offset, gender, parsed[1], parsed[2])
            return None
        other = self.people.gender(tie.name)
        if gender and other and gender != other:
            return None
        return Said(tie.name, "description", tie.passage)

    def _role_after(self, mention: Mention, sentence: Sentence, offset: int) -> bool:
        """Whether someone unnamed is mentioned by a role (`le préfet`) after `mention` and before
        `offset` in `sentence`: the last person mentioned is then them, not the one named."""
        for index in range(mention.sentence, sentence.index + 1):
            where = self.sentences[index]
            start = mention.offset - where.start if index == mention.sentence else 0
            end = offset - where.start if index == sentence.index else len(where.text)
            if self.someone_else(where.text[max(0, start) : max(0, end)], self.resolve(mention.name), r"le|la|l'"):
                return True
        return False

    def someone_else(self, text: str, name: str, determiners: str = r"le|la|l'|un|une") -> bool:
        """Whether `text`, outside its quotations, mentions a person by a role (`le préfet`, `un
        militant`) that the article did not tie to `name`."""
        theirs = {word for tie in self.people.ties_of(name) for word in tie.phrase.split()} if self.people else set()
        roles = re.findall(rf"(?:^|\s)(?:{determiners})\s*([a-z-]+)", fold_keep_len(outside_quotes(text)).lower())
        return any(role_word(role) and role not in theirs for role in roles)

    def _subject_just_named(
        self, sentence: Sentence, offset: int, gender: str | None, phrase: str, head: str
    ) -> Said | None:
        """The person an untied `l'accusé` cue stands for: French press prose names someone as the
        subject of a sentence, or quotes them, then calls them by their role. In this sentence
        (before `offset`) and the one before, that is:
        - the one person named, as a sentence subject or as the speaker of a quote;
        - else, nobody named, the speaker of the quote just before (`« … », estime-t-il. « … », a
          martelé le candidat`);
        - else the one person named as a subject and quoted there (`X a « demandé pardon » pour
          avoir tué Y`), the others being objects.
        Never when the role's gender differs from theirs, when the article gave them another role
        with the same noun (`le ministre de l'Économie X`, then `le Premier ministre`: two roles,
        two people), or tied the role's noun to someone else. The role is then tied to them for
        the rest of the article: the press keeps calling the accused `l'accusé`."""
        window = [sentence.index]
        if sentence.index > 0 and self.sentences[sentence.index - 1].para >= sentence.para - 1:
            window.insert(0, sentence.index - 1)
        named = {self.resolve(m.name): m for m in self.people.in_sentences(window)
                 if m.person and (m.sentence < sentence.index or m.offset < offset)}
        quoted = [said for index in window for at, said in self.attributed.get(index, [])
                  if (index < sentence.index or at < offset) and self.is_person(said.name)]
        last = quoted[-1] if quoted else None
        if last is not None and (not named or set(named) == {last.name}) and not self.replies(sentence):
            name, where_text = last.name, last.evidence
        else:
            subjects = [(name, text) for name, text in self._subjects(window, sentence, offset, named)]
            if len(named) == 1 and len(subjects) == 1:
                name, where_text = subjects[0]
            elif len(named) > 1 and len(subjects) == 1 and subjects[0][0] in {q.name for q in quoted}:
                name, where_text = subjects[0]  # the subject was quoted: `X a « demandé pardon » à Y`
            elif len(named) == 1 and not subjects and head in _TRIED and _TRIAL.search(
                    fold_keep_len(self.sentences[next(iter(named.values())).sentence].text).lower()):
                # `Le juge a condamné X. « … », a crié l'accusé`: the one tried is the object named
                (name, mention), = named.items()
                where_text = self.sentences[mention.sentence].text
            else:
                return None  # nobody, or two people: which one the role means is unclear
        other = self.people.gender(name)
        if gender and other and gender != other:
            return None
        if head in re.findall(r"[\w-]+", fold_keep_len(where_text).lower()) or self.replies(sentence):
            return None  # `X a reçu le préfet. Le préfet a réagi`, `X a critiqué. Le ministre a répondu`
        words = set(phrase.split()) - _PREPOSITIONS - _DETERMINERS
        if any(words & set(tie.phrase.split()) for tie in self.people.ties_of(name)) \
                or any(self.resolve(other) != name for other in self.people.holders(words)):
            return None  # another role of theirs, or a role of someone else (`le Premier ministre`)
        if harmed(where_text) and head not in _TRIED:
            return None  # `X a été agressé. Le quinquagénaire …`: the role may be who did it
        sides = (_TRIED, _OTHER_PARTY)
        if any(head in side and tie.head not in side and tie.head in _TRIED | _OTHER_PARTY
               for side in sides for tie in self.people.ties_of(name)):
            return None  # `La victime, X, …` is not `l'accusé`: the two sides of a trial are two people
        self.people.learn(name, phrase, head, sentence.index, _flat(where_text))
        return Said(name, "description", _flat(where_text))

    def replies(self, sentence: Sentence) -> bool:
        """The sentence's own words (not its quotations) reply: `a rétorqué`, `a répondu`."""
        return bool(_REPLY.search(fold_keep_len(outside_quotes(sentence.text)).lower()))

    def _subjects(self, window: list[int], sentence: Sentence, offset: int,
                  named: dict[str, object]) -> list[tuple[str, str]]:
        """(name, sentence text) of the people in `named` that are the subject of a sentence in
        `window`, read up to `offset` in the quote's own sentence."""
        found = []
        for index in window:
            where = self.sentences[index]
            text = where.text if index < sentence.index else where.text[: offset - where.start]
            subject = self.sentence_subject(text, prefix=index == sentence.index)
            if subject.kind == "name" and subject.name and self.resolve(subject.name) in named:
                found.append((self.resolve(subject.name), where.text))
        return found

    def _one_of_two(self, sentence: Sentence, offset: int, first: bool, gender: str) -> Said | None:
        """`le premier` / `le second`: the first or the second of two people, in the last sentence
        that names any (this one before `offset`, or up to three before, in this paragraph or the
        one before); None unless it names exactly two."""
        for index in range(sentence.index, sentence.index - 4, -1):
            if index < 0 or self.sentences[index].para < sentence.para - 1:
                return None
            people = list(dict.fromkeys(
                self.resolve(m.name) for m in self.people.in_sentences([index])
                if m.person and (index < sentence.index or m.offset < offset)))
            if not people:
                continue
            if len(people) != 2:
                return None
            name = people[0] if first else people[1]
            other = self.people.gender(name)
            if other and other != gender:
                return None
            return Said(name, "description", _flat(self.sentences[index].text))
        return None

    def _last_organisation(self, sentence: Sentence) -> Said | None:
        """The organisation quoted last, in this paragraph or the one before; else the one
        organisation named as a sentence subject there (`Enedis a coupé le courant …`)."""
        subjects: dict[str, Sentence] = {}
        for index in range(sentence.index, -1, -1):
            where = self.sentences[index]
            if where.para < sentence.para - 1:
                break
            for _, said in reversed(self.attributed.get(index, [])):
                if not self.is_person(said.name):  # `l'organisme` is never a person
                    return Said(said.name, "description", said.evidence)
            text = where.text if index < sentence.index else ""
            name = self._organisation_subject(text) if text else None
            if name is not None:
                subjects.setdefault(name, where)
        if len(subjects) == 1:
            name, where = next(iter(subjects.items()))
            return Said(name, "description", _flat(where.text))
        return None  # none, or two: which one the noun means is unclear

    def _organisation_subject(self, text: str) -> str | None:
        """The organisation a sentence of narration has as its subject: a name the sentence
        subject reads (`la SNCF a prévenu`), or one capitalized word before a verb (`Enedis a
        coupé`) that is no person's name."""
        subject = self.sentence_subject(text)
        if subject.kind == "name" and subject.name:
            return None if self.is_person(subject.name) else subject.name
        parts = [p for p in chunks(_DATELINE.sub("", text.strip())) if not is_intro(p)]
        match = re.match(r"\s*(?P<name>[A-ZÀ-ÖØ-Þ][\w-]*\w)\s+(?P<verb>[\w'’]+)", parts[0]) if parts else None
        if match is None:
            return None
        name, verb = match.group("name"), fold(match.group("verb")).lower()
        if fold(name).lower() in STOP_CAPS or not _opens_verb(verb):
            return None
        if self.resolve(name) != name or self.aliases.kind(name) == PERSON or self.people.shared(name):
            return None  # `Dupont a dit`: a person's surname
        return name

    def speech_subject(self, sentence: Sentence) -> Said | None:
        """The named subject of a sentence of narration whose verb is a speech verb and that quotes
        nothing itself: `Le Sdis a prévenu les habitants.` → Sdis, as a follow-on's speaker."""
        if any(len(sentence.text[q.inner_start : q.inner_end].split()) > 1 for q in quote_spans(sentence.text)) \
                or self.attributed.get(sentence.index):
            return None  # it quotes words itself (one quoted word is a nickname or a term)
        subject = self.sentence_subject(sentence.text)
        if subject.kind not in ("name", "desc"):
            return None
        rest = _NOT_SPEECH.sub(" ", fold_keep_len(sentence.text).lower())
        if not VERB_RE.search(rest) and not _STANCE.search(rest):
            return None
        said = self.subject_said(subject, sentence, "follow-on")
        return Said(said.name, "follow-on", said.evidence) if said else None

    # --- pronouns ---

    def pronoun(self, sentence: Sentence, offset: int, word: str = "") -> Said | None:
        """Who `il`/`elle` at `offset` (in the paragraph) of `sentence` stands for, or None."""
        found = self._pronoun(sentence, offset, word)
        if found is None or self.people is None:
            return found
        gender = {"il": "m", "he": "m", "elle": "f", "she": "f"}.get(word)
        other = self.people.gender(found.name)
        if gender and other and gender != other:
            return None
        return found

    def _pronoun(self, sentence: Sentence, offset: int, word: str = "") -> Said | None:
        earlier = [s for o, s in self.attributed.get(sentence.index, []) if o < offset]
        if earlier:
            return Said(earlier[-1].name, "pronoun", earlier[-1].evidence)
        before = sentence.text[: offset - sentence.start]
        topic = _QUANT_A.match(fold_keep_len(before).lower())
        if topic:  # `Quant à X, elle estime que …`: the pronoun takes up the topic just set
            found = self.name_at_start(before[topic.end() :], allow_single=False)
            if found is not None and re.match(r"\s*,", before[topic.end() + found[1] :]):
                return Said(found[0], "pronoun", _flat(sentence.text))
        if before.strip():
            subject = self.sentence_subject(before, prefix=True)
            if subject.kind == "name":
                if subject.name and (self.is_person(subject.name) or self._mononym(subject.name) or (
                        self._agrees(subject.name, before, word) and self._no_person([sentence.index], offset, sentence))):
                    return Said(subject.name, "pronoun", _flat(sentence.text))
                return None
            if subject.kind == "desc":
                return self.subject_said(subject, sentence, "pronoun")
            if subject.kind not in ("pronoun", "none", "plural"):
                return None
        return self._previous(sentence, hops=2, word=word)

    def _previous(self, sentence: Sentence, hops: int, word: str = "") -> Said | None:
        if sentence.index == 0 or hops == 0:
            return None
        previous = self.sentences[sentence.index - 1]
        if previous.para < sentence.para - 1:
            return None
        said = self.attributed.get(previous.index)
        if said:
            return Said(said[-1][1].name, "pronoun", said[-1][1].evidence)
        subject = self.sentence_subject(previous.text)
        if subject.kind == "name":
            if subject.name and (self.is_person(subject.name) or self._mononym(subject.name) or (
                    self._agrees(subject.name, previous.text, word)
                    and self._no_person([previous.index, sentence.index], sentence.end, sentence))):
                # `La SNCF a annoncé … « … », précise-t-elle`: an organisation, when no person is in sight
                return Said(subject.name, "pronoun", _flat(previous.text))
            return None
        if subject.kind == "desc":
            found = self.subject_said(subject, previous, "pronoun")
            return Said(found.name, "pronoun", found.evidence) if found else None
        if subject.kind == "pronoun":
            return self._previous(previous, hops - 1, word)
        return None

    @staticmethod
    def _agrees(name: str, text: str, word: str) -> bool:
        """`elle` for `la SNCF`, `il` for `le Sdis`: the organisation's determiner in `text` has
        the pronoun's gender (`Microsoft …, a-t-il dit` may be anyone speaking for it)."""
        determiner = {"elle": "[Ll]a", "il": "[Ll]e"}.get(word)
        return bool(determiner) and re.search(rf"(?<![\w-]){determiner}\s+{re.escape(name)}(?![\w-])", text) is not None

    def _no_person(self, indices: list[int], offset: int, sentence: Sentence) -> bool:
        """No person is named in these sentences (in `sentence`, before `offset`)."""
        return self.people is not None and not any(
            m.person for m in self.people.in_sentences(indices)
            if m.sentence != sentence.index or m.offset < offset)

    # --- noun phrases after a verb ---

    def np_speaker(self, text: str, sentence: Sentence, offset: int) -> tuple[bool, Said | None]:
        """(found a noun phrase, its speaker) for the words after `a déclaré` / `selon`."""
        text = _BRACKETS.sub(lambda m: " " * len(m.group()), text)  # `le député (LR) du Lot`
        text = _TIME_LEAD.sub(lambda m: " " * len(m.group()), text)  # `a tranché mercredi 22 mars X`
        text = _MANNER.sub(lambda m: " " * len(m.group()), text)  # `a déclaré très émue la réalisatrice`
        masked = _HONORIFIC_DOT.sub(lambda m: m.group()[:-1] + " ", fold_keep_len(text).lower())
        if re.match(r"\s*(?:celui|celle)\s+qui\s", masked):  # `poursuit celui qui entame son mandat`
            return True, self.description(text.strip(), sentence, offset, cue=True)
        cut = _NP_STOP.search(masked)
        text = text[: cut.start()] if cut else text
        written = fold_keep_len(text.strip()).lower()
        if re.match(r"(?:(?:a|de)\s+|d')[a-z]+(?:er|ir|re)(?![\w-])", written) and text.strip()[-1:].islower():
            return False, None  # `…, appelle à manifester`: a verb and its infinitive, no speaker here
        if _PRONOUN_NP.match(written):
            return True, self.pronoun(sentence, offset, written.split("-")[0].split()[0])
        where = _flat(sentence.text)
        parts = [p for p in text.split(",")][:3]
        for i, part in enumerate(parts):
            stripped = part.strip()
            if not stripped:
                continue
            first = fold(re.split(r"[\s'’]", stripped, maxsplit=1)[0])
            medium = _MEDIUM.match(stripped)
            if medium:  # "…, confie à L'Équipe Kylian Mbappé"; not "…, a écrit à Emmanuel Macron"
                token = medium.start("medium")
                if any(start == token for start, _, _ in self.aliases.spans(stripped)):
                    return True, None
                name = self.whole_name(stripped[medium.end() :])
                if name and (len(name.split()) == 2 or self.aliases.canonical(name)):
                    return True, Said(name, "named", where)
                if name:  # "sur France Inter Jean Dupont": where the medium ends is unclear
                    return True, None
            if first in _PREPOSITIONS and i + 1 < len(parts):
                continue  # "…, a déclaré, dans un communiqué, le ministre"
            found = self.name_at_start(stripped, allow_single=True)
            if found is None:
                org = _ARTICLE_NAME.match(stripped)  # `selon le RéNaSS`, `selon l'Agreste`; not `le Marseillais`
                if org and not self.is_person(org.group("name")) and not DEMONYM.search(fold(org.group("name")).lower()):
                    found = self.resolve(org.group("name")), org.end()
            if found is not None:
                after = stripped[found[1] :]
                if re.match(r"\s+(?:et|and)\s+[A-ZÀ-ÖØ-Þ]", after):
                    return True, None
                if " " not in stripped and found[0] != stripped and i + 1 < len(parts) \
                        and _VOX_POP.match(fold_keep_len(parts[i + 1]).lower()):
                    return True, None  # `Jean, un habitant du quartier`, `Léa, 34 ans`: someone else of that name
                return True, Said(found[0], "named", where)
            inner = self.name_inside(stripped)
            if inner:
                return True, Said(inner, "named", where)
            if i + 1 < len(parts):
                name = self.whole_name(parts[i + 1])
                if name:
                    return True, Said(name, "named", where)
            author = self.author(stripped)
            if author is not None:  # `selon un communiqué de la CGT`
                return True, Said(author, "named", where)
            org = _ORGANISATION.match(stripped) or _DESCRIBED_ORG.match(stripped)
            if org:  # `l'organisation féministe UltraViolet`
                return True, Said(" ".join(org.group("name").split()), "named", where)
            titled = _TITLED_SURNAME.match(stripped)
            if titled and (self.resolve(titled.group("name")) != titled.group("name")
                           or _TITLE.match(fold_keep_len(stripped).lower())):
                # `la juge McCormick`; `le Dr Martin`, `le professeur Roux`: a title names a person
                return True, Said(self.resolve(titled.group("name")), "named", where)
            return True, self.description(stripped, sentence, offset, cue=True)
        return False, None

    def name_inside(self, text: str) -> str | None:
        """The first name in a description that is not the complement of a preposition."""
        spans = self.aliases.spans(text)
        for start, end, name in names_in(text, self.aliases):
            words = fold_keep_len(text[:start]).lower().replace("'", " ").split()
            before = words[-1] if words else ""
            if before not in _PREPOSITIONS and before not in _DETERMINERS:
                return None if _inner_noun(text[:start]) else name
            if any(s == start for s, _, _ in spans):
                continue
            # a run after a preposition: "des Bleus Jean Dupont" → drop the first word
            rest = text[start:end].split(" ", 1)
            if len(rest) == 2 and len(rest[1].split()) >= 2 and rest[1][0].isupper():
                return self.resolve(rest[1])
        return None

    # --- the two sides of a quote ---

    def after(self, sentence: Sentence, paragraph: str, close: int) -> tuple[bool, Said | None, bool, str]:
        """(a speech pattern follows the quote, speaker, speaker is only a pronoun, cue as written)."""
        text = paragraph[close : sentence.end]
        folded = fold_keep_len(text).lower()
        match = _POST_PRONOUN.match(folded)
        if match:
            pronoun = next(g for g in match.groups() if g)
            cue = _cue(text[: match.end()])
            if pronoun in ("il", "elle", "he", "she"):
                return True, self.pronoun(sentence, close, pronoun), True, cue
            if pronoun == "on":  # `« … », explique-t-on chez Renault`
                where = self.on_behalf(text[match.end() :])
                if where is not None:
                    return True, Said(where, "named", _flat(sentence.text)), False, _cue(text.split(".")[0])
            return True, None, False, cue
        match = _POST_AINSI.match(folded)
        if match:  # « … » : c'est ainsi que le président de l'UBB, Laurent Marti, résume la situation
            rest = text[match.end() :]
            if not VERB_RE.search(fold_keep_len(rest).lower()):
                return False, None, False, ""
            cue = _cue(text)
            subject = self.sentence_subject(rest)
            if subject.kind == "pronoun":
                return True, self.pronoun(sentence, close, subject.text), True, cue
            return True, self.subject_said(subject, sentence, "named"), False, cue
        match = _POST_READ.match(folded)
        if match:  # « … », peut-on lire dans le jugement de la juge Anne Roy
            found, said = self.np_speaker(text[match.end() :], sentence, close)
            if found and said is not None:
                return True, said, False, _cue(text)
        citing = _CITING.search(folded)
        if citing and not quote_spans(text[: citing.start()]):  # `rapporte Le Parisien, citant X`
            found = self.name_at_start(text[citing.end() :], allow_single=False)
            if found is not None:
                return True, Said(found[0], "named", _flat(sentence.text)), False, _cue(text[: citing.end() + found[1]])
        match = _POST_SELON.match(folded) or _POST_NAMED.match(folded) or _AS_SAID.match(folded)
        if match and not re.match(r"(?:que|qu'|de|d'|si)(?![\w-])", folded[match.end() :]):
            found, said = self.np_speaker(text[match.end() :], sentence, close)
            if found:
                return True, said, False, _cue(text)
        lead = re.match(r"\s*,?\s*", text)
        named = self.name_at_start(text[lead.end() :], allow_single=True)
        if named and _ENGLISH_SAID.match(text[lead.end() + named[1] :]):  # `"…," Sam Altman said.`
            said_cue = text[: lead.end() + named[1] + _ENGLISH_SAID.match(text[lead.end() + named[1] :]).end()]
            return True, Said(named[0], "named", _flat(sentence.text)), False, _cue(said_cue)
        return False, None, False, ""

    def before(self, sentence: Sentence, paragraph: str, open_: int) -> tuple[bool, Said | None, str, bool]:
        """(a colon or speech verb introduces the quote, speaker, cue as written, the verb only names
        a thing: `qualifié de`)."""
        lead = paragraph[sentence.start : open_].rstrip()
        folded = fold_keep_len(lead).lower()
        if not lead:
            return False, None, "", False
        if lead.endswith(","):
            parts = chunks(lead[:-1])
            last = parts[-1].strip() if parts else ""
            last = last.rsplit(":", 1)[-1].strip()  # `21h35 : pour Jean Dupont, « … »`
            selon = _SELON_LEAD.match(fold_keep_len(last).lower())
            if selon:
                found, said = self.np_speaker(last[selon.end() :], sentence, open_)
                return found, said, _cue(last), False
            earlier = [sp for o, sp in self.attributed.get(sentence.index, []) if o < open_]
            continues = VERB_RE.search(fold_keep_len(last).lower()) or self.chunk_subject(last).kind == "verb"
            if earlier and continues and "«" not in last:
                return True, earlier[-1], _cue(last), False  # « … », dit Jean Dupont, « … »
            return False, None, "", False
        if lead.endswith(":"):
            mode, core = "colon", lead[:-1].rstrip()
        elif _QUE_END.search(folded):
            mode, core = "que", lead[: _QUE_END.search(folded).start()].rstrip()
        else:
            mode, core = "bare", lead
        parts = chunks(core)
        while (
            mode == "colon"
            and len(parts) > 1
            and is_intro(parts[-1])
            and not VERB_RE.search(fold_keep_len(parts[-1]).lower())
            and fold(parts[-1].split()[0]) not in _VERB_START
        ):
            # "X a rappelé leur rencontre, en 2014 à Cannes : « … »"
            core = core[: len(core) - len(parts[-1])].rstrip().rstrip(",;").rstrip()
            parts = chunks(core)
        if not parts:
            return False, None, "", False
        last = parts[-1]
        last_start = sentence.start + len(core) - len(last)
        last_folded = fold_keep_len(last).lower()
        verbs = list(VERB_RE.finditer(last_folded))
        words_after = len(last_folded[verbs[-1].end() :].split()) if verbs else 99
        cue = _cue(last)
        if mode == "bare" and _NAMING.search(last_folded):  # `qualifié de « … »`, `le qualifiant de "…"`
            return True, self._clause_speaker(sentence, last, last_start, core), cue, True
        opens_on_verb = _SPEECH_OPENS.match(fold_keep_len(paragraph[open_ + 1 : open_ + 40]).lower().lstrip(" \u00a0\u202f"))
        if mode == "bare" and opens_on_verb and not verbs and (self.whole_name(last) or last_folded.strip() in ("il", "elle")):
            # `Dans un communiqué, X « regrette profondément » la décision`: the quotation opens on the verb
            return True, self._clause_speaker(sentence, last, last_start, core), _cue(last), False
        if mode == "bare" and _RELATIVE_VIEW.match(last_folded.strip()) and len(parts) > 1:
            # `X, selon lequel « … »`, `X, pour qui « … »`: the view of the one the pronoun stands for
            head = core[: len(core) - len(last)]
            return True, self._antecedent(sentence, head, last_start), cue, False
        if mode == "bare" and _AUX_END.search(last_folded) and opens_on_verb:
            # `X a « demandé pardon »`: the quotation opens on the speech verb itself
            return True, self._clause_speaker(sentence, last, last_start, core), _cue(core), False
        qui = [m for m in re.finditer(r"(?:^|\s)qui\s", last_folded) if _RELATIVE.match(last_folded[m.end() - 4 :].lstrip())]
        if qui and (VERB_RE.search(last_folded[qui[-1].end() :]) or re.search(r"\bdemande(?:nt)?\b", last_folded[qui[-1].end() :])):
            # `…, selon le RéNaSS, qui indique que « … »`, `a rétorqué X qui lui demande « … »`
            head = core[: len(core) - len(last) + qui[-1].start()]
            return True, self._antecedent(sentence, head, last_start), cue, False
        if mode == "colon" and not verbs:
            spoken = self._speech_noun(core, sentence, open_)
            if spoken is not None:  # `Réaction de X, députée : « … »`
                return True, spoken[0], spoken[1], False
        if mode in ("colon", "bare"):
            told = _TOLD_BY.match(fold_keep_len(last.strip()).lower())
            if told is not None:  # `C'est ce qu'a affirmé X, mardi : « … »`
                found, said = self.np_speaker(last.strip()[told.end() :], sentence, open_)
                if said is not None:
                    return True, said, cue, False
        if mode == "colon":
            author = None if verbs else self.author(last)
            if author is not None:  # `La lettre de X aux élus donnait le ton : « … »`
                return True, Said(author, "named", _flat(sentence.text)), cue, False
            if not verbs and (len(last.split()) > 8 or len(names_in(last, self.aliases)) > 1):
                return True, None, "", False
            introduced = True
        elif mode == "que":
            introduced = bool(verbs) and words_after <= 3
        else:
            between = last_folded[verbs[-1].end() :].split() if verbs else []
            introduced = bool(verbs) and (
                not between or (len(between) <= 3 and between[0] in _COMPLEMENT_START)
            )
            if not introduced:
                partial = re.search(rf"{VERB}(?:\s+\S+){{0,5}}\s+(?:que|qu')", last_folded)
                if partial is None and not (verbs and words_after <= 4):
                    return False, None, "", False
                # a partial quote: "X a estimé que la réforme était « … »", "X a jugé la mesure « … »"
                return False, self._clause_speaker(sentence, last, last_start, core), cue, False
        if not introduced:
            return False, None, "", False
        return True, self._clause_speaker(sentence, last, last_start, core), cue, False

    def _speech_noun(self, core: str, sentence: Sentence, at: int) -> tuple[Said | None, str] | None:
        """(speaker, cue) of a verbless lead that opens on a noun of speech: `Réaction de X :`,
        `Commentaire de l'économiste X :`, `Même constat pour X, maraîcher :`; None otherwise."""
        parts = [p for p in chunks(core) if p.strip()]
        for first in range(len(parts)):  # `Même constat …` reads as an intro: try each opening
            text = ",".join(parts[first:]).strip()
            match = _SPEECH_NOUN.match(fold_keep_len(text).lower())
            if match is not None or not is_intro(parts[first]):
                break
        if match is None:
            return None
        rest = ("le " if match.group("link").strip() == "du" else "") + text[match.end() :]
        found, said = self.np_speaker(rest, sentence, at)
        if not found or said is None or said.kind != "named":
            return None  # `Réponse de l'opposition :`, `Réaction du ministre :`: no one named
        return said, _cue(parts[first])

    def _antecedent(self, sentence: Sentence, head: str, at: int) -> Said | None:
        """What `qui` stands for: the speaker attributed just before it, else the name it follows."""
        earlier = [s for o, s in self.attributed.get(sentence.index, []) if o < at]
        if earlier:
            return earlier[-1]
        head = head.rstrip().rstrip(",").rstrip()
        parts = chunks(head)
        if len(parts) >= 2 and parts[-1].strip()[:1].islower() and not VERB_RE.search(fold_keep_len(parts[-1]).lower()):
            head = head[: len(head) - len(parts[-1])].rstrip().rstrip(",").rstrip()  # `X, patron de Y, qui …`
        found = names_in(head, self.aliases)
        if found and found[-1][1] == len(head) and self.is_person(found[-1][2]) or (
            found and found[-1][1] == len(head) and re.search(r"(?:^|\s)(?:selon|par|de|d')\s*$", head[: found[-1][0]])
        ):
            return Said(found[-1][2], "named", _flat(sentence.text))
        return None

    def on_behalf(self, text: str) -> str | None:
        """The organisation `on` speaks for: `chez Renault`, `du côté de la SNCF`, `côté Enedis`
        at the start of `text`; never `dans l'entourage de X`, nor a person."""
        match = _ON_PLACE.match(fold_keep_len(text).lower())
        if match is None:
            return None
        rest = text[match.end() :]
        found = self.name_at_start(rest, allow_single=True)
        name = found[0] if found else None
        if name is None:
            org = _ARTICLE_LEAD.match(rest)
            name = self.resolve(org.group("name")) if org else None
        if name is None or self.is_person(name) or fold(name).lower() in STOP_CAPS:
            return None
        return name

    def _clause_speaker(self, sentence: Sentence, last: str, last_start: int, core: str) -> Said | None:
        subject = self.chunk_subject(last)
        if subject.kind == "plural" and re.match(r"\s*on\s", fold_keep_len(last).lower()):
            parts = chunks(core[: len(core) - len(last)])
            where = self.on_behalf(parts[-1]) if parts else None
            if where is not None:  # `Chez Renault, on assure que « … »`
                return Said(where, "named", _flat(sentence.text))
        if subject.kind in ("name", "desc"):
            return self.subject_said(subject, sentence, "named")
        if subject.kind == "pronoun":
            return self.pronoun(sentence, last_start + (len(last) - len(last.lstrip())), subject.text)
        if subject.kind == "narrative" and not core[: len(core) - len(last)].strip():
            # `Et d'ajouter : « … »` opening a sentence: whoever spoke just before goes on
            found = self.pronoun(sentence, last_start + (len(last) - len(last.lstrip())))
            return Said(found.name, "follow-on", found.evidence) if found else None
        if subject.kind == "verb":  # "Sam Altman, PDG d'OpenAI, a déclaré :"
            earlier = [s for o, s in self.attributed.get(sentence.index, []) if o < last_start]
            if earlier:
                return earlier[-1]
            head = core[: len(core) - len(last)]
            if head.strip():
                head_subject = self.sentence_subject(head.rstrip().rstrip(","), prefix=True)
                if head_subject.kind in ("name", "desc"):
                    return self.subject_said(head_subject, sentence, "named")
                if head_subject.kind == "pronoun":
                    return self.pronoun(sentence, sentence.start, head_subject.text)
        return None

    def attribute(self, sentence: Sentence, paragraph: str, open_: int, close: int) -> Attribution:
        post, said, weak, cue = self.after(sentence, paragraph, close)
        pre, pre_said, pre_cue, naming = self.before(sentence, paragraph, open_)
        if said is None and (weak or not post) and pre_said is not None:
            said, cue = pre_said, pre_cue
        if said is None and not post and not pre:
            opening = self.sentence_lead(sentence, paragraph, open_)
            if opening is not None:
                said, cue = opening
                pre = True  # `Selon X, « … »`, `Pour X, c'est « … »` introduce it
        if not cue:
            cue = pre_cue if pre else None
        if said is None and not post and not pre:
            later = self.sentence_end(sentence, paragraph, close) or self.incise(sentence, paragraph, open_, close)
            if later is not None:
                said, cue = later
                post = True
        if said is None and not cue:
            main = self.main_speaker(sentence, paragraph, open_)
            if main is not None:
                said, cue = main
        if said is None and not (cue and _ANONYMOUS.search(fold_keep_len(cue).lower())):
            # The rules found nobody: the parse may find the subject, or resolve the cue's (an `il`,
            # an untied `le sélectionneur`) to the person the text is about. `un salarié` is nobody.
            parsed = parser.speaker(self, sentence, paragraph, open_, close, cue)
            if parsed is not None:
                said, cue = Said(parsed.name, "parsed", parsed.evidence), cue or parsed.cue
        if said is None:
            if not cue:
                return Attribution(None, post or pre, naming=naming)
            kind = "anonymous" if _ANONYMOUS.search(fold_keep_len(cue).lower()) else "unresolved"
            return Attribution(None, post or pre, cue, kind, naming=naming)
        if said.name in self.renamed:
            said = Said(self.renamed[said.name], said.kind, said.evidence)
        self.attributed.setdefault(sentence.index, []).append((open_, said))
        evidence = said.evidence if said.kind in ("pronoun", "description", "parsed") else None
        return Attribution(said.name, post or pre, cue or None, said.kind, evidence, naming)

    def sentence_end(self, sentence: Sentence, paragraph: str, close: int) -> tuple[Said, str] | None:
        """`« … », de 3 % sur un an, selon l'Insee.`, `… une récolte « … » à cause du gel, a indiqué
        l'Agreste`: the speech clause that ends the sentence, a few commas after the quote."""
        rest = paragraph[close : sentence.end]
        if quote_spans(rest):
            return None  # another quotation comes first: the clause may be its own
        for match in re.finditer(r",", rest):
            tail = rest[match.start() :]
            folded = fold_keep_len(tail).lower()
            found = _POST_SELON.match(folded) or _POST_NAMED.match(folded)
            if found is None or re.match(r"(?:que|qu'|de|d'|si)(?![\w-])", folded[found.end() :]):
                continue
            ok, said = self.np_speaker(tail[found.end() :], sentence, close)
            if ok and said is not None:
                return said, _cue(tail)
        return None

    def incise(self, sentence: Sentence, paragraph: str, open_: int, close: int) -> tuple[Said, str] | None:
        """A speech clause inside the quotation marks, as French writes an incise:
        `« Rien ne se passe, a déploré le président, Jean Dupont. Et les chiffres baissent »`."""
        inner = paragraph[open_ + 1 : close - 1]
        for match in re.finditer(r",\s", inner):
            tail = inner[match.start() :]
            folded = fold_keep_len(tail).lower()
            found = _POST_NAMED.match(folded)
            if found is None or not re.match(r",\s*(?:a|avait|ont|s'est)?\s*\S*\s", folded):
                continue
            if not VERB_RE.match(folded[match.end() - match.start() :].split(" ", 1)[0]) and not folded[2:].startswith(("a ", "avait ", "s'est ")):
                continue  # the verb must open the clause: `, a déploré X`, `, explique X`
            ok, said = self.np_speaker(tail[found.end() :], sentence, open_ + 1 + match.start())
            if ok and said is not None and said.kind == "named":
                return said, _cue(tail.split(".")[0])
        return None

    def main_speaker(self, sentence: Sentence, paragraph: str, open_: int) -> tuple[Said, str] | None:
        """`X assure qu'il n'a pas agi pour l'argent, mais pour « aider la ville »`: a quotation
        inside a sentence whose subject, a name, speaks (a speech verb after it, no other name)."""
        lead = outside_quotes(paragraph[sentence.start : open_])
        subject = self.sentence_subject(lead, prefix=True)
        if subject.kind != "name" or not subject.name:
            return None
        parts = chunks(lead)
        head = next((p for p in parts if not is_intro(p)), "")
        verb = VERB_RE.search(fold_keep_len(head).lower())
        if verb is None:
            return None
        after = head[verb.end() :] + lead[lead.find(head) + len(head) :]
        if names_in(after, self.aliases):
            return None  # someone else is named on the way: the words may be theirs
        return Said(subject.name, "named", _flat(sentence.text)), _cue(head[: verb.end()])

    def sentence_lead(self, sentence: Sentence, paragraph: str, open_: int) -> tuple[Said, str] | None:
        """`Selon X, …` or `Pour X, …` opening the sentence speaks for a quote later in it."""
        lead = paragraph[sentence.start : open_]
        parts = chunks(lead)
        first = parts[0].strip().rsplit(":", 1)[-1].strip() if parts else ""
        if _HIS_VIEW.fullmatch(fold_keep_len(first).lower()) and lead.rstrip().endswith(","):
            found = self.pronoun(sentence, sentence.start)  # `À ses yeux, « … »`: whose a pronoun gives
            return (found, _cue(first)) if found else None
        if len(parts) < 2:
            return None
        selon = re.match(r"(?:selon|d'apres|pour)\s+", fold_keep_len(first).lower()) \
            or _AS_SAID.match(fold_keep_len(first).lower())  # `Comme l'a rappelé X, …`
        if selon is None:
            return None
        # the words up to the quote: `Selon l'avocat de X, Me Y, « … »` names Y in the next piece
        rest = lead[lead.find(first) + selon.end() :]
        found, said = self.np_speaker(rest, sentence, sentence.start)
        if said is None:
            return None
        if selon.group().startswith("pour") and (said.kind not in ("named", "pronoun") or not self._someone(said.name)):
            return None  # `Pour Noël, …`, `Pour la première fois, …`: no one's view; `Pour lui, …` is his
        if said.kind == "named" and said.name.split()[-1] not in first and said.name.split()[-1] in parts[1]:
            return said, _cue(f"{first}, {parts[1].strip()}")  # `Selon l'avocat de X, Me Y`
        return said, _cue(first)

    def _someone(self, name: str) -> bool:
        """A person, or an organisation the alias table knows or written as one (`la CGT`,
        `OpenAI`): `Pour X, …` gives their view; `Pour Noël, …` does not."""
        return self.is_person(name) or self.aliases.kind(name) == "organisation" \
            or (len(name) > 1 and any(c.isupper() for c in name[1:]))


# --- helpers ---


def _flat(text: str) -> str:
    return " ".join(text.split())


def _cue(text: str) -> str:
    """The attribution words as written, one line, without the punctuation around them."""
    return clipped(_flat(text).strip(" ,:;—–-.\u00a0\u202f"))


def clipped(flat: str) -> str:
    """A cue of one line, cut with an ellipsis past `CUE_CHARS`."""
    return flat if len(flat) <= CUE_CHARS else flat[: CUE_CHARS - 1].rstrip() + "…"



def chunks(text: str) -> list[str]:
    """`text` cut at commas and semicolons outside quotes and brackets (empty pieces dropped)."""
    spans = quote_spans(text)  # in order, not overlapping
    parts, depth, start, k = [], 0, 0, 0
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in ",;" and depth == 0:
            while k < len(spans) and spans[k].end <= i:
                k += 1
            if k < len(spans) and spans[k].start < i:
                continue  # inside a quotation
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def harmed(text: str) -> bool:
    """The sentence tells of someone harmed by another, or dead: the next words quoted, or the
    role named next, may be someone else's (the attacker, a relative)."""
    return _HARMED.search(fold_keep_len(text).lower()) is not None


def _opens_verb(word: str) -> bool:
    """A folded word that opens a verb after its subject: an auxiliary, `ne`, a clitic, a speech verb."""
    return word in _VERB_START or VERB_RE.fullmatch(word) is not None


def _epithet(text: str) -> bool:
    """A description by age, origin or kind rather than by office: `le quinquagénaire`, `la
    Bretonne`, `la jeune femme`, `le retraité`. Press prose uses them to call back the person just
    named, never to bring in someone new."""
    parsed = describe(text)
    if parsed is None:
        return False
    head = parsed[2]
    if re.search(r"(?:genaire|enaire)$", head) or head in _EPITHETS:
        return True
    first = re.match(r"\s*(?:[Ll][ea]\s+|[Ll]['’]\s*)([A-ZÀ-ÖØ-Þ][\w-]+)", text)
    return bool(first) and bool(DEMONYM.search(fold(first.group(1)).lower()))


def _inner_noun(before: str) -> bool:
    """The words before a name end with `de l'acteur`, `du chanteur`: the name is the
    complement's (`la fille de l'acteur Alain Delon` is not Alain Delon), not the head's
    (`le ministre de l'Intérieur Gérald Darmanin`, `la physicienne du CNRS Claire Martin`)."""
    written = re.split(r"[\s'’]+", before.strip())
    if len(written) < 2 or not written[-1][:1].islower():
        return False
    words = [fold(w) for w in written]
    if not any(w in RELATIONAL for w in words[:-2]):
        return False  # `le directeur du festival Jean Dupont` is the director
    if words[-2] in ("du", "des", "au", "aux"):
        return True
    return len(words) >= 3 and words[-2] in ("le", "la", "l", "les") and words[-3] in _PREPOSITIONS


def is_intro(chunk: str) -> bool:
    """An adverbial or subordinate opening (`Dans une révélation`, `En 2018`, `Un jour`, `Lorsque …`)."""
    folded = fold_keep_len(_BRACKETS.sub("", chunk).strip()).lower()
    words = re.split(r"[\s']+", folded)
    if not words or not words[0]:
        return False
    if words[0] in _INTRO_WORDS:
        return True
    if re.match(rf"(?:le|du|au)\s+\d{{1,2}}(?:er)?\s+(?:{fold(_MONTHS)})(?:\s+\d{{4}})?\s*$", folded):
        return True  # a date: "Le 14 avril 2022, …"
    written = chunk.split()
    if len(written) >= 2 and written[1][:1].islower() and (  # "André Dupont" is a name
        re.search(r"(?:é|ée|és|ées)$", written[0])
        or (written[0].endswith("ant") and VERB_RE.fullmatch(words[0]))
    ):
        return True  # a participle clause: "Interrogée par l'AFP, …", "Élu en 2014, …", "Évoquant …, …"
    if len(words) <= 4 and any(w in _TIME_NOUNS for w in words):
        return True
    return bool(re.match(r"\d", words[0]))
