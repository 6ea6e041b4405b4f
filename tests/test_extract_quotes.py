"""Quotations: the marks, scare quotes, broken straight quotes, and who said what."""

from bot.extract import AliasTable, extract
from bot.extract.marks import quote_spans
from bot.models import Article

ALIASES = AliasTable.default()


def quotes(body: str) -> list[tuple[str, str | None]]:
    found = extract(Article("t", "t.txt", "0", None, None, body), ALIASES).quotes
    return [(q.text, q.speaker) for q in found]


def speaker_of(body: str, start: str) -> str | None:
    matching = [s for t, s in quotes(body) if t.startswith(start)]
    assert len(matching) == 1, quotes(body)
    return matching[0]


# --- marks ---


def test_each_mark_type() -> None:
    body = (
        "« Nous irons jusqu'au bout de cette réforme », a déclaré Élisabeth Borne.\n\n"
        "“We will not give up on this fight”, said Joe Biden.\n\n"
        '"Nous avons fait un match sérieux et appliqué", a estimé Didier Deschamps.'
    )
    assert quotes(body) == [
        ("Nous irons jusqu'au bout de cette réforme", "Élisabeth Borne"),
        ("We will not give up on this fight", "Joe Biden"),
        ("Nous avons fait un match sérieux et appliqué", "Didier Deschamps"),
    ]


def test_apostrophes_are_not_quote_marks() -> None:
    body = "L’équipe d’Antoine Dupont l’a emporté, c’est l’essentiel pour l’entraîneur et ses joueurs."
    assert quotes(body) == []


def test_nested_quotes_keep_the_outermost() -> None:
    body = "« Il m'a dit “jamais de la vie” et il est parti sans un mot », raconte Jean Castex."
    assert quotes(body) == [("Il m'a dit “jamais de la vie” et il est parti sans un mot", "Jean Castex")]


def test_nested_guillemets_balance() -> None:
    spans = quote_spans("« Le mot « crise » est trop faible pour décrire la situation », dit-il.")
    assert len(spans) == 1 and spans[0].closed


def test_scare_quotes_are_terms_not_quotations() -> None:
    body = (
        "Le ministre dénonce un « conflit d’intérêts » et un « partenariat exclusif ». "
        "La technologie des « transformateurs » a tout changé. "
        'Les chercheurs défendent l\'aspect "Open Source" du modèle “Open” et le qualifient de « salaud ».'
    )
    assert quotes(body) == []


def test_short_quote_introduced_by_a_colon_or_a_verb_is_kept() -> None:
    body = (
        "Le sélectionneur a résumé la soirée : « c'était très dur ».\n\n"
        "« Jamais », a répondu Marine Le Pen."
    )
    assert quotes(body) == [("c'était très dur", None), ("Jamais", "Marine Le Pen")]


def test_a_verb_with_an_object_does_not_introduce_a_term() -> None:
    body = "En juillet 2019, OpenAI révélait un « partenariat exclusif » avec Microsoft."
    assert quotes(body) == []


def test_unbalanced_straight_quote_does_not_swallow_the_paragraph() -> None:
    body = (
        'Le magnat a déclaré: "Je suis la raison pour laquelle OpenAI existe" a-t-il déclaré tout en '
        "reconnaissant qu'il a été idiot de quitter l'organisation.\" Pour rappel, il avait investi "
        'des millions, en mettant l\'accent sur l\'aspect "Open Source", et sur la transparence.'
    )
    assert [t for t, _ in quotes(body)] == ["Je suis la raison pour laquelle OpenAI existe"]


def test_straight_closer_without_opener_is_ignored() -> None:
    body = 'Le texte a été voté." Les députés sont rentrés chez eux après une longue séance de nuit.'
    assert quotes(body) == []


def test_unterminated_guillemet_runs_to_the_paragraph_end_only() -> None:
    body = (
        "Le Premier ministre a prévenu : « Nous ne reculerons pas. Le texte sera appliqué.\n\n"
        "Les syndicats appellent à une nouvelle journée de grève la semaine prochaine."
    )
    found = extract(Article("t", "t.txt", "0", None, None, body), ALIASES).quotes
    assert [(q.text, q.paragraph) for q in found] == [
        ("Nous ne reculerons pas. Le texte sera appliqué.", 0)
    ]


def test_quote_text_is_cleaned() -> None:
    body = "«  Nous   avons gagné\nce match, » a lancé Kylian Mbappé."
    assert quotes(body) == [("Nous avons gagné ce match", "Kylian Mbappé")]


