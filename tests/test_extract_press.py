"""Whole French press articles, in the typography real sites use, with what a reader should see.

Each article is written in the style of a French title (Le Monde, L'Équipe, Le Figaro,
Ouest-France, Libération, an AFP dispatch, Futura-Sciences): « » with non-breaking
spaces (U+00A0 or U+202F) inside, ’ apostrophes, thin spaces in numbers and before
: ; ? ! %. Expectations were decided from the text as a careful reader would, before
running the code: a quote whose speaker the text does not name (a description,
an ambiguous pronoun, an anonymous source) has speaker None; a date keeps the
precision the text gives; scores, times, amounts, `GPT-4` and `Mars` the planet are
not dates.
"""

from __future__ import annotations

import re

import pytest

from bot.extract import AliasTable, extract
from bot.models import Article, Extraction

ALIASES = AliasTable.default()
NBSP, NNBSP = "\u00a0", "\u202f"


def typo(text: str, space: str = NBSP) -> str:
    """French typography: `space` inside « », before : ; ? ! % and in numbers (1 500)."""
    text = text.replace("« ", "«" + space).replace(" »", space + "»")
    text = re.sub(r" ([:;?!%])", NNBSP + r"\1", text)
    return re.sub(r"(\d) (\d{3})\b", r"\1" + NNBSP + r"\2", text)


def run(body: str) -> Extraction:
    return extract(Article("t", "t.txt", "0", None, None, body), ALIASES)


def check(body: str, quotes: list[tuple[str, str | None]], events: list[tuple[str, str, str]]) -> None:
    """`quotes`: (first words, speaker); `events`: (iso, precision, a word of the sentence)."""
    found = run(body)
    got = [(q.text, q.speaker) for q in found.quotes]
    view = [
        (text[: len(quotes[i][0])] if i < len(quotes) else text, speaker)
        for i, (text, speaker) in enumerate(got)
    ]
    assert view == quotes, got
    dated = [(e.date.iso(), e.date.precision.value, e.sentence) for e in found.events]
    assert [(iso, p) for iso, p, _ in dated] == [(iso, p) for iso, p, _ in events], dated
    for (_, _, sentence), (_, _, word) in zip(dated, events):
        assert word in sentence, (word, sentence)


# --- politics: Assemblée nationale (Le Monde) ---

ASSEMBLEE = typo("""\
L’Assemblée nationale a adopté, lundi 3 juin 2024, en première lecture le projet de loi sur la fin de vie, par 305 voix contre 199. Le texte, examiné depuis le 27 mai, avait été profondément remanié en commission.

« C’est un moment historique pour notre pays », a déclaré la ministre de la santé, Catherine Vautrin, à l’issue du vote. « Nous avons trouvé un équilibre. Il n’est ni laxiste ni fermé », a-t-elle ajouté.

Les débats ont été vifs. « Vous ouvrez une brèche que personne ne pourra refermer », a lancé le député (LR) du Lot, Aurélien Pradié, depuis les bancs de la droite. Selon Mme Vautrin, « personne ne sera obligé de quoi que ce soit ».

Le rapporteur général, Olivier Falorni, a défendu un texte « de liberté et de fraternité ». Il a rappelé que la convention citoyenne avait rendu ses conclusions au printemps 2023. « Les Français attendent cette loi depuis 2005 », a-t-il insisté.

« Ce texte est une boussole pour notre société », a déclaré M. Macron sur X, saluant « un vote de responsabilité et d’humanité ».

Le gouvernement, qui s’était engagé en 2022 à légiférer, espère une adoption définitive d’ici à l’été 2025. Le Sénat doit examiner le texte à l’automne.""")


