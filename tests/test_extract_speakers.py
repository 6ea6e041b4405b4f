"""Who said it, when the article does not write a full name next to the quote.

Each test is a small article of our own in the forms French press prose uses: a
pronoun, `ce dernier`, a description the article tied to a person, a follow-on quote,
a subject after the verb, an organisation, an anonymous witness. The speaker expected
is the one a careful reader would name, or None when the text names nobody; and each
quote keeps the cue that named its speaker, its kind and, for a pronoun or a
description, the sentence where the name was found.
"""

from __future__ import annotations

from bot.extract import AliasTable, extract
from bot.models import Article, Quote

ALIASES = AliasTable.default()


def found(body: str) -> list[Quote]:
    return list(extract(Article("t", "t.txt", "0", None, None, body), ALIASES).quotes)


def who(body: str) -> list[str | None]:
    return [q.speaker for q in found(body)]


# --- pronouns ---


def test_a_pronoun_chain_goes_back_to_the_named_subject() -> None:
    body = (
        "Claire Martin a présenté mardi son plan pour l'hôpital de Rennes. Elle a défendu chaque mesure "
        "devant le conseil. « Nous ne fermerons aucun service cette année », a-t-elle assuré."
    )
    [quote] = found(body)
    assert (quote.speaker, quote.cue, quote.attribution) == ("Claire Martin", "a-t-elle assuré", "pronoun")
    assert quote.evidence == "Claire Martin a présenté mardi son plan pour l'hôpital de Rennes."


def test_a_circumstance_before_a_name_states_no_gender() -> None:
    body = "Durant toute la campagne, Jean Roux, 45 ans, a été critiqué. « Je ne regrette rien », a-t-il dit."
    [quote] = found(body)
    assert (quote.speaker, quote.attribution) == ("Jean Roux", "pronoun")  # `la campagne` is no apposition of his


def test_a_role_with_a_complement_states_the_gender() -> None:
    body = "La présidente du syndicat, Marie Vasseur, a rencontré le préfet. « Rien n'est réglé », a-t-il dit."
    assert who(body) == [None]  # `la présidente du syndicat` is her: `il` is someone else


def test_a_pronoun_skips_a_plural_subject() -> None:
    body = (
        "Paul Roux a répondu aux habitants. Les riverains pourront suivre les travaux « depuis un site "
        "internet mis à jour chaque semaine », a-t-il précisé."
    )
    assert who(body) == ["Paul Roux"]


def test_a_pronoun_goes_to_an_organisation_subject_when_no_person_is_in_sight() -> None:
    body = "La SNCF a annoncé mardi la suppression de trois lignes. « Les usagers seront remboursés », précise-t-elle."
    [quote] = found(body)
    assert (quote.speaker, quote.attribution) == ("SNCF", "pronoun")
    person = "La SNCF a reçu Jean Morel mardi. « Les usagers seront remboursés », précise-t-il."
    assert who(person) == [None]  # `il` may be Jean Morel: the organisation is not the one


def test_a_pronoun_of_the_other_gender_is_nobody() -> None:
    body = (
        "Le ministre Jean Lefort a rencontré les syndicats. « La réforme ne sera pas retirée, "
        "quoi qu'il arrive », a-t-elle ajouté."
    )
    assert who(body) == [None]


def test_celui_qui_stands_for_the_subject_before_it() -> None:
    body = (
        "Marc Olivier ne cachait pas sa déception. Celui qui menait la liste a recueilli 3 % des voix. "
        "« Il faudra tout reconstruire à gauche », estime-t-il."
    )
    assert who(body) == ["Marc Olivier"]


# --- ce dernier, demonstratives ---


def test_ce_dernier_is_the_person_named_last() -> None:
    body = (
        "La maire a reçu lundi le préfet Hugo Baret. « Aucune évacuation n'est prévue à ce stade », "
        "a indiqué ce dernier à la sortie."
    )
    [quote] = found(body)
    assert (quote.speaker, quote.attribution) == ("Hugo Baret", "description")
    assert "Hugo Baret" in (quote.evidence or "")


def test_cette_derniere_skips_a_man() -> None:
    body = (
        "Lucie Garnier a porté plainte contre M. Paul Vidal. « Je veux seulement que justice soit faite », "
        "a confié cette dernière."
    )
    assert who(body) == ["Lucie Garnier"]


def test_a_role_and_name_subject_before_any_verb_names_the_person() -> None:
    body = (
        "La physicienne Claire Martin dirige le laboratoire depuis 2019. « Les mesures sont formelles », "
        "ajoute la scientifique."
    )
    assert who(body) == ["Claire Martin"]
    complement = (
        "Le fils de Claire Martin dirige le laboratoire depuis 2019. « Les mesures sont formelles », "
        "ajoute le scientifique."
    )
    assert who(complement) == [None]  # the son is the subject, and he is not named


def test_a_capitalized_complement_before_the_name_is_not_part_of_it() -> None:
    body = "Le ministre de l'Intérieur Jean Castex a réagi mardi soir :\n\n« Nous ne laisserons rien passer. »"
    [quote] = found(body)
    assert (quote.speaker, quote.cue) == ("Jean Castex", "Le ministre de l'Intérieur Jean Castex")  # as written
    names = extract(Article("t", "t.txt", "0", None, None, body), ALIASES).names
    assert names == ("Jean Castex",)  # not "Intérieur Jean Castex"


def test_celle_ci_as_a_subject_is_the_person_named_last_not_the_subject() -> None:
    body = "Le maire Paul Roux a reçu Claire Morel. Celle-ci a déclaré : « Nous signerons lundi. »"
    [quote] = found(body)
    assert (quote.speaker, quote.cue, quote.attribution) == ("Claire Morel", "Celle-ci a déclaré", "description")


def test_le_premier_and_la_seconde_are_one_of_the_two_just_named() -> None:
    body = (
        "Jeanne Petit et Marc Aubry se sont affrontés lors du débat. « Je ne laisserai pas fermer "
        "l'hôpital », a lancé la première. « Vos promesses ne valent rien », a répliqué le second."
    )
    assert who(body) == ["Jeanne Petit", "Marc Aubry"]
    three = "Jeanne Petit, Marc Aubry et Paul Roux ont débattu. « Rien n'est joué », a lancé le premier."
    assert who(three) == [None]  # one of three: `le premier` is not enough
    wrong_gender = "M. Paul Roux et Marc Aubry ont débattu. « Rien n'est joué », a lancé la première."
    assert who(wrong_gender) == [None]


