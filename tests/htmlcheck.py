"""A small HTML reader for tests: elements with attributes and text, in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self._texts()).split())

    def _texts(self):  # noqa: ANN202
        yield from self.text_parts
        for child in self.children:
            yield " "
            yield from child._texts()

    def iter(self, tag: str | None = None):  # noqa: ANN201
        for child in self.children:
            if tag is None or child.tag == tag:
                yield child
            yield from child.iter(tag)

    def find(self, tag: str | None = None, **attrs: str) -> Element | None:
        return next(self.find_all(tag, **attrs), None)

    def find_all(self, tag: str | None = None, **attrs: str):  # noqa: ANN201
        for el in self.iter(tag):
            if all(_has(el, k.rstrip("_"), v) for k, v in attrs.items()):
                yield el


def _has(el: Element, key: str, value: str) -> bool:
    if key == "class":
        return value in el.attrs.get("class", "").split()
    return el.attrs.get(key) == value


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(el)
        if tag not in VOID:
            self.current = el

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.text_parts.append(data)


def parse_html(html: str) -> Element:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.root