def test_assemblee_nationale_debate() -> None:
    check(
        ASSEMBLEE,
        [
            ("C’est un moment historique", "Catherine Vautrin"),
            ("Nous avons trouvé un équilibre. Il n’est", "Catherine Vautrin"),  # spans a sentence break
            ("Vous ouvrez une brèche", "Aurélien Pradié"),  # `le député (LR) du Lot, Aurélien Pradié,`
            ("personne ne sera obligé", "Catherine Vautrin"),  # `Selon Mme Vautrin`
            ("de liberté et de fraternité", "Olivier Falorni"),  # `X a défendu un texte « … »`
            ("Les Français attendent", "Olivier Falorni"),  # il → `Il a rappelé` → Falorni
            ("Ce texte est une boussole", "Emmanuel Macron"),  # `a déclaré M. Macron`
            ("un vote de responsabilité", "Emmanuel Macron"),  # `, saluant « … »`
        ],
        [
            ("2024-06-03", "day", "première lecture"),  # `depuis le 27 mai` has no year: nothing
            ("2023", "year", "convention citoyenne"),
            ("2005", "year", "attendent"),
            ("2022", "year", "légiférer"),
            ("2025", "year", "légiférer"),  # `d’ici à l’été 2025`
        ],
    )


# --- municipal election (Ouest-France) ---

NANTES = typo("""\
La maire socialiste sortante, Johanna Rolland, a été réélue dimanche 28 juin 2020 à la tête de la ville de Nantes, avec 59,95 % des voix au second tour. Sa liste d’union de la gauche devance largement celle de la candidate LR, Laurence Garnier (40,05 %).

« Les Nantaises et les Nantais ont fait le choix de la continuité et de l’écologie », s’est félicitée Johanna Rolland devant ses soutiens, à 21 h, place de l’Hôtel-de-Ville. « Ce mandat sera celui de la transition », insiste la maire (PS) de Nantes, Johanna Rolland.

Laurence Garnier a reconnu sa défaite. « Je félicite Johanna Rolland. Nous serons une opposition vigilante », a déclaré la sénatrice. La participation s’établit à 31,2 %, en baisse de 14 points par rapport à 2014.

Élue pour la première fois en 2014, Johanna Rolland avait succédé à Jean-Marc Ayrault, maire de 1989 à 2012. Le premier tour, initialement prévu le 15 mars, s’était tenu dans un climat d’inquiétude lié au Covid-19.""", NNBSP)


def test_municipal_election() -> None:
    check(
        NANTES,
        [
            ("Les Nantaises et les Nantais", "Johanna Rolland"),  # `s’est félicitée` (feminine)
            ("Ce mandat sera celui", "Johanna Rolland"),  # `insiste la maire (PS) de Nantes, Johanna Rolland`
            ("Je félicite Johanna Rolland", "Laurence Garnier"),  # `la sénatrice`: the subject just named
        ],
        [
            ("2020-06-28", "day", "réélue"),
            ("2014", "year", "Élue"),
            ("1989", "year", "Élue"),  # `de 1989 à 2012`: a range gives its start
        ],
    )


# --- Ligue 1 match report (L'Équipe) ---

LIGUE1 = typo("""\
Le Paris Saint-Germain s’est imposé 3-1 face à l’Olympique de Marseille, dimanche soir au Parc des Princes, lors de la 27e journée de Ligue 1. Le coup d’envoi, donné à 20h45, a été retardé par des fumigènes. Le Parc, qui a accueilli la Coupe du monde en 1998, affichait complet (47 929 spectateurs).

« On a fait un match sérieux, avec beaucoup d’intensité », a réagi Luis Enrique en conférence de presse. L’entraîneur parisien a toutefois regretté le but encaissé : « On doit être plus concentrés sur les coups de pied arrêtés. »

« C’est toujours spécial de marquer dans un Classique », confie à L’Équipe Kylian Mbappé, qui a porté son total à 24 buts cette saison. L’attaquant, arrivé au club à l’été 2017, n’a pas voulu s’exprimer sur son avenir. « Je me concentre sur le terrain. Le reste, on verra », a-t-il éludé.

Côté marseillais, Gennaro Gattuso ne cachait pas sa déception. « On a manqué de personnalité en première période », a-t-il déploré. Selon lui, « l’équipe a montré du caractère après la pause ».

L’OM, qui restait sur une victoire 2-0 contre Lens, recule à la 8e place. Les deux équipes se retrouveront le 14 avril en Coupe de France.""")


