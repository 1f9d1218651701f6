/* Static search over the sharded index in search/t/ (terms) and search/d/ (docs),
   built by generator/pages/search.py. Index files are loaded with <script>
   tags, which work from any static host, at any subpath, and straight from disk.
   A query loads one term file per word and the doc files of the results shown.
   Results are built with DOM methods and textContent only, never innerHTML. */
(function () {
  "use strict";
  var KEY_LENGTH = 3, PER_CHUNK = 50, SHOWN = 20;
  var WEIGHTS = [1, 2, 4, 8];
  var STOPWORDS = ("a about after also an and any are as at be been but by can could did do does for from had " +
    "has have he her here him his how i if in into is it its more most not of on or our out over she so some " +
    "than that the their them then there these they this those to up was we were what when which who will " +
    "with would you").split(" ");
  var KINDS = {e: "Explainer", c: "Claim", d: "Denial", a: "Actor"};
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var shards = {}, chunks = {}, loading = {};
  var current = {query: null, ids: [], shown: 0};

  window.explainerSearch = {
    terms: function (key, terms, subkeys) { shards[key] = {terms: terms, subkeys: subkeys}; },
    docs: function (n, docs) { chunks[n] = docs; }
  };

  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }
  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w && STOPWORDS.indexOf(w) < 0;
    });
  }
  function fileName(key) {
    if (/^[\x00-\x7f]*$/.test(key)) { return key; }
    var bytes = new TextEncoder().encode(key), hex = "_";
    for (var i = 0; i < bytes.length; i++) { hex += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return hex;
  }
  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = path;
        script.onload = resolve;
        script.onerror = resolve;  // no such file: nothing starts with that word
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }

  // [term, postings] of every indexed term the word finds: the terms it starts
  // (whole words only, for a word shorter than a key).
  function collect(key, word, found) {
    return load("t/" + fileName(key) + ".js").then(function () {
      var shard = shards[key];
      if (!shard) { return; }
      Object.keys(shard.terms).forEach(function (term) {
        if (word.length < KEY_LENGTH ? term === word : term.indexOf(word) === 0) { found.push([term, shard.terms[term]]); }
      });
      var next = shard.subkeys.filter(function (sub) {
        return word.length > key.length ? word.indexOf(sub) === 0 : word.length >= KEY_LENGTH;
      });
      return Promise.all(next.map(function (sub) { return collect(sub, word, found); }));
    });
  }
  function matches(word) {
    var found = [];
    return collect(word.slice(0, KEY_LENGTH), word, found).then(function () {
      var best = {};
      found.forEach(function (pair) {
        var exact = pair[0] === word ? 2 : 1, doc = 0;
        // Each entry: the step from the doc before times four, plus the weight code, in base 36.
        pair[1].split(",").forEach(function (entry) {
          var value = parseInt(entry, 36), score = WEIGHTS[value & 3] * exact;
          doc += value >> 2;
          if (!(best[doc] >= score)) { best[doc] = score; }
        });
      });
      return best;
    });
  }
  function rank(perWord) {
    var total = perWord[0];
    var ids = Object.keys(total).map(Number).filter(function (doc) {
      return perWord.every(function (best) { return best[doc] !== undefined; });
    });
    var score = {};
    ids.forEach(function (doc) {
      score[doc] = perWord.reduce(function (sum, best) { return sum + best[doc]; }, 0);
    });
    return ids.sort(function (a, b) { return score[b] - score[a] || a - b; });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }
  function render(doc) {
    var kind = doc[0], li = el("li", "search-result search-" + KINDS[kind].toLowerCase());
    var heading = el("h2");
    if (kind === "c" || kind === "d") {
      var tag = el("span", "tag tag-" + (kind === "c" ? "claim" : "denial"), KINDS[kind]);
      heading.appendChild(tag);
      heading.appendChild(document.createTextNode(" "));
    }
    var link = el("a", null, doc[2]);
    link.href = doc[1];
    heading.appendChild(link);
    li.appendChild(heading);
    li.appendChild(el("p", "meta", (kind === "e" ? "Explainer · " : "") + doc[3]));
    if (doc[4]) { li.appendChild(el("p", "summary", doc[4])); }
    return li;
  }
  function showMore(query) {
    var ids = current.ids.slice(current.shown, current.shown + SHOWN);
    var wanted = ids.map(function (doc) { return Math.floor(doc / PER_CHUNK); });
    return Promise.all(wanted.map(function (n) { return load("d/" + n + ".js"); })).then(function () {
      if (current.query !== query) { return; }
      ids.forEach(function (doc) {
        var chunk = chunks[Math.floor(doc / PER_CHUNK)];
        if (chunk) { list.appendChild(render(chunk[doc % PER_CHUNK])); }
      });
      current.shown += ids.length;
      more.hidden = current.shown >= current.ids.length;
    });
  }
  function show(query) {
    var terms = words(query);
    current = {query: query, ids: [], shown: 0};
    list.textContent = "";
    more.hidden = true;
    if (!terms.length) { status.textContent = ""; return; }
    status.textContent = "Searching…";
    Promise.all(terms.map(matches)).then(function (perWord) {
      if (current.query !== query) { return; }
      current.ids = rank(perWord);
      return showMore(query).then(function () {
        if (current.query !== query) { return; }
        var n = current.ids.length;
        status.textContent = n === 0 ? "Nothing matches “" + query + "”." :
          n + (n === 1 ? " result" : " results") + " for “" + query + "”.";
      });
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
  more.addEventListener("click", function () { showMore(current.query); });
  fromAddress();
})();
