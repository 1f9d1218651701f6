"""The explainer page in headless Chromium: side by side on a desktop, stacked on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import chromium, static_server
from tests.conftest import run_cli, write_site
from tests.pages.test_render import ARTICLE, SIDECAR

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def river_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(tmp_path_factory.mktemp("river"), {"river.md": ARTICLE, "river.yaml": SIDECAR})
    assert run_cli("build", "--site", root).returncode == 0
    return root / "output"


def boxes(page) -> tuple[dict, dict]:  # noqa: ANN001
    row = page.locator("table.claims-table tbody tr").first
    claim, denials = row.locator("th"), row.locator("td")
    assert claim.is_visible() and denials.is_visible()
    return claim.bounding_box(), denials.bounding_box()


def test_table_side_by_side_on_desktop_and_stacked_on_phone(river_output: Path) -> None:
    with static_server(river_output) as base, chromium() as browser:
        desktop = browser.new_page(viewport={"width": 1280, "height": 900})
        desktop.goto(base + "river/")
        claim, denial = boxes(desktop)
        assert denial["x"] >= claim["x"] + claim["width"] - 1  # denials to the right
        assert abs(denial["y"] - claim["y"]) < 2  # on the same line
        assert "Clean Water Now" in desktop.locator("table.claims-table td").first.inner_text()

        phone = browser.new_page(viewport={"width": 360, "height": 740})
        phone.goto(base + "river/")
        claim, denial = boxes(phone)
        assert denial["y"] >= claim["y"] + claim["height"] - 1  # denials below the claim
        assert claim["width"] > 300 and denial["width"] > 300  # each takes the full width
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling


def test_links_between_table_and_article(river_output: Path) -> None:
    with static_server(river_output) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "river/")
        page.locator("#row-d2 a.source-link").click()
        assert page.url.endswith("#ev-d2")
        assert page.locator("#ev-d2").is_visible()
        assert page.evaluate("document.querySelector(':target').id") == "ev-d2"
        page.locator("a.ref[href='#row-d2']").click()
        assert page.evaluate("document.querySelector(':target').id") == "row-d2"
