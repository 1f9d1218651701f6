"""Who may write through the preview, and which files.

Any web page open in the user's browser can send requests to 127.0.0.1, so a
review write must prove it comes from a page this server rendered, and may
touch nothing but a sidecar of this site:
- a secret token, random per server, that only the preview's own pages carry
  (injected as they are served, never written into a built page);
- POST with JSON only, an `Origin` that is this server (as the browser names
  it: 127.0.0.1, localhost or [::1] and this port), and a peer on this computer;
- the file: a path under the site's `content/` naming the sidecar of an article
  found there, resolved and confined (no `..`, no link out, no link at all, no
  other file and no other suffix).
Each refusal is one sentence; nothing is written.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import urllib.parse
from pathlib import Path, PurePosixPath

from ..source.discover import SIDECAR_SUFFIX, SourceFile, discover

LOOPBACK = ("127.0.0.1", "localhost", "::1")  # this computer's names


class Forbidden(Exception):
    """A write refused before anything was read: who asked, or which file."""


def new_token() -> str:
    return secrets.token_urlsafe(32)


def check_request(token: str, port: int, headers: dict[str, str], peer: str) -> None:
    """The request comes from one of this server's pages in a browser on this
    computer, or Forbidden."""
    if not _loopback(peer):
        raise Forbidden("review edits are accepted only from this computer")
    if not hmac.compare_digest(headers.get("x-review-token", "").encode(), token.encode()):
        raise Forbidden("this request does not carry the preview's review token; reload the page")
    if not own_origin(headers.get("origin", ""), port):
        raise Forbidden("review edits are accepted only from the preview's own pages")
    if headers.get("sec-fetch-site", "same-origin") != "same-origin":
        raise Forbidden("review edits are accepted only from the preview's own pages")
    if headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise Forbidden("review edits are sent as JSON")


def _loopback(peer: str) -> bool:
    try:
        return ipaddress.ip_address(peer.split("%")[0]).is_loopback
    except ValueError:
        return False


def own_origin(origin: str, port: int) -> bool:
    """`Origin` names this server: http, a loopback name, this port."""
    try:
        parts = urllib.parse.urlsplit(origin)
        return parts.scheme == "http" and parts.hostname in LOOPBACK and parts.port == port \
            and parts.path in ("", "/") and not parts.query and parts.username is None
    except ValueError:
        return False


def sidecar_file(content_dir: Path, named: object) -> tuple[Path, SourceFile]:
    """The sidecar `named` (its path under content/, as a page gives it) and
    its article, or Forbidden."""
    if not isinstance(named, str) or not named or "\x00" in named or "\\" in named:
        raise Forbidden("name the sidecar by its path under content/")
    rel = PurePosixPath(named)
    if rel.is_absolute() or any(part in ("..", ".", "") for part in named.split("/")):
        raise Forbidden(f"{named!r} is not a path inside content/")
    if rel.suffix != SIDECAR_SUFFIX:
        raise Forbidden(f"{named!r} is not a sidecar (a .yaml file beside an article)")
    root = content_dir.resolve()
    path = root.joinpath(*rel.parts)
    if path.is_symlink():
        raise Forbidden(f"content/{named} is a link; review edits write only real files (edit the file it "
                        "points to by hand)")
    try:
        folder = path.parent.resolve(strict=True)
    except (OSError, RuntimeError):
        raise Forbidden(f"content/{named} does not exist") from None
    if folder != root and root not in folder.parents:
        raise Forbidden(f"{named!r} is not inside content/")
    for source in discover(root).articles:
        if source.sidecar_path == path:
            if not path.is_file():
                raise Forbidden(f"content/{named} does not exist yet; build the site first")
            return path, source
    raise Forbidden(f"content/{named} is not the sidecar of an article in content/")
