"""Edit detection: was this sidecar written by the generator and left untouched?

It needs no database: every sidecar the generator writes carries an
`extracted_by.digest`, the sha256 of the file's own text with the digest blanked.
If the text still hashes to it, nobody has touched the file since the machine
wrote it; any change at all, even a comment, makes it an edited file, and an
edited sidecar is never written over by a build.
"""

from __future__ import annotations

import hashlib
import re

_DIGEST = re.compile(r"^  digest: sha256:([0-9a-f]{64})$", re.M)
BLANK = "0" * 64


def _hash_blanked(text: str, match: re.Match[str]) -> str:
    blanked = text[: match.start(1)] + BLANK + text[match.end(1):]
    return hashlib.sha256(blanked.encode("utf-8")).hexdigest()


def matches(text: str) -> bool:
    """True if `text` still hashes to the digest it carries."""
    match = _DIGEST.search(text)
    return match is not None and _hash_blanked(text, match) == match.group(1)


def sign(text: str) -> str:
    """`text` (written with a blank digest) with its digest filled in."""
    match = _DIGEST.search(text)
    assert match is not None
    return text[: match.start(1)] + _hash_blanked(text, match) + text[match.end(1):]
