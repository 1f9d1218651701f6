"""A review request from a page (JSON) as one edit of a sidecar
(`sidecar/review.py`). Field names are the sidecar's own; anything missing or
of the wrong type is refused in one sentence, before any file is read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..model import Article
from ..sidecar import review, selection
from ..sidecar.review import Contents, Done, NewActor, Refused

Edit = Callable[[Contents], Done]
ACTIONS = ("accept", "reject", "edit", "relink", "move", "merge", "add")


def _text(request: Mapping[str, Any], key: str, required: bool = True) -> str | None:
    value = request.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise Refused(f"the request has no {key}")
    return value


def _ref(request: Mapping[str, Any], key: str) -> str | None:
    """An id, or None for "none" (an empty text, or null)."""
    value = request.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise Refused(f"the request's {key} is not an id")
    return value


def parse(request: Mapping[str, Any], article: Callable[[], Article]) -> Edit:
    """The edit a request asks for. `article`: the article, read only when a
    new item's sentences are to be found in it."""
    action = request.get("action")
    if action not in ACTIONS:
        raise Refused(f"unknown review action {action!r}")
    if action == "add":
        return _add(request, article)
    if action == "merge":
        gone, keep = _text(request, "id"), _text(request, "into")
        assert gone is not None and keep is not None
        return lambda c: review.merge_actors(c, keep, gone)
    if action == "relink":
        denial, claim = _text(request, "id"), _ref(request, "denies")
        assert denial is not None
        return lambda c: review.relink(c, denial, claim)
    kind, item_id = _text(request, "kind"), _text(request, "id")
    assert kind is not None and item_id is not None
    if action == "accept":
        return lambda c: review.accept(c, kind, item_id)
    if action == "reject":
        return lambda c: review.reject(c, kind, item_id)
    if action == "move":
        to = _text(request, "to")
        assert to is not None
        return lambda c: review.move(c, kind, item_id, to, _ref(request, "denies"))
    return _edit(request, kind, item_id)


def _edit(request: Mapping[str, Any], kind: str, item_id: str) -> Edit:
    """Fields changed and, when `to` names another list, the item moved there
    as well: one write, one undo."""
    fields = request.get("fields")
    if not isinstance(fields, Mapping):
        raise Refused("the request has no fields to change")
    to = _text(request, "to", required=False)

    def edit(contents: Contents) -> Done:
        done = review.edit(contents, kind, item_id, fields)
        if to is None or to == kind:
            return done
        moved = review.move(done.contents, kind, item_id, to, _ref(request, "denies"))
        where = moved.said.removeprefix(f"moved {kind} {item_id} ")
        return Done(moved.contents, f"{done.said} and moved it {where}", moved.focus)

    return edit


def _add(request: Mapping[str, Any], article: Callable[[], Article]) -> Edit:
    kind, text, selected = _text(request, "kind"), _text(request, "text"), _text(request, "selection")
    assert kind is not None and text is not None and selected is not None
    who: str | NewActor | None = _ref(request, "who")
    new_actor = request.get("new_actor")
    if new_actor is not None:
        if not isinstance(new_actor, Mapping) or not isinstance(new_actor.get("name"), str):
            raise Refused("a new actor needs a name")
        who = NewActor(new_actor["name"], str(new_actor.get("kind") or "person"))
    found = selection.find(article(), selected)
    return lambda c: review.add(c, kind, text, found.evidence, who, _ref(request, "denies"))