def test_a_demonstrative_description_ignores_names_inside_the_quotes() -> None:
    body = (
        "Le récit est de Léa Morel, une ancienne ingénieure. « Au début, Paul Vidal semblait un patron "
        "plutôt sympathique et attentif », raconte cette ancienne de la maison."
    )
    assert who(body) == ["Léa Morel"]


# --- descriptions tied to a person ---


def test_a_description_before_the_name_ties_it() -> None:
    body = (
        "Le milliardaire Marc Lenoir a racheté le club en juin.\n\n"
        "Les supporters restent méfiants. « Je ne suis pas là pour faire de l'argent », a déclaré le milliardaire."
    )
    [quote] = found(body)
    assert (quote.speaker, quote.cue, quote.attribution) == (
        "Marc Lenoir", "a déclaré le milliardaire", "description")
    assert quote.evidence == "Le milliardaire Marc Lenoir a racheté le club en juin."


def test_an_apposition_after_the_name_ties_it() -> None:
    body = (
        "Sophie Bernard, directrice de l'hôpital, a ouvert la séance. Les médecins ont pris la parole. "
        "« Les urgences tiendront tout l'été », a assuré la directrice."
    )
    assert who(body) == ["Sophie Bernard"]


def test_a_description_two_appositions_away_and_a_longer_wording() -> None:
    body = (
        "Le jury a remis son grand prix à une réalisatrice, la Chilienne Ana Soto, pour son premier film.\n\n"
        "« Je ne m'y attendais pas du tout », a déclaré très émue la jeune réalisatrice de 34 ans. "
        "Elle a remercié « toutes les équipes qui ont porté ce film si loin »."
    )
    assert who(body) == ["Ana Soto", "Ana Soto"]


def test_the_role_with_its_complement_ties_the_person() -> None:
    body = (
        "Pour le président de la cour Régis Aubert, l'accusé doit s'expliquer. « Vous devez des réponses "
        "aux familles », a lancé le président de la cour."
    )
    assert who(body) == ["Régis Aubert"]


def test_an_untied_description_is_nobody() -> None:
    body = "Le match a été serré. « Je suis fier de ce groupe », a réagi le sélectionneur."
    assert who(body) == [None]


def test_a_description_tied_to_two_people_is_nobody() -> None:
    body = (
        "Le ministre Jean Lefort et le ministre Marc Aubry ont signé l'accord. « Ce texte protège les "
        "salariés », a déclaré le ministre."
    )
    assert who(body) == [None]


def test_a_description_tied_to_a_second_person_later_keeps_its_earlier_quotes() -> None:
    # What the article had said by the quote decides: the second minister comes after the first quote.
    body = (
        "Le ministre Jean Lefort a signé l'accord. « Ce texte protège les salariés », a déclaré le "
        "ministre. Le lendemain, le ministre Marc Aubry a contesté le texte. « Il ne protège personne », "
        "a répliqué le ministre."
    )
    assert who(body) == ["Jean Lefort", None]


def test_a_role_the_subject_met_or_that_replies_is_someone_else() -> None:
    met = "Jean Morel a reçu le préfet mardi. Le préfet a réagi : « Nous restons vigilants »."
    assert who(met) == [None]  # Jean Morel received the prefect: the prefect is not him
    replies = "Jean Morel a critiqué le projet. Le ministre a répondu : « Ce projet est nécessaire »."
    assert who(replies) == [None]  # who answers him is someone else
    same = "Jean Morel a présenté le projet. Le ministre a ajouté : « Ce projet est nécessaire »."
    assert who(same) == ["Jean Morel"]


def test_the_relative_of_a_named_person_is_not_that_person() -> None:
    body = (
        "La fille de l'acteur Jean Valmont a témoigné. « Mon père n'a jamais rien su de tout cela », "
        "a déclaré la fille de l'acteur."
    )
    assert who(body) == [None]


def test_a_different_role_does_not_borrow_a_tie() -> None:
    body = (
        "Le ministre de l'Économie, Bruno Vasseur, a présenté le budget. Le Premier ministre a répondu : "
        "« Nous assumons tous nos choix budgétaires. »"
    )
    assert who(body) == [None]



# --- an untied description as the cue: the subject just named ---


def test_an_untied_role_is_the_subject_named_just_before() -> None:
    body = (
        "Julien Castel est entré dans la salle d'audience peu après 9 heures.\n\n"
        "« Je n'ai jamais touché à cet argent », a dit l'accusé.\n\n"
        "Julien Castel a ensuite été interrogé sur ses comptes. L'élu a réagi : « Ce procès est politique. »"
    )
    quotes = found(body)
    assert [(q.speaker, q.cue, q.attribution) for q in quotes] == [
        ("Julien Castel", "a dit l'accusé", "description"),
        ("Julien Castel", "L'élu a réagi", "description"),
    ]
    assert quotes[0].evidence == "Julien Castel est entré dans la salle d'audience peu après 9 heures."


def test_an_untied_role_with_two_people_just_named_is_nobody() -> None:
    body = (
        "Julien Castel et Hugo Ferrand sont arrivés ensemble au tribunal. "
        "« Je n'ai jamais touché à cet argent », a dit l'accusé."
    )
    assert who(body) == [None]
    named_as_object = "Le juge a longuement interrogé Julien Castel. « Je ne sais plus », a dit l'accusé."
    assert who(named_as_object) == [None]  # Julien Castel is no subject: the role may be anyone
    sentenced = "Le juge a condamné Julien Castel à cinq ans de prison. « Je suis innocent », a crié l'accusé."
    assert who(sentenced) == ["Julien Castel"]  # the one sentenced is the accused


def test_the_other_party_and_an_institution_never_borrow_the_subject() -> None:
    body = (
        "Julien Castel a été condamné à cinq ans de prison. « La peine est juste », a déclaré le procureur.\n\n"
        "Marc Vidal a été mis en examen mardi. « Les faits sont graves », a indiqué le parquet de Paris."
    )
    assert who(body) == [None, None]


def test_an_anonymous_role_never_borrows_the_subject() -> None:
    body = (
        "Hugo Ferrand dirige l'usine depuis dix ans. "
        "« On nous a prévenus la veille au soir », a confié un salarié."
    )
    [quote] = found(body)
    assert (quote.speaker, quote.attribution) == (None, "anonymous")