def test_ligue1_match_report() -> None:
    check(
        LIGUE1,
        [
            ("On a fait un match sérieux", "Luis Enrique"),
            ("On doit être plus concentrés", "Luis Enrique"),  # `L’entraîneur parisien`, right after his quote
            ("C’est toujours spécial", "Kylian Mbappé"),  # `confie à L’Équipe Kylian Mbappé`
            ("Je me concentre sur le terrain", None),  # il → `L’attaquant`, who does not speak: a description
            ("On a manqué de personnalité", "Gennaro Gattuso"),  # `Côté marseillais, Gennaro Gattuso`
            ("l’équipe a montré du caractère", "Gennaro Gattuso"),  # `Selon lui`
        ],
        [
            ("1998", "year", "Coupe du monde"),  # not 3-1, 20h45, 27e, 47 929
            ("2017", "year", "l’été 2017"),  # not 2-0, nor `le 14 avril` (no year)
        ],
    )


# --- Tour de France stage (AFP / L'Équipe) ---

TOUR = typo("""\
Le Slovène Tadej Pogacar a remporté en solitaire la 15e étape du Tour de France, dimanche 14 juillet 2024, au sommet du plateau de Beille, après 197,7 km de course. Le maillot jaune a franchi la ligne avec 1 min 8 s d’avance sur le Danois Jonas Vingegaard.

« Je voulais gagner ici, c’est une montée mythique », a déclaré le double vainqueur de l’épreuve (2020, 2021) au micro de France Télévisions. « J’ai attaqué à 5 kilomètres du sommet parce que je me sentais bien. »

Vingegaard, vainqueur en 2022 et 2023, a reconnu la supériorité de son rival : « Il était plus fort aujourd’hui. Je n’ai pas de regrets. » Le Français Romain Bardet, qui dispute son dernier Tour, a terminé à la 12e place. « C’était dur, très dur », a soufflé le coureur de la DSM.

Le dernier Français vainqueur de la Grande Boucle reste Bernard Hinault, en 1985. Aucun Français n’a gagné d’étape le 14 juillet depuis Warren Barguil en 2017. La course se terminera le 21 juillet à Nice, une première depuis 1905.""", NNBSP)


def test_tour_de_france_stage() -> None:
    check(
        TOUR,
        [
            ("Je voulais gagner ici", None),  # `le double vainqueur de l’épreuve`
            ("J’ai attaqué à 5 kilomètres", None),  # no attribution at all
            ("Il était plus fort aujourd’hui", "Jonas Vingegaard"),  # surname → full name
            ("C’était dur, très dur", "Romain Bardet"),  # `le coureur de la DSM`: the one subject just named
        ],
        [
            ("2024-07-14", "day", "15e étape"),
            ("2022", "year", "Vingegaard"),
            ("2023", "year", "Vingegaard"),  # `en 2022 et 2023`: both years
            ("1985", "year", "Hinault"),
            ("2017", "year", "Barguil"),  # `le 14 juillet` has no year
            ("1905", "year", "Nice"),
        ],
    )


# --- rugby transfer (Le Figaro / Midi Olympique) ---

RUGBY = typo("""\
C’est officiel : le demi d’ouverture international Matthieu Jalibert quittera l’Union Bordeaux-Bègles à l’issue de la saison 2024-2025 pour rejoindre le Stade toulousain, a annoncé le club haut-garonnais lundi. Le joueur de 25 ans s’est engagé pour trois saisons, jusqu’en juin 2028.

« Matthieu est un joueur d’exception, il va apporter énormément à notre projet », s’est réjoui le manager toulousain, Ugo Mola, dans un communiqué. Le montant du transfert n’a pas été dévoilé, mais il serait supérieur à 1 million d’euros selon Midi Olympique.

« Un départ brutal et mal préparé » : c’est ainsi que le président de l’UBB, Laurent Marti, résume la situation. Il a regretté que le joueur ne l’ait pas prévenu « en face, d’homme à homme ». « Nous l’avons formé, nous l’avons fait grandir. Nous aurions aimé une autre fin », a-t-il ajouté.

Arrivé à Bordeaux en 2016 en provenance de l’école de rugby de Mérignac, Jalibert a disputé 32 sélections avec le XV de France depuis ses débuts en février 2020 face au pays de Galles.""")


