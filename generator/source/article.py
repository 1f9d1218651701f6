"""Read an article file, in either format, into an `Article`.

Formats:
- `.md`: YAML front matter between `---` lines (title, date, updated, source,
  source_url, author, licence, summary, tags, draft; other keys are kept for
  templates), then Markdown. Without a `title`, a leading `# Heading` is the title.
- `.txt`: the first non-empty line is the title; paragraphs are separated by blank
  lines; a paragraph that is one line ending in ":" is a subheading.

Text must be UTF-8 (a UTF-8 or UTF-16 byte-order mark is honoured). Every problem is
a `ContentError` naming the file and, where there is one, the line.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from .. import urls
from ..errors import ContentError
from ..model import Article, Block
from . import yamlio
from .discover import SourceFile
from .markdown import markdown_blocks
from .schema import Reader

# Ten times the longest news feature. Extraction time grows faster than the
# text (a 500 KB article takes minutes), so a bigger file, usually a wrong one
# dropped into content/, is refused at once rather than stalling every build.
MAX_ARTICLE_BYTES = 256 * 1024
# spaCy's tokenizer takes time growing with the square of a run of characters
# without a space that splits into many tokens ("[[[[...", emoji): 5,000 take
# seconds, 50,000 hours. Prose never has such runs; a long URL is still far shorter.
MAX_RUN = 1000
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")

_FRONT_MATTER_KEYS = {"title", "date", "updated", "source", "source_url", "author", "licence", "license",
                      "summary", "tags", "draft"}


def decode(data: bytes, path: Path) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with BOM; CRLF -> LF."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(f"is not valid UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded); "
                           "save it as UTF-8", path, line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        wide = data.count(0) * 3 >= len(data)  # every other byte: UTF-16 saved without its mark
        raise ContentError("contains a NUL byte; this is not a text file", path, line,
                           hint="if it is UTF-16 text, save it as UTF-8" if wide else None)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article(source: SourceFile) -> Article:
    path = source.path
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ContentError(f"is {size:,} bytes, over the {MAX_ARTICLE_BYTES:,}-byte limit for an article; "
                               "split it into shorter articles", path)
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot be read: {exc.strerror}", path) from None
    digest = hashlib.sha256(data).hexdigest()
    text = decode(data, path)
    if not text.strip():
        raise ContentError("is empty; write the article or delete the file", path)
    read = _read_markdown if path.suffix == ".md" else _read_text
    article = read(source, text, digest)
    _check_runs(article.text, text, path)
    return article


def _check_runs(plain: str, source: str, path: Path) -> None:
    """Refuse text the language model cannot read in reasonable time (see MAX_RUN)."""
    found = _LONG_RUN.search(plain)
    if found is None:
        return
    at = source.find(found.group()[:MAX_RUN])
    line = source.count("\n", 0, at) + 1 if at >= 0 else None
    raise ContentError(f"has {len(found.group()):,} characters in a row without a space (extraction reads "
                       f"at most {MAX_RUN:,}); break them up or remove them", path, line)


def _read_text(source: SourceFile, text: str, digest: str) -> Article:
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    title = _squash(lines[first])
    blocks = []
    for chunk in re.split(r"\n[ \t]*\n", "\n".join(lines[first + 1:])):
        chunk_lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not chunk_lines:
            continue
        joined = _squash(" ".join(chunk_lines))
        if len(chunk_lines) == 1 and joined.endswith(":") and len(joined) <= 120:
            blocks.append(Block("heading", joined, 2))
        else:
            blocks.append(Block("paragraph", joined))
    if not blocks:
        raise ContentError("has a title but no text", source.path, first + 2)
    return Article(path=source.path, rel=source.rel, slug=source.slug, format="txt", sha256=digest,
                   title=title, body="\n".join(lines[first + 1:]).strip("\n"), blocks=tuple(blocks))


_FENCE = re.compile(r"^---[ \t]*$")


def _read_markdown(source: SourceFile, text: str, digest: str) -> Article:
    path = source.path
    lines = text.split("\n")
    fields: dict[str, Any] = {}
    body_start = 0
    if lines and _FENCE.match(lines[0]):
        end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i]) or lines[i].strip() == "..."), None)
        if end is None:
            raise ContentError("front matter starts with '---' on line 1 but is never closed; "
                               "add a '---' line after it", path, 1)
        fields = _front_matter("\n".join(lines[1:end]), path)
        body_start = end + 1
    body = "\n".join(lines[body_start:]).strip("\n")
    blocks = markdown_blocks(body)
    title = fields.pop("title", None)
    if title is None and blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        title = blocks[0].text
        blocks = blocks[1:]
        body = re.sub(r"\A\s*#[^\n]*\n?", "", body, count=1)
    if not title:
        raise ContentError("has no title; add `title:` to the front matter or start with a '# Heading' line",
                           path, 1)
    if not blocks:
        raise ContentError("has a title but no text", path, body_start + 1)
    return Article(path=path, rel=source.rel, slug=source.slug, format="md", sha256=digest, title=title,
                   body=body, blocks=tuple(blocks), **fields)


def _front_matter(yaml_text: str, path: Path) -> dict[str, Any]:
    node = yamlio.parse(yaml_text, path, ContentError, max_bytes=64 * 1024, line_offset=1)
    if node is None:
        return {}
    r = Reader(path, ContentError)
    r.mapping(node, "front matter")
    where = "front matter"
    meta = {}
    for key_node, value in node.value:
        if key_node.value not in _FRONT_MATTER_KEYS and value.kind == "scalar" and not value.is_null:
            meta[key_node.value] = value.value
    title = r.text(node, "title", where)
    return {
        "title": _squash(title) if title else None,
        "date": r.date(node, "date", where),
        "updated": r.date(node, "updated", where),
        "source": r.text(node, "source", where),
        "source_url": r.url(node, "source_url", where),
        "author": r.text(node, "author", where),
        "licence": r.text(node, "licence", where) or r.text(node, "license", where),
        "summary": r.text(node, "summary", where),
        "tags": _tags(r.texts(node, "tags", where), node.get("tags")),
        "draft": r.boolean(node, "draft", where, False),
        "meta": meta,
    }


def _tags(given: tuple[str, ...], node: yamlio.Node | None) -> tuple[str, ...]:
    """Tags as written, once each. `tags: Politics, Climate Change` (one line of
    text, as people write it in other tools) is two tags, not one; a tag given
    twice, or in two spellings of one tag page ("Water", "water"), counts once."""
    if node is not None and node.kind == "scalar" and given:
        given = tuple(t.strip() for t in given[0].split(",") if t.strip())
    unique: dict[str, str] = {}
    for tag in given:
        unique.setdefault(urls.segment(tag), tag)
    return tuple(unique.values())


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
