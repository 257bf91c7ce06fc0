// The search dialog, loaded by static/search.js on first use: a search over the Pagefind
// index of the page's language (/pagefind/<lang>/, written by the build; factpress/search.py),
// itself loaded on first use, with its words from /<lang>/search.json (the page's catalog).
var lang = document.documentElement.lang;
var link = document.querySelector("a.search-link");
var text = null;
var LIMIT = 20;
var pagefind = null;
var dialog, input, status, list, more, latest = 0;
var returnTo = null;  // what had the focus when the search opened: it gets it back

function element(tag, content, attributes) {
  var node = document.createElement(tag);
  if (content !== null && content !== undefined) node.textContent = content;
  Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
  return node;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (whole, name) {
    return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
  });
}

// Pagefind folds tone and vowel marks, not "đ", a letter of its own: the pages index their
// words with "đ" also as "d" (hidden, lower weight), and a query with "đ" is run both ways.
function foldD(query) { return query.replace(/đ/g, "d").replace(/Đ/g, "D"); }

function load() {
  if (!pagefind) {
    // The language's index comes in buckets (factpress/search.py), listed by its manifest:
    // the primary's runtime is imported, and the others are merged into it.
    var base = "/pagefind/" + lang + "/";
    pagefind = fetch(base + "buckets.json", { cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (buckets) {
        return import("/pagefind/" + lang + "/" + buckets.primary + "/pagefind.js").then(function (module) {
          return module.init()
            .then(function () {
              return Promise.all(buckets.merge.map(function (name) {
                return module.mergeIndex(base + name + "/");
              }));
            })
            .then(function () { return module; });
        });
      });
    pagefind.catch(function () { pagefind = null; });
  }
  return pagefind;
}

// The words a page adds for search, folded (factpress/search.py), come last in what it indexes,
// between two of these (templates/macros.html): Pagefind keeps them in the page's text, as
// words of no letter that it does not index.
var FOLD_MARK = "\u2042\u2042";
var EXCERPT_WORDS = 30;  // Pagefind's own length

// A result's excerpt, made here as Pagefind makes its own (the page's words as it splits them,
// where its matches weigh the most, each marked), but of the words the reader sees: the hidden
// folded words are left out, and where one of them matched, the page's words with `đ` that fold
// to it are marked in its place ("duoc" marks "được", "doi moi" marks "đổi" beside "mới").
// Made into nodes, never parsed into the page as markup.
function excerptNodes(page) {
  var text = pageWords(page);
  var words = text.words;
  var end = foldStart(words);
  var found = [];  // the matches among the words shown, as Pagefind weighs them
  var marked = {};
  var folded = {};  // a matched hidden word -> its weight
  (page.weighted_locations || []).forEach(function (match) {
    if (match.location < end) {
      found.push(match);
      marked[match.location] = true;
    } else if (match.location < words.length) {
      var word = fold(words[match.location]);
      folded[word] = Math.max(folded[word] || 0, match.balanced_score);
    }
  });
  words.slice(0, end).forEach(function (word, location) {
    if (marked[location] || !/[đĐ]/.test(word)) return;
    // Folded as search.py folds a page's words: each run of letters apart ("đổi-mới": "doi").
    var score = Math.max.apply(null, (word.match(/[\p{L}\p{M}\p{N}_]+/gu) || []).map(function (piece) {
      return folded[fold(piece)] || 0;
    }).concat(0));
    if (score > 0) {
      found.push({ location: location, balanced_score: score });
      marked[location] = true;
    }
  });
  var length = Math.min(EXCERPT_WORDS, end);
  var start = Math.max(0, Math.min(excerptRegion(found, EXCERPT_WORDS), end - length));
  var paragraph = element("p", null, { class: "search-excerpt" });
  for (var at = start; at < start + length; at += 1) {
    if (at > start && text.joiner) paragraph.appendChild(document.createTextNode(text.joiner));
    paragraph.appendChild(marked[at] ? element("mark", words[at]) : document.createTextNode(words[at]));
  }
  return paragraph;
}

// As Pagefind's excerpt splits the text: at its zero-width spaces where it put them (in a
// language written without spaces), else at white space. Its raw_content escapes < and >.
function pageWords(page) {
  var raw = page.raw_content || "";
  if (raw.indexOf("\u200B") < 0) return { words: (page.content || "").split(/[\r\n\s]+/g), joiner: " " };
  var words = raw.split("\u200B").map(function (word) {
    return word.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  });
  return { words: words, joiner: "" };
}

// Where the hidden folded words start: at the last but one FOLD_MARK, when the text ends with
// one (a "⁂⁂" of the page's own text before them changes nothing); else nowhere.
function foldStart(words) {
  var last = words.length - 1;
  var opened = words[last] === FOLD_MARK ? words.lastIndexOf(FOLD_MARK, last - 1) : -1;
  return opened >= 0 ? opened : words.length;
}

// Pagefind's calculate_excerpt_region (pagefind_web_js), as it is: where the excerpt of a page
// starts, given its matches' locations and weights.
function excerptRegion(matches, length) {
  if (!matches.length) return 0;
  var words = [];
  matches.forEach(function (match) {
    words[match.location] = (words[match.location] || 0) + match.balanced_score;
  });
  if (words.length <= length) return 0;
  var densest = 0;
  for (var i = 0; i < length; i += 1) densest += words[i] || 0;
  var sum = densest;
  var densestAt = [0];
  for (var at = 0; at < words.length; at += 1) {
    sum += (words[at + length] || 0) - (words[at] || 0);
    if (sum > densest) {
      densest = sum;
      densestAt = [at];
    } else if (sum === densest && densestAt[densestAt.length - 1] === at - 1) {
      densestAt.push(at);
    }
  }
  return densestAt[Math.floor(densestAt.length / 2)];
}

// A word as the hidden folded words spell it: no marks, đ as d, lower case, nothing but its
// letters and digits.
function fold(word) {
  return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
    .toLowerCase().replace(/[^\p{L}\p{N}_]/gu, "");
}

function show(query, results, id) {
  if (id !== latest) return;  // a later query has answered or will
  list.replaceChildren();
  more.hidden = true;
  if (!results.length) {
    status.textContent = fill(text.none, { query: query });
    return;
  }
  // By the number's plural category; a theme's search.json of an older version gives one form.
  var count = typeof text.count === "string"
    ? text.count : text.count[new Intl.PluralRules(lang).select(results.length)] || text.count.other;
  status.textContent = fill(count, { count: results.length, query: query });
  showFrom(results, 0, id);
}

// The results LIMIT at a time (each is a request for its page's data); the button below
// them lists the next ones, and takes the reader to the first of them.
function showFrom(results, start, id) {
  Promise.all(results.slice(start, start + LIMIT).map(function (result) { return result.data(); }))
    .then(function (pages) {
      if (id !== latest) return;
      pages.forEach(function (page, index) {
        var item = element("li");
        var meta = page.meta || {};
        var title = element("a", meta.title || page.url, { href: page.url });
        item.appendChild(title);
        var kind = [meta.kind, meta.status].filter(Boolean).join(" · ");
        if (kind) item.appendChild(element("span", kind, { class: "search-kind" }));
        item.appendChild(excerptNodes(page));
        list.appendChild(item);
        if (start && !index) title.focus();
      });
      var next = start + LIMIT;
      more.hidden = next >= results.length;
      more.onclick = function () {
        more.hidden = true;  // until the next ones are listed: a second click would list them twice
        showFrom(results, next, id);
      };
    });
}

function run() {
  var query = input.value.trim();
  var id = (latest += 1);
  more.hidden = true;  // the last query's: until this one has answered
  if (!query) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = text.searching;
  load().then(function (module) {
    var folded = foldD(query);
    var searches = [module.search(query)];
    if (folded !== query) searches.push(module.search(folded));
    return Promise.all(searches).then(function (answers) {
      // The exact form first, then what only the folded form found.
      var seen = {};
      var results = [];
      answers.forEach(function (answer) {
        answer.results.forEach(function (result) {
          if (!seen[result.id]) {
            seen[result.id] = true;
            results.push(result);
          }
        });
      });
      show(query, results, id);
    });
  }).catch(function () {
    if (id === latest) status.textContent = text.failed;
  });
}

function build() {
  dialog = element("dialog", null, { class: "search-dialog", "aria-labelledby": "search-title" });
  var form = element("form", null, { role: "search", method: "dialog" });
  var head = element("div", null, { class: "search-head" });
  var label = element("label", text.label, { for: "search-input", id: "search-title" });
  var close = element("button", text.close, { type: "button", class: "search-close" });
  head.appendChild(label);
  head.appendChild(close);
  input = element("input", null, { type: "search", id: "search-input", autocomplete: "off", spellcheck: "false" });
  status = element("p", null, { class: "search-status", role: "status", "aria-live": "polite" });
  list = element("ol", null, { class: "search-results" });
  more = element("button", text.more, { type: "button", class: "search-more" });
  more.hidden = true;
  form.appendChild(head);
  form.appendChild(input);
  dialog.appendChild(form);
  dialog.appendChild(status);
  dialog.appendChild(list);
  dialog.appendChild(more);
  document.body.appendChild(dialog);
  var typing = null;
  input.addEventListener("input", function () {
    window.clearTimeout(typing);
    typing = window.setTimeout(run, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  close.addEventListener("click", function () { dialog.close(); });
  // Escape in a search field would first clear it: here it closes the search, as elsewhere.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      dialog.close();
    }
  });
  // Back to where the reader was, without scrolling there: the page stays where it was.
  dialog.addEventListener("close", function () {
    var back = returnTo && returnTo !== document.body && returnTo.isConnected ? returnTo : link;
    back.focus({ preventScroll: true });
  });
}

function ready() {
  var style = new Promise(function (resolve) {
    var sheet = element("link", null, { rel: "stylesheet", href: "/static/search.css" });
    sheet.addEventListener("load", resolve);
    sheet.addEventListener("error", resolve);
    document.head.appendChild(sheet);
  });
  var words = fetch("/" + lang + "/search.json").then(function (response) {
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  });
  return Promise.all([words, style]).then(function (both) { text = both[0]; });
}

var prepared = null;

export function open() {
  prepared = prepared || ready();
  prepared.catch(function () { prepared = null; });
  return prepared.then(function () {
    if (!dialog) build();
    if (!dialog.open) {
      returnTo = document.activeElement;
      dialog.showModal();
    }
    input.focus();
    input.select();
    load();
  });
}