def test_rugby_transfer() -> None:
    check(
        RUGBY,
        [
            ("Matthieu est un joueur", "Ugo Mola"),  # `le manager toulousain, Ugo Mola,`
            ("Un départ brutal", "Laurent Marti"),  # `« … » : c’est ainsi que X résume`
            ("en face, d’homme à homme", "Laurent Marti"),  # `Il a regretté que … « … »`
            ("Nous l’avons formé", "Laurent Marti"),
        ],
        [
            ("2024", "year", "saison"),  # `saison 2024-2025`: its start year
            ("2028-06", "month", "jusqu’en juin 2028"),
            ("2016", "year", "Jalibert"),
            ("2020-02", "month", "Jalibert"),
        ],
    )


# --- CNRS / Inserm study (Le Monde sciences) ---

ETUDE = typo("""\
Une équipe de chercheurs du CNRS et de l’Inserm a montré que l’exposition chronique aux particules fines augmentait de 12 % le risque de développer une démence. L’étude, publiée le 3/06/2024 dans la revue The Lancet Planetary Health, porte sur 7 000 personnes suivies entre 2008 et 2020.

« Nos résultats confirment que la pollution de l’air est un facteur de risque modifiable », souligne Claire Dupuy, épidémiologiste à l’Inserm et première autrice de l’étude. Selon elle, « chaque microgramme compte ». « Il n’existe pas de seuil en dessous duquel l’exposition serait sans danger », poursuit-elle.

Les participants, âgés de 65 ans et plus, ont été recrutés à Bordeaux, Dijon et Montpellier en 1999-2000. « C’est une cohorte unique en Europe », précise le directeur de recherche au CNRS Marc Lefèvre, coauteur des travaux.

Les chercheurs ont utilisé le modèle GPT-4 pour trier les dossiers médicaux, une première selon eux. Ils appellent les pouvoirs publics à abaisser les seuils réglementaires, comme l’a fait l’Organisation mondiale de la santé (OMS) en septembre 2021.""")


def test_cnrs_inserm_study() -> None:
    check(
        ETUDE,
        [
            ("Nos résultats confirment", "Claire Dupuy"),
            ("chaque microgramme compte", "Claire Dupuy"),  # short, but `Selon elle,` introduces it
            ("Il n’existe pas de seuil", "Claire Dupuy"),  # `poursuit-elle`
            ("C’est une cohorte unique", "Marc Lefèvre"),  # `au CNRS` is not the speaker
        ],
        [
            ("2024-06-03", "day", "publiée"),
            ("2008", "year", "publiée"),  # `entre 2008 et 2020`; 12 % and 7 000 are amounts
            ("1999", "year", "recrutés"),
            ("2021-09", "month", "OMS"),  # GPT-4 is a model
        ],
    )


# --- ESA / NASA mission (Futura-Sciences): Mars the planet, mars the month ---

MARS = typo("""\
La mission européenne ExoMars, dont le rover Rosalind Franklin doit se poser sur Mars, ne décollera pas avant 2028. L’Agence spatiale européenne (ESA) l’a confirmé le 12 mars 2024, lors d’une conférence de presse à Paris.

Initialement prévu en 2022 à bord d’une fusée russe Proton, le lancement avait été suspendu après l’invasion de l’Ukraine par la Russie, fin février 2022. « Nous avons dû tout reconstruire, y compris l’atterrisseur », a expliqué Daniel Neuenschwander, directeur de l’exploration humaine et robotique de l’ESA.

La Nasa fournira les moteurs de freinage et des radio-isotopes pour chauffer le rover. Mars reste une destination difficile : seule la moitié des missions vers la planète rouge ont réussi depuis 1960. Le rover devra forer jusqu’à 2 mètres sous la surface de Mars.

« Mars 2028, c’est un objectif ambitieux mais atteignable », estime le planétologue François Forget. En mars, l’agence présentera le calendrier détaillé. Le rover Perseverance de la Nasa, lui, s’est posé sur Mars le 18 février 2021.""", NNBSP)


