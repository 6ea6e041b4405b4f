"""Reading article files: the header, the title, boilerplate, and every reason to reject a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.corpus import iter_files, read_article
from bot.models import Article, PartialDate, Rejection
from tests.conftest import SEEDS

LIMIT = 1_000_000


def article(path: Path) -> Article:
    read = read_article(path, LIMIT)
    assert isinstance(read, Article), read
    return read


def rejection(path: Path, limit: int = LIMIT) -> str:
    read = read_article(path, limit)
    assert isinstance(read, Rejection), read
    assert read.path == str(path)
    return read.reason


def test_header_with_month_and_body_on_the_same_line() -> None:
    seed = article(SEEDS / "000_dd51342253fd8eaf.txt")
    assert seed.doc_id == "000_dd51342253fd8eaf"
    assert seed.published == PartialDate(2023, 5)
    assert seed.body.startswith("Dans une révélation surprenante")
    assert "date 2023" not in seed.body


def test_header_with_a_day(write_article) -> None:
    path = write_article("a", "Le conseil a voté.", date="2021-03-04")
    assert article(path).published == PartialDate(2021, 3, 4)
    assert article(path).published.precision.value == "day"


def test_missing_header_keeps_the_article_with_an_unknown_date() -> None:
    seed = article(SEEDS / "004_e292f1a6227b609f.txt")
    assert seed.published is None
    assert seed.title is not None and seed.title.startswith("Le PDG d’OpenAI explique")
    assert seed.headlines[1].startswith("El CEO de OpenAI")  # the Spanish translation
    assert not seed.body.startswith("Le PDG d’OpenAI")
    assert "El CEO" not in seed.body
    assert seed.body.startswith("Sam Altman a discuté")


def test_trailing_video_teaser_is_not_article_text() -> None:
    body = article(SEEDS / "004_e292f1a6227b609f.txt").body
    assert "YouTube video" not in body
    assert "Détente" not in body
    assert body.endswith("« connaître la vérité absolue ».")


def test_boilerplate_in_a_written_article(write_article) -> None:
    path = write_article(
        "b",
        "Le budget a été adopté mardi.\n\nLire aussi : le budget 2022\n\n"
        "Les députés ont voté tard.\n\nRegardez notre vidéo ci-dessous :\n\nYouTube video",
    )
    body = article(path).body
    assert body == "Le budget a été adopté mardi.\n\nLes députés ont voté tard."


def test_a_pictures_caption_or_credit_is_not_article_text(write_article) -> None:
    path = write_article(
        "cap",
        "Paul Roux a été réélu dimanche.\n\nPhoto : Paul Roux lors de son discours, dimanche. (AFP)\n\n"
        "© Jean Martin / Le Télégramme\n\nPhotographe de métier, il expose à Brest.",
    )
    body = article(path).body
    assert body == "Paul Roux a été réélu dimanche.\n\nPhotographe de métier, il expose à Brest."


def test_a_header_that_is_not_a_date_is_rejected(write_article) -> None:
    path = write_article("c", "Texte.", date="2023-13")
    assert "not a real date" in rejection(path)


def test_headerless_article_without_headline_has_no_title(write_article) -> None:
    path = write_article("d", "Une phrase complète qui ouvre l'article.\n\nSuite.", date=None)
    read = article(path)
    assert read.title is None
    assert read.body.startswith("Une phrase complète")


def test_crlf_and_bom_are_accepted(corpus: Path) -> None:
    path = corpus / "e.txt"
    path.write_bytes("\ufeffdate 2022-01 Premier.\r\n\r\nSecond.\r\n".encode())
    read = article(path)
    assert read.published == PartialDate(2022, 1)
    assert read.body == "Premier.\n\nSecond."


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty file"),
        (b"  \n\n \t\n", "empty file"),
        (b"date 2023-01 caf\xe9 cr\xe8me", "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_bad_files_get_a_reason(corpus: Path, content: bytes, reason: str) -> None:
    path = corpus / "bad.txt"
    path.write_bytes(content)
    assert reason in rejection(path)


def test_too_large_file(write_article) -> None:
    path = write_article("big", "x" * 2_000)
    assert "too large" in rejection(path, limit=1_000)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(write_article) -> None:
    path = write_article("locked", "Texte.")
    path.chmod(0)
    assert "cannot be read" in rejection(path)


def test_unreadable_file_as_root(corpus: Path) -> None:
    path = corpus / "dangling.txt"
    path.symlink_to(corpus / "nowhere.txt")
    assert "no such file" in rejection(path)


def test_folders_are_walked_in_order_skipping_hidden_files(corpus: Path) -> None:
    (corpus / "sub").mkdir()
    for name in ("b.txt", "a.txt", ".hidden.txt", "sub/c.txt", "aliases.toml"):
        (corpus / name).write_text("date 2023-01 x", encoding="utf-8")
    names = [p.relative_to(corpus).as_posix() for p in iter_files([corpus])]
    assert names == ["a.txt", "b.txt", "sub/c.txt"]