def test_an_untied_role_of_the_other_gender_is_nobody() -> None:
    said_by = "Mme Claire Dubois a été entendue jeudi par les enquêteurs. « Je regrette tout », a dit {}."
    assert who(said_by.format("le prévenu")) == [None]
    assert who(said_by.format("la prévenue")) == ["Claire Dubois"]
    agreed = "M. Julien Castel est entré dans la salle. « Je regrette tout », a dit {}."
    assert who(agreed.format("l'accusé")) == ["Julien Castel"]
    assert who(agreed.format("l'accusée")) == [None]  # `l'` says no gender, the agreement does

def test_an_untied_role_right_after_a_quote_is_its_speaker_going_on() -> None:
    body = (
        "Lucie Garnier a salué les militants. « Rien n'est perdu à gauche », estime-t-elle. "
        "Il faudra « reconstruire dès demain », a encore martelé la candidate écologiste."
    )
    quotes = found(body)
    assert [(q.speaker, q.attribution) for q in quotes] == [("Lucie Garnier", "pronoun"), ("Lucie Garnier", "description")]
    assert quotes[1].cue == "a encore martelé la candidate écologiste"


def test_an_untied_role_goes_to_the_subject_who_spoke_and_stays_theirs() -> None:
    body = (
        "Julien Castel a « demandé pardon » lundi à Marc Aubry et Hugo Ferrand, blessés lors de la rixe.\n\n"
        "« Je regrette ce que j'ai fait », a dit l'accusé au troisième jour de son procès.\n\n"
        "Pour le président du tribunal Paul Vidal, les faits sont graves. "
        "« Je ne me souviens de rien », a répété l'accusé mardi."
    )
    assert who(body) == ["Julien Castel", "Julien Castel", "Julien Castel"]
    did_not_speak = (
        "Julien Castel a reconnu avoir frappé Marc Aubry et Hugo Ferrand devant la mairie. "
        "« Je regrette ce que j'ai fait », a dit l'accusé."
    )
    assert who(did_not_speak) == [None]  # nobody quoted yet: any of the three may be the accused


def test_a_role_that_replies_is_not_the_speaker_it_answers() -> None:
    body = (
        "« Ce budget est insincère », a dénoncé Paul Vidal, élu d'opposition. "
        "« Nous assumons nos choix », a rétorqué le ministre."
    )
    assert who(body) == ["Paul Vidal", None]
    body = (
        "« Ce budget est insincère », a dénoncé la présidente du groupe, Mathilde Rey. "
        "« Nous assumons nos choix », a dit le ministre."
    )
    assert who(body) == ["Mathilde Rey", None]  # `la présidente` is a woman, `le ministre` a man


def test_the_person_concerned_never_borrows_the_last_speaker() -> None:
    body = (
        "« Nous restons ouverts à ses idées », écrit Paul Vidal. "
        "Une heure plus tard, le principal intéressé a répondu par « un long silence et trois points »."
    )
    assert who(body) == ["Paul Vidal", None]


def test_a_role_and_its_complement_is_not_another_role_with_the_same_noun() -> None:
    body = (
        "La société appartient à Marc Lenoir, le patron de Lumen et de Vega, qui a racheté le patron de "
        "Norda, Hugo Ferrand, en juin.\n\n"
        "Le patron de Lumen avait déclaré dans la matinée qu'il rachetait Norda pour « sauver des emplois »."
    )
    assert who(body) == ["Marc Lenoir"]
    second = body.replace("Le patron de Lumen avait", "Le patron de Vega avait")
    assert who(second) == ["Marc Lenoir"]  # `le patron de Lumen et de Vega` is both


# --- anonymous speakers ---


def test_anonymous_witnesses_are_nobody_and_say_so() -> None:
    body = (
        "Le feu a pris vers minuit rue Lafayette. « On a entendu un grand bruit puis plus rien », "
        "raconte une voisine. « Tout le monde est sorti en pyjama », selon un habitant de l'immeuble."
    )
    quotes = found(body)
    assert [(q.speaker, q.attribution) for q in quotes] == [(None, "anonymous"), (None, "anonymous")]
    assert quotes[0].cue == "raconte une voisine"


# --- follow-on quotes ---


def test_a_follow_on_quote_names_the_quote_it_follows() -> None:
    body = (
        "« Nous avons joué avec le cœur », a déclaré l'entraîneur Luc Perrin. « Il reste un match "
        "pour tout changer. »"
    )
    quotes = found(body)
    assert [(q.speaker, q.attribution) for q in quotes] == [("Luc Perrin", "named"), ("Luc Perrin", "follow-on")]
    assert "a déclaré l'entraîneur Luc Perrin" in (quotes[1].evidence or "")


def test_a_follow_on_stops_at_a_paragraph_of_narration() -> None:
    body = (
        "« Nous avons joué avec le cœur », a déclaré l'entraîneur Luc Perrin.\n\n"
        "Le club recevra Nantes samedi.\n\n"
        "« Il reste un match pour tout changer. »"
    )
    assert who(body) == ["Luc Perrin", None]


def test_the_narrative_infinitive_goes_on_with_the_speaker_before() -> None:
    body = (
        "« Nous tiendrons jusqu'au bout », a assuré Jeanne Petit devant les grévistes. "
        "Et d'ajouter : « Personne ne sera licencié. »\n\n"
        "Marc Aubry a présenté son plan lundi. Et de conclure : « Le projet sera voté en juin. »\n\n"
        "Les syndicats restent divisés. Et de conclure : « Rien ne change. »"
    )
    quotes = found(body)
    assert [(q.speaker, q.attribution) for q in quotes] == [
        ("Jeanne Petit", "named"), ("Jeanne Petit", "follow-on"), ("Marc Aubry", "follow-on"), (None, "unresolved")]
    assert quotes[1].cue == "Et d'ajouter"


def test_more_verbs_of_press_speech() -> None:
    body = (
        "« Personne ne sera oublié », rassure Claire Morel. « Je n'ai jamais touché cet argent », nie Marc "
        "Vidal. « Les prix ne bougeront pas », garantit Paul Roux. « C'est un scandale », peste Hugo Blanc."
    )
    assert [(q.speaker, q.attribution) for q in found(body)] == [
        ("Claire Morel", "named"), ("Marc Vidal", "named"), ("Paul Roux", "named"), ("Hugo Blanc", "named")]


# --- the subject after the verb ---


