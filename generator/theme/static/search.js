/* Static search over the index embedded in the search page (#search-data).
   No server, no network: it works from any static host and from disk.
   Results are built with DOM methods and textContent only, never innerHTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("search-data").textContent);
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var LIMIT = 50;

  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
  function prepare(item, kind) {
    return {
      item: item, kind: kind,
      fields: [
        [words(item.title), 8], [words((item.who || []).join(" ")), 4], [words((item.tags || []).join(" ")), 4],
        [words(item.summary), 2], [words((item.said || []).join(" ")), 1]
      ]
    };
  }
  var entries = data.explainers.map(function (e) { return prepare(e, "explainer"); })
    .concat(data.actors.map(function (a) { return prepare(a, "actor"); }));

  function score(entry, terms) {
    var total = 0;
    for (var t = 0; t < terms.length; t++) {
      var best = 0;
      for (var f = 0; f < entry.fields.length; f++) {
        var field = entry.fields[f][0], weight = entry.fields[f][1];
        for (var w = 0; w < field.length; w++) {
          if (field[w] === terms[t]) { best = Math.max(best, weight * 2); }
          else if (field[w].indexOf(terms[t]) === 0) { best = Math.max(best, weight); }
        }
      }
      if (!best) { return 0; }  // every word must match somewhere
      total += best;
    }
    return total + (entry.kind === "actor" ? 0.5 : 0);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function show(query) {
    var terms = words(query);
    list.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    var found = entries.map(function (e) { return [score(e, terms), e]; })
      .filter(function (p) { return p[0] > 0; })
      .sort(function (a, b) { return b[0] - a[0]; });
    var n = found.length;
    status.textContent = n === 0 ? "Nothing matches “" + query + "”." :
      n + (n === 1 ? " result" : " results") + " for “" + query + "”" + (n > LIMIT ? ", showing the first " + LIMIT : "") + ".";
    found.slice(0, LIMIT).forEach(function (p) {
      var e = p[1], item = e.item, li = el("li", "search-result search-" + e.kind);
      var heading = el("h2");
      var link = el("a", null, item.title);
      link.href = item.url;
      heading.appendChild(link);
      li.appendChild(heading);
      var counts = item.counts[0] + (item.counts[0] === 1 ? " claim" : " claims") + " · " +
        item.counts[1] + (item.counts[1] === 1 ? " denial" : " denials");
      var meta = e.kind === "actor" ? "Actor · " + counts : (item.date ? item.date + " · " : "") + counts;
      li.appendChild(el("p", "meta", meta));
      if (item.summary) { li.appendChild(el("p", "summary", item.summary)); }
      list.appendChild(li);
    });
  }

  function fromAddress() {
    var q = new URLSearchParams(window.location.search).get("q") || "";
    input.value = q;
    show(q);
  }

  form.hidden = false;
  document.getElementById("search-nojs").hidden = true;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value.trim();
    try { history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : window.location.pathname); } catch (err) { /* file: pages */ }
    show(q);
  });
  input.addEventListener("input", function () { show(input.value.trim()); });
  fromAddress();
})();
