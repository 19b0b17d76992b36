/* Search of the web edition (publisher/search.py builds the index this reads).
   Words are folded as in Python: lower-case by the page language, diacritics dropped,
   dotless ı → i; a query word matches any word it begins ("göç" → "göçmenler"). In Arabic a word
   also stands for its stem, without و and the article (stem() here and in search.py). */
(function () {
  "use strict";
  var root = document.getElementById("search-results");
  if (!root) return;
  var lang = document.documentElement.lang || "en";
  var input = document.getElementById("search-page-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-list");
  var records = null;
  var prefix = root.getAttribute("data-root") || "";
  var indexes = (root.getAttribute("data-indexes") || "").split(" ").filter(Boolean);
  var waiting = [];

  /* The index is loaded only when the reader searches: one <script> per document
     (a script, not fetch(), so that it works from file:// too). */
  function load(then) {
    if (records) { then(); return; }
    waiting.push(then);
    if (waiting.length > 1) return;
    var left = indexes.length;
    function done() {
      if (--left > 0) return;
      records = window.PUBLISHER_SEARCH || [];
      waiting.splice(0).forEach(function (f) { f(); });
    }
    if (!left) { left = 1; done(); return; }
    indexes.forEach(function (src) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = done;
      script.onerror = done;
      document.head.appendChild(script);
    });
  }

  /* The marks search.py's COMBINING drops (Latin diacritics, Arabic harakat, Hebrew points; not
     the Indic vowel signs), and its LETTER_VARIANTS: ی ى → ي, ک → ك. */
  var COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]/g;
  /* The digit zero of each numbering system whose digits search.py folds to 0-9 (publisher.numerals:
     a number typed in Persian digits finds the same number in 0-9, and the other way round). */
  var DIGIT_ZEROS = [0x660, 0x6f0, 0x1e950, 0x1b50, 0x9e6, 0x11136, 0x966, 0xff10, 0xae6, 0xa66, 0xa9d0, 0x17e0,
    0xce6, 0xed0, 0x1946, 0xd66, 0x1810, 0xabf0, 0x1040, 0x7c0, 0x1c50, 0xb66, 0x10d30, 0xbe6, 0xc66, 0xe50, 0xf20, 0xa620];
  function ascii(digit) {
    var point = digit.codePointAt(0);
    for (var i = 0; i < DIGIT_ZEROS.length; i++) {
      if (point >= DIGIT_ZEROS[i] && point < DIGIT_ZEROS[i] + 10) return String(point - DIGIT_ZEROS[i]);
    }
    return digit;
  }
  function fold(text) {
    return text.toLocaleLowerCase(lang).normalize("NFD").replace(COMBINING, "").replace(/ı/g, "i")
      .replace(/[\u06cc\u0649]/g, "\u064a").replace(/\u06a9/g, "\u0643").replace(/\p{Nd}/gu, ascii);
  }
  /* Scripts written without spaces (Thai, Lao, Myanmar, Khmer, Kana, Han): a run is cut into its
     words (Intl.Segmenter, ICU as in search.py), and such a word is found where the text has it. */
  var UNSPACED = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter(lang, { granularity: "word" }) : null;
  function words(text) {
    var found = [];
    (fold(text).match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) || []).forEach(function (w) {
      if (!UNSPACED.test(w) || !segmenter) { found.push(w); return; }
      Array.from(segmenter.segment(w)).forEach(function (s) { if (s.isWordLike) found.push(s.segment); });
    });
    return found;
  }
  var arabic = lang.split("-")[0].toLowerCase() === "ar";
  var ARTICLES = ["\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0643\u0627\u0644", "\u0641\u0627\u0644",
                  "\u0644\u0644", "\u0627\u0644"];  /* وال بال كال فال لل ال */
  function stem(w) {
    if (!arabic) return w;
    if (w.charAt(0) === "\u0648" && w.length > 3) w = w.slice(1);  /* و, "and" */
    for (var i = 0; i < ARTICLES.length; i++) {
      if (w.indexOf(ARTICLES[i]) === 0 && w.length - ARTICLES[i].length > 1) return w.slice(ARTICLES[i].length);
    }
    return w;
  }
  function forms(w) {
    var s = stem(w);
    return s === w ? [w] : [w, s];
  }
  /* Whether one of the term's forms begins one of ``ws`` (words already in all their forms). */
  function begins(t, ws) {
    return forms(t).some(function (f) { return ws.some(function (w) { return w.indexOf(f) === 0; }); });
  }
  function count(terms, ws) {
    var n = 0;
    terms.forEach(function (t) { ws.forEach(function (w) { if (begins(t, forms(w))) n++; }); });
    return n;
  }
  function find(query) {
    var terms = words(query);
    if (!terms.length) return [];
    var hits = [];
    records.forEach(function (r, i) {
      var vocabulary = r.w.split(" ");
      var text = fold(r.t + " " + r.s + " " + r.x);
      var all = terms.every(function (t) { return (UNSPACED.test(t) && text.indexOf(t) >= 0) || begins(t, vocabulary); });
      if (!all) return;
      var score = 3 * count(terms, words(r.t + " " + r.s)) + count(terms, words(r.x));
      hits.push({ r: r, score: score, i: i });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return hits.map(function (h) { return h.r; });
  }
  /* The text around the first matching word, matching words marked. */
  function snippet(text, terms) {
    var re = /[\p{L}\p{N}]+/gu, m, spans = [];
    while ((m = re.exec(text))) {
      var w = fold(m[0]);
      if (terms.some(function (t) { return begins(t, forms(w)); })) spans.push([m.index, m.index + m[0].length]);
    }
    var start = spans.length ? Math.max(0, spans[0][0] - 70) : 0;
    var end = Math.min(text.length, start + 220);
    var frag = document.createDocumentFragment();
    if (start > 0) frag.appendChild(document.createTextNode("… "));
    var at = start;
    spans.forEach(function (s) {
      if (s[0] < at || s[1] > end) return;
      frag.appendChild(document.createTextNode(text.slice(at, s[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s[0], s[1]);
      frag.appendChild(mark);
      at = s[1];
    });
    frag.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? " …" : "")));
    return frag;
  }
  /* The count in the catalog's plural form for it: the page carries one form per CLDR category of
     its language (Arabic has six: zero, one, two, few, many, other), Intl.PluralRules chooses. */
  function plural(n) {
    var form = null;
    try { form = status.getAttribute("data-plural-" + new Intl.PluralRules(lang).select(n)); } catch (e) { form = null; }
    return form || status.getAttribute(n === 1 ? "data-one" : "data-many");
  }
  function show(query) {
    var terms = words(query);
    if (!terms.length) { list.textContent = ""; status.textContent = ""; return; }
    if (!records) { load(function () { if (input.value === query) show(query); }); return; }
    list.textContent = "";
    var hits = find(query);
    var template = plural(hits.length);
    status.textContent = hits.length
      ? template.replace("{num}", hits.length).replace("{query}", query)
      : status.getAttribute("data-none").replace("{query}", query);
    hits.slice(0, 50).forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = prefix + r.u;
      a.textContent = r.s ? r.t + " — " + r.s : r.t;
      var h = document.createElement("h2");
      h.appendChild(a);
      var doc = document.createElement("p");
      doc.className = "search-doc";
      doc.textContent = r.d;
      var p = document.createElement("p");
      p.appendChild(snippet(r.x, terms));
      li.appendChild(h); li.appendChild(doc); li.appendChild(p);
      list.appendChild(li);
    });
  }
  var params = new URLSearchParams(window.location.search);
  var q = params.get("q") || "";
  input.value = q;
  show(q);
  input.addEventListener("input", function () {
    show(input.value);
    if (window.history && window.history.replaceState && window.location.protocol !== "file:") {
      window.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    }
  });
})();
