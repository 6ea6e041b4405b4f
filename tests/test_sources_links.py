"""Sources that can be opened: an article's metadata lines (url, outlet, author, title)
become a link wherever the source is shown, in Slack, on a terminal and in the exports."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot import render
from bot.answers import SourceRef
from bot.corpus import parse_article
from bot.export import write_export
from bot.models import Article, PartialDate, Rejection
from bot.store import Store
from tests.conftest import SEEDS, ingested
from tests.fakes.slack import pings, visible_text

URL = "https://www.quotidien.example/2023/03/17/openai-microsoft"
METADATA = f"url: {URL}\noutlet: Le Quotidien\nauthor: Jeanne Martin\n"
BODY = ("En juillet 2019, OpenAI a signé un partenariat avec Microsoft. "
        "« Nous restons indépendants », a déclaré Sam Altman. Le rapport est sur https://rapport.example/openai.")


def test_metadata_lines_are_read_and_the_seed_header_stays_valid() -> None:
    article = parse_article("x", "x", f"{METADATA}title: OpenAI et Microsoft\n date 2023-03-17 {BODY}\n".encode())
    assert isinstance(article, Article)
    assert (article.url, article.outlet, article.author, article.title) == (
        URL, "Le Quotidien", "Jeanne Martin", "OpenAI et Microsoft")
    assert article.published == PartialDate(2023, 3, 17) and article.body.startswith("En juillet 2019")
    for seed in sorted(SEEDS.iterdir()):  # files from before metadata: read as they always were
        read = parse_article(str(seed), seed.stem, seed.read_bytes())
        assert isinstance(read, Article) and read.url is None and read.outlet is None, seed
    plain = parse_article("x", "x", b"Paris : le gouvernement a tranche.\n\nUn second paragraphe.")
    assert isinstance(plain, Article) and plain.url is None and plain.body.startswith("Paris : le")


@pytest.mark.parametrize("header, reason", [
    ("url: ftp://example.org/a\n", "metadata `url`: `ftp://example.org/a` is not a web address"),
    ("url: https://localhost/a\n", "is not a web address (http:// or https:// and a host name)"),
    ("url: https://example.org/a b\n", "holds a space or a control character"),
    ("url: https://a.example/\nurl: https://b.example/\n", "metadata field `url` given twice"),
    ("url: https://a.example/\nsource: AFP\n", "unknown metadata field `source` (known: url, outlet, author, title)"),
    ("outlet:\n", "metadata `outlet`: empty value"),
    ("outlet: " + "x" * 301 + "\n", "metadata `outlet`: 301 characters, at most 300"),
    ("author: <!channel>\n", "holds a character a name never has"),
    (METADATA, "no article text after its metadata lines"),
])
def test_a_malformed_value_rejects_the_file_with_its_reason(header: str, reason: str) -> None:
    body = "" if header == METADATA else f" date 2023-03 {BODY}"
    read = parse_article("bad.txt", "bad", (header + body).encode())
    assert isinstance(read, Rejection) and reason in read.reason


def test_one_source_renderer_links_when_there_is_an_address() -> None:
    linked = SourceRef("010", PartialDate(2023, 3), url="https://a.example/x?p=1|2>3", outlet="Le <b> & Cie")
    assert render.source_mrkdwn(linked) == "<https://a.example/x?p=1%7C2%3E3|Le &lt;b&gt; &amp; Cie · mars 2023>"
    assert render.source_plain(linked, "en") == "Le <b> & Cie · March 2023 · https://a.example/x?p=1|2>3"
    no_outlet = SourceRef("010", None, url="https://a.example/")
    assert render.source_mrkdwn(no_outlet) == "<https://a.example/|010 · date inconnue>"
    assert render.source_mrkdwn(SourceRef("010", PartialDate(2023, 3))) == "`010` · mars 2023"


def test_one_source_label_names_the_outlet_else_the_doc_id_with_the_date() -> None:
    outlet = SourceRef("010", PartialDate(2023, 3, 17), outlet="Le Quotidien")
    assert render.source_label(outlet) == "Le Quotidien · 17 mars 2023"
    assert render.source_label(outlet, "en") == "Le Quotidien · March 17, 2023"
    assert render.source_label(outlet, iso=True) == "Le Quotidien (2023-03-17)"  # a file's form
    undated = SourceRef("011", None)
    assert render.source_label(undated) == "011 · date inconnue"
    assert (render.source_label(undated, iso=True), render.source_label(undated, "en", iso=True)) == (
        "011 (sans date)", "011 (no date)")


@pytest.fixture
async def linked_store(tmp_path: Path, corpus: Path, write_article: Callable[..., Path]) -> AsyncIterator[Store]:
    (corpus / "050_quotidien.txt").write_text(f"{METADATA} date 2023-03 {BODY}\n", encoding="utf-8")
    write_article("051_sans_lien", "En juillet 2019, OpenAI a signé un partenariat avec Microsoft, selon un autre.")
    async with ingested(tmp_path / "links.db", corpus, added=2) as store:
        yield store


LINK = f"<{URL}|Le Quotidien · mars 2023>"


def _objects(node: Any) -> Any:
    """Every object in a Block Kit payload, depth first."""
    if isinstance(node, dict):
        yield node
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            yield from _objects(item)


async def test_every_slack_answer_links_the_source(start_bot: Any, linked_store: Store) -> None:
    slack = await start_bot(store=linked_store)
    for command, text in (("/timeline", "juillet 2019"), ("/quote", "altman"), ("/source", "partenariat"),
                          ("/source", "050_quotidien")):
        reply = await slack.command(command, text)
        seen = visible_text(reply)
        assert LINK in seen, (command, seen)
        assert pings(reply) and all(p == LINK for p in pings(reply))  # links, never a mention
    # The App Home lists the latest articles, each by its source.
    await slack.event({"type": "app_home_opened", "user": "U0ASKER", "tab": "home"}, event_id="EvHomeLinks")
    [published] = await slack.fake.wait_for("views.publish")
    view = published.body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    home = visible_text(view)
    assert "Derniers articles\n• (sans titre) — Le Quotidien · mars 2023\n• (sans titre) — 051_sans_lien" in home
    assert {"type": "link", "url": URL, "text": "Le Quotidien · mars 2023"} in list(_objects(view))
    # The article without metadata is still cited by its doc id.
    timeline = visible_text(await slack.command("/timeline", "juillet 2019"))
    assert "`051_sans_lien` · mars 2023" in timeline
    # A web address inside the article text is a link too.
    passage = await slack.command("/source", "rapport")
    links = [e for b in passage["blocks"] if b["type"] == "rich_text" for s in b["elements"]
             for e in s.get("elements", []) if e.get("type") == "link"]
    assert "https://rapport.example/openai" in [e["url"] for e in links]


async def test_exports_carry_url_and_outlet_and_timelinejs_links(linked_store: Store) -> None:
    import io

    out = io.StringIO()
    await write_export(linked_store, "quotes", "", "jsonl", out)
    [quote] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (quote["url"], quote["outlet"]) == (URL, "Le Quotidien")
    out = io.StringIO()
    await write_export(linked_store, "documents", "", "jsonl", out)
    documents = {d["doc_id"]: d for d in map(json.loads, out.getvalue().splitlines())}
    assert (documents["050_quotidien"]["url"], documents["050_quotidien"]["author"]) == (URL, "Jeanne Martin")
    assert documents["051_sans_lien"]["url"] is None
    out = io.StringIO()
    await write_export(linked_store, "timeline", "2019", "jsonl", out)
    sources = [s for r in map(json.loads, out.getvalue().splitlines()) for s in r["sources"]]
    assert {"doc_id": "050_quotidien", "published": "2023-03", "url": URL, "outlet": "Le Quotidien"} in sources
    out = io.StringIO()
    await write_export(linked_store, "timeline", "2019", "timelinejs", out)
    slides = json.loads(out.getvalue())["events"]
    assert any(f'<a href="{URL}" target="_blank">Le Quotidien (2023-03)</a>' in s["text"]["text"] for s in slides)
    out = io.StringIO()
    await write_export(linked_store, "timeline", "2019", "csv", out)
    assert URL in out.getvalue() and "Le Quotidien" in out.getvalue()


async def test_a_link_costs_no_read_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same articles with and without metadata: every answer reads as many statements,
    # since a look-up's rows carry their sources' links (a join), not a second read.
    from bot.commands import answer

    reads = 0
    real = Store._fetch

    async def counted(self: Store, sql: str, params: Any = ()) -> Any:
        nonlocal reads
        reads += 1
        return await real(self, sql, params)

    monkeypatch.setattr(Store, "_fetch", counted)
    asked = (("/timeline", "juillet 2019"), ("/quote", "altman"), ("/quote", "nous restons independants"),
             ("/source", "partenariat"), ("/source", "050_quotidien"))
    counts: dict[bool, list[int]] = {}
    for linked in (False, True):
        corpus = tmp_path / f"corpus{linked}"
        corpus.mkdir()
        (corpus / "050_quotidien.txt").write_text(f"{METADATA if linked else ''} date 2023-03 {BODY}\n",
                                                  encoding="utf-8")
        async with ingested(tmp_path / f"{linked}.db", corpus, added=1) as store:
            counts[linked] = []
            for command, text in asked:
                reads = 0
                found = render.terminal(await answer(store, command, text))
                counts[linked].append(reads)
                assert ("Le Quotidien" in found) is linked, (command, found)
    assert counts[True] == counts[False]
    assert counts[True][0] == 1  # a /timeline page: its count and its entries with sources and links, together