def test_space_mission_mars_planet_and_month() -> None:
    check(
        MARS,
        [
            ("Nous avons dû tout reconstruire", "Daniel Neuenschwander"),
            ("Mars 2028, c’est un objectif", "François Forget"),
        ],
        [
            ("2028", "year", "ExoMars"),
            ("2024-03-12", "day", "confirmé"),
            ("2022", "year", "Proton"),
            ("2022-02", "month", "Proton"),
            ("1960", "year", "planète rouge"),
            # « Mars 2028 » is the planet and a year, not March 2028; `En mars` has no year
            ("2021-02-18", "day", "Perseverance"),
        ],
    )


# --- court case (faits divers, Le Parisien / AFP) ---

PROCES = typo("""\
Un homme de 34 ans a été mis en examen pour meurtre et placé en détention provisoire, vendredi, après la mort d’une septuagénaire à Rennes, a indiqué le parquet. Le corps de la victime avait été découvert le 2 février 2024 dans son appartement du quartier de Maurepas.

« Les investigations se poursuivent pour déterminer le mobile exact », a précisé le procureur de la République de Rennes, Philippe Astruc, dans un communiqué. Le suspect, déjà connu des services de police pour des faits de violences commis en 2019, a reconnu avoir été présent sur les lieux. Le ministre de l’Intérieur, Gérald Darmanin, a salué sur X « la réactivité des enquêteurs ».

Selon une source proche de l’enquête, « il aurait agi sous l’emprise de stupéfiants ». Son avocat, Me Julien Dubois, conteste cette version. « Mon client nie toute intention de tuer, il est effondré », a-t-il déclaré à l’AFP.

Le procès pourrait se tenir au printemps 2026 devant la cour d’assises d’Ille-et-Vilaine. L’homme encourt la réclusion criminelle à perpétuité.""")


def test_court_case() -> None:
    check(
        PROCES,
        [
            ("Les investigations se poursuivent", "Philippe Astruc"),  # not `de Rennes`
            ("la réactivité des enquêteurs", "Gérald Darmanin"),
            ("il aurait agi", None),  # `une source proche de l’enquête`
            ("Mon client nie", "Julien Dubois"),  # il → `Son avocat, Me Julien Dubois,`
        ],
        [
            ("2024-02-02", "day", "découvert"),
            ("2019", "year", "suspect"),
            ("2026", "year", "procès"),
        ],
    )


# --- économie: amounts and percentages (Les Échos / Le Figaro) ---

ECONOMIE = typo("""\
Le groupe automobile Stellantis a annoncé mardi un plan d’investissement de 2,5 milliards d’euros dans ses usines françaises d’ici à 2027. Le constructeur, né en 2021 de la fusion de PSA et de Fiat Chrysler, prévoit de supprimer 1 500 postes en France, sur la base du volontariat.

Son chiffre d’affaires a atteint 189,5 milliards d’euros en 2023, en hausse de 3 % sur un an. La marge opérationnelle s’établit à 12,8 %, contre 13,4 % lors de l’exercice 2022. Les ventes ont reculé de 2,1 % au premier semestre.

« Nous allons continuer à produire en France, c’est un engagement ferme », a assuré le directeur général, Carlos Tavares, lors d’une conférence téléphonique. Les syndicats restent sceptiques. « On nous annonce des milliards, mais sur le terrain, ce sont 1 500 salariés qui vont partir », dénonce Jean-Pierre Mercier, délégué syndical CGT.

La nouvelle prime de partage de la valeur, de 2 000 euros par salarié, entrera en vigueur le 1er janvier 2024. Depuis 2017, le groupe a versé plus de 4 milliards d’euros de dividendes. L’action a gagné 1,8 % à la Bourse de Paris.""")


def test_economy_amounts_and_percentages() -> None:
    check(
        ECONOMIE,
        [
            ("Nous allons continuer", "Carlos Tavares"),
            ("On nous annonce des milliards", "Jean-Pierre Mercier"),
        ],
        [
            ("2027", "year", "investissement"),  # `d’ici à 2027`
            ("2021", "year", "fusion"),
            ("2023", "year", "chiffre d’affaires"),
            ("2022", "year", "exercice"),
            ("2024-01-01", "day", "prime"),
            ("2017", "year", "dividendes"),
        ],
    )


