"""Review in the browser (issue 17): a real `serve` on a real site, real
Chromium, the real spaCy model.

The site's sidecar is what the generator extracts from the river article (the
model runs once for the module); each test copies it and reviews one thing in
the browser, the way an editor does (buttons, forms, keys, a text selection),
then checks the change four times: in the file on disk, in the page the
browser reloaded by itself, in `output/` after `build` (which has no review
controls at all), and after `extract --refresh` with the real model (an edit
survives, a rejection stays rejected)."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import sidecar
from generator.model import Sidecar
from tests.browser import chromium
from tests.conftest import run_cli, write_site
from tests.pages.test_render import ARTICLE
from tests.preview.test_server import Server, connected, serving

pytestmark = pytest.mark.browser

HEADLINE = "Council says river is safe; campaigners disagree"
S_CHAIR = "\"We have seen no evidence that the water is clean,\" the group's chair, Maria Lopez, told reporters."
S_REPORT = "A spokesperson denied that any report was hidden."
S_BEACH = "The mayor said the beach will reopen in July."
REVIEW_MARKS = ("data-review", "review-tools", "review-panel", "/_review/", "review.js", "review.css", "review-token")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The river site with the sidecar the model writes (extracted once)."""
    root = write_site(tmp_path_factory.mktemp("review") / "site", {"river.md": ARTICLE})
    result = run_cli("extract", "--site", root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture()
def site(extracted: Path, tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(extracted, root, ignore=shutil.ignore_patterns(".cache", ".preview", "output"))
    return root


def file_of(site: Path) -> Path:
    return site / "content" / "river.yaml"


def read(site: Path) -> Sidecar:
    return sidecar.load(file_of(site))[0]


def by_evidence(found: Sidecar, kind: str, sentence: str):  # noqa: ANN201
    """The item of `kind` whose first evidence sentence is `sentence`, or None."""
    items = sidecar.items_of(found.extraction, kind)
    return next((i for i in items if i.evidence and i.evidence[0] == sentence), None)


def needed(found: Sidecar, kind: str, sentence: str):  # noqa: ANN201
    item = by_evidence(found, kind, sentence)
    assert item is not None, f"the model no longer finds the {kind} '{sentence}' in the river article; " \
                             "choose another item for this test"
    return item


@dataclass
class Review:
    """A page in review mode, in a real browser, on a real server."""

    server: Server
    page: object
    generation: int = 0

    def arm(self) -> None:
        self.page.evaluate("window.__notReloaded = true")
        self.generation = self.server.status()["generation"]

    def reloaded(self, timeout: float = 20_000) -> None:
        """Wait for the page to reload by itself (livereload), for the build that
        follows (which reloads it again if it changed it again), and for review.js."""
        self.page.wait_for_function("() => !window.__notReloaded", timeout=timeout)
        self.server.wait_for_generation(self.generation + 1)
        self.page.wait_for_function("() => document.readyState === 'complete' && "
                                    "document.getElementById('review-status')", timeout=timeout)
        connected(self.page)

    def status(self) -> str:
        return self.page.inner_text("#review-status")

    def item(self, kind: str, item_id: str) -> str:
        return f"[data-review-item][data-kind={kind}][data-id='{item_id}']"

    def click(self, kind: str, item_id: str, what: str) -> None:
        self.page.click(f"{self.item(kind, item_id)} button[data-do={what}]")

    def text(self) -> str:
        return self.page.inner_text("main")


@contextmanager
def reviewing(site: Path) -> Iterator[Review]:
    with serving(site) as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url + "river/")
        connected(page)
        page.wait_for_selector("[data-review-page] .review-buttons:not([hidden])")
        yield Review(server, page)


def published(site: Path) -> str:
    """`build` into output/: the explainer as readers get it, with no review markup anywhere."""
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stdout + result.stderr
    output = site / "output"
    assert not (output / "_review").exists()
    for path in output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".css", ".json", ".xml"):
            data = path.read_text("utf-8")
            assert not [m for m in REVIEW_MARKS if m in data], path
    return (output / "river" / "index.html").read_text("utf-8")


def refreshed(site: Path) -> str:
    """`extract --refresh` with the real model; what it said."""
    result = run_cli("extract", "--site", site, "--refresh", "river")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&#34;", '"').split())


# --- each review action -----------------------------------------------------------

