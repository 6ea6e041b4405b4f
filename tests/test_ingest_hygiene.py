"""Ingest hygiene: one article under two names is stored once and the second reported;
a saved web page is read as clean text with its metadata, or rejected with a reason."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from bot import lookups
from bot.corpus import parse_article
from bot.models import Article, PartialDate, Rejection
from bot.store import Store
from tests.conftest import ingest_paths

PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Réforme des retraites | Le Quotidien</title>
<meta property="og:title" content="La réforme des retraites adoptée">
<meta property="og:site_name" content="Le Quotidien">
<meta name="author" content="Jeanne Martin">
<meta property="article:published_time" content="2023-03-17T08:00:00+01:00">
<link rel="canonical" href="https://www.quotidien.example/2023/03/17/retraites">
<script>var teaser = "<p>Abonnez-vous pour lire la suite de cet article</p>";</script>
<style>p { color: red }</style></head>
<body><header><nav><p>Accueil · Monde · Politique · Économie · Culture</p></nav></header>
<article><h1>La réforme des retraites adoptée</h1>
<p>Le 16 mars 2023, le gouvernement a engagé sa responsabilité sur la <b>réforme</b> des retraites.</p>
<p>« Nous irons jusqu'au bout », a déclaré Élisabeth Borne.<br>L'opposition a déposé une motion de censure.</p>
<figure><img src="x.jpg"><figcaption><p>Photo : la Première ministre à l'Assemblée, jeudi.</p></figcaption></figure>
</article>
<aside><p>Lire aussi : notre dossier complet sur les retraites</p></aside>
<footer><p>© Le Quotidien 2023, tous droits réservés, mentions légales</p></footer>
</body></html>
"""


def test_a_web_page_becomes_clean_text_with_its_metadata() -> None:
    article = parse_article("retraites.html", "retraites", PAGE.encode())
    assert isinstance(article, Article)
    assert article.body == ("Le 16 mars 2023, le gouvernement a engagé sa responsabilité sur la réforme des retraites."
                            "\n\n« Nous irons jusqu'au bout », a déclaré Élisabeth Borne. "
                            "L'opposition a déposé une motion de censure.")
    assert "<" not in article.body and "Abonnez" not in article.body and "Accueil" not in article.body
    assert article.title == "La réforme des retraites adoptée"
    assert article.published == PartialDate(2023, 3, 17)
    assert (article.url, article.outlet, article.author) == (
        "https://www.quotidien.example/2023/03/17/retraites", "Le Quotidien", "Jeanne Martin")


def test_a_page_is_known_by_its_first_tag_too_and_a_quoted_tag_is_not_a_page() -> None:
    as_text = parse_article("retraites.txt", "retraites", PAGE.encode())
    assert isinstance(as_text, Article) and "<" not in as_text.body
    prose = parse_article("note.txt", "note", " date 2023-03 Le labo <b>R&D</b> a publié.".encode())
    assert isinstance(prose, Article) and prose.body == "Le labo <b>R&D</b> a publié."


def test_a_page_without_article_text_is_rejected_with_its_reason() -> None:
    shell = "<!doctype html><html><head><title>Connexion</title></head><body><div>Menu</div>" \
            "<script>app()</script></body></html>"
    read = parse_article("login.html", "login", shell.encode())
    assert isinstance(read, Rejection) and read.reason == "an HTML page with no paragraph of article text"


async def test_an_ingested_page_is_searchable_and_never_stored_with_tags(tmp_path: Path, corpus: Path) -> None:
    (corpus / "retraites.html").write_text(PAGE, encoding="utf-8")
    db = tmp_path / "page.db"
    report = await ingest_paths(db, corpus)
    assert report.added == 1 and not report.rejected
    async with await Store.open(db, read_only=True) as store:
        card = await lookups.card(store, "retraites")
        assert card.title == "La réforme des retraites adoptée" and "<" not in card.lead
        assert [q.speaker for q in card.quotes] == ["Élisabeth Borne"]
        assert [e.date.iso() for e in card.events] == ["2023-03-16"]
        assert card.source.url == "https://www.quotidien.example/2023/03/17/retraites"


async def test_one_article_under_two_names_is_stored_once(
    tmp_path: Path, corpus: Path, write_article: Callable[..., Path]
) -> None:
    first = write_article("010_original", "En 2021, la mairie a voté le budget.")
    shutil.copy(first, corpus / "011_copie.txt")
    db = tmp_path / "dup.db"
    report = await ingest_paths(db, corpus)
    assert (report.added, report.duplicates) == (1, [(str(corpus / "011_copie.txt"), str(first))])
    assert "1 duplicate not stored (" + str(corpus / "011_copie.txt") + ": same bytes as " in report.summary()
    assert report.rejected == []
    # A later run with a third copy: the stored one is named.
    shutil.copy(first, corpus / "012_encore.txt")
    again = await ingest_paths(db, corpus / "012_encore.txt")
    assert again.added == 0 and again.duplicates == [(str(corpus / "012_encore.txt"),
                                                      f"{first} (`010_original`)")]
    async with await Store.open(db, read_only=True) as store:
        assert [d.doc_id async for d in store.documents()] == ["010_original"]
