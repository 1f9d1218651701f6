"""Extraction: article text in, actors, claims and denials out.

`analyse(doc)` is a pure function over a spaCy Doc of `Article.text` (the title,
then the blocks, separated by blank lines) and returns plain dataclasses; no
spaCy object leaves this package. `extract` runs the pipeline over many articles
in this process; `extract_batch` is what a worker process runs (see
`generator.executor`). Importing this package does not import spaCy; `nlp.load`
does, when needed, and the rules themselves (`analyse`) are imported on first
use: a build with nothing to extract never loads them, and reading
`EXTRACTOR_VERSION` (`version.py`) loads none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..model import Article, Extraction

__all__ = ["EXTRACTOR_VERSION", "analyse", "extract", "extract_batch"]


def __getattr__(name: str) -> Any:
    if name in ("EXTRACTOR_VERSION", "analyse"):
        import importlib

        found = importlib.import_module(f"{__name__}.{'version' if name == 'EXTRACTOR_VERSION' else 'analyse'}")
        # The submodule's import bound its name here; the value takes it back.
        globals()[name] = getattr(found, name)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def extract(articles: Iterable[Article], nlp: Any, progress: Callable[[Article], None] | None = None,
            batch_size: int = 16) -> Iterator[tuple[Article, Extraction]]:
    """Each article with what was found in it, in order."""
    from .analyse import analyse

    pending = list(articles)
    docs = nlp.pipe((a.text for a in pending), batch_size=batch_size)
    for article, doc in zip(pending, docs, strict=True):
        result = analyse(doc)
        if progress is not None:
            progress(article)
        yield article, result


def extract_batch(model: str, texts: list[str]) -> list[Extraction]:
    """What is found in each text, with the model named in site.yaml (loaded
    once per process). Docs are dropped as soon as they are analysed."""
    from . import nlp as nlp_module
    from .analyse import analyse

    nlp = nlp_module.load(model)
    return [analyse(doc) for doc in nlp.pipe(texts, batch_size=len(texts) or 1)]