def test_accept_with_the_keyboard(site: Path) -> None:
    before = read(site)
    chair = needed(before, "denial", S_CHAIR)
    queue_order = [i for i in (*before.claims, *before.denials, *before.statements, *before.actors)
                   if i.review == "pending" or (i.confidence is not None and i.confidence < 0.6)]
    assert chair in queue_order
    with reviewing(site) as review:
        page = review.page
        assert "await" in page.inner_text(".review-panel")
        # j moves through the queue (least sure first) and says where it is; a accepts.
        for _ in range(len(queue_order)):
            page.keyboard.press("j")
            if page.evaluate("document.activeElement.closest('[data-review-item]').dataset.id") == chair.id:
                break
        assert "awaiting review" in review.status() and chair.id in review.status()
        review.arm()
        page.keyboard.press("a")
        review.reloaded()
        assert review.status().startswith(f"Accepted denial {chair.id}.") and "undo" in review.status()
        # the reloaded page: no longer in the queue, no longer flagged
        assert f'data-id="{chair.id}"' not in page.inner_html(".review-panel")
        assert page.get_attribute(review.item("denial", chair.id), "data-pending") == "no"
        # the focus went on to the next item awaiting review, if any
        left = page.locator(".review-queue li").count()
        focused = page.evaluate("document.activeElement.closest('[data-review-item]')?.dataset.id || ''")
        assert (focused != "" and focused != chair.id) if left else True
    after = read(site)
    assert by_evidence(after, "denial", S_CHAIR).review == "done"
    assert not sidecar.digest_matches(file_of(site).read_text("utf-8"))  # an editor's file now
    assert words(chair.text) in words(published(site))
    said = refreshed(site)
    assert "kept as they are" in said
    assert by_evidence(read(site), "denial", S_CHAIR).review == "done"


def test_edit_an_actor_in_the_form(site: Path) -> None:
    chair = needed(read(site), "denial", S_CHAIR)
    with reviewing(site) as review:
        page = review.page
        review.arm()
        review.click("actor", chair.actor, "edit")
        assert page.is_visible("#review-actor")
        page.fill("#review-actor-name", "Maria Lopez")
        page.fill("#review-actor-role", "chair of Clean Water Now")
        page.click("#review-actor button[value=save]")
        review.reloaded()
        assert review.status().startswith(f"Edited actor {chair.actor}.")
        assert "Maria Lopez, chair of Clean Water Now" in page.inner_text(f"#row-{chair.id}")
    actor = next(a for a in read(site).actors if a.id == chair.actor)
    assert (actor.name, actor.role, actor.review) == ("Maria Lopez", "chair of Clean Water Now", "done")
    assert "Maria Lopez" in words(published(site))
    refreshed(site)
    actor = next(a for a in read(site).actors if a.id == chair.actor)
    assert (actor.name, actor.role) == ("Maria Lopez", "chair of Clean Water Now")


def test_reject_and_it_stays_rejected(site: Path) -> None:
    wrong = needed(read(site), "denial", HEADLINE)  # a headline is no denial
    with reviewing(site) as review:
        review.arm()
        review.click("denial", wrong.id, "reject")
        review.reloaded()
        assert review.status().startswith(f"Rejected denial {wrong.id}.")
        assert review.page.locator(f"#row-{wrong.id}").count() == 0
    after = read(site)
    assert by_evidence(after, "denial", HEADLINE) is None
    assert sidecar.load_for_refresh(file_of(site)).ledger.rejected  # remembered
    assert f'id="row-{wrong.id}"' not in published(site)
    said = refreshed(site)
    assert "1 finding(s) you deleted not proposed again" in said  # the model found it again, and was refused
    assert by_evidence(read(site), "denial", HEADLINE) is None


def test_relink_a_denial_to_no_claim(site: Path) -> None:
    denial = needed(read(site), "denial", S_REPORT)
    assert denial.denies is not None
    with reviewing(site) as review:
        page = review.page
        review.arm()
        review.click("denial", denial.id, "edit")
        page.select_option("#review-edit-denies", "")
        page.click("#review-edit button[value=save]")
        review.reloaded()
        assert review.status().startswith(f"Edited denial {denial.id}.")
        assert page.locator(f"#unanswered ~ ul #row-{denial.id}").count() == 1
    assert by_evidence(read(site), "denial", S_REPORT).denies is None
    assert "Denials with no matching claim" in published(site)
    refreshed(site)
    assert by_evidence(read(site), "denial", S_REPORT).denies is None


