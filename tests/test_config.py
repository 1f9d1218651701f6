"""site.yaml: defaults, precise errors, and folders that may not overlap."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import ConfigError


def site(tmp_path: Path, text: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "site.yaml").write_text(text, "utf-8")
    return tmp_path


def test_defaults(tmp_path: Path) -> None:
    config = load_config(site(tmp_path, ""))
    assert config.title == "Explainers"
    assert config.model == "en_core_web_sm"
    assert config.content_dir == tmp_path.resolve() / "content"
    assert config.output_dir == tmp_path.resolve() / "output"
    assert config.base_url == "/"


def test_values_and_unknown_key_warning(tmp_path: Path) -> None:
    config = load_config(site(tmp_path, "title: Fact checks\nbase_url: https://example.org/explainers\n"
                                        "colour: blue\n"))
    assert config.title == "Fact checks"
    assert config.base_url == "https://example.org/explainers/"
    assert [(w.line, w.message) for w in config.warnings] == [(3, "colour: unknown key (ignored)")]


def test_missing_site_yaml_names_the_file_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert "no site.yaml" in caught.value.message and "generator new" in caught.value.message


@pytest.mark.parametrize(("text", "message", "line"), [
    ("output: .\n", "output must be a folder of its own", 1),
    ("output: content\n", "must not overlap the content folder", 1),
    ("output: ../elsewhere\n", "points outside it", 1),
    ("output: /tmp/out\n", "not an absolute path", 1),
    ("title: x\nshow_review: perhaps\n", "show_review: expected true or false", 2),
    ("base_url: javascript:alert(1)\n", "base_url: must be an http(s) URL", 1),
    ("review_below: 2\n", "review_below: must be between 0 and 1", 1),
    ("title: [unclosed\n", "invalid YAML", 2),
    ("- a list\n", "expected a mapping", 1),
])
def test_bad_config(tmp_path: Path, text: str, message: str, line: int) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(site(tmp_path, text))
    assert message in caught.value.message
    assert caught.value.line == line
    assert caught.value.path == tmp_path.resolve() / "site.yaml"


@pytest.mark.parametrize(("text", "expected"), [("review_below: 0\n", 0.0), ("review_below: 1\n", 1.0),
                                                ("review_below: 0.25\n", 0.25), ("review_below:\n", 0.6),
                                                ("title: x\n", 0.6)])
def test_a_value_given_is_the_value_used_even_when_falsy(tmp_path: Path, text: str, expected: float) -> None:
    assert load_config(site(tmp_path, text)).review_below == expected


def test_show_review_false_is_false_and_absent_is_the_default(tmp_path: Path) -> None:
    assert load_config(site(tmp_path, "show_review: false\n")).show_review is False
    assert load_config(site(tmp_path / "b", "show_review: true\n")).show_review is True
    assert load_config(site(tmp_path / "c", "title: x\n")).show_review is False


def test_a_bad_base_url_on_the_command_line_blames_the_command_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(site(tmp_path, "title: x\nbase_url: /ok/\n"), base_url="example.org")
    assert caught.value.message.startswith("--base-url must be") and caught.value.path is None
