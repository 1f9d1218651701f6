// Review mode of the preview (`serve`): the buttons, forms and keys that edit
// this page's sidecar. Served by the preview only, never published. Each change
// is one POST to the preview server, which writes the sidecar and rebuilds the
// page; the page then reloads (livereload) and this script puts the focus back
// where the editor was, and says what was done.
(function () {
  "use strict";
  var script = document.currentScript;
  var token = script && script.getAttribute("data-token");
  var panel = document.querySelector("[data-review-page]");
  if (!panel || !token) return;

  var sidecar = panel.getAttribute("data-sidecar");
  var version = panel.getAttribute("data-version");  // of the sidecar bytes this page shows; the newest we wrote
  var status = document.getElementById("review-status");
  var keysOn = document.getElementById("review-keys-on");
  var memory = "explainer-review:" + location.pathname;  // what to say and focus after the reload
  var current = null;  // the item the keys act on: [data-review-item]
  var busy = false;

  function say(text) { status.textContent = text; }

  function show(root) {
    root.querySelectorAll(".review-buttons, .review-keys").forEach(function (el) { el.hidden = false; });
  }

  function itemOf(kind, id) {
    var found = null;
    document.querySelectorAll("[data-review-item]").forEach(function (el) {
      if (el.getAttribute("data-kind") === kind && el.getAttribute("data-id") === id) found = found || el;
    });
    return found;
  }

  function queue() {  // the items awaiting review, least sure first (the panel's order)
    var out = [];
    panel.querySelectorAll(".review-queue li").forEach(function (li) {
      var el = itemOf(li.getAttribute("data-kind"), li.getAttribute("data-id"));
      if (el) out.push(el);
    });
    return out;
  }

  function ref(el) { return el ? {kind: el.getAttribute("data-kind"), id: el.getAttribute("data-id")} : null; }

  function describe(el) { return el.getAttribute("data-kind") + " " + el.getAttribute("data-label"); }

  function goTo(el) {
    if (!el) return;
    if (current) current.classList.remove("review-current");
    current = el;
    el.classList.add("review-current");
    var button = el.querySelector("button");
    if (button) button.focus();
    el.scrollIntoView({block: "center"});
  }

  function focused() {
    var el = document.activeElement && document.activeElement.closest("[data-review-item]");
    return el || current;
  }

  function step(by) {
    var list = queue();
    if (!list.length) { say("Nothing on this page awaits review."); return; }
    var at = list.indexOf(focused());
    var next = at < 0 ? (by > 0 ? 0 : list.length - 1) : (at + by + list.length) % list.length;
    goTo(list[next]);
    say((next + 1) + " of " + list.length + " awaiting review: " + describe(list[next]) + ".");
  }

  function nextAfter(el) {  // where to go once `el` no longer awaits review
    var list = queue();
    var at = list.indexOf(el);
    var rest = at < 0 ? list : list.slice(at + 1).concat(list.slice(0, at));
    return ref(rest[0] || null);
  }

  // `failed`: what to do with a refusal instead of saying it (a form shows it
  // and opens again as the editor left it, so nothing typed is lost).
  function send(body, then, failed) {
    var refused = function (message) {
      sessionStorage.removeItem(memory);
      if (failed) failed(message); else say(message);
    };
    if (busy) { say("Still saving the last change…"); return; }
    busy = true;
    body.sidecar = sidecar;
    body.version = version;
    say("Saving…");
    // Noted before sending, in case the reload overtakes the answer: what was asked, and where to go next.
    note(cap(asked(body)) + ".", then);
    fetch("/_review/api", {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-Review-Token": token},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      busy = false;
      if (!answer.ok) { refused(answer.error); return; }
      version = answer.version;
      // After accept or reject: the next item awaiting review; after other changes, the item changed.
      var focus = body.action === "accept" || body.action === "reject" ? then : answer.focus || then;
      if (!answer.changed) { sessionStorage.removeItem(memory); say(cap(answer.said) + "."); return; }
      var undo = answer.undo ? " Press u, or Undo last change, to undo it." : "";
      note(cap(answer.said) + "." + undo, focus);
      say(cap(answer.said) + "; the page reloads with it.");
    }).catch(function () {
      busy = false;
      refused("The preview server did not answer: is serve still running? Nothing was changed.");
    });
  }

  function asked(body) {  // what a request asks for, in words (the server's answer says it better)
    var item = body.kind + " " + body.id;
    if (body.action === "merge") return "merged actor " + body.id + " into " + body.into;
    if (body.action === "add") return "added a " + body.kind;
    if (body.action === "undo") return "undid your last change";
    return {accept: "accepted ", reject: "rejected ", edit: "edited "}[body.action] + item;
  }

  function cap(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  // What to say and where to go after the reload. Kept for a few seconds, not
  // for one load: a change can reload the page twice (the page first, then the
  // build that follows, if it changed the page again: an actor renamed).
  var NOTE_SECONDS = 5;
  function note(said, focus) {
    sessionStorage.setItem(memory, JSON.stringify({said: said, focus: focus, at: Date.now()}));
  }

  function accept(el) { send({action: "accept", kind: el.getAttribute("data-kind"), id: el.getAttribute("data-id")}, nextAfter(el)); }

  function reject(el) { send({action: "reject", kind: el.getAttribute("data-kind"), id: el.getAttribute("data-id")}, nextAfter(el)); }

  // --- the forms ----------------------------------------------------------------

  function opened(dialog, from, done) {
    var form = dialog.querySelector("form");
    var error = dialog.querySelector(".review-error");
    error.hidden = true;
    dialog.returnValue = "";
    dialog.onclose = function () {
      if (dialog.returnValue !== "save") { if (from && from.isConnected) from.focus(); return; }
      done(form.elements, function (message) {  // refused: open again as it was, saying why
        error.textContent = message;
        error.hidden = false;
        dialog.returnValue = "";
        dialog.showModal();
      });
      if (from && from.isConnected) from.focus();
    };
    dialog.showModal();
  }

  function showFor(dialog, shown) {  // the fields that apply: [data-for=denial], [data-for=claim], [data-for=new]
    dialog.querySelectorAll("[data-for]").forEach(function (p) {
      p.hidden = shown.indexOf(p.getAttribute("data-for")) < 0;
    });
  }

  function editSaid(el, from) {
    var dialog = document.getElementById("review-edit");
    var f = dialog.querySelector("form").elements;
    var kind = el.getAttribute("data-kind");
    document.getElementById("review-edit-h").textContent = "Edit " + describe(el);
    f.text.value = el.getAttribute("data-text");
    f.who.value = el.getAttribute("data-who");
    f.to.value = kind;
    f.denies.value = el.getAttribute("data-denies");
    f.rating.value = el.getAttribute("data-rating");
    f.url.value = el.getAttribute("data-url");
    var refresh = function () { showFor(dialog, [f.to.value]); };
    f.to.onchange = refresh;
    refresh();
    opened(dialog, from, function (f, failed) {
      var fields = {text: f.text.value};
      fields[kind === "claim" ? "claimant" : "actor"] = f.who.value || null;
      if (kind === "denial") fields.denies = f.denies.value || null;
      if (kind === "claim") fields.verdict = {rating: f.rating.value, url: f.url.value};
      send({action: "edit", kind: kind, id: el.getAttribute("data-id"), fields: fields, to: f.to.value,
            denies: f.denies.value || null}, ref(el), failed);
    });
  }

  function editActor(el, from) {
    var dialog = document.getElementById("review-actor");
    var f = dialog.querySelector("form").elements;
    document.getElementById("review-actor-h").textContent = "Edit actor " + el.getAttribute("data-name");
    f.name.value = el.getAttribute("data-name");
    f.kind.value = el.getAttribute("data-actor-kind");
    f.role.value = el.getAttribute("data-role");
    f.aliases.value = el.getAttribute("data-aliases");
    f.into.value = "";
    Array.prototype.forEach.call(f.into.options, function (o) { o.disabled = o.value === el.getAttribute("data-id"); });
    opened(dialog, from, function (f, failed) {
      var id = el.getAttribute("data-id");
      if (f.into.value) { send({action: "merge", id: id, into: f.into.value}, {kind: "actor", id: f.into.value}, failed); return; }
      send({action: "edit", kind: "actor", id: id,
            fields: {name: f.name.value, kind: f.kind.value, role: f.role.value, aliases: f.aliases.value}}, ref(el),
           failed);
    });
  }

  function edit(el, from) { (el.getAttribute("data-kind") === "actor" ? editActor : editSaid)(el, from || document.activeElement); }

  function selected() {  // the article's words the editor selected, without the labels after highlights
    var sel = window.getSelection();
    var text = document.querySelector(".article-text .text");
    if (!sel || sel.isCollapsed || !sel.rangeCount || !text) return "";
    var range = sel.getRangeAt(0);
    if (!text.contains(range.commonAncestorContainer)) return "";
    var copy = document.createElement("div");
    copy.appendChild(range.cloneContents());
    copy.querySelectorAll("sup.refs").forEach(function (sup) { sup.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  var lastSelection = "";
  document.addEventListener("selectionchange", function () {
    var words = selected();
    if (words) lastSelection = words;
  });

  function add(from) {
    var words = selected() || lastSelection;
    if (!words) { say("First select words of the article, then add them as a claim, denial or statement."); return; }
    var dialog = document.getElementById("review-add");
    var f = dialog.querySelector("form").elements;
    document.getElementById("review-add-selection").textContent = words;
    f.text.value = words;
    f.to.value = "claim";
    f.who.value = "";
    f.name.value = "";
    f.denies.value = "";
    var refresh = function () { showFor(dialog, [f.to.value].concat(f.who.value === "*new" ? ["new"] : [])); };
    f.to.onchange = refresh;
    f.who.onchange = refresh;
    refresh();
    opened(dialog, from, function (f, failed) {
      var body = {action: "add", kind: f.to.value, text: f.text.value, selection: words,
                  denies: f.to.value === "denial" ? f.denies.value || null : null};
      if (f.who.value === "*new") body.new_actor = {name: f.name.value, kind: f.kind.value};
      else body.who = f.who.value || null;
      send(body, null, failed);
    });
  }

  function undo() { send({action: "undo"}, ref(current)); }

  // --- wiring ---------------------------------------------------------------------

  show(document);
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-do]");
    if (!button) return;
    var what = button.getAttribute("data-do");
    var el = button.closest("[data-review-item]");
    if (el) current = el;
    if (what === "accept") accept(el);
    else if (what === "reject") reject(el);
    else if (what === "edit") edit(el, button);
    else if (what === "undo") undo();
    else if (what === "add") add(button);
  });

  var KEYS = {accept: "a", reject: "r", edit: "e", undo: "u", add: "n"};
  function announceKeys(on) {  // each button names its key while the keys are on
    document.querySelectorAll("button[data-do]").forEach(function (button) {
      if (on) button.setAttribute("aria-keyshortcuts", KEYS[button.getAttribute("data-do")]);
      else button.removeAttribute("aria-keyshortcuts");
    });
  }

  if (keysOn) {
    keysOn.checked = localStorage.getItem("explainer-review-keys") !== "off";
    keysOn.addEventListener("change", function () {
      localStorage.setItem("explainer-review-keys", keysOn.checked ? "on" : "off");
      announceKeys(keysOn.checked);
      say(keysOn.checked ? "Single-key shortcuts on." : "Single-key shortcuts off.");
    });
  }
  announceKeys(!keysOn || keysOn.checked);

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (keysOn && !keysOn.checked) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable], dialog[open]")) return;
    var key = event.key;
    var el = focused();
    if (key === "j") step(1);
    else if (key === "k") step(-1);
    else if (key === "u") undo();
    else if (key === "n") add(null);
    else if ("are".indexOf(key) >= 0 && key.length === 1) {
      if (!el) { say("Move to an item first: j for the next one awaiting review."); return; }
      if (key === "a") accept(el);
      else if (key === "r") reject(el);
      else edit(el, null);
    } else return;
    event.preventDefault();
  });

  // After a reload caused by our own change: say what was done, and go back to work.
  var after = sessionStorage.getItem(memory);
  if (after) {
    try {
      after = JSON.parse(after);
      if (Date.now() - after.at > NOTE_SECONDS * 1000) throw new Error("old");
      var target = after.focus && itemOf(after.focus.kind, after.focus.id);
      if (target) goTo(target);
      say(after.said);
    } catch (e) {  // an old or damaged note: nothing to restore
      sessionStorage.removeItem(memory);
    }
  }
})();