# --- interview in questions and answers (Libération) ---

ENTRETIEN = typo("""\
Double championne du monde, la judokate Sarah Koné a annoncé sa retraite sportive en janvier 2025, à 32 ans. Pour Libération, elle revient sur une carrière commencée au club de Gennevilliers en 2001.

— Pourquoi arrêter maintenant ?

— Parce que mon corps me l’a demandé. Après les Jeux de Paris, l’été 2024, j’ai senti que la flamme s’éteignait. Teddy Riner m’a dit : « Tu as tout donné, tu peux partir la tête haute. » Ça m’a aidée.

— Qu’est-ce qui vous manquera le plus ?

— Les tatamis, l’adrénaline des compétitions. Mon premier entraîneur me répétait : « Le judo, c’est la vie. » Il avait raison.

— Et l’après ?

— Je vais m’engager pour le sport féminin. Depuis 2019, je milite pour que les sportives enceintes soient mieux protégées.""", NNBSP)


def test_interview_questions_and_answers() -> None:
    check(
        ENTRETIEN,
        [
            # the dashed answers are not quotations; quotes inside them are
            ("Tu as tout donné", "Teddy Riner"),
            ("Le judo, c’est la vie", None),  # `Mon premier entraîneur`
        ],
        [
            ("2025-01", "month", "retraite"),
            ("2001", "year", "Gennevilliers"),
            ("2024", "year", "flamme"),
            ("2019", "year", "milite"),
        ],
    )


# --- AFP dispatch ---

AFP = """\
Kiev (AFP) - Le président ukrainien Volodymyr Zelensky a appelé jeudi les Occidentaux à accélérer leurs livraisons d'armes, au lendemain d'une frappe russe qui a fait au moins 17 morts à Odessa, selon un bilan des autorités locales.

"Chaque jour de retard se paie en vies humaines", a-t-il déclaré lors de son allocution quotidienne. "Nous avons besoin de systèmes de défense antiaérienne maintenant, pas dans six mois."

Interrogé par l'AFP, un responsable militaire ukrainien, qui a requis l'anonymat, a estimé que la situation sur le front était "difficile mais sous contrôle". "Les Russes concentrent leurs efforts autour de Pokrovsk", a-t-il déclaré à l'AFP.

Le Kremlin a de son côté dénoncé une "escalade" occidentale. "Ces livraisons ne changeront rien à l'issue de l'opération militaire spéciale", a affirmé le porte-parole de la présidence russe, Dmitri Peskov.

La Russie a lancé son invasion à grande échelle de l'Ukraine le 24 février 2022. Selon l'ONU, plus de 10 000 civils ont été tués depuis."""


def test_afp_dispatch() -> None:
    check(
        AFP,
        [
            ("Chaque jour de retard", "Volodymyr Zelensky"),  # il → the subject after the dateline
            ("Nous avons besoin", "Volodymyr Zelensky"),  # follows his quote, no new speaker
            ("difficile mais sous contrôle", None),  # an anonymous official
            ("Les Russes concentrent", None),  # il → the anonymous official
            ("Ces livraisons ne changeront rien", "Dmitri Peskov"),  # "escalade" is a term
        ],
        [("2022-02-24", "day", "invasion")],
    )


# --- culture: nested and English quotes (Le Figaro) ---

CESAR = typo("""\
Le réalisateur Christopher Nolan a reçu samedi soir le César d’honneur, lors de la 49e cérémonie des César, à l’Olympia. « I’m deeply honoured. French cinema taught me everything », a déclaré en anglais le cinéaste britannique, ovationné par la salle.

L’actrice Juliette Binoche, qui lui remettait le trophée, a rappelé leur première rencontre, en 2014 à Cannes : « Il m’avait dit “le cinéma, c’est l’art du temps” et je ne l’ai jamais oublié. »

Dans un entretien au New York Times publié le 20 février 2024, Nolan confiait : “Oppenheimer was the hardest film I’ve ever made.” Le film a remporté sept Oscars en mars 2024, dont celui du meilleur film.

« Le mot “chef-d’œuvre” est galvaudé, mais ici il s’impose », écrivait Le Monde lors de la sortie du film, à l’été 2023. Le long-métrage a rapporté plus de 975 millions de dollars dans le monde.""")


