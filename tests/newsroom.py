"""A small newsroom site for publishing tests: the repository's sample article
(extracted by the real model) plus hand-written articles and sidecars in which
the same people speak in several articles under different spellings, with
tags, a fact-check verdict and a draft."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import SAMPLE, run_cli, write_site
from tests.pages.test_render import ARTICLE, SIDECAR

PUBLIC = "https://news.example.org/explainers/"
SUBPATH = "/explainers/"

RIVER = ARTICLE.replace("source: Example Gazette", "tags: [Water, Local news]\nsource: Example Gazette")
RIVER_SIDECAR = SIDECAR.replace(
    "    claimant: city-council\n    text: The river is safe for swimming.\n",
    "    claimant: city-council\n    text: The river is safe for swimming.\n"
    "    verdict:\n      rating: Misleading\n      author: Ann Editor\n      url: https://example.org/checks/river\n")

FOLLOWUP = """\
---
title: Council publishes river test results
date: 2024-06-10T09:30:00+02:00
updated: 2024-06-11
tags: [water, Council]
source: Example Gazette
source_url: https://example.org/river-results
---

The City Council said the latest samples meet bathing-water standards.

Maria López dismissed the results as incomplete.

A council spokesperson denied that samples were taken only on dry days.
"""

FOLLOWUP_SIDECAR = """\
schema: 1
article:
  path: followup.md
actors:
  - id: council
    name: City Council
    kind: organization
  - id: lopez
    name: Maria López
    kind: person
    role: campaigner
    aliases: [López]
  - id: spokesperson
    name: Council spokesperson
    kind: person
claims:
  - id: c1
    claimant: council
    text: The latest samples meet bathing-water standards.
    evidence: The City Council said the latest samples meet bathing-water standards.
denials:
  - id: d1
    actor: lopez
    denies: c1
    text: dismissed the results as incomplete
    evidence: Maria López dismissed the results as incomplete.
  - id: d2
    actor: spokesperson
    denies: null
    text: denied that samples were taken only on dry days
    evidence: A council spokesperson denied that samples were taken only on dry days.
"""

DRAFT = """\
---
title: Unpublished draft about the harbour
draft: true
---

The harbour master said the pier is closed.
"""

DRAFT_SIDECAR = """\
schema: 1
article:
  path: draft.md
actors:
  - id: harbour-master
    name: Harbour master
    kind: person
claims:
  - id: c1
    claimant: harbour-master
    text: The pier is closed.
    evidence: The harbour master said the pier is closed.
denials: []
"""

ARTICLES = {"river.md": RIVER, "river.yaml": RIVER_SIDECAR, "followup.md": FOLLOWUP,
            "followup.yaml": FOLLOWUP_SIDECAR, "draft.md": DRAFT, "draft.yaml": DRAFT_SIDECAR}
EXPLAINERS = ("river", "followup", "russia-china-aid")


def newsroom_site(root: Path, base_url: str = PUBLIC, sample: bool = True) -> Path:
    """The site folder, not yet built."""
    write_site(root, ARTICLES, f"title: Newsroom explainers\ndescription: Who claims what, and who denies it.\n"
                               f"base_url: {base_url}\nauthor: The Desk\n")
    if sample:
        shutil.copy(SAMPLE, root / "content" / SAMPLE.name)
    return root


def built_newsroom(root: Path, *args: str) -> Path:
    newsroom_site(root)
    result = run_cli("build", "--site", root, *args)
    assert result.returncode == 0, result.stderr
    return root / "output"