# --- attribution after the quote ---


def test_after_quote_speech_verbs() -> None:
    for verb in ("a déclaré", "déclare", "a affirmé", "estime", "a souligné", "martèle", "a tonné",
                 "a fustigé", "ironise", "a rétorqué", "confie", "a reconnu", "a admis", "a tweeté",
                 "a écrit", "poursuit", "a conclu", "lâche", "a déploré", "s'est exclamé"):
        body = f"« Nous ne lâcherons rien sur ce dossier », {verb} Gabriel Attal."
        assert quotes(body) == [("Nous ne lâcherons rien sur ce dossier", "Gabriel Attal")], verb


def test_selon_after_the_quote() -> None:
    body = "« La croissance sera plus faible que prévu cette année », selon François Villeroy de Galhau."
    assert quotes(body) == [("La croissance sera plus faible que prévu cette année", "François Villeroy de Galhau")]


def test_description_then_name_gives_the_name() -> None:
    body = (
        "« Il faut accélérer la transition énergétique », a expliqué le ministre de l'Économie, Bruno Le Maire.\n\n"
        "« On a manqué de réalisme devant le but », a réagi l'entraîneur Didier Deschamps.\n\n"
        "« Les résultats dépassent nos attentes », explique la physicienne du CNRS Claire Martin."
    )
    assert [s for _, s in quotes(body)] == ["Bruno Le Maire", "Didier Deschamps", "Claire Martin"]


def test_description_without_a_name_gives_none() -> None:
    body = (
        "« Je suis très fier de ce groupe », a réagi le sélectionneur des Bleus.\n\n"
        "« Le budget sera tenu coûte que coûte », a assuré le ministre de l'Économie."
    )
    assert quotes(body) == [("Je suis très fier de ce groupe", None), ("Le budget sera tenu coûte que coûte", None)]


def test_name_after_a_preposition_is_not_the_speaker() -> None:
    body = "« Nous avons une relation de confiance », a déclaré le patron de Microsoft."
    assert quotes(body) == [("Nous avons une relation de confiance", None)]


def test_surname_resolves_to_the_full_name_in_the_article() -> None:
    body = (
        "Jean-Pierre Farandou a présenté son plan. « Les trains arriveront à l'heure cet été », "
        "a promis Farandou.\n\n« Je ne démissionnerai pas », a lancé M. Farandou."
    )
    assert [s for _, s in quotes(body)] == ["Jean-Pierre Farandou", "Jean-Pierre Farandou"]


def test_alias_resolves_to_the_canonical_name() -> None:
    body = "« Nous ne sommes pas contrôlés par Microsoft », a répondu Altman."
    assert quotes(body) == [("Nous ne sommes pas contrôlés par Microsoft", "Sam Altman")]


def test_two_speakers_joined_by_et_give_none() -> None:
    body = "« Nous avons trouvé un accord équilibré », ont déclaré Olaf Scholz et Emmanuel Macron."
    assert quotes(body) == [("Nous avons trouvé un accord équilibré", None)]


# --- pronouns ---


def test_inverted_pronoun_resolves_to_the_previous_named_subject() -> None:
    body = (
        "Sam Altman, en revanche, nie complètement les accusations d’Elon Musk. "
        "« Nous ne sommes pas contrôlés par Microsoft, nous sommes indépendants », clame-t-il."
    )
    assert speaker_of(body, "Nous ne sommes pas") == "Sam Altman"


def test_inverted_pronoun_forms() -> None:
    for inverted in ("a-t-il ajouté", "a-t-elle ajouté", "affirme-t-il", "dit-elle", "poursuit-il",
                     "a-t-il encore déclaré", "s'exclame-t-il"):
        # Dominique: a first name given to both, so `il` and `elle` may both stand for it
        body = f"Dominique Pécresse a quitté la salle. « Ce texte est une faute politique majeure », {inverted}."
        assert quotes(body) == [("Ce texte est une faute politique majeure", "Dominique Pécresse")], inverted


def test_pronoun_without_a_named_subject_gives_none() -> None:
    assert quotes("« Nous avons fait le maximum ce soir », a-t-il dit.") == [("Nous avons fait le maximum ce soir", None)]


def test_pronoun_after_a_description_subject_gives_none() -> None:
    body = (
        "Emmanuel Macron a reçu les syndicats. Le ministre est resté silencieux. "
        "« On verra bien ce qui se passe demain », a-t-il dit."
    )
    assert speaker_of(body, "On verra") is None