def test_the_subject_after_the_verb_and_a_date() -> None:
    body = "La réforme est « nécessaire et urgente », a tranché mercredi 22 mars Hélène Brunet."
    [quote] = found(body)
    assert (quote.speaker, quote.cue) == ("Hélène Brunet", "a tranché mercredi 22 mars Hélène Brunet")


# --- organisations ---


def test_organisations_as_speakers() -> None:
    body = (
        "« Les vents dépasseront 120 km/h sur les côtes bretonnes », selon Météo-France.\n\n"
        "« Le service sera rétabli dans la soirée pour tous les abonnés », a indiqué Orange sur X.\n\n"
        "Les prix des vins « s'orientent nettement à la baisse », selon l'Insee.\n\n"
        "« Cette loi est un recul historique pour les animaux », a réagi l'association écologiste Greenpeace.\n\n"
        "La Fédération nationale des chasseurs (FNC) a dénoncé jeudi « une décision prise sans concertation »."
    )
    assert who(body) == ["Météo-France", "Orange", "Insee", "Greenpeace", "Fédération nationale des chasseurs"]


def test_qui_continues_the_speaker_it_follows() -> None:
    body = (
        "« Le séisme a été ressenti dans toute la région », selon le Sdis, qui précise que « aucune "
        "victime n'est à déplorer ». Le maire, Paul Vidal, qui lui demande « de rester prudents cette nuit », "
        "a rassuré les habitants."
    )
    assert who(body) == ["Sdis", "Sdis", "Paul Vidal"]


def test_selon_at_the_head_of_the_sentence_speaks_for_a_later_quote() -> None:
    body = "Selon Nina Roche, spécialiste des séismes, un tel choc ne se produit qu'« une fois tous les trente ans »."
    assert who(body) == ["Nina Roche"]


def test_selon_a_role_then_the_name_in_apposition() -> None:
    body = "Selon l'avocat de Marc Vidal, Me Alain Roy, « le dossier est vide depuis le premier jour »."
    [quote] = found(body)
    assert (quote.speaker, quote.cue) == ("Alain Roy", "Selon l'avocat de Marc Vidal, Me Alain Roy")


def test_pour_a_person_at_the_head_of_the_sentence_gives_their_view() -> None:
    body = (
        "Pour la maire de Rennes Jeanne Petit, si la ville ne peut pas « tout financer seule cette année », "
        "l'État devra suivre."
    )
    [quote] = found(body)
    assert (quote.speaker, quote.cue) == ("Jeanne Petit", "Pour la maire de Rennes Jeanne Petit")
    assert who("Pour Noël, les illuminations seront « plus belles que jamais » dans le centre.") == [None]
    pronoun = "Marc Aubry a quitté la réunion. Pour lui, la réforme est « une erreur historique et coûteuse »."
    assert [(q.speaker, q.cue) for q in found(pronoun)] == [("Marc Aubry", "Pour lui")]


def test_a_text_someone_wrote_speaks_for_them() -> None:
    body = (
        "La lettre de Jeanne Petit aux habitants du quartier donnait le ton : « Nous ne lâcherons rien. »\n\n"
        "Le communiqué de la SNCF publié mardi soir annonçait la couleur : « Aucun train ne circulera. »"
    )
    assert who(body) == ["Jeanne Petit", "SNCF"]


def test_an_inverted_auxiliary_makes_a_participle_its_verb() -> None:
    body = (
        "Jeanne Petit a donné rendez-vous à ses électeurs. « Venez nombreux dimanche » a-t-elle publié "
        "sur son compte."
    )
    [quote] = found(body)
    assert (quote.speaker, quote.cue) == ("Jeanne Petit", "a-t-elle publié")


def test_a_title_names_a_person_by_their_surname_alone() -> None:
    body = (
        "« Il faut soigner tout le monde », explique le Dr Martin.\n\n"
        "Le général Lecointre a affirmé : « Nous tiendrons la ligne. »\n\n"
        "« Le dossier avance », indique la juge Durand.\n\n"
        "« Nous organiserons un vote », a promis le président du Modem."
    )
    assert who(body) == ["Martin", "Lecointre", "Durand", None]  # `du Modem`: a complement, not a surname


def test_a_title_and_a_surname_the_article_wrote_in_full() -> None:
    body = (
        "La chancelière Anne Moreau a statué mardi. « Les parties doivent se concerter sans délai », "
        "peut-on lire dans le jugement de cinq pages de la juge Moreau."
    )
    [quote] = found(body)
    assert (quote.speaker, quote.cue) == (
        "Anne Moreau", "peut-on lire dans le jugement de cinq pages de la juge Moreau")


def test_the_operator_is_the_one_organisation_just_named_as_a_subject() -> None:
    body = (
        "Enedis a coupé le courant dans trois communes mardi soir. Les habitants attendent. "
        "« Le réseau sera rétabli dans la nuit », précise l'opérateur."
    )
    [quote] = found(body)
    assert (quote.speaker, quote.attribution) == ("Enedis", "description")
    assert quote.evidence == "Enedis a coupé le courant dans trois communes mardi soir."
    two = (
        "Enedis a coupé le courant mardi. Orange a suspendu ses lignes. "
        "« Le réseau sera rétabli dans la nuit », précise l'opérateur."
    )
    assert who(two) == [None]
    a_person = "Paul Dupont est arrivé. Dupont a pris la parole. « Le réseau sera rétabli », précise l'opérateur."
    assert who(a_person) == [None]


def test_on_speaks_for_the_organisation_it_is_placed_at() -> None:
    body = (
        "« Aucune usine ne fermera cette année », explique-t-on chez Renault.\n\n"
        "Du côté de la SNCF, on reconnaît que « le trafic restera perturbé ce week-end ».\n\n"
        "« Nous verrons bien », glisse-t-on dans l'entourage de Jean Dupont.\n\n"
        "Chez Jean Dupont, on affirme que « rien ne sera vendu avant l'été »."
    )
    assert who(body) == ["Renault", "SNCF", None, None]  # not a person's circle, nor a person's home


def test_an_organisation_with_its_article_before_its_speech_verb() -> None:
    body = (
        "Le Sdis précise : « Trois pompiers ont été blessés. »\n\n"
        "Mardi soir, la SNCF a annoncé que « le trafic reprendra jeudi matin »."
    )
    assert [(q.speaker, q.attribution) for q in found(body)] == [("Sdis", "named"), ("SNCF", "named")]


