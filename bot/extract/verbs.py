"""French (and a few English) verbs of speech, in the forms press prose uses.

For each verb: present (3rd person singular and plural), past participle (for
`a déclaré`, `avait dit`, `a-t-il ajouté`), imperfect and simple past (`déclarait`,
`déclara`, `déclarèrent`). All forms are folded (`bot.text.fold`). Also: a few present
participles (`ajoutant`, `saluant`), participles agreed after `être` (`s'est félicitée`,
only in `VERB_AFTER_ETRE`) and locutions (`fait valoir`, `met en garde`).
"""

from __future__ import annotations

import re

from bot.text import fold

# Regular -er verbs (with their spelling changes handled below).
_ER = """
déclarer affirmer ajouter expliquer estimer assurer souligner préciser indiquer confier lancer
clamer marteler insister rappeler dénoncer regretter exclamer conclure raconter glisser lâcher
observer noter tonner fustiger déplorer féliciter tweeter annoncer juger commenter résumer
ironiser avouer confirmer nuancer protester étonner témoigner détailler argumenter justifier
répéter relever relativiser constater analyser considérer rapporter signaler interpeller certifier
trancher agacer emporter insurger inquiéter amuser plaider raconter réclamer proclamer scander
pointer avancer souffler murmurer confesser révéler jurer déclamer
prédire assener asséner accuser lancer interroger questionner demander exhorter appeler
soupirer exulter railler critiquer saluer remarquer tacler objecter
postuler supposer affirmer insinuer énoncer formuler prôner réitérer raisonner poster publier
tempérer abonder compléter concéder grincer tancer cingler espérer décrypter suggérer alerter
redouter enchaîner éluder esquiver corriger rectifier répliquer riposter arguer revendiquer exiger
relater indigner alarmer enthousiasmer désoler fulminer plaisanter lamenter excuser expliciter
remercier qualifier
pester tempêter rassurer évoquer crier écrier
remémorer souhaiter contester réfuter approuver esclaffer offusquer pronostiquer menacer nier minimiser implorer supplier hurler chuchoter attester
""".split()

# Irregular verbs: present 3s, present 3p, past participle, imperfect 3s, imperfect 3p,
# simple past 3s, simple past 3p.
_IRREGULAR = {
    "dire": "dit disent dit disait disaient dit dirent",
    "redire": "redit redisent redit redisait redisaient redit redirent",
    "écrire": "écrit écrivent écrit écrivait écrivaient écrivit écrivirent",
    "décrire": "décrit décrivent décrit décrivait décrivaient décrivit décrivirent",
    "reconnaître": "reconnaît reconnaissent reconnu reconnaissait reconnaissaient reconnut reconnurent",
    "admettre": "admet admettent admis admettait admettaient admit admirent",
    "promettre": "promet promettent promis promettait promettaient promit promirent",
    "conclure": "conclut concluent conclu concluait concluaient conclut conclurent",
    "répondre": "répond répondent répondu répondait répondaient répondit répondirent",
    "poursuivre": "poursuit poursuivent poursuivi poursuivait poursuivaient poursuivit poursuivirent",
    "prévenir": "prévient préviennent prévenu prévenait prévenaient prévint prévinrent",
    "soutenir": "soutient soutiennent soutenu soutenait soutenaient soutint soutinrent",
    "maintenir": "maintient maintiennent maintenu maintenait maintenaient maintint maintinrent",
    "avertir": "avertit avertissent averti avertissait avertissaient avertit avertirent",
    "réagir": "réagit réagissent réagi réagissait réagissaient réagit réagirent",
    "rétorquer": "rétorque rétorquent rétorqué rétorquait rétorquaient rétorqua rétorquèrent",
    "reprendre": "reprend reprennent repris reprenait reprenaient reprit reprirent",
    "sourire": "sourit sourient souri souriait souriaient sourit sourirent",
    "démentir": "dément démentent démenti démentait démentaient démentit démentirent",
    "se réjouir": "réjouit réjouissent réjoui réjouissait réjouissaient réjouit réjouirent",
    "croire": "croit croient cru croyait croyaient crut crurent",
    "penser": "pense pensent pensé pensait pensaient pensa pensèrent",
    "interpeller": "interpelle interpellent interpellé interpellait interpellaient interpella interpellèrent",
    "rappeler": "rappelle rappellent rappelé rappelait rappelaient rappela rappelèrent",
    "appeler": "appelle appellent appelé appelait appelaient appela appelèrent",
    "marteler": "martèle martèlent martelé martelait martelaient martela martelèrent",
    "répéter": "répète répètent répété répétait répétaient répéta répétèrent",
    "considérer": "considère considèrent considéré considérait considéraient considéra considérèrent",
    "inquiéter": "inquiète inquiètent inquiété inquiétait inquiétaient inquiéta inquiétèrent",
    "révéler": "révèle révèlent révélé révélait révélaient révéla révélèrent",
    "réitérer": "réitère réitèrent réitéré réitérait réitéraient réitéra réitérèrent",
    "asséner": "assène assènent asséné assénait assénaient asséna assénèrent",
    "prédire": "prédit prédisent prédit prédisait prédisaient prédit prédirent",
    "défendre": "défend défendent défendu défendait défendaient défendit défendirent",
    "craindre": "craint craignent craint craignait craignaient craignit craignirent",
    "plaindre": "plaint plaignent plaint plaignait plaignaient plaignit plaignirent",
    "rire": "rit rient ri riait riaient rit rirent",
    "se souvenir": "souvient souviennent souvenu souvenait souvenaient souvint souvinrent",
    "craindre": "craint craignent craint craignait craignaient craignit craignirent",
    "renchérir": "renchérit renchérissent renchéri renchérissait renchérissaient renchérit renchérirent",
    "surenchérir": "surenchérit surenchérissent surenchéri surenchérissait surenchérissaient surenchérit surenchérirent",
    "rebondir": "rebondit rebondissent rebondi rebondissait rebondissaient rebondit rebondirent",
    "s'exclamer": "exclame exclament exclamé exclamait exclamaient exclama exclamèrent",
    "garantir": "garantit garantissent garanti garantissait garantissaient garantit garantirent",
}

