"""`check`: validate everything a build reads, without extracting or writing."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..pages.explainer import explainer
from .. import sidecar
from ..config import SiteConfig
from ..errors import GeneratorError, SidecarError
from ..build.site import load_entries, stale_warning


@dataclass
class CheckResult:
    articles: int = 0
    errors: list[GeneratorError] = field(default_factory=list)
    warnings: list[GeneratorError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


def check_site(config: SiteConfig) -> CheckResult:
    result = CheckResult()
    entries = load_entries(config, drafts=True)
    result.articles = len(entries)
    for entry in entries:
        if entry.error is not None:
            result.errors.append(entry.error)
            continue
        assert entry.article is not None
        path = entry.source.sidecar_path
        state = sidecar.state_of(path)
        if state is sidecar.State.MISSING:
            result.notes.append(f"{entry.source.rel}: no sidecar yet; the next build extracts it")
            continue
        try:
            loaded, problems = sidecar.load(path)
        except SidecarError as exc:
            result.errors.append(exc)
            continue
        result.warnings.extend(problems)
        changed = loaded.article_sha256 is not None and loaded.article_sha256 != entry.article.sha256
        if changed and state is sidecar.State.EDITED:
            result.stale.append(entry.source.slug)
            result.warnings.append(stale_warning(entry))
        elif changed:
            result.notes.append(f"{entry.source.rel}: article changed; the next build re-extracts it")
        pending = sum(item.review == "pending" for item in (*loaded.actors, *loaded.claims, *loaded.denials))
        if pending:
            result.notes.append(f"{path.relative_to(config.content_dir.parent).as_posix()}: {pending} item(s) "
                                "marked review: pending")
        result.warnings.extend(explainer(entry.article, loaded, config).warnings)
    return result
