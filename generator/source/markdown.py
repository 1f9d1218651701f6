"""The one Markdown configuration: CommonMark plus tables and strikethrough, raw
HTML off, and links limited to http, https, mailto and relative URLs.

Articles are turned into token streams here (Markdown parsed, or plain-text
blocks wrapped as tokens) so that highlighting works the same on both formats,
then rendered to HTML here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model import Block
from ..urls import is_safe_url


class _Markdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it-py's name
        return is_safe_url(url)


def _make() -> MarkdownIt:
    md = _Markdown("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("mark_open", _render_mark_open)
    md.add_render_rule("mark_close", lambda self, tokens, idx, options, env: "</mark>")
    md.add_render_rule("mark_refs", _render_refs)
    return md


def _render_mark_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    # Other statements sharing this sentence get their own anchor at its start.
    extra = "".join(f'<span class="anchor" id="{_attr(a)}"></span>' for a in tokens[idx].meta["anchors"])
    return f"<mark{self.renderAttrs(tokens[idx])}>{extra}"


def _render_refs(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    links = []
    for ref_id, label, title in tokens[idx].meta["refs"]:
        links.append(f'<a class="ref ref-{_attr(label[0].lower())}" href="#{_attr(ref_id)}" '
                     f'title="{_attr(title)}">{_attr(label)}</a>')
    return '<sup class="refs">' + "".join(links) + "</sup>"


def _attr(value: str) -> str:
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


MD = _make()


def parse(body: str) -> list[Token]:
    return MD.parse(body)


def inline_plain(token: Token) -> str:
    """The visible text of an inline token: what NLP reads and highlighting matches."""
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


_PROSE_PARENTS: dict[str, Literal["paragraph", "heading"]] = {"paragraph_open": "paragraph", "heading_open": "heading"}


def markdown_blocks(body: str) -> list[Block]:
    """Paragraphs and headings of Markdown as plain text (code and tables skipped)."""
    return list(_blocks(parse(body)))


def _blocks(tokens: Iterable[Token]) -> Iterable[Block]:
    opener: Token | None = None
    in_table = 0
    for token in tokens:
        if token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        elif token.type in _PROSE_PARENTS:
            opener = token
        elif token.type == "inline" and opener is not None and not in_table:
            text = re.sub(r"\s+", " ", inline_plain(token)).strip()
            if text:
                kind = _PROSE_PARENTS[opener.type]
                yield Block(kind, text, int(opener.tag[1]) if kind == "heading" else 0)
            opener = None


def text_tokens(blocks: Iterable[Block]) -> list[Token]:
    """Plain-text blocks as the tokens Markdown would give, so both formats render alike."""
    tokens = []
    for block in blocks:
        tag = f"h{block.level}" if block.kind == "heading" else "p"
        kind = "heading" if block.kind == "heading" else "paragraph"
        tokens.append(Token(f"{kind}_open", tag, 1, block=True))
        inline = Token("inline", "", 0, content=block.text, block=True)
        inline.children = [Token("text", "", 0, content=block.text)]
        tokens.append(inline)
        tokens.append(Token(f"{kind}_close", tag, -1, block=True))
    return tokens


def render(tokens: Sequence[Token]) -> str:
    html: str = MD.renderer.render(tokens, MD.options, {})
    return html


def render_markdown(source: str) -> str:
    """Markdown from untrusted text (summaries, notes) to safe HTML."""
    html: str = MD.render(source)
    return html