def test_an_organisation_named_alone_before_its_speech_verb() -> None:
    body = (
        "Météo-France prévient : « Les orages seront violents dans la soirée. »\n\n"
        "Les salariés de Renault attendaient l'annonce. Renault a annoncé mardi que « 3 000 postes "
        "seront supprimés d'ici à 2026 »."
    )
    assert [(q.speaker, q.attribution) for q in found(body)] == [("Météo-France", "named"), ("Renault", "named")]
    anyone = (
        "Policiers ont indiqué : « Nous sommes intervenus très vite. »\n\n"
        "Chacun estime que « la saison sera difficile pour tout le monde ».\n\n"
        "Vendredi, Lyon a répondu : « Rien ne change pour le moment. »"
    )
    assert all(q.attribution != "named" for q in found(anyone))  # a plural, nobody, a city named once


def test_l_organisme_is_the_organisation_quoted_just_before() -> None:
    body = (
        "« La magnitude est rare pour la région », selon le Rénass. Selon Paul Vidal, sismologue, "
        "« les plaques bougent sans cesse ». « Le risque reste faible », confirme l'organisme."
    )
    assert who(body) == ["Rénass", "Paul Vidal", "Rénass"]
    nobody = "« Nous restons vigilants », a déclaré Paul Vidal. « Tout est sous contrôle », assure l'organisme."
    assert who(nobody) == ["Paul Vidal", None]


def test_l_organisme_named_in_the_cue_is_that_one() -> None:
    body = ("« Le risque reste faible », selon le Rénass. La société Vexa précise que « les forages "
            "continuent ».")
    assert who(body) == ["Rénass", "Vexa"]  # not the organisation quoted just before


def test_a_quote_alone_after_a_sentence_of_speech_is_its_subject_going_on() -> None:
    body = (
        "Ce même jour, la SNCF a prévenu ses abonnés que les trains ne circuleraient pas, d'après un "
        "courrier interne. « Les guichets rouvriront lundi. Merci de votre patience. »"
    )
    [quote] = found(body)
    assert (quote.speaker, quote.attribution) == ("SNCF", "follow-on")


def test_a_quote_alone_after_a_sentence_without_speech_is_nobody() -> None:
    body = "La SNCF a supprimé trente trains lundi. « Les guichets rouvriront lundi. Merci de votre patience. »"
    assert who(body) == [None]


def test_a_date_opening_the_sentence_is_no_subject() -> None:
    body = (
        "Le 14 avril 2022 (un lundi, donc), Paul Vidal retirait son offre, estimant que la mairie lui avait "
        "« caché des informations essentielles sur le dossier »."
    )
    assert who(body) == ["Paul Vidal"]


# --- names ---


def test_a_company_glued_before_a_name_is_dropped() -> None:
    body = (
        "Guillaume Ferrand dirige le groupe depuis 2019. Selon le patron d'Airbus Guillaume Ferrand, "
        "« la cadence sera tenue cette année »."
    )
    assert who(body) == ["Guillaume Ferrand"]


def test_one_person_whether_hyphenated_or_not() -> None:
    body = (
        "La juge Yvonne Garcia-Rojas a tranché. « La demande est rejetée », a déclaré Yvonne Garcia Rojas."
    )
    assert who(body) == ["Yvonne Garcia-Rojas"]


def test_no_honorific_in_a_name() -> None:
    body = "« Nous ferons appel de cette décision », a déclaré Me Xavier Lenoir, l'avocat de la famille."
    assert who(body) == ["Xavier Lenoir"]


# --- quote spans ---


def test_a_partial_quote_opening_on_its_speech_verb() -> None:
    body = "Julien Castel, l'ancien maire de la ville, a « demandé pardon » lundi aux familles des victimes."
    [quote] = found(body)
    assert (quote.text, quote.speaker) == ("demandé pardon", "Julien Castel")
    assert [q.text for q in found("Le chantier a « pris du retard » cet hiver.")] == []


def test_a_partial_quote_after_a_verb_of_naming() -> None:
    body = (
        "Le maire Paul Vidal a qualifié la décision de « honteuse et irresponsable ». "
        "Jeanne Petit a critiqué le projet, le qualifiant de \"désastre annoncé\". "
        "Les riverains le qualifient de « salaud »."
    )
    assert [(q.text, q.speaker) for q in found(body)] == [
        ("honteuse et irresponsable", "Paul Vidal"), ("désastre annoncé", "Jeanne Petit")]


def test_an_opening_mark_typed_again_closes() -> None:
    body = (
        "« Nous ne céderons rien sur ce dossier «, a déclaré Paul Vidal. "
        "“Le texte sera voté avant l'été“, a ajouté Jeanne Petit."
    )
    assert [(q.text, q.speaker) for q in found(body)] == [
        ("Nous ne céderons rien sur ce dossier", "Paul Vidal"),
        ("Le texte sera voté avant l'été", "Jeanne Petit"),
    ]


def test_short_words_quoted_in_a_sentence_of_speech_are_quotations() -> None:
    body = (
        "Paul Vidal assure qu'il a racheté le club pour « aider la ville » et non pour l'argent. "
        "Le ministre dénonce un « conflit d'intérêts » et défend son « plan B »."
    )
    assert [(q.text, q.speaker) for q in found(body)] == [("aider la ville", "Paul Vidal")]


def test_qui_after_a_named_speaker_in_the_same_clause() -> None:
    body = (
        "« Pensez aux familles ! », a rétorqué Régis Aubert qui lui demande « de bien réfléchir cette nuit »."
    )
    assert who(body) == ["Régis Aubert", "Régis Aubert"]


def test_maitre_before_a_name_ties_the_description_before_it() -> None:
    body = (
        "L'accusé « change », a commenté l'un de ses avocats, Me Xavier Lenoir, à l'audience. "
        "« Il en avait assez d'entendre des mensonges à la barre », a ajouté l'avocat."
    )
    assert who(body)[-1] == "Xavier Lenoir"


# --- the speech clause away from the quote ---


def test_the_speech_clause_that_ends_the_sentence() -> None:
    body = (
        "La production a rebondi par rapport à une récolte « historiquement basse » à cause du gel, "
        "a indiqué mardi 14 mars l'Insee, le service statistique de l'État.\n\n"
        "Les prix « s'orientent nettement à la baisse », de 3 % sur un an, selon Météo-France."
    )
    assert who(body) == ["Insee", "Météo-France"]


def test_an_incise_inside_the_quotation_marks() -> None:
    body = (
        "« Même pour des mesures consensuelles, rien ne se passe, a déploré le président de la fédération, "
        "Paul Vidal, lors d'une conférence de presse. Et pendant ce temps, les ventes baissent »."
    )
    [quote] = found(body)
    assert quote.speaker == "Paul Vidal"


