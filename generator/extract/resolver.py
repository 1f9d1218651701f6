"""The resolver of one article: naming and back-reference resolution of source
mentions (see `actors` for the parts)."""

from __future__ import annotations

from typing import Any

from .mentions import MentionIndex
from .naming import Naming
from .registry import ActorRegistry


class Resolver:
    """Per-Doc naming and back-reference resolution of source mentions, built once."""

    def __init__(self, doc: Any, unit_of: list[int], in_quote: list[bool],
                 unit_bounds: list[tuple[int, int]] | None = None, reported: list[bool] | None = None,
                 text: str | None = None, tokens: list[Any] | None = None):
        self.mentions = MentionIndex(doc, unit_of, in_quote, unit_bounds, reported, text, tokens)
        self.registry = ActorRegistry(self.mentions)
        self.naming = Naming(self.mentions, self.registry)
        self.actors = self.registry.actors
        self.describe = self.naming.describe
        self.document_actor = self.naming.document_actor
        self.register = self.registry.register
        self.by_head = self.registry.by_head
        self.merge_descriptions = self.registry.merge_descriptions
        self.person_role = self.mentions.person_role
