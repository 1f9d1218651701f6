"""The extractor on the development set (tests/data/dev-set, a copy of the shared
dev-set with its licence README), the sample and the invented articles
(tests/data/invented), through the real CLI: every sidecar it writes passes
`check`, and `eval` scores the dev-set half by half."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.commands.evaluate import evaluate
from tests.conftest import REPO, SAMPLE, run_cli

DEV_SET = REPO / "tests" / "data" / "dev-set"
ARTICLES = sorted(p for p in DEV_SET.glob("*.md") if p.name != "README.md")
INVENTED = sorted((REPO / "tests" / "data" / "invented").glob("*.txt"))


def half_of(article: Path) -> str:
    found = re.search(r"^half:\s*([ab])\s*$", article.read_text("utf-8"), re.M)
    assert found, f"{article.name} has no half"
    return found.group(1)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dev-set-site")
    (root / "content").mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    for article in [*ARTICLES, SAMPLE, *INVENTED]:
        shutil.copy(article, root / "content" / article.name)
    result = run_cli("extract", "--site", root)
    assert result.returncode == 0, result.stderr
    return root


def test_the_copy_keeps_its_licence_and_both_halves() -> None:
    assert "Creative Commons Attribution 2.5" in (DEV_SET / "README.md").read_text("utf-8")
    halves = [half_of(a) for a in ARTICLES]
    assert halves.count("a") >= 20 and halves.count("b") >= 20
    assert all((DEV_SET / f"{a.stem}.yaml").is_file() for a in ARTICLES)


def test_every_sidecar_the_extractor_writes_passes_check(extracted: Path) -> None:
    sidecars = sorted((extracted / "content").glob("*.yaml"))
    assert len(sidecars) == len(ARTICLES) + 1 + len(INVENTED) and INVENTED
    result = run_cli("check", "--site", extracted)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout
    for path in sidecars:
        text = path.read_text("utf-8")
        assert not re.search(r"^\s+text: ''\s*$", text, re.M), f"{path.name}: an item with an empty text"


def test_eval_scores_each_half_apart(extracted: Path, tmp_path: Path) -> None:
    for half in ("a", "b"):
        gold = tmp_path / half
        gold.mkdir()
        for article in ARTICLES:
            if half_of(article) == half:
                shutil.copy(DEV_SET / f"{article.stem}.yaml", gold)
        report = evaluate(gold, extracted / "content")
        assert len(report.articles) == len(list(gold.glob("*.yaml")))
        total = report.overall
        # the figures exist and are counts of this half only
        assert total.tables.total == len(report.articles)
        in_files = sum(len(yaml.safe_load(p.read_text("utf-8")).get("denials") or []) for p in gold.glob("*.yaml"))
        assert total.denials.expected == in_files
        assert 0 <= total.linked.matched <= total.denials.matched