def test_move_a_statement_to_the_claims(site: Path) -> None:
    said = needed(read(site), "statement", S_BEACH)
    with reviewing(site) as review:
        page = review.page
        review.arm()
        review.click("statement", said.id, "edit")
        page.wait_for_selector("#review-edit[open]")  # (filled in by review.js before it opens)
        page.select_option("#review-edit-to", "claim")
        assert page.input_value("#review-edit-to") == "claim"
        page.click("#review-edit button[value=save]")
        review.reloaded()
        status = review.status()
        assert status.startswith(f"Edited statement {said.id} and moved it to the claims as c")
        new_id = re.search(r"as (c\d+)", status).group(1)
        assert page.locator(f"#undisputed ~ ul #row-{new_id}").count() == 1
        # the focus is on the moved item, under its new id
        assert page.evaluate("document.activeElement.closest('[data-review-item]').dataset.id") == new_id
    after = read(site)
    assert by_evidence(after, "statement", S_BEACH) is None
    claim = needed(after, "claim", S_BEACH)
    assert (claim.id, claim.claimant, claim.review) == (new_id, said.actor, "done")
    assert f'id="row-{new_id}"' in published(site)
    refreshed(site)
    after = read(site)
    assert by_evidence(after, "statement", S_BEACH) is None and by_evidence(after, "claim", S_BEACH).id == new_id


def test_merge_two_actors(site: Path) -> None:
    before = read(site)
    headline = needed(before, "denial", HEADLINE)
    group = needed(before, "denial", "Campaign group Clean Water Now rejected the council's claim.").actor
    gone = next(a for a in before.actors if a.id == headline.actor)
    assert gone.id != group
    with reviewing(site) as review:
        page = review.page
        review.arm()
        review.click("actor", gone.id, "edit")
        page.select_option("#review-actor-into", group)
        page.click("#review-actor button[value=save]")
        review.reloaded()
        assert review.status().startswith(f"Merged actor {gone.id} into {group}.")
        assert page.locator(f"#actor-{gone.id}").count() == 0
    after = read(site)
    kept = next(a for a in after.actors if a.id == group)
    assert gone.name in kept.aliases and gone.id not in [a.id for a in after.actors]
    assert by_evidence(after, "denial", HEADLINE).actor == group
    assert f'id="actor-{gone.id}"' not in published(site)
    refreshed(site)
    after = read(site)
    assert gone.id not in [a.id for a in after.actors]  # found again by name: given to the actor it went into
    assert by_evidence(after, "denial", HEADLINE).actor == group


def select(page, paragraph_text: str, words: str) -> None:  # noqa: ANN001
    """Select `words` in the article's paragraph holding `paragraph_text`, as a mouse would."""
    page.evaluate("""([para, words]) => {
        const p = [...document.querySelectorAll('.article-text .text p')].find(p => p.textContent.includes(para));
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const at = n.data.indexOf(words);
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(n, at); range.setEnd(n, at + words.length);
                getSelection().removeAllRanges(); getSelection().addRange(range);
                return;
            }
        }
        throw new Error('not found: ' + words);
    }""", [paragraph_text, words])


def test_add_a_claim_from_a_text_selection(site: Path) -> None:
    denial = needed(read(site), "denial", S_REPORT)
    assert by_evidence(read(site), "claim", S_REPORT) is None
    with reviewing(site) as review:
        page = review.page
        select(page, "any report was hidden", "any report was hidden")
        page.keyboard.press("n")
        assert page.input_value("#review-add-text") == "any report was hidden"
        assert page.inner_text("#review-add-selection") == "any report was hidden"
        page.fill("#review-add-text", "A report on the river was hidden.")
        review.arm()
        page.click("#review-add button[value=save]")
        review.reloaded()
        status = review.status()
        new_id = re.search(r"Added claim (c\d+)\.", status).group(1)
        row = page.inner_text(f"#row-{new_id}")
        assert "A report on the river was hidden." in row and "Unnamed source" in row
        # its evidence is highlighted in the article and links back to it
        assert page.locator(f".article-text a.ref[href='#row-{new_id}']").count() == 1
    claim = needed(read(site), "claim", S_REPORT)
    assert (claim.id, claim.text, claim.evidence, claim.claimant, claim.review) == (
        new_id, "A report on the river was hidden.", (S_REPORT,), None, "done")
    assert f'href="#row-{new_id}"' in published(site)
    refreshed(site)
    after = read(site)
    assert [c.id for c in after.claims if c.evidence == (S_REPORT,)] == [new_id]  # kept, not found twice
    assert by_evidence(after, "denial", S_REPORT).id == denial.id


