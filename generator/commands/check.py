"""`check`: validate everything a build reads, without extracting or writing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import sidecar
from ..build import extraction, reading
from ..config import SiteConfig
from ..errors import GeneratorError
from ..model import Actor, Claim, Denial
from ..pages.explainer import explainer
from ..source.discover import discover


@dataclass
class CheckResult:
    articles: int = 0
    errors: list[GeneratorError] = field(default_factory=list)
    warnings: list[GeneratorError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


def check_site(config: SiteConfig) -> CheckResult:
    result = CheckResult()
    found = discover(config.content_dir)
    result.errors.extend(reading.problems(found))
    moving: dict[Path, Path] = {}  # a renamed article -> its sidecar, where it still is
    for orphan in reading.orphans(found):  # decided as a build decides, and left as they are
        if orphan.home is not None:
            moving[orphan.home.path] = orphan.path
            result.notes.append(f"{_shown(orphan.path, config)}: made for an article renamed "
                                f"{_shown(orphan.home.path, config)}; the next build moves it beside it")
        elif orphan.problem is not None:
            result.warnings.append(orphan.problem)
    entries = reading.read_all(config, drafts=True, found=found)
    result.articles = len(entries)
    model = extraction.model_id(config)
    for entry in entries:
        if entry.error is not None:
            result.errors.extend(entry.error.each())
            continue
        assert entry.article is not None
        path = moving.get(entry.source.path, entry.source.sidecar_path)
        decision = sidecar.decide(path, entry.article, extraction.extractor_version(),
                                  str(model) if model else None)
        if decision.fate is sidecar.Fate.BROKEN:
            assert decision.error is not None
            result.errors.extend(decision.error.each())
            continue
        if decision.fate is sidecar.Fate.EXTRACT:
            when = "the next build extracts it" if decision.state is sidecar.State.MISSING else \
                "the next build extracts it again"
            result.notes.append(f"{_shown(entry.source.path, config)}: {decision.reason}; {when}")
            continue
        loaded = decision.sidecar
        assert loaded is not None
        result.warnings.extend(decision.warnings)
        if decision.fate is sidecar.Fate.STALE:
            result.stale.append(entry.slug)
            result.warnings.append(reading.stale_warning(entry, config))
        items: list[Actor | Claim | Denial] = [*loaded.actors, *loaded.claims, *loaded.denials]
        pending = sum(item.review == "pending" for item in items)
        if pending:
            result.notes.append(f"{_shown(path, config)}: {pending} item(s) marked review: pending")
        result.warnings.extend(explainer(entry.article, loaded, config).warnings)
    return result


def _shown(path: Path, config: SiteConfig) -> str:
    """A file as the other messages name it: from the site folder (`content/x.md`)."""
    return path.relative_to(config.root).as_posix() if config.root in path.parents else path.as_posix()
