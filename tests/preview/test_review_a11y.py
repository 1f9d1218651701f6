"""Issue 17: review mode is accessible. axe-core (as `pages/test_a11y.py` runs
it) finds nothing serious in an explainer with its review controls, each of its
forms open, or the site-wide queue, in light and dark mode; the Nu HTML checker
finds no error in them as served; every button says what it does to which
item; the focus is visible, moves in order, stays in an open form and comes
back to the button that opened it; the shortcuts can be turned off."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser import chromium
from tests.pages.test_a11y import VNU, _tool, axe_violations
from tests.preview.test_review import S_CHAIR, by_evidence, extracted, read, reviewing, select, site
from tests.preview.test_server import serving

pytestmark = pytest.mark.browser
__all__ = ["extracted", "site"]  # fixtures


def serious(page) -> list[dict]:  # noqa: ANN001
    return [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_in_review_mode(site: Path, scheme: str) -> None:
    found = {}
    with serving(site) as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page.goto(server.url + "river/")
        page.wait_for_selector("[data-review-page] .review-buttons:not([hidden])")
        page.locator(".review-keys summary").click()
        found["explainer"] = serious(page)
        opened = {"edit form": "[data-review-item][data-kind=denial] button[data-do=edit]",
                  "actor form": "[data-review-item][data-kind=actor] button[data-do=edit]"}
        for name, button in opened.items():
            page.locator(button).first.click()
            found[name] = serious(page)
            page.keyboard.press("Escape")
        select(page, "any report was hidden", "any report was hidden")
        page.keyboard.press("n")
        page.select_option("#review-add-who", "*new")
        page.select_option("#review-add-to", "denial")
        found["add form"] = serious(page)
        page.keyboard.press("Escape")
        page.goto(server.url + "_review/")
        found["site queue"] = serious(page)
    assert {k: v for k, v in found.items() if v} == {}, json.dumps(found, indent=1)


def test_the_nu_html_checker_finds_no_error_in_review_pages_as_served(site: Path, tmp_path: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed for the Nu HTML checker: apt-get install default-jre-headless")
    pages = []
    with serving(site) as server, chromium() as browser:
        page = browser.new_page()
        for path in ("river/", "_review/"):
            page.goto(server.url + path)
            served = tmp_path / (path.strip("/").replace("/", "-") + ".html")
            served.write_text(_served(server.url + path), "utf-8")
            pages.append(served)
    result = subprocess.run([java, "-jar", str(_tool(VNU)), "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr)["messages"]
    errors = [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m["type"] in ("error", "non-document-error")]
    assert errors == [], "\n".join(errors)


def _served(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


def test_buttons_say_what_they_do_to_which_item_and_the_focus_shows(site: Path) -> None:
    chair = by_evidence(read(site), "denial", S_CHAIR)
    with reviewing(site) as review:
        page = review.page
        for verb in ("Accept", "Edit", "Reject"):
            assert page.get_by_role("button", name=f"{verb} denial {chair.id}", exact=True).count() == 1
        assert page.get_by_role("button", name="Undo last change").count() == 1
        # Tab order: the panel in reading order (its queue, then its buttons), each focus visible.
        queue = page.locator(".review-queue li a").all_inner_texts()
        page.focus(".review-file a")
        names = []
        for _ in range(len(queue) + 3):
            page.keyboard.press("Tab")
            names.append(page.evaluate("document.activeElement.textContent.trim()"))
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline == "solid", names[-1]
        assert names == [*queue, "Undo last change", "Add from selected text", "Keyboard shortcuts"]


def test_a_form_keeps_the_focus_and_gives_it_back(site: Path) -> None:
    chair = by_evidence(read(site), "denial", S_CHAIR)
    with reviewing(site) as review:
        page = review.page
        button = f"[data-review-item][data-id='{chair.id}'] button[data-do=edit]"
        page.focus(button)
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "review-edit-text"
        assert page.inner_text("#review-edit-h") == f"Edit denial {chair.id}"
        inside = 0
        for _ in range(12):  # Tab never reaches the page behind an open form (it is inert; the
            page.keyboard.press("Tab")  # browser's own controls come between the last field and the first)
            where = page.evaluate("(e => e === document.body ? 'browser' : e.closest('#review-edit') ? 'form' "
                                  ": 'page')(document.activeElement)")
            assert where != "page"
            inside += where == "form"
        assert inside >= 8
        page.keyboard.press("Escape")
        assert page.evaluate("document.activeElement.dataset.do") == "edit"
        assert page.evaluate("document.activeElement.closest('[data-review-item]').dataset.id") == chair.id


def test_shortcuts_are_announced_and_can_be_turned_off(site: Path) -> None:
    with reviewing(site) as review:
        page = review.page
        assert page.get_attribute("#review-status", "aria-live") == "polite"
        keys = page.text_content(".review-keys")
        assert all(k in keys for k in ("next / previous", "accept", "reject", "edit", "undo"))
        # and each button names its key, for assistive technology
        assert page.get_attribute("[data-review-item] button[data-do=accept]", "aria-keyshortcuts") == "a"
        assert page.get_attribute(".review-panel button[data-do=undo]", "aria-keyshortcuts") == "u"
        page.keyboard.press("j")
        assert "awaiting review" in page.inner_text("#review-status")
        page.locator(".review-keys summary").click()
        page.locator("#review-keys-on").uncheck()
        page.locator(".review-panel h2").click()
        said = page.inner_text("#review-status")
        page.keyboard.press("j")
        page.keyboard.press("a")
        page.wait_for_timeout(300)
        assert page.inner_text("#review-status") == said == "Single-key shortcuts off."
        assert page.get_attribute(".review-panel button[data-do=undo]", "aria-keyshortcuts") is None
        page.reload()  # remembered
        page.wait_for_selector("[data-review-page] .review-buttons:not([hidden])")
        assert not page.is_checked("#review-keys-on")
        assert page.get_attribute("[data-review-item] button[data-do=accept]", "aria-keyshortcuts") is None