def test_pronoun_after_the_description_in_the_same_sentence_gives_none() -> None:
    body = (
        "Elon Musk et Sam Altman étaient présents. Lors de la conférence, le magnat de la technologie a déclaré: "
        '"Je suis la raison pour laquelle OpenAI existe" a-t-il déclaré.'
    )
    assert speaker_of(body, "Je suis la raison") is None


def test_pronoun_resolves_to_the_previous_quote_speaker() -> None:
    body = (
        "« Je ne suis pas candidat à la présidence du parti », a déclaré Édouard Philippe. "
        "« Rien ne presse pour le moment », a-t-il ajouté."
    )
    assert [s for _, s in quotes(body)] == ["Édouard Philippe", "Édouard Philippe"]


def test_pronoun_does_not_reach_two_paragraphs_back() -> None:
    body = (
        "Gérald Darmanin a visité le commissariat.\n\n"
        "Les policiers ont manifesté dans la soirée.\n\n"
        "« Nous serons intraitables face aux violences », a-t-il promis."
    )
    assert speaker_of(body, "Nous serons") is None


def test_pronoun_does_not_resolve_to_an_organisation() -> None:
    body = "Microsoft a publié ses résultats. « Nous sommes très satisfaits du trimestre », a-t-il dit."
    assert speaker_of(body, "Nous sommes") is None


def test_selon_lui() -> None:
    body = "Jordan Bardella a réagi. « Cette réforme est un échec total », selon lui."
    assert speaker_of(body, "Cette réforme") == "Jordan Bardella"


# --- attribution before the quote ---


def test_name_verb_colon_before() -> None:
    body = "Marine Tondelier a déclaré : « Nous voterons contre ce texte sans hésiter. »"
    assert quotes(body) == [("Nous voterons contre ce texte sans hésiter.", "Marine Tondelier")]


def test_name_verb_que_before() -> None:
    body = "Concernant le départ de Musk, Altman a déclaré que « ce fut très dur pour toute l'équipe »."
    assert quotes(body) == [("ce fut très dur pour toute l'équipe", "Sam Altman")]


def test_name_apposition_verb_before() -> None:
    body = "Sam Altman, PDG d’OpenAI, a écrit : « Nous allons ouvrir nos modèles aux chercheurs. »"
    assert speaker_of(body, "Nous allons") == "Sam Altman"


def test_selon_name_before() -> None:
    body = "Selon Didier Deschamps, « le groupe a montré un très bon état d'esprit »."
    assert quotes(body) == [("le groupe a montré un très bon état d'esprit", "Didier Deschamps")]


def test_pronoun_colon_before_resolves_through_the_previous_quote() -> None:
    body = (
        "Sam Altman répond. « Nous ne sommes pas contrôlés par Microsoft », clame-t-il. "
        "Et quant à la fin du « tout open source », il a aussi une justification : "
        "« Je ne pense pas que ce serait bien de rendre GPT-4 open source."
    )
    assert [s for _, s in quotes(body)] == ["Sam Altman", "Sam Altman"]


def test_partial_quote_after_verb_que() -> None:
    body = "Emmanuel Macron a estimé que la réforme était « indispensable et urgente pour le pays »."
    assert quotes(body) == [("indispensable et urgente pour le pays", "Emmanuel Macron")]


def test_avant_d_ajouter_continues_the_speaker() -> None:
    body = (
        "Marine Tondelier a déclaré : « Nous voterons contre ce texte », "
        "avant d'ajouter : « Nous verrons bien ce que ça donne. »"
    )
    assert [s for _, s in quotes(body)] == ["Marine Tondelier", "Marine Tondelier"]


def test_unattributed_quote_has_no_speaker() -> None:
    body = "La banderole proclamait « Non à la fermeture de notre maternité » devant la mairie."
    assert quotes(body) == [("Non à la fermeture de notre maternité", None)]


def test_description_before_the_quote_gives_none() -> None:
    body = "Le Premier ministre a répondu : « Nous assumons pleinement nos choix politiques. »"
    assert quotes(body) == [("Nous assumons pleinement nos choix politiques.", None)]


def test_a_follow_on_quote_keeps_the_speaker_of_the_quote_just_before() -> None:
    body = (
        "« Nous avons gagné ce soir », a déclaré Antoine Dupont. "
        "« Il faudra confirmer samedi contre l'Irlande. »"
    )
    assert [s for _, s in quotes(body)] == ["Antoine Dupont", "Antoine Dupont"]