def test_nested_and_english_quotes() -> None:
    check(
        CESAR,
        [
            ("I’m deeply honoured", None),  # `le cinéaste britannique`
            ("Il m’avait dit “le cinéma", "Juliette Binoche"),  # `…, en 2014 à Cannes : « … »`
            ("Oppenheimer was the hardest", "Christopher Nolan"),
            ("Le mot “chef-d’œuvre”", None),  # a newspaper, not a person we know
        ],
        [
            ("2014", "year", "Binoche"),
            ("2024-02-20", "day", "New York Times"),
            ("2024-03", "month", "Oscars"),
            ("2023", "year", "chef-d’œuvre"),
        ],
    )


# --- two speakers, alternating pronouns, one ambiguous (Libération) ---

DEBAT = typo("""\
Face-à-face tendu, mercredi soir sur France 2, entre Gabriel Attal et Jordan Bardella. Le premier ministre a ouvert le débat en défendant son bilan économique. « Le chômage est au plus bas depuis quarante ans », a-t-il affirmé.

Jordan Bardella a aussitôt contesté ces chiffres. « Vous parlez de chiffres, les Français parlent de leur fin de mois », a-t-il rétorqué. Gabriel Attal a haussé le ton : « Vous n’avez aucun programme chiffré. » Il a ensuite accusé son adversaire de « mentir aux Français sur les retraites ».

Les deux hommes se sont ensuite opposés sur l’immigration. « Nous organiserons un référendum dès notre arrivée au pouvoir », a promis le président du RN. « C’est une promesse que vous ne pourrez pas tenir », a-t-il répondu.

Marine Le Pen, présente dans le public, a salué la prestation de son protégé. Selon elle, « il a démontré qu’il était prêt à gouverner ».""", NNBSP)


def test_alternating_speakers_with_pronouns() -> None:
    check(
        DEBAT,
        [
            ("Le chômage est au plus bas", None),  # il → `Le premier ministre`: a description
            ("Vous parlez de chiffres", "Jordan Bardella"),
            ("Vous n’avez aucun programme", "Gabriel Attal"),
            ("mentir aux Français", "Gabriel Attal"),  # `Il a ensuite accusé … de « … »`
            ("Nous organiserons un référendum", None),  # `le président du RN`
            ("C’est une promesse", None),  # il: ambiguous, the text does not say
            ("il a démontré", "Marine Le Pen"),
        ],
        [],  # `depuis quarante ans`, `mercredi soir`: no date
    )


ALL = [ASSEMBLEE, NANTES, LIGUE1, TOUR, RUGBY, ETUDE, MARS, PROCES, ECONOMIE, ENTRETIEN, AFP, CESAR, DEBAT]


def test_no_event_is_an_amount_a_score_or_a_time() -> None:
    for body in ALL:
        for event in run(body).events:
            assert 1900 <= event.date.year <= 2030, event


# --- the general rules behind the articles, one sentence each ---


def quotes(body: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in run(typo(body))]


def speaker(body: str) -> str | None:
    found = run(typo(body)).quotes
    assert len(found) == 1, found
    return found[0].speaker


def years(body: str) -> list[str]:
    return [e.date.iso() for e in run(typo(body)).events]


SAID = "« Nous ne céderons rien sur ce dossier »"