def test_a_quotation_inside_a_sentence_whose_named_subject_speaks() -> None:
    body = (
        "Dans son message, Paul Girard assure qu'il n'a pas agi parce que c'était « facile » ou « rentable », "
        "mais pour « aider toute la ville »."
    )
    assert [(q.text, q.speaker) for q in found(body)] == [("aider toute la ville", "Paul Girard")]
    other = "Paul Girard assure avoir reçu Marc Aubry, venu pour « aider toute la ville »."
    assert who(other) == [None]  # someone else is named on the way: the words may be theirs


def test_qui_after_an_apposition_stands_for_the_name_before_it() -> None:
    body = (
        "Les départs se multiplient, au lendemain d'un ultimatum de Marc Aubry, patron du groupe depuis "
        "trois mois, qui a demandé aux salariés de choisir entre se donner « à fond, sans condition » et partir."
    )
    assert who(body) == ["Marc Aubry"]


def test_a_pronoun_reaches_past_a_relative_clause_and_celui_qui() -> None:
    body = (
        "Arrivé sous les applaudissements des militants, qui criaient des bravos, Ian Morel ne cachait pas "
        "son émotion. Celui qui menait la liste a recueilli 3 % des voix. « N'oublions jamais que nous "
        "n'avons pas d'adversaire à gauche », estime-t-il."
    )
    assert who(body) == ["Ian Morel"]


def test_a_straight_quote_opened_after_a_colon_and_never_closed_runs_to_the_paragraph_end() -> None:
    body = (
        "Interrogé sur son état d'esprit, l'accusé répond : \"quand j'étais au travail, je ne pensais à rien. "
        "J'avais conscience de mon mal-être.\n\nLe procès reprend lundi."
    )
    assert [q.text for q in found(body)] == [
        "quand j'étais au travail, je ne pensais à rien. J'avais conscience de mon mal-être."]
    assert [q.text for q in found('Il parle d"un "vrai ou faux.')] == []  # no colon: dropped as before


def test_a_first_name_with_an_indefinite_apposition_is_someone_else() -> None:
    body = (
        "Jean Morel a présenté le projet de rénovation. « Il faut agir vite », regrette Jean, un habitant "
        "du quartier. « Trop tard », soupire Léa, 34 ans. « On attend depuis des mois », explique Jean, "
        "l'un des organisateurs."
    )
    assert who(body) == [None, "Léa", None]  # Léa is named by no one else: her first name is all we have


def test_a_first_name_alone_is_the_person_the_article_named_in_full() -> None:
    body = (
        "Léa Morel dirige la start-up depuis 2019. « Nous lèverons des fonds cette année », a assuré Léa "
        "lors de la conférence."
    )
    assert who(body) == ["Léa Morel"]
    two = "Léa Morel et Léa Vidal ont pris la parole. « Nous lèverons des fonds cette année », a assuré Léa."
    assert who(two) == [None]  # two Léa: nobody


# --- forms of press prose read since the held-back figures ---


def test_a_role_in_ant_before_a_name_is_a_description_not_a_participle() -> None:
    body = ("L'attaquant du FC Nantes Paul Girard s'est blessé samedi. "
            "« Je serai là pour la finale », a promis le joueur.")
    assert who(body) == ["Paul Girard"]


def test_a_demonym_after_an_article_is_a_role_not_an_organisation() -> None:
    told = "Le footballeur Paul Girard a annoncé sa retraite. « C'est le bon moment pour moi », estime le Marseillais."
    assert who(told) == ["Paul Girard"]
    nobody = "Le club a perdu dimanche. « C'est le bon moment pour partir », estime le Marseillais."
    assert who(nobody) == [None]  # never "Marseillais" as a name


def test_a_name_written_after_an_article_is_no_person() -> None:
    body = "Paul Girard a signé au Real Madrid. « Un rêve d'enfant devenu réalité », a réagi le milieu de terrain."
    assert who(body) == ["Paul Girard"]  # `au Real Madrid` is a club: the one person named is Paul Girard


def test_the_complement_of_a_title_is_not_glued_to_the_name() -> None:
    body = ("Le président de la République Paul Girard s'est rendu à Marseille. "
            "Sur place, le chef de l'État a promis : « Nous reviendrons avec des moyens. »")
    assert who(body) == ["Paul Girard"]
    assert extract(Article("t", "t.txt", "0", None, None, body), ALIASES).names == ("Paul Girard",)


def test_a_noun_of_speech_opening_a_verbless_lead_names_the_speaker() -> None:
    reaction = "Le gouvernement a tranché. Réaction de Marie Roux, députée de la Drôme : « C'est une faute. »"
    [quote] = found(reaction)
    assert (quote.speaker, quote.cue) == ("Marie Roux", "Réaction de Marie Roux")
    assert extract(Article("t", "t.txt", "0", None, None, reaction), ALIASES).names == ("Marie Roux",)
    comment = "Le texte passe au Sénat. Commentaire de l'économiste Paul Girard : « Ce n'est qu'un début. »"
    assert who(comment) == ["Paul Girard"]
    same = "Même constat pour Paul Girard, maraîcher à Nantes : « La saison est perdue. »"
    assert who(same) == ["Paul Girard"]
    thing = "Le texte passe au Sénat. Réaction immédiate : « Ce n'est qu'un début. »"
    assert who(thing) == [None]


def test_speech_told_before_its_subject() -> None:
    body = "C'est ce qu'a affirmé Marie Roux, mardi, sur France 2 : « Il n'y aura pas de vote bloqué. »"
    assert who(body) == ["Marie Roux"]


def test_selon_les_mots_de_and_an_aside_between_commas() -> None:
    words = "« Nous irons jusqu'au bout », selon les mots de Marie Roux, présidente du collectif."
    assert who(words) == ["Marie Roux"]
    aside = "« La situation est grave », déplore, amer, Paul Girard, le président du club."
    assert who(aside) == ["Paul Girard"]


def test_a_short_quote_after_selon_or_standing_alone_is_a_quotation() -> None:
    selon = "D'après le porte-parole de la mairie, Paul Girard, « rien n'est décidé »."
    assert [(q.text, q.speaker) for q in found(selon)] == [("rien n'est décidé", "Paul Girard")]
    alone = "Marie Roux, présidente de l'association, ne mâche pas ses mots. « C'est du mépris. »"
    assert [(q.text, q.speaker) for q in found(alone)] == [("C'est du mépris.", "Marie Roux")]
    term = "Le projet, un « désastre » et un « gouffre », a été abandonné."
    assert found(term) == []