def test_undo_restores_the_file_byte_for_byte(site: Path) -> None:
    original = file_of(site).read_bytes()
    chair = needed(read(site), "denial", S_CHAIR)
    with reviewing(site) as review:
        page = review.page
        review.arm()
        review.click("denial", chair.id, "accept")
        review.reloaded()
        assert file_of(site).read_bytes() != original
        review.arm()
        page.keyboard.press("u")
        review.reloaded()
        assert review.status().startswith("Undid your last change.")
        assert file_of(site).read_bytes() == original
        assert page.get_attribute(review.item("denial", chair.id), "data-pending") == "yes"
        page.click(".review-panel button[data-do=undo]")  # nothing more to undo
        page.wait_for_function("() => document.getElementById('review-status').textContent.includes('nothing to undo')")
    assert sidecar.digest_matches(original.decode("utf-8"))  # the machine's file again: builds may replace it
    assert words(chair.text) in words(published(site))
    refreshed(site)
    assert by_evidence(read(site), "denial", S_CHAIR).review == "pending"


# --- conflicts, and the page without JavaScript ----------------------------------------

def test_a_file_changed_on_disk_after_the_page_was_rendered_is_not_written(site: Path) -> None:
    chair = needed(read(site), "denial", S_CHAIR)
    with reviewing(site) as review:
        page = review.page
        page.evaluate("window.LiveReload.shutDown()")  # this page keeps the version it was rendered from
        time.sleep(0.2)
        generation = review.server.status()["generation"]
        saved = file_of(site).read_text("utf-8") + "# saved in a text editor meanwhile\n"
        file_of(site).write_text(saved, "utf-8")
        review.click("denial", chair.id, "accept")
        page.wait_for_function("() => document.getElementById('review-status').textContent.includes('changed on disk')")
        assert "changed on disk since this page was rendered; reload" in review.status()
        assert file_of(site).read_text("utf-8") == saved
        review.server.wait_for_generation(generation + 1)  # the save by hand is built: the page shows it
        page.reload()
        page.wait_for_selector("[data-review-page] .review-buttons:not([hidden])")
        connected(page)
        review.arm()
        review.click("denial", chair.id, "accept")  # the page rendered from the new version may write
        review.reloaded()
    text = file_of(site).read_text("utf-8")
    assert text.endswith("# saved in a text editor meanwhile\n") and by_evidence(read(site), "denial",
                                                                                  S_CHAIR).review == "done"


def test_without_javascript_the_page_reads_and_shows_no_controls(site: Path) -> None:
    with serving(site) as server, chromium() as browser:
        page = browser.new_page(java_script_enabled=False)
        page.goto(server.url + "river/")
        assert page.is_visible(".review-queue")  # the queue is plain links
        assert page.locator("[data-review-item] button:visible").count() == 0
        assert page.locator(".review-keys:visible").count() == 0
        assert "The city council said on Monday" in page.inner_text(".article-text")


def test_the_site_wide_queue_lists_what_awaits_review_least_sure_first(site: Path) -> None:
    two = site / "content" / "river-two.md"
    two.write_text(ARTICLE.replace("Council says", "Council insists"), "utf-8")
    with reviewing(site) as review:
        page = review.page
        page.goto(review.server.url + "_review/")
        rows = page.locator(".review-site-queue tbody tr")
        shown = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
        assert len(shown) >= 2 and shown == sorted(shown)
        assert {page.locator(".review-site-queue tbody tr th a").nth(i).get_attribute("href").split("#")[0]
                for i in range(rows.count())} == {"../river/", "../river-two/"}
        page.locator(".review-site-queue tbody tr th a").first.click()
        page.wait_for_url(re.compile(r"/river(-two)?/#row-"))
        anchor = page.url.split("#")[1]
        assert page.locator(f"#{anchor}").is_visible()


def test_a_review_write_is_built_at_once_and_is_one_line_in_the_terminal(site: Path) -> None:
    """The write asks for its build itself (the line names the review, not a save the
    watcher saw), and the watcher seeing the same write later starts no second build."""
    from tests.preview.test_review_security import accept, good_headers, page_of, send, token_of, version_of
    from tests.preview.test_terminal import lines_until_quiet

    chair = needed(read(site), "denial", S_CHAIR)
    with serving(site) as server:
        lines_until_quiet(server, 0.5)
        html = page_of(server)
        body = accept("river.yaml", version_of(html)).replace(b'"claim"', b'"denial"').replace(
            b'"c1"', f'"{chair.id}"'.encode())
        status, _, answer = send(server, "POST", "/_review/api", body, good_headers(server, token_of(html)))
        assert status == 200, answer
        lines = lines_until_quiet(server)
    assert len(lines) == 1, lines
    assert re.fullmatch(rf"\d\d:\d\d:\d\d review: accepted denial {chair.id} in content/river\.yaml: rebuilt: "
                        r"\d+ file\(s\) updated in \d\.\d\d s", lines[0]), lines[0]