@pytest.mark.parametrize(
    "body, expected",
    [
        # feminine and plural participles after `être`
        (f"{SAID}, s’est félicitée Marie Durand.", "Marie Durand"),
        (f"Marie Durand a quitté la salle. {SAID}, s’est-elle exclamée.", "Marie Durand"),
        (f"{SAID}, s’est-elle exclamée.", None),
        # object pronouns and locutions
        (f"Jean Dupont a reçu les élus. {SAID}, nous confie-t-il.", "Jean Dupont"),
        (f"{SAID}, m’a dit Jean Dupont.", "Jean Dupont"),
        (f"{SAID}, fait valoir Jean Dupont, maire de Lille.", "Jean Dupont"),
        (f"{SAID}, se défend Jean Dupont.", "Jean Dupont"),
        # a medium between the verb and the speaker
        (f"{SAID}, a déclaré au Parisien Jean Dupont.", "Jean Dupont"),
        (f"{SAID}, a réagi sur France Inter Jean Dupont.", None),  # where does the medium end?
        (f"{SAID}, a écrit à Emmanuel Macron le maire de Lille.", None),  # the addressee
        # brackets in a description
        (f"{SAID}, a lancé le député Jean Dupont (LFI-NFP), élu de Seine-Saint-Denis.", "Jean Dupont"),
        (f"{SAID}, a précisé le procureur de la République de Lyon, Jean Dupont.", "Jean Dupont"),
        (f"{SAID}, a précisé le procureur de la République de Lyon.", None),
        # a description ending with a name, as the subject a pronoun points to
        (f"Le ministre de l’Économie Bruno Le Maire a présenté son plan. {SAID}, a-t-il dit.", "Bruno Le Maire"),
        (f"Le fils de Jean Dupont a quitté la salle. {SAID}, a-t-il dit.", None),
        (f"{SAID}, a déclaré la fille de l’acteur Alain Delon.", None),  # the daughter speaks
        (f"La fille de l’acteur Alain Delon est sortie. {SAID}, a-t-elle dit.", None),
        (f"{SAID}, a déclaré le directeur du festival Jean Dupont.", "Jean Dupont"),
        (f"Les avocats Jean Dupont et Marie Durand sont sortis. {SAID}, a-t-il dit.", None),
        (f"PARIS, 3 juin (Reuters) - La Première ministre Élisabeth Borne a reçu les syndicats. {SAID}, a-t-elle dit.", "Élisabeth Borne"),
        # participle clauses and nationalities before the subject
        (f"Interrogée par l’AFP, Marie Durand a quitté la salle. {SAID}, a-t-elle dit.", "Marie Durand"),
        (f"André Dupont, maire de Lille, a quitté la salle. {SAID}, a-t-il dit.", "André Dupont"),
        (f"Le Danois Jonas Vingegaard a franchi la ligne. {SAID}, a-t-il dit.", "Jonas Vingegaard"),
        # a colon after a time or place phrase
        (f"Jean Dupont a évoqué la réforme, en 2019 à Lyon : {SAID}.", "Jean Dupont"),
        (f"— Jean Dupont m’a dit : {SAID}.", "Jean Dupont"),
        # `c’est ainsi que`
        (f"{SAID} : c’est ainsi que Jean Dupont résume la situation.", "Jean Dupont"),
        (f"{SAID} : c’est ainsi que le maire résume la situation.", None),
    ],
)
def test_attribution_rules(body: str, expected: str | None) -> None:
    assert speaker(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Les chercheurs ont travaillé sur la question en 2019 et 2021.", ["2019", "2021"]),
        ("Le Danois a gagné en 2022 ou en 2023, on ne sait plus.", ["2022", "2023"]),
        ("Il a marqué en 2019 et 2000 buts depuis.", ["2019"]),  # an amount
        ("Le projet sera lancé à partir de 2026.", ["2026"]),
        ("Le parc sera rénové d’ici à 2030.", ["2030"]),
        ("Mars 2021 a été un mois record pour les ventes.", ["2021-03"]),
        ("La sonde a décollé fin mars 2021 vers Mars.", ["2021-03"]),
        ("« Mars 2030 », c’est l’objectif de la Nasa pour ses astronautes.", []),
        ("La Nasa vise Mars 2030 pour un premier vol habité.", []),
        ("Le score était de 2-1 à 20h45, soit 1 500 spectateurs de plus qu’en 2 000 matchs.", []),
    ],
)
def test_date_rules(body: str, expected: list[str]) -> None:
    assert years(body) == expected