def test_a_stance_before_a_quote_of_its_own_introduces_it_and_a_fact_does_not() -> None:
    stance = "Paul Girard, le patron du club, est formel. « Personne ne partira cet été. »"
    assert who(stance) == ["Paul Girard"]
    fact = "Paul Girard a reçu Marie Roux en 2019. « C'était un homme bon et généreux. »"
    assert who(fact) == [None]  # two people named: the text does not say which one speaks


def test_an_ex_role_is_the_role() -> None:
    body = ("Paul Girard a démissionné lundi. Dans une lettre aux salariés, l'ex-PDG explique : "
            "« J'ai fait mon temps dans cette maison. »")
    assert who(body) == ["Paul Girard"]


def test_a_nickname_in_quotation_marks_is_the_person_it_abbreviates() -> None:
    body = ("Paul Girard a donné sa conférence de presse mardi. Mais s'il faut retenir une chose, c'est que "
            "« PG » a confirmé le retour de Marie Roux. « Elle est prête. Elle le mérite. »")
    assert who(body) == ["Paul Girard"]
    two = ("Paul Girard et Pierre Gautier ont donné leur conférence de presse mardi. Mais c'est que "
           "« PG » a confirmé le retour de Marie Roux. « Elle est prête. Elle le mérite. »")
    assert who(two)[-1] is None  # initials of two people: nobody


def test_a_speaker_goes_on_through_narration_that_names_only_them() -> None:
    body = ("« Nous avons perdu un client important », a reconnu Paul Girard. Un coup dur pour Paul Girard, "
            "qui comptait sur ce contrat. « Nous allons rebondir dès cet automne. »")
    [_, quote] = found(body)
    assert (quote.speaker, quote.attribution) == ("Paul Girard", "follow-on")
    other = ("« Nous avons perdu un client important », a reconnu Paul Girard. Le ministre a reçu "
             "Paul Girard et Marie Roux lundi. « Nous allons rebondir dès cet automne. »")
    assert who(other) == ["Paul Girard", None]


def test_a_role_with_a_capitalized_complement_is_tied_to_the_name_after_it() -> None:
    body = ("La ministre de la Transition écologique, Claire Dubois, a présenté mercredi son plan.\n\n"
            "« Nous devons changer d'échelle », a martelé la ministre devant la presse.")
    [quote] = found(body)
    assert (quote.speaker, quote.attribution) == ("Claire Dubois", "description")


def test_a_subject_set_against_the_last_person_is_someone_else() -> None:
    body = ("Le maire de la commune, Jean-Pierre Castan, a demandé l'état de catastrophe naturelle. "
            "« Nos habitants ont besoin d'aide, vite », insiste l'édile.\n\n"
            "Le préfet, lui, s'est voulu rassurant. « Tous les moyens de l'État sont mobilisés », a-t-il déclaré.")
    assert who(body) == ["Jean-Pierre Castan", None]  # `il` is the prefect, whom the article never names


def test_a_relative_opening_someones_view() -> None:
    selon = "Le sujet divise. Paul Girard, selon lequel « la réforme est mal pensée », appelle à manifester."
    assert who(selon) == ["Paul Girard"]
    pour = "Le sujet divise. Marie Roux, pour qui « rien ne presse », préfère attendre."
    assert who(pour) == ["Marie Roux"]


def test_a_quotation_opening_on_its_speech_verb_after_the_subject() -> None:
    body = "Dans un communiqué, Paul Girard « regrette profondément » la décision du conseil."
    assert who(body) == ["Paul Girard"]


def test_more_ways_to_name_the_speaker_after_the_quote() -> None:
    assert who("« Le dossier est clos », dixit Paul Girard.") == ["Paul Girard"]
    assert who("« Il faut aller plus loin », renchérit son collègue Paul Girard.") == ["Paul Girard"]
    assert who("« Nous étions au courant », a reconnu, lundi 4 mars, Marie Roux.") == ["Marie Roux"]
    assert who("« Nous restons mobilisés », selon un communiqué de la CGT.") == ["CGT"]
    assert who("« Nous restons mobilisés », selon un syndicaliste de la CGT.") == [None]  # someone unnamed
    later = ("Paul Girard a été élu en 2020. « Cette victoire est celle de toute une équipe », "
             "poursuit celui qui entame son second mandat.")
    assert who(later) == ["Paul Girard"]
    evoked = "Contacté, Paul Girard n'a pas souhaité réagir. Son avocat, Me Jean Vidal, évoque « une cabale »."
    assert who(evoked) == ["Jean Vidal"]


def test_an_epithet_calls_back_the_person_just_named_and_an_office_may_not() -> None:
    epithet = ("Paul Girard dirige la PME depuis 2010. Le quinquagénaire ne s'attendait pas à cette crise. "
               "« On a perdu la moitié de nos clients », soupire-t-il.")
    assert who(epithet) == ["Paul Girard"]
    woman = ("Marie Roux, 34 ans, est infirmière à Lille. "
             "« On nous demande toujours plus », raconte la jeune femme.")
    assert who(woman) == ["Marie Roux"]
    wife = ("Paul Girard a été hospitalisé. « Il se repose », a indiqué sa femme.")
    assert who(wife) == [None]  # his wife, whom the article does not name


def test_a_title_with_an_elided_complement_and_an_organisation_with_its_kind() -> None:
    title = ("Le secrétaire d'État Antony Blinken a rencontré son homologue. "
             "« We had a productive conversation », a-t-il déclaré à la presse.")
    assert who(title) == ["Antony Blinken"]
    kind = ("Le groupe pétrolier TotalEnergies a publié ses résultats. "
            "« Nous maintenons notre stratégie », indique l'entreprise dans un communiqué.")
    assert who(kind) == ["TotalEnergies"]
    launched = "Le groupe Vantel a lancé un projet de tramway. « Personne ne pouvait prévoir une telle issue. »"
    assert who(launched) == [None]  # `lancer un projet` is no speech


def test_pour_x_introduces_a_short_quotation_and_pour_a_thing_does_not() -> None:
    view = "Pour Marie Roux, c'est « une trahison ». La sénatrice quittera le parti."
    assert [(q.text, q.speaker) for q in found(view)] == [("une trahison", "Marie Roux")]
    thing = "Pour Noël, c'est « une fête »."
    assert found(thing) == []


