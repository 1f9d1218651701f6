"""What a page says about where its claims and denials come from: found by
machine, and whether an editor has checked them. It must be true for that
page, so it is worked out from the sidecars behind it, never written once for
every page.

Each explainer's sidecar is in one of four states (`state`):
- `machine`: as the generator wrote it; no person has changed it;
- `reviewed`: a person edited it and no item is marked `review: pending`;
- `pending`: a person edited it, and some items still await review;
- `stale`: a person edited it, and the article changed afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..model import Actor, Claim, Denial, Sidecar, Statement

State = Literal["machine", "reviewed", "pending", "stale"]
LINKED = "Each one links to the sentence it comes from."


def state(sidecar: Sidecar, edited: bool, stale: bool) -> State:
    if not edited:
        return "machine"
    if stale:
        return "stale"
    items: list[Actor | Claim | Denial | Statement] = [*sidecar.actors, *sidecar.claims, *sidecar.denials,
                                                         *sidecar.statements]
    return "pending" if any(item.review == "pending" for item in items) else "reviewed"


def note(states: Sequence[State]) -> str:
    """The sentence for a page showing the claims of explainers in `states`
    (one for an explainer; those it lists for an index, actor or tag page)."""
    if not states:
        return ""
    if len(states) == 1:
        return f"{_one(states[0])} {LINKED}"
    checked = sum(s == "reviewed" for s in states)
    if checked == len(states):
        return f"The claims and denials here were found by machine and checked by editors. {LINKED}"
    if checked == 0 and all(s == "machine" for s in states):
        return f"The claims and denials here were found by machine and not yet checked by an editor. {LINKED}"
    return (f"The claims and denials here were found by machine; editors have checked those of {checked} of the "
            f"{len(states)} explainers they come from, and each explainer says what was checked. {LINKED}")


def _one(state: State) -> str:
    if state == "machine":
        return "The claims and denials on this page were found by machine and have not been checked by an editor."
    if state == "pending":
        return ("The claims and denials on this page were found by machine and checked by an editor, except those "
                "still marked for review.")
    if state == "stale":
        return ("The claims and denials on this page were found by machine and checked by an editor against an "
                "earlier version of the article.")
    return "The claims and denials on this page were found by machine and checked by an editor."
