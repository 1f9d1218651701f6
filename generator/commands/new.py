"""`new DIR`: a small site that builds as it is, to start from."""

from __future__ import annotations

from pathlib import Path

from ..config import CONFIG_NAME
from ..errors import PathError

SITE_YAML = """\
# Site settings. Every key is optional; see the README for what each one does.
title: Explainers
description: Who claims what in the news, and who denies it.
base_url: /
language: en
model: en_core_web_sm
"""

EXAMPLE = """\
---
title: "Council says river is safe for swimming; campaigners disagree"
date: 2024-06-01
source: Example Gazette
tags: [environment]
---

The city council said on Monday that the river is safe for swimming again after a
summer of clean-up work.

Campaign group Clean Water Now rejected the council's claim, saying its own tests
found high bacteria levels last week.

"We have seen no evidence that the water is clean," the group's chair, Maria Lopez,
told reporters.
"""


# Built and previewed sites and the build cache are not sources: keep them out of version control.
GITIGNORE = """\
output/
.preview/
.cache/
"""


def create_site(folder: Path) -> list[str]:
    """Write site.yaml, an example article and a .gitignore into `folder`; what was created."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PathError("already exists and is not empty; choose a new folder", folder)
    (folder / "content").mkdir(parents=True, exist_ok=True)
    (folder / CONFIG_NAME).write_text(SITE_YAML, "utf-8")
    (folder / "content" / "example.md").write_text(EXAMPLE, "utf-8")
    (folder / ".gitignore").write_text(GITIGNORE, "utf-8")
    return [CONFIG_NAME, "content/example.md", ".gitignore"]