def test_english_order_and_a_clitic_y_before_the_inverted_verb() -> None:
    assert who('"We are not for sale," Sam Altman said.') == ["Sam Altman"]
    assert who('"We are not for sale," Sam Altman told reporters on Tuesday.') == ["Sam Altman"]
    assert who('"We are not for sale," Sam Altman and his board agreed.') == [None]
    video = "Marie Roux a posté une vidéo sur Instagram. « Merci pour tout », y dit-elle."
    assert who(video) == ["Marie Roux"]


def test_ce_dernier_after_an_unnamed_role_and_a_noun_of_speech_without_a_name_are_nobody() -> None:
    prefect = "Paul Girard a reçu le préfet. « Tout est sous contrôle », a déclaré ce dernier."
    assert who(prefect) == [None]  # the prefect, whom the article does not name
    mayor = "Paul Girard, le maire, a reçu Marie Roux. « Tout est sous contrôle », a déclaré cette dernière."
    assert who(mayor) == ["Marie Roux"]
    opposition = "Le maire Paul Girard a présenté le projet. Réponse de l'opposition : « C'est du gaspillage. »"
    assert who(opposition) == [None]


def test_voici_ce_qu_a_dit_x_and_les_mots_de_x() -> None:
    assert who("Voici ce qu'a déclaré Paul Girard : « C'est une victoire collective. »") == ["Paul Girard"]
    assert who("Les mots de Paul Girard sont forts : « C'est une victoire collective. »") == ["Paul Girard"]
    assert who("Les propos du ministre sont forts : « C'est une victoire collective. »") == [None]


def test_a_stage_name_quoted_before_is_a_person_a_pronoun_may_stand_for() -> None:
    body = ("« Je suis ravie de revenir », a expliqué Zazie dans une interview. Les dates sont connues.\n\n"
            "Sauf que Zazie a eu envie d'offrir un cadeau à ses fans. "
            "« Rendez-vous pour une soirée surprise » a-t-elle publié sur ses réseaux sociaux.")
    assert who(body) == ["Zazie", "Zazie"]
    brand = ("« Le réseau est rétabli », a indiqué Enedis. La SNCF a annulé des trains. "
             "« Nous ferons le point demain », a-t-elle ajouté.")
    assert who(brand) == ["Enedis", "SNCF"]  # `elle` agrees with `La SNCF`, and no person is in sight


def test_a_topic_a_medium_citing_someone_and_a_modal_before_the_speech_verb() -> None:
    topic = "Paul Girard veut un référendum. Quant à Marie Roux, elle estime que « rien n'est décidé »."
    assert who(topic) == ["Marie Roux"]
    citing = "« Rien n'est décidé », rapporte Le Parisien, citant Paul Girard."
    assert who(citing) == ["Paul Girard"]
    modal = "« Rien n'est décidé », a voulu rassurer Paul Girard."
    assert who(modal) == ["Paul Girard"]


def test_more_verbs_of_speech_after_a_quote() -> None:
    for verb in ("se remémore", "garantit", "craint", "conteste", "souhaite", "rit"):
        assert who(f"« Ce sera une année difficile », {verb} Paul Girard.") == ["Paul Girard"], verb


def test_someone_unnamed_in_the_narration_stops_a_speaker_going_on() -> None:
    heckled = ("« Je resterai à mon poste », a dit Paul Girard. Paul Girard a été interrompu par un militant. "
               "« Menteur, tu nous as trahis ! »")
    assert who(heckled) == ["Paul Girard", None]
    accused = ("Marie Roux préside le tribunal. Paul Girard, l'accusé, est resté muet. "
               "« Je n'ai rien à dire », a-t-il finalement lâché.")
    assert who(accused) == ["Paul Girard"]  # `l'accusé` is his own apposition, not someone else


def test_pour_an_organisation_written_as_one_and_a_clitic_before_its_verb() -> None:
    assert who("Pour la CGT, il s'agit d'« un plan social déguisé ».") == ["CGT"]
    twice = "Les ventes de Renault ont progressé mardi. Renault l'assure : « Le site de Flins ne fermera pas. »"
    assert who(twice) == ["Renault"]


def test_comme_l_a_rappele_x_before_or_after_the_quotation() -> None:
    assert who("Comme l'a rappelé Paul Girard, la réforme est « profondément injuste ».") == ["Paul Girard"]
    assert who("La réforme est « profondément injuste », comme l'a rappelé Paul Girard.") == ["Paul Girard"]
    assert who("Comme chaque année, la fête est « un grand moment de partage »." ) == [None]


def test_a_ses_yeux_is_the_view_of_the_one_a_pronoun_stands_for() -> None:
    assert who("Marie Roux dirige l'ONG depuis 2015. À ses yeux, « rien ne justifie ce silence ».") == ["Marie Roux"]
    assert who("À ses yeux, « rien ne justifie ce silence ».") == [None]


def test_the_other_side_of_a_harm_or_a_trial_is_never_the_one_just_named() -> None:
    harmed = ("Paul Girard a été agressé samedi. Le quinquagénaire, interpellé, a nié. "
              "« Je n'ai rien fait », a-t-il dit.")
    assert who(harmed) == [None]  # the epithet may be the attacker
    victim = ("Le juge a condamné Paul Girard. La victime, Marie Roux, était présente. "
              "« Justice est faite », a dit l'accusé.")
    assert who(victim) == [None]  # the victim is no accused


def test_a_lone_quote_after_a_death_is_not_the_dead_persons() -> None:
    dead = "Paul Girard a été retrouvé mort en 2019. « C'était un homme bon et généreux. »"
    assert who(dead) == [None]  # a relative, a neighbour: the text does not say
    elected = "Paul Girard a été élu en 2019. « C'est une victoire collective et méritée. »"
    assert who(elected) == ["Paul Girard"]


def test_a_first_name_says_the_gender_the_article_does_not() -> None:
    body = "Marie Roux laisse la place à Paul Girard. « C'est un honneur », a-t-il déclaré."
    assert who(body) == [None]  # `il` is not Marie Roux, and Paul Girard is no subject here
    stated = "La députée Dominique Roux a quitté la salle. « C'est une honte », a-t-{} lancé."
    assert who(stated.format("elle")) == ["Dominique Roux"]
    assert who(stated.format("il")) == [None]  # the article says `la députée`: `il` is someone else
