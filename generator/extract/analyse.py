"""Placeholder until the extraction rules land: finds nothing."""

from __future__ import annotations

from typing import Any

from ..model import Extraction

EXTRACTOR_VERSION = "0"


def analyse(doc: Any) -> Extraction:
    return Extraction()
