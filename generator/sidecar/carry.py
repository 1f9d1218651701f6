"""A renamed article's sidecar, carried over to it.

`mv content/a.md content/b.md` leaves `a.yaml` with no article and `b.md` with
no sidecar. The sidecar records the hash of the text it was made from
(`lifecycle.made_from`); when exactly one new article has that text, the file
is moved to that article's sidecar name, with `article.path` saying so, so the
editor's corrections go with the article instead of a fresh extraction taking
their place. The move never writes over a file (the new name must be free) and
never loses a save: if the old file changed while it was being moved, it stays
where it was and nothing is moved.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import SidecarError
from ..files import create_new
from ..source import yamlio
from . import digest
from .read import loads, read_bytes
from .write import dumps


@dataclass(frozen=True)
class Moved:
    old: Path  # the sidecar as it was
    new: Path  # where it is now: beside `article`
    article: Path


def carry(old: Path, new: Path, article_path: str, article: Path) -> Moved:
    """Move the sidecar at `old` to `new`, for the article `article_path`
    (relative to content/); SidecarError when it cannot be moved as it is."""
    data = read_bytes(old)
    text = yamlio.decode(data, old, SidecarError)
    loaded, _ = loads(text, old)
    if digest.matches(text):  # the machine's: written again as the machine writes it, signed
        moved = dumps(replace(loaded, path=new, article_path=article_path))
    else:  # an editor's: only the line that names the article changes
        from . import roundtrip  # ruamel.yaml, slow to import: only when an editor's sidecar moves

        moved = roundtrip.repoint(text, article_path)
    again, _ = loads(moved, new)
    if (again.extraction, again.article_sha256, again.article_text_sha256, again.article_path) != \
            (loaded.extraction, loaded.article_sha256, loaded.article_text_sha256, article_path):
        raise SidecarError("internal error: moved, the sidecar would not say what it says now; "
                           "nothing was moved", old)
    try:
        create_new(new, moved.encode("utf-8"))
    except FileExistsError:
        raise SidecarError(f"cannot be moved to {new.name}: that file appeared meanwhile; nothing was moved",
                           old) from None
    except OSError as exc:
        raise SidecarError(f"cannot be moved to {new.name} ({exc.strerror}); nothing was moved", old) from None
    if read_bytes(old) != data:  # saved while it was being moved: that save wins, where it was made
        new.unlink(missing_ok=True)
        raise SidecarError("was saved while it was being moved to its renamed article; nothing was moved",
                           old)
    old.unlink()
    return Moved(old, new, article)