# Present participles that open a speech clause: `…, ajoutant que « … »`, `…, saluant « … »`.
# (Forms that are also frequent adjectives — étonnant, inquiétant, confiant — are left out.)
_PARTICIPLES_PRESENT = """
ajoutant estimant affirmant expliquant soulignant précisant rappelant assurant dénonçant jugeant
saluant indiquant déclarant regrettant martelant concluant disant écrivant reconnaissant admettant
promettant répondant avertissant prévenant déplorant fustigeant plaidant répétant accusant
annonçant lançant taclant ironisant résumant qualifiant évoquant commentant
""".split()

ENGLISH = "said says say tweeted tweets wrote writes added adds told tells explained explains stated states insisted warned noted argued".split()


def _er_forms(infinitive: str) -> list[str]:
    stem = infinitive[:-2]
    soft = stem
    if stem.endswith("c"):
        soft = stem[:-1] + "ç"  # lancer → lança, lançait
    elif stem.endswith("g"):
        soft = stem + "e"  # juger → jugea, jugeait
    return [
        stem + "e", stem + "ent", stem + "é", soft + "ait", soft + "aient", soft + "a", stem + "èrent",
    ]


def _all_forms() -> frozenset[str]:
    forms: set[str] = set()
    for verb in _ER:
        forms.update(_er_forms(verb))
    for line in _IRREGULAR.values():
        forms.update(line.split())
    forms.update(ENGLISH)
    forms.update(_PARTICIPLES_PRESENT)
    return frozenset(fold(f) for f in forms)


def _agreed_forms() -> frozenset[str]:
    """Past participles agreed with a feminine or plural subject, as `être` needs them:
    `s'est félicitée`, `se sont réjouis`, `s'est-elle exclamée`."""
    participles = {verb[:-2] + "é" for verb in _ER}
    participles.update(line.split()[2] for line in _IRREGULAR.values())
    agreed: set[str] = set()
    for participle in participles:
        endings = ("e", "es") if participle.endswith("s") else ("e", "s", "es")
        agreed.update(fold(participle + ending) for ending in endings)
    return frozenset(agreed - _all_forms())


