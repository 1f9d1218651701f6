"""Names made safe for file names, URLs and ids: the one slug rule.

A slug is ASCII, lowercase and hyphen-separated (`Café Report 2` ->
`cafe-report-2`). Text with no Latin letter or digit has no slug (""); each
caller says what stands in then, because an article, an actor id and a URL
need different fallbacks.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """`Café Report 2` -> `cafe-report-2`; "" when nothing Latin is left."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")