def test_a_quote_does_not_inherit_a_speaker_across_a_sentence_of_narration() -> None:
    body = (
        "« Nous avons gagné ce soir », a déclaré Antoine Dupont. Le stade s'est vidé lentement. "
        "« Il faudra confirmer samedi contre l'Irlande. »"
    )
    assert [s for _, s in quotes(body)] == ["Antoine Dupont", None]


def test_english_said_and_he_said() -> None:
    body = '"This is a great day for science," said John Smith. He said "we are very happy with the results".'
    assert [s for _, s in quotes(body)] == ["John Smith", "John Smith"]


# --- tweets ---


def test_tweet_signature_quotes_the_paragraphs_before_it() -> None:
    body = (
        "Le président a réagi sur les réseaux sociaux dans la soirée, après l'annonce du verdict et "
        "les premières réactions de ses adversaires, qui ont salué une décision historique pour le pays "
        "et demandé sa démission immédiate devant les caméras de télévision et les journalistes réunis.\n\n"
        "Une décision injuste.\n\n"
        "Nous ferons appel.\n\n"
        "— Donald Trump (@realDonaldTrump) May 30, 2024"
    )
    found = extract(Article("t", "t.txt", "0", None, None, body), ALIASES)
    assert [(q.text, q.speaker, q.paragraph) for q in found.quotes] == [
        ("Une décision injuste. Nous ferons appel.", "Donald Trump", 1)
    ]
    assert [(e.date.iso(), e.sentence) for e in found.events] == [
        ("2024-05-30", "Donald Trump (@realDonaldTrump) : « Une décision injuste. Nous ferons appel. »")
    ]


def test_tweet_signature_with_a_french_date_and_an_unknown_name() -> None:
    body = "Merci à tous pour votre soutien.\n\n— Lucie Castets (@LucieCastets) 23 juillet 2024"
    found = extract(Article("t", "t.txt", "0", None, None, body), ALIASES)
    assert [(q.text, q.speaker) for q in found.quotes] == [("Merci à tous pour votre soutien.", "Lucie Castets")]
    assert [e.date.iso() for e in found.events] == ["2024-07-23"]


def test_quote_split_by_its_attribution() -> None:
    body = "« Nous ne reculerons pas », dit Jean Dupont, « et nous irons jusqu'au bout ». Fin."
    assert quotes(body) == [("Nous ne reculerons pas", "Jean Dupont"), ("et nous irons jusqu'au bout", "Jean Dupont")]


def test_partial_quote_as_the_object_of_a_speech_verb() -> None:
    body = "Le président de LR, Éric Ciotti, a jugé la mesure « totalement inacceptable pour les Français »."
    assert quotes(body) == [("totalement inacceptable pour les Français", "Éric Ciotti")]


def test_name_after_a_complement_and_a_description() -> None:
    body = (
        "« Nous ne reculerons pas sur ce point », a déclaré à l'AFP Jean Dupont.\n\n"
        "« Nous ne reculerons pas sur ce point », a insisté mardi soir la porte-parole Prisca Thevenot.\n\n"
        "« Nous ne reculerons pas sur ce point », a écrit Le Monde."
    )
    assert [s for _, s in quotes(body)] == ["Jean Dupont", "Prisca Thevenot", None]


def test_a_colon_after_a_clause_naming_someone_else_gives_none() -> None:
    body = "Emmanuel Macron a reçu une lettre d'Olaf Scholz : « Nous ne reculerons pas sur ce point. »"
    assert quotes(body) == [("Nous ne reculerons pas sur ce point.", None)]


def test_plural_and_impersonal_pronouns_give_none() -> None:
    body = (
        "Les syndicats ont quitté la table. « Nous ne signerons pas ce texte », ont-ils déclaré.\n\n"
        "« Le texte sera retiré dans la journée », a-t-on appris de source proche."
    )
    assert [s for _, s in quotes(body)] == [None, None]


def test_quotation_marks_around_a_name_or_a_translation_hold_no_quotation() -> None:
    body = (
        "Jean Morel, alias « le boucher de la rue Haute », a été condamné. Il a tweeté l'emoji « mort de rire ». "
        "Le dirigeant a cité l'expression « let it be » que l'on pourrait traduire par « laissez faire les choses ». "
        "Paul Roux, dit « le Grand », a ri. Le film « La Grande Vadrouille » repasse ce soir."
    )
    assert quotes(body) == []
    said = "Jean Morel a dit « je ne partirai pas d'ici ». Il a dit : « Le boucher, c'est moi. »"
    assert [text for text, _ in quotes(said)] == ["je ne partirai pas d'ici", "Le boucher, c'est moi."]