FORMS = _all_forms()
# Ambiguous with frequent non-speech words: removed.
FORMS = FORMS - {"note", "pose", "poste", "appel", "demande", "demandent", "publie"}

_FORM_RE = "|".join(sorted((re.escape(f) for f in FORMS), key=len, reverse=True))
# Speech locutions (folded): `fait valoir`, `a fait savoir`, `met en garde`, `veut croire`.
_PHRASES = (
    r"(?:fait|font|faisait|faisaient|fit)\s+(?:valoir|savoir|remarquer|observer)"
    r"|(?:met|mettent|mettait|mettaient|mit|mis)\s+en\s+garde"
    r"|(?:veut|veulent|voulait|voulaient)\s+croire"
    r"|(?:tient|tiennent|tenait|tenaient|tenu)\s+a\s+(?:preciser|souligner|rappeler)"
    r"|(?:voulu|tenu\s+a|souhaite|cru\s+bon\s+de|cru\s+bon\s+d')\s*"  # `a voulu rassurer`
    r"(?:rassurer|preciser|souligner|rappeler|insister|temperer|nuancer|alerter|denoncer|saluer|expliquer)"
)
# A verb form (or a speech locution) as whole words of folded text.
VERB = rf"(?<![\w-])(?:{_PHRASES}|{_FORM_RE})(?![\w-])"
VERB_RE = re.compile(VERB)
# A verb form anywhere a parse may cut one out as a word, a hyphen beside it too (`dit-il`).
VERB_WORD_RE = re.compile(rf"(?<!\w)(?:{_FORM_RE})(?!\w)")
_AGREED_RE = "|".join(sorted((re.escape(f) for f in _agreed_forms()), key=len, reverse=True))
# A verb form after `être` (pronominal verbs): agreed participles too.
VERB_AFTER_ETRE = rf"(?<![\w-])(?:{_FORM_RE}|{_AGREED_RE})(?![\w-])"
# Object pronouns between a quote and its verb: `« … », nous confie-t-il`, `m'a dit Jean Dupont`.
CLITIC = r"(?:(?:nous|me|m'|lui|leur|vous|te|t'|y)\s*)"  # `y dit-elle`: in the video just named
# A verb form before an inverted subject: `clame-t-il`, `dit-elle`.
VERB_INVERTED = rf"(?<![\w-])(?:{_FORM_RE})(?:-t)?-(il|elle|ils|elles|on)(?![\w-])"

# Third person plural forms (present, imperfect, simple past): `indiquent`, `disaient`.
PLURAL = frozenset(
    fold(f) for f in (
        *(form for verb in _ER for i, form in enumerate(_er_forms(verb)) if i in (1, 4, 6)),
        *(form for line in _IRREGULAR.values() for i, form in enumerate(line.split()) if i in (1, 4, 6)),
    )
)

# Infinitives, for the narrative infinitive of press prose: `Et d'ajouter : « … »`.
_INFINITIVES = frozenset(fold(v.split()[-1].split("'")[-1]) for v in (*_ER, *_IRREGULAR))
INFINITIVE = rf"(?<![\w-])(?:{'|'.join(sorted(map(re.escape, _INFINITIVES), key=len, reverse=True))})(?![\w-])"

# Auxiliaries before a past participle, and adverbs that slip in between (folded).
AUX = r"(?:s'est|se\s+sont|s'etait|s'etaient|a|ont|avait|avaient|aura|auront|aurait|auraient|eut|ait|aient|a\s+meme|has|had|have)"
ADVERBS = (
    r"(?:aussi|encore|alors|ensuite|meme|egalement|notamment|d'ailleurs|deja|simplement|"
    r"publiquement|recemment|ainsi|volontiers|sobrement|froidement|fermement|clairement|"
    r"plusieurs\s+fois|a\s+plusieurs\s+reprises|souvent|toujours|pour\s+sa\s+part|de\s+son\s+cote|"
    r"finalement|immediatement|aussitot|lui|leur|nous|vous|y|en|bien|plutot|tout|then|also)"
)


def is_speech_verb(word: str) -> bool:
    return fold(word) in FORMS
