"""Paragraphs and the French sentence splitter."""

from bot.extract import paragraphs, split_sentences


def test_paragraphs_drop_empty_ones_and_strip() -> None:
    assert paragraphs("  Un.\n\n\n\n  Deux. \n \nTrois.") == ["Un.", "Deux.", "Trois."]


def test_splits_on_sentence_ends() -> None:
    assert split_sentences("Il pleut. Le match est reporté ! Pourquoi ? Personne ne sait… Fin.") == [
        "Il pleut.", "Le match est reporté !", "Pourquoi ?", "Personne ne sait…", "Fin.",
    ]


def test_does_not_split_after_titles_and_initials() -> None:
    text = "M. Dupont et Mme Durand ont vu le Dr. Martin. J. K. Rowling était là. Le Pr. Raoult aussi."
    assert split_sentences(text) == [
        "M. Dupont et Mme Durand ont vu le Dr. Martin.", "J. K. Rowling était là.", "Le Pr. Raoult aussi.",
    ]


def test_does_not_split_decimals_or_amounts() -> None:
    assert split_sentences("Le taux passe à 3.5 % en 2024. La dette atteint 3.000 milliards.") == [
        "Le taux passe à 3.5 % en 2024.", "La dette atteint 3.000 milliards.",
    ]


def test_does_not_split_inside_quotes() -> None:
    text = "« Je pars. Vous restez. » Il est sorti. Elle a dit : \"C'est fini. Vraiment.\" Puis rien."
    assert split_sentences(text) == [
        "« Je pars. Vous restez. »", "Il est sorti.", "Elle a dit : \"C'est fini. Vraiment.\"", "Puis rien.",
    ]


def test_quote_then_attribution_is_one_sentence() -> None:
    text = "« Nous ne sommes pas contrôlés. Nous sommes indépendants », clame-t-il. Et voilà."
    assert split_sentences(text) == [
        "« Nous ne sommes pas contrôlés. Nous sommes indépendants », clame-t-il.", "Et voilà.",
    ]


def test_sentences_do_not_cross_paragraphs() -> None:
    assert split_sentences("Une phrase sans point\n\nUne autre.") == ["Une phrase sans point", "Une autre."]