def test_the_page_reloads_once_with_the_change_and_pages_listing_it_follow(site: Path) -> None:
    """The reviewed page is put in place before the build (`build/ahead.py`) and
    reloads at once; the build that follows leaves it as it was and does not reload
    it a second time, while a tab on a page listing the article reloads with it."""
    two = site / "content" / "river-two.md"
    two.write_text(ARTICLE.replace("Council says", "Council insists"), "utf-8")
    chair = needed(read(site), "denial", S_CHAIR)
    counting = "sessionStorage.loads = String(Number(sessionStorage.loads || 0) + 1)"
    with reviewing(site) as review:
        page = review.page
        page.add_init_script(counting)
        page.reload()
        connected(page)
        page.wait_for_selector("[data-review-page] .review-buttons:not([hidden])")
        actor_page = page.context.browser.new_page()
        actor_page.add_init_script(counting)
        actor_page.goto(review.server.url + f"actors/{chair.actor}/")
        connected(actor_page)
        loads = (page.evaluate("sessionStorage.loads"), actor_page.evaluate("sessionStorage.loads"))
        review.arm()
        review.click("actor", chair.actor, "edit")
        page.fill("#review-actor-role", "chair of the campaign")
        page.click("#review-actor button[value=save]")
        review.reloaded()
        actor_page.wait_for_function("t => document.body.textContent.includes(t)", arg="chair of the campaign",
                                     timeout=20_000)
        review.server.wait_for_generation(2)
        time.sleep(1.5)  # a second reload would have come by now
        assert page.evaluate("sessionStorage.loads") == str(int(loads[0]) + 1)
        assert actor_page.evaluate("sessionStorage.loads") == str(int(loads[1]) + 1)
        assert "chair of the campaign" in page.inner_text(f"#actor-{chair.actor}")


def test_a_review_write_waits_for_another_command_on_the_site(site: Path) -> None:
    """The site lock (`build/lock.py`): while `extract --refresh` (say) works on the
    site, a review write waits for it, says so in the terminal, then writes."""
    import threading

    from generator.build.lock import site_lock
    from tests.preview.test_review_security import accept, good_headers, page_of, send, token_of, version_of
    from tests.preview.test_terminal import lines_until_quiet

    with serving(site) as server:
        lines_until_quiet(server, 0.5)
        html = page_of(server)
        before = file_of(site).read_bytes()
        answers: list[int] = []
        with site_lock(site):
            sender = threading.Thread(target=lambda: answers.append(send(
                server, "POST", "/_review/api", accept("river.yaml", version_of(html)),
                good_headers(server, token_of(html)))[0]))
            sender.start()
            time.sleep(1.0)
            assert sender.is_alive() and file_of(site).read_bytes() == before
        sender.join(20)
        assert answers == [200] and file_of(site).read_bytes() != before
        assert any("waiting for another command on this site to finish" in line
                   for line in lines_until_quiet(server))


def test_every_preview_page_links_to_the_site_wide_queue(site: Path) -> None:
    from tests.preview.test_review_security import page_of

    with serving(site) as server:
        for path in ("", "river/", "actors/", "_review/"):
            assert '<a href="/_review/"' in page_of(server, path), path
        assert 'href="/_review/" aria-current="page">Awaiting review</a>' in page_of(server, "_review/")


def test_a_refused_form_opens_again_as_it_was_so_nothing_typed_is_lost(site: Path) -> None:
    before = file_of(site).read_bytes()
    denied = needed(read(site), "denial", S_CHAIR).denies
    claim = next(c for c in read(site).claims if c.id == denied)
    with reviewing(site) as review:
        page = review.page
        review.click("claim", claim.id, "edit")
        page.fill("#review-edit-text", "Words the editor took a while to write.")
        page.select_option("#review-edit-to", "statement")  # a claim others deny stays a claim
        page.click("#review-edit button[value=save]")
        page.wait_for_selector("#review-edit .review-error:not([hidden])")
        assert page.is_visible("#review-edit")
        assert "so it stays a claim" in page.inner_text("#review-edit .review-error")
        assert page.input_value("#review-edit-text") == "Words the editor took a while to write."
        page.select_option("#review-edit-to", "claim")
        review.arm()
        page.click("#review-edit button[value=save]")
        review.reloaded()
    assert next(c for c in read(site).claims if c.id == claim.id).text == "Words the editor took a while to write."
    assert file_of(site).read_bytes() != before
