"""Review in the browser: the preview's write endpoint, and its script and style.

`POST /_review/api` takes one edit (`actions.py`) of one sidecar from a page in
review mode, checks who asks and which file (`guard.py`), writes it against the
version the page was rendered from (`sidecar/save.py`), keeps what it replaced
for undo (`undo.py`), and, once the page has its answer, has the article
rebuilt at once, without waiting for the watcher: the page then reloads with
the change (livereload). Writes run one
at a time on a thread of their own, so pages keep being served meanwhile.

`/_review/review.js` and `/_review/review.css` are served from the package
(`asset`): they are never part of a build, so `output/` never holds them.
The HTTP side (tornado handlers) is in `server.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import GeneratorError
from ..sidecar import save
from ..sidecar.review import Refused
from ..source.article import read_article
from ..source.discover import SourceFile
from . import actions, guard
from .rebuild import Rebuilder
from .undo import History

STATIC = Path(__file__).resolve().parent / "static"
ASSETS = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
MAX_REQUEST = 256 * 1024  # an edit is a few hundred bytes; an article's selection at most its text


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    # What to do once the page has its answer: build what was written. After,
    # so that the page knows what it did before the reload comes.
    after: Callable[[], None] | None = None


@dataclass
class Reviews:
    """What the write endpoint keeps between requests."""

    rebuilder: Rebuilder
    port: int
    token: str = field(default_factory=guard.new_token)
    history: History = field(default_factory=History)
    writer: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, "preview-review"))

    def answer(self, body: bytes, headers: dict[str, str], peer: str) -> Answer:
        """One request, checked, parsed, written; never raises."""
        try:
            guard.check_request(self.token, self.port, headers, peer)
            if len(body) > MAX_REQUEST:
                raise Refused("the request is too large")
            request = json.loads(body)
            if not isinstance(request, dict):
                raise Refused("the request is not a JSON object")
            return Answer(200, *self._write(request))
        except guard.Forbidden as exc:
            return _error(403, str(exc))
        except Refused as exc:
            return _error(422, str(exc))
        except save.Conflict as exc:
            return _error(409, self._said(exc))
        except GeneratorError as exc:  # a sidecar that does not read, an unreadable article
            return _error(422, self._said(exc))
        except ValueError:  # JSON that does not parse, or is not UTF-8
            return _error(400, "the request is not JSON")

    def _said(self, error: GeneratorError) -> str:
        return "; ".join(e.describe(self.rebuilder.config.root) for e in error.each())

    def _write(self, request: dict[str, Any]) -> tuple[dict[str, Any], Callable[[], None] | None]:
        path, source = guard.sidecar_file(self.rebuilder.config.content_dir, request.get("sidecar"))
        # One command at a time per site: no `extract --refresh` in another terminal meanwhile.
        with self.rebuilder.lock.hold():
            return self._write_locked(request, path, source)

    def _write_locked(self, request: dict[str, Any], path: Path,
                      source: SourceFile) -> tuple[dict[str, Any], Callable[[], None] | None]:
        if request.get("action") == "undo":
            saved = self.history.undo(path)
            if saved is None:
                raise Refused("there is nothing to undo on this page (only changes made in this preview "
                              "since it started)")
            said, focus = "undid your last change", None
        else:
            saved, said, focus = self._edit(request, path, source)
        after = None
        if saved.before != saved.after:
            reason = f"review: {said} in {path.relative_to(self.rebuilder.config.root).as_posix()}"
            after = partial(self.rebuilder.request_now, path, saved.version, reason, source)
        return {"ok": True, "said": said, "version": saved.version, "changed": saved.before != saved.after,
                "focus": focus, "undo": self.history.depth(path)}, after

    def _edit(self, request: dict[str, Any], path: Path, source: SourceFile) -> tuple[save.Saved, str,
                                                                                       dict[str, str] | None]:
        version = request.get("version")
        if not isinstance(version, str):
            raise Refused("the request does not say which version of the sidecar the page shows; reload it")
        edit = actions.parse(request, lambda: read_article(source))
        opened = save.open_at(path, version)
        done = edit(opened.contents)
        saved = save.save(opened, done.contents)
        self.history.push(saved)
        focus = {"kind": done.focus[0], "id": done.focus[1]} if done.focus else None
        return saved, done.said if saved.before != saved.after else f"nothing to change: {done.said}", focus


def _error(status: int, message: str) -> Answer:
    return Answer(status, {"ok": False, "error": message})


def asset(name: str) -> bytes:
    return (STATIC / name).read_bytes()
