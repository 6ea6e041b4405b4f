"""A saved web page → the article it holds: title, paragraphs, date, address, outlet, author.

An HTML file is never stored with its tags. It is read with the standard library's
tolerant parser: the text of the page's paragraphs (`<p>`, inside `<article>` or
`<main>` when the page has one), leaving out scripts, styles, navigation, headers,
footers, asides, forms and figures' captions; the metadata from the usual tags:

- title: `og:title`, else `<title>`, else the first `<h1>`;
- date: `article:published_time`, `datePublished`, `date`, `DC.date`, or a `<time datetime>`;
- address: `<link rel="canonical">`, else `og:url`;
- outlet: `og:site_name`; author: `author` or `article:author` when it is a name.

A page with no paragraph of text is not an article: `page_text` says why.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from bot.models import PartialDate

_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
         "figcaption", "button", "svg", "iframe", "select"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_DATE_KEYS = ("article:published_time", "datepublished", "date", "dc.date", "dc.date.issued",
              "og:published_time", "pubdate", "publishdate")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_MIN_PARAGRAPH = 20  # characters: shorter <p> are buttons, bylines, credits
_LOOKS_HTML = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)
_TAGGED = re.compile(r"\A\s*<(?:div|p|article|section|main|h1|meta|title)[\s>]", re.IGNORECASE)


def looks_like_html(name: str, text: str) -> bool:
    """An HTML page by its name or its first tag (a text file merely quoting `<b>` is not)."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return bool(_LOOKS_HTML.match(text) or (_TAGGED.match(text) and "</" in text))


@dataclass
class Page:
    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    published: PartialDate | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title: list[str] = []
        self.h1: list[str] = []
        self.times: list[str] = []
        self.paragraphs: list[tuple[bool, str]] = []  # (inside <article>/<main>, text)
        self._stack: list[str] = []
        self._skip = 0
        self._main = 0
        self._text: list[str] | None = None  # the paragraph being read
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href") or None
            return
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        if tag == "br" and self._text is not None:
            self._text.append(" ")
        if tag in _VOID:
            return
        self._stack.append(tag)
        if tag in _SKIP:
            self._skip += 1
        elif tag in ("article", "main"):
            self._main += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self._in_h1 = True
        elif tag == "p" and not self._skip:
            self._flush()
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self._stack:
            return
        while self._stack:  # close what the page left open inside this tag
            open_tag = self._stack.pop()
            if open_tag in _SKIP:
                self._skip -= 1
            elif open_tag in ("article", "main"):
                self._main -= 1
            elif open_tag == "title":
                self._in_title = False
            elif open_tag == "h1":
                self._in_h1 = False
            elif open_tag == "p":
                self._flush()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        if self._skip:
            return
        if self._in_h1:
            self.h1.append(data)
        if self._text is not None:
            self._text.append(data)

    def _flush(self) -> None:
        if self._text is not None:
            text = " ".join("".join(self._text).split())
            if len(text) >= _MIN_PARAGRAPH:
                self.paragraphs.append((self._main > 0, text))
        self._text = None

    def close(self) -> None:
        super().close()
        self._flush()


def page_text(html: str) -> Page | str:
    """The article a page holds, or why it holds none."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    inside = [text for in_main, text in reader.paragraphs if in_main]
    paragraphs = inside or [text for _, text in reader.paragraphs]
    if not paragraphs:
        return "an HTML page with no paragraph of article text"
    meta = reader.meta
    title = _clean(meta.get("og:title")) or _clean("".join(reader.title)) or _clean("".join(reader.h1))
    url = reader.canonical or meta.get("og:url")
    return Page(
        title=title,
        paragraphs=paragraphs,
        published=_date([*(meta.get(k, "") for k in _DATE_KEYS), *reader.times]),
        url=url if url and url.startswith(("http://", "https://")) else None,
        outlet=_clean(meta.get("og:site_name")),
        author=_name(meta.get("author") or meta.get("article:author")),
    )


def _clean(text: str | None) -> str | None:
    flat = " ".join((text or "").split())
    return flat[:300] or None


def _name(text: str | None) -> str | None:
    # article:author is often a profile address, not a name.
    name = _clean(text)
    return None if name is None or "://" in name or any(c in name for c in "<>|") else name


def _date(candidates: list[str]) -> PartialDate | None:
    for candidate in candidates:
        match = _ISO_DATE.match(candidate.strip())
        if match is None:
            continue
        year, month, day = int(match[1]), int(match[2]), int(match[3]) if match[3] else None
        try:
            datetime.date(year, month, day or 1)
        except ValueError:
            continue
        return PartialDate(year, month, day)
    return None
