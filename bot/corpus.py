"""Article files → `Article`, or a `Rejection` that says why.

The format: one UTF-8 text file per article. It may open with metadata lines,
one `field: value` a line, fields among `url`, `outlet`, `author` and `title`:

    url: https://www.example.org/2023/02/17/openai
    outlet: Le Quotidien
    author: Jeanne Martin
    date 2023-02-17 The body's first paragraph…

Then (or first, as in every file before metadata existed) the line may begin with
`date YYYY-MM` or `date YYYY-MM-DD` (after optional white space), the body's
first paragraph following on the same line. Without that header the date is
unknown; a standalone first line is then the title, and standalone lines right
after it (a translation, a deck) are headlines too. Trailing boilerplate (video
teasers, "Lire aussi", share prompts) is not article text. A malformed metadata
value (an address that is not http(s), an empty or overlong value, a field given
twice, a field we do not know) rejects the file with that reason.

A saved web page (`.html`, or a file opening with `<!doctype html>` or `<html>`)
is read by `bot.htmlpage` into the same Article, never stored with its tags.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from bot.htmlpage import looks_like_html, page_text
from bot.models import Article, PartialDate, Rejection
from bot.text import fold

ALIASES_FILE = "aliases.toml"  # a corpus's own alias table, not an article

_HEADER = re.compile(r"\A\s*date\s+(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?![\d-])[ \t]*", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n")
_TERMINAL = ".!?…:;"
_HEADLINE_MAX = 200

# Folded paragraphs that are page furniture, not article text.
_BOILERPLATE = [
    re.compile(p)
    for p in (
        r"^(youtube|dailymotion|vimeo|twitter|instagram|facebook|tiktok|x) (video|post|tweet|embed)s?$",
        r"\b(la|cette|notre) video ci-dessous\b",
        r"^(a lire aussi|lire aussi|a voir aussi|voir aussi|sur le meme (sujet|theme)|read more|related)\b",
        r"^(abonnez-vous|suivez-nous|inscrivez-vous|partagez|partager|newsletter|publicite)\b",
        r"^(photos?|credits? photos?|illustration|legende)\s*[:©(]|^©",  # a picture's caption or credit
    )
]


def iter_files(paths: Iterable[Path]) -> Iterator[Path | Rejection]:
    """Every candidate file under the given files and folders, in a stable order, lazily.

    Inside a folder only regular files are read, and a symbolic link only when it leads
    to one inside that folder: a link out of it (to a secrets file, say), a loop, a
    dangling link, a FIFO or a device is a Rejection with its reason, and the walk goes on.
    A file named on the command line is read wherever it is, if it is a regular file.
    """
    for path in paths:
        if path.is_dir():
            yield from _walk(path, path.resolve())
        else:
            yield path


def _walk(folder: Path, root: Path) -> Iterator[Path | Rejection]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield folder  # read_article reports it
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name == ALIASES_FILE:
            continue
        try:
            if entry.is_symlink():
                refused = _link_problem(entry.path, root)
                if refused is not None:
                    yield Rejection(entry.path, refused)
                    continue
                if entry.is_dir():
                    continue  # its files are read where they really are, inside the folder
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path), root)
            elif entry.is_file():
                yield Path(entry.path)
            else:
                yield Rejection(entry.path, f"not a regular file ({_kind(entry.stat().st_mode)})")
        except OSError as error:
            yield Rejection(entry.path, f"cannot be read: {error.strerror or error}")


def _link_problem(link: str, root: Path) -> str | None:
    try:
        os.stat(link)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop"
        return "a symbolic link to nothing"
    if not Path(os.path.realpath(link)).is_relative_to(root):
        return f"a symbolic link leading outside {root}: not followed"
    return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def doc_id_for(path: Path) -> str:
    """A doc id is the file name without its extension."""
    return path.stem


def read_article(path: Path, max_bytes: int) -> Article | Rejection:
    """Read one file. Every reason a file cannot be an article becomes a Rejection."""
    where = str(path)
    try:
        # Opened without waiting (a FIFO would block), then checked on the open file itself.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if stat.S_ISDIR(info.st_mode):
                return Rejection(where, "is a folder that cannot be read")
            if not stat.S_ISREG(info.st_mode):  # /dev/zero would be read until memory runs out
                return Rejection(where, f"not a regular file ({_kind(info.st_mode)})")
            if info.st_size > max_bytes:
                return Rejection(where, f"too large: {info.st_size:,} bytes, the limit is {max_bytes:,}")
            raw = file.read(max_bytes + 1)
        if len(raw) > max_bytes:  # it grew while we read it
            return Rejection(where, f"too large: over {max_bytes:,} bytes")
    except FileNotFoundError:
        return Rejection(where, "no such file")
    except PermissionError:
        return Rejection(where, "cannot be read: permission denied")
    except IsADirectoryError:
        return Rejection(where, "is a folder that cannot be read")
    except OSError as error:
        return Rejection(where, f"cannot be read: {error.strerror or error}")
    return parse_article(where, doc_id_for(path), raw)


def parse_article(where: str, doc_id: str, raw: bytes) -> Article | Rejection:
    if b"\x00" in raw:
        return Rejection(where, "binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Rejection(where, f"not valid UTF-8 (byte {error.start})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return Rejection(where, "empty file")
    if looks_like_html(where, text):
        return _html_article(where, doc_id, raw, text)

    meta = _split_metadata(text)
    if isinstance(meta, str):
        return Rejection(where, meta)
    fields, text = meta
    if not text.strip():
        return Rejection(where, "no article text after its metadata lines")
    published, text = _split_header(text)
    if published is None and _HEADER.match(text) is not None:
        return Rejection(where, "the date header is not a real date")
    blocks = [_one_paragraph(b) for b in _BLANK_LINES.split(text.strip())]
    blocks = [b for b in blocks if b]
    headlines: list[str] = []
    if published is None:
        headlines, blocks = _split_headlines(text.strip(), blocks)
    blocks = _drop_boilerplate(blocks)
    if not blocks:
        return Rejection(where, "no article text")
    if "title" in fields:
        headlines = [fields["title"], *headlines]
    return Article(
        doc_id=doc_id,
        path=where,
        sha256=hashlib.sha256(raw).hexdigest(),
        published=published,
        title=headlines[0] if headlines else None,
        body="\n\n".join(blocks),
        headlines=tuple(headlines),
        url=fields.get("url"),
        outlet=fields.get("outlet"),
        author=fields.get("author"),
    )


def _html_article(where: str, doc_id: str, raw: bytes, text: str) -> Article | Rejection:
    """A saved web page: its paragraphs and metadata (bot.htmlpage), never its tags."""
    page = page_text(text)
    if isinstance(page, str):
        return Rejection(where, page)
    blocks = _drop_boilerplate(page.paragraphs)
    if not blocks:
        return Rejection(where, "an HTML page with no article text")
    return Article(
        doc_id=doc_id,
        path=where,
        sha256=hashlib.sha256(raw).hexdigest(),
        published=page.published,
        title=page.title,
        body="\n\n".join(blocks),
        headlines=(page.title,) if page.title else (),
        url=page.url if page.url and _url_problem(page.url) is None else None,
        outlet=page.outlet,
        author=page.author,
    )


METADATA_FIELDS = ("url", "outlet", "author", "title")
_META_LINE = re.compile(r"\A[ \t]*([a-z_]{1,20})[ \t]*:[ \t]?(.*)\Z")
_META_CHARS = 300
_URL_CHARS = 2000


def _split_metadata(text: str) -> tuple[dict[str, str], str] | str:
    """The metadata lines at the top of a file, and the rest; or why a value is malformed.

    A block starts only with a known field (`url: …`), so an article that merely opens
    with `Paris : …` is untouched; inside the block, every `field: value` line must be a
    known field with a sound value."""
    lines = text.split("\n")
    first = _META_LINE.match(lines[0])
    if first is None or first.group(1) not in METADATA_FIELDS:
        return {}, text
    fields: dict[str, str] = {}
    used = 0
    for line in lines:
        match = _META_LINE.match(line)
        if match is None:
            break
        name, value = match.group(1), match.group(2).strip()
        if name not in METADATA_FIELDS:
            return f"unknown metadata field `{name}` (known: {', '.join(METADATA_FIELDS)})"
        if name in fields:
            return f"metadata field `{name}` given twice"
        problem = _metadata_problem(name, value)
        if problem:
            return f"metadata `{name}`: {problem}"
        fields[name] = value
        used += 1
    return fields, "\n".join(lines[used:])


def _metadata_problem(name: str, value: str) -> str | None:
    if not value:
        return "empty value"
    if name == "url":
        return _url_problem(value)
    if len(value) > _META_CHARS:
        return f"{len(value)} characters, at most {_META_CHARS}"
    if any(c in value for c in "<>|") or not value.isprintable():
        return "holds a character a name never has (<, >, | or a control character)"
    return None


def _url_problem(url: str) -> str | None:
    if len(url) > _URL_CHARS:
        return f"{len(url)} characters, at most {_URL_CHARS}"
    if any(c.isspace() for c in url) or not url.isprintable():
        return f"`{url[:80]}` holds a space or a control character"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or "." not in (parts.hostname or ""):
        return f"`{url[:80]}` is not a web address (http:// or https:// and a host name)"
    return None


def _split_header(text: str) -> tuple[PartialDate | None, str]:
    match = _HEADER.match(text)
    if match is None:
        return None, text
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        published = PartialDate(year, month, day)  # type: ignore[arg-type]
        _check_calendar(published)
    except ValueError:
        return None, text
    return published, text[match.end() :]


def _check_calendar(date: PartialDate) -> None:
    import datetime

    datetime.date(date.year, date.month or 1, date.day or 1)


def _one_paragraph(block: str) -> str:
    return " ".join(block.split())


def _split_headlines(text: str, blocks: list[str]) -> tuple[list[str], list[str]]:
    """A first block of one short line with no sentence end is a headline; so are those after it."""
    headlines: list[str] = []
    first_block = _BLANK_LINES.split(text, maxsplit=1)[0]
    if "\n" in first_block.strip():
        return headlines, blocks
    while len(blocks) > 1 and _is_headline(blocks[0]):
        headlines.append(blocks.pop(0))
        if len(headlines) == 3:
            break
    return headlines, blocks


def _is_headline(block: str) -> bool:
    stripped = block.rstrip()
    if len(stripped) > _HEADLINE_MAX:
        return False
    return not stripped.endswith(tuple(_TERMINAL)) or stripped.endswith(("»", '"', "”"))


def _drop_boilerplate(blocks: list[str]) -> list[str]:
    kept = [b for b in blocks if not _is_boilerplate(fold(b))]
    # A closing paragraph that announces something below it ("… ci-dessous :") has lost its embed.
    while kept and kept[-1].endswith(":") and len(kept) > 1 and "ci-dessous" in fold(kept[-1]):
        kept.pop()
    return kept


def _is_boilerplate(folded: str) -> bool:
    return any(p.search(folded) for p in _BOILERPLATE)
