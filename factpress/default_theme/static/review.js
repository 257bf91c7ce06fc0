// The reviewer table: one view over every claim of the site. The page carries its first rows;
// this script reads all of them from one JSON file (made by factpress/claimtable.py), then
// filters by status, review due, source, citing page, reviewer and free text, and sorts by any
// column. The filters live in the address (?status=disputed&source=…), so a view can be shared
// and Back and Forward go through the views. Without the script the filters stay hidden
// (static/nojs.css) and the plain listing under the table reaches every claim.
//
// The matching rows go into the table a few hundred at a time, as the reader asks for them:
// the browser lays a table's rows out all together, at about half a millisecond a row, so
// 5,000 rows at once would hold the page (keys, clicks, scrolling) for seconds.
(function () {
  "use strict";
  var form = document.querySelector("form.claim-filters");
  var table = document.querySelector("table.claims-table");
  if (!form || !table || !window.fetch || !window.URLSearchParams) return;
  var lang = document.documentElement.lang;
  var body = table.tBodies[0];
  var shown = form.querySelector(".shown");
  // The messages this release added, in English, for an override of templates/claims.html
  // written for an earlier one (its own messages win): rather than a table the script cannot make.
  var ADDED = {
    partial: "{matching} of {total} claims match; the first {shown} are shown.",
    more: "Show the next {count} claims", all: "Show all {count} claims",
    placing: "Placing all {count} claims in the table…",
    notShown: "The claim {id} the address names is not among them: clear the filters to see it.",
    noClaim: "This site has no claim {id}, which the address names.",
    sortedAsc: "Sorted by {column}, ascending.", sortedDesc: "Sorted by {column}, descending.",
    failedView: "The claims could not be loaded, so the filters shown are not applied: " +
      "the first rows below are unfiltered, and the plain listing under the table reaches every claim."
  };
  var messages = Object.assign({}, ADDED, form.dataset);
  var collator = new Intl.Collator(lang, { numeric: true });
  var FILTERS = ["q", "status", "due", "source", "page", "reviewer"];
  var SORTS = ["id", "quote", "source", "status", "reviewed", "cited"];
  var field = function (name) { return form.elements.namedItem(name); };
  var rows = [];
  var sort = { key: "", dir: "" };
  var PAGE = 200;
  var numbers = new Intl.NumberFormat(lang);
  // The controls a reader changed before the data arrived: their choice wins over the address.
  var touched = {};
  var serverRows = {};
  Array.prototype.forEach.call(body.rows, function (tr) { serverRows[tr.id] = tr; });
  var statusOrder = {};
  Array.prototype.forEach.call(field("status").options, function (option, index) {
    if (option.value) statusOrder[option.value] = { index: index, label: option.textContent };
  });

  // Messages come with {name} placeholders; the values are put in as text, never as markup,
  // and numbers as the page's language writes them (5,000 or 5.000).
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      if (!Object.prototype.hasOwnProperty.call(values, name)) return whole;
      var value = values[name];
      return typeof value === "number" ? numbers.format(value) : String(value);
    });
  }

  function say(text) { shown.textContent = text; }

  // Free text ignores case and diacritics, đ included: "doi moi" finds "đổi mới".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  function decode(data) {
    var words = data.words;
    var text = function (list) {
      return list ? list.map(function (n) { return words[n]; }).join(" ") : null;
    };
    return data.claims.map(function (c, order) {
      var row = {
        id: c[0], status: c[1], text: text(c[2]), quote: text(c[3]),
        rendering: text(c[4]),
        source: data.sources[c[5]], sentences: c[6].split(","),
        cited: c[7].map(function (n) { return data.pages[n]; }),
        reviewer: data.reviewers[c[8]], reviewed: c[9], due: c[10] === 1, order: order,
        date: data.dates[c[9]], notes: text(c[11]), urls: data.urls, tr: null,
        // The quote in its sentences, as the claim record shows it: the words before and
        // after it, and the span as the source has it where the quote is written otherwise.
        before: text(c[12]), after: text(c[13]), marked: text(c[14]) || null,
        saidBy: c[15] || null
      };
      return row;
    });
  }

  function offer(name, entries) {
    var select = field(name);
    var before = select.querySelector("option[value=none]");
    entries.sort(function (a, b) { return collator.compare(a[1], b[1]); }).forEach(function (entry) {
      var option = new Option(entry[1], entry[0]);
      if (entry[2]) option.lang = entry[2];  // a source's title, in the source's language
      select.insertBefore(option, before);
    });
  }

  // A citing page's address -> the same page's in the other language, where it cites claims.
  // Of no prototype, as the maps below: the address names the key ("?page=__proto__").
  var elsewhere = Object.create(null);
  // The language switch (static/site.js, whose handlers run first) keeps the filters but a
  // citing page, one of this language: here the same page in the other takes its place.
  // Which page that is, the data says: a plain click before it arrives waits for it
  // (switchWhenLoaded), rather than leave the filter behind; a second click does not wait.
  var languageSwitch = document.querySelector("a.lang-switch");
  var loaded = false;
  var switching = false;
  function filteredPage() {
    var page = new URLSearchParams(window.location.search).get("page");
    return page && page !== "none" ? page : "";
  }
  function pointSwitch() {
    var there = elsewhere[filteredPage()];
    if (!there) return;
    var url = new URL(languageSwitch.href);
    url.searchParams.set("page", there);
    languageSwitch.href = url.href;
  }
  if (languageSwitch) {
    ["click", "auxclick", "contextmenu", "focus", "mouseover"].forEach(function (type) {
      languageSwitch.addEventListener(type, function (event) {
        var plain = type === "click" && event.button === 0 &&
          !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey);
        if (plain && !loaded && !switching && filteredPage()) {
          event.preventDefault();
          switching = true;
          say(messages.loading);
          return;
        }
        pointSwitch();
      });
    });
  }
  // After the data came (or failed to: then the filter is left behind, as site.js does).
  // Says whether the page is leaving.
  function switchWhenLoaded() {
    loaded = true;
    if (!switching) return false;
    switching = false;
    pointSwitch();
    window.location.assign(languageSwitch.href);
    return true;
  }

  function offerChoices() {
    var sources = Object.create(null), pages = Object.create(null), reviewers = Object.create(null);
    rows.forEach(function (row) {
      sources[row.source[0]] = row.source;
      row.cited.forEach(function (page) {
        pages[page[0]] = page[1];
        if (page[2]) elsewhere[page[0]] = page[2];
      });
      reviewers[row.reviewer] = row.reviewer;
    });
    var pairs = function (named) { return Object.keys(named).map(function (k) { return [k, named[k]]; }); };
    offer("source", Object.keys(sources).map(function (k) { return sources[k]; }));
    offer("page", pairs(pages));
    offer("reviewer", pairs(reviewers));
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    FILTERS.forEach(function (name) { state[name] = params.get(name) || ""; });
    state.sort = params.get("sort") || "";
    state.dir = params.get("dir") === "desc" ? "desc" : "asc";
    return state;
  }

  function readControls() {
    var state = {};
    FILTERS.forEach(function (name) { state[name] = field(name).value; });
    state.sort = sort.key;
    state.dir = sort.dir || "asc";
    return state;
  }

  function address(state) {
    var params = new URLSearchParams();
    FILTERS.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    if (state.sort) {
      params.set("sort", state.sort);
      params.set("dir", state.dir);
    }
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  // A view the reader chose names no row: the address's #claim-… is kept only for the view
  // the address itself asked for.
  // Says whether the address changed.
  function remember(state, push, keepRow) {
    var next = address(state) + (keepRow ? window.location.hash : "");
    var now = window.location.pathname + window.location.search + window.location.hash;
    if (next === now) return false;
    if (push) keepPlace(true);  // the entry left behind keeps the reader's place in it
    window.history[push ? "pushState" : "replaceState"](null, "", next);
    return true;
  }

  // A value of the address that no choice has (a typo, a source since removed) is kept as a
  // choice of its own, so that the control says what is filtered; it matches no claim.
  function showControls(state) {
    FILTERS.forEach(function (name) {
      var control = field(name);
      if (control.tagName === "SELECT") {
        Array.prototype.slice.call(control.querySelectorAll("option[data-unknown]")).forEach(
          function (option) { option.remove(); });
        var known = Array.prototype.some.call(control.options, function (option) {
          return option.value === state[name];
        });
        if (!known) {
          var option = new Option(state[name], state[name]);
          option.setAttribute("data-unknown", "");
          control.add(option);
        }
      }
      control.value = state[name];
    });
    sort.key = SORTS.indexOf(state.sort) === -1 ? "" : state.sort;
    sort.dir = state.dir;
  }

  function unknownValues(state) {
    var unknown = [];
    FILTERS.forEach(function (name) {
      var control = field(name);
      if (control.tagName === "SELECT" && state[name] &&
          control.querySelector("option[data-unknown]")) {
        unknown.push({ value: state[name], field: control.parentNode.firstChild.textContent.trim() });
      }
    });
    return unknown;
  }

  function test(row, state, name) {
    var value = state[name];
    if (!value) return true;
    switch (name) {
      case "status": return row.status === value;
      case "due": return value === "due" ? row.due : value === "current" ? !row.due : false;
      case "source": return row.source[0] === value;
      case "reviewer": return row.reviewer === value;
      case "page":
        if (value === "none") return row.cited.length === 0;
        return row.cited.some(function (page) { return page[0] === value; });
      default:
        // Folded on the first text filter, not on load: 5,000 rows cost a long task.
        if (row.haystack === undefined) {
          row.haystack = fold([row.id, row.text, row.quote, row.rendering || ""].join("\n"));
        }
        return fold(value).split(/\s+/).every(function (term) { return row.haystack.indexOf(term) !== -1; });
    }
  }

  function matches(row, state, except) {
    return FILTERS.every(function (name) { return except.indexOf(name) !== -1 || test(row, state, name); });
  }

  var SORT_KEYS = {
    id: function (row) { return row.id; },
    quote: function (row) { return row.quote; },
    source: function (row) { return row.source[1]; },
    status: function (row) { return statusOrder[row.status] ? statusOrder[row.status].index : 99; },
    reviewed: function (row) { return row.reviewed; },
    cited: function (row) { return row.cited.length; }
  };

  function ordered(list) {
    if (!sort.key) return list;
    var key = SORT_KEYS[sort.key];
    var sign = sort.dir === "desc" ? -1 : 1;
    return list.slice().sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = typeof x === "number" ? x - y : collator.compare(x, y);
      return sign * (order || a.order - b.order);
    });
  }

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text !== null && text !== undefined) node.textContent = text;
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  function cell(children) {
    var td = document.createElement("td");
    children.forEach(function (child) { td.appendChild(child); });
    return td;
  }

  // The same cells as the rows the page carries (templates/claims.html), made as DOM nodes.
  function rowElement(row) {
    if (row.tr) return row.tr;
    var existing = serverRows["claim-" + row.id];
    if (existing) return (row.tr = existing);
    var tr = element("tr", null, { id: "claim-" + row.id });
    var permalink = element("a", null, { href: row.urls.claim.replace("{id}", row.id) });
    permalink.appendChild(element("code", row.id));
    tr.appendChild(cell([permalink, element("br"), document.createTextNode(row.text)]));
    var quote = element("blockquote", null, { class: "excerpt", lang: row.source[2] });
    var sentence = element("p");
    if (row.before) sentence.appendChild(document.createTextNode(row.before));
    sentence.appendChild(element("mark", row.marked || row.quote));
    if (row.after) sentence.appendChild(document.createTextNode(row.after));
    quote.appendChild(sentence);
    var evidence = [quote];
    if (row.rendering) {  // always in the table's language
      var rendered = element("p", null, { class: "quote-" + lang });
      var label = lang === "vi" ? messages.inVietnamese : messages.inEnglish;
      rendered.appendChild(element("span", label, { class: "label" }));
      rendered.appendChild(document.createTextNode(" “" + row.rendering + "”"));
      evidence.push(rendered);
    }
    if (row.saidBy) {
      evidence.push(element("p", fill(messages.saidBy, { person: row.saidBy }), { class: "attributed" }));
    }
    tr.appendChild(cell(evidence));
    var sourceUrl = row.urls.source.replace("{id}", row.source[0]);
    tr.appendChild(cell([
      element("a", row.source[1], { href: sourceUrl + "#" + row.sentences[0], lang: row.source[2] }),
      document.createTextNode(" "),
      element("span", "(" + row.sentences.join(", ") + ")", { class: "sentence-id" })
    ]));
    var label = statusOrder[row.status] ? statusOrder[row.status].label : row.status;
    var status = [element("span", label, { class: "status status-" + row.status })];
    if (row.notes) status.push(element("p", row.notes, { class: "notes" }));
    tr.appendChild(cell(status));
    var review = [document.createTextNode(row.reviewer), element("br"),
                  element("time", row.date, { datetime: row.reviewed })];
    if (row.due) review.push(element("br"), element("span", messages.due, { class: "due" }));
    tr.appendChild(cell(review));
    var cited = [];
    row.cited.forEach(function (page, index) {
      if (index) cited.push(element("br"));
      cited.push(element("a", page[1], { href: page[0] }));
    });
    tr.appendChild(cell(cited.length ? cited : [document.createTextNode(messages.citedNone)]));
    return (row.tr = tr);
  }

  function count(status, value) {
    var node = table.querySelector('.count[data-status="' + status + '"] strong');
    if (node) node.textContent = numbers.format(value);
  }

  // The buttons that place more rows, after the table: made here, since without the script
  // there is nothing for them to do.
  var more = element("p", null, { class: "more-rows" });
  var next = element("button", null, { type: "button" });
  var all = element("button", null, { type: "button" });
  more.appendChild(next);
  more.appendChild(all);
  more.hidden = true;  // until the data has come
  table.parentNode.parentNode.insertBefore(more, table.parentNode.nextSibling);

  // The view in the table: the rows matching the filters, in their order; how many of them
  // are placed, and how many the reader asked for (printing places them all, for the print
  // only); the filter values that name nothing; and the address it was made for.
  var view = { listed: [], placed: 0, asked: 0, unknown: [], address: null, missing: "" };

  // The status line and the buttons say where the view stands.
  function announce() {
    var left = view.listed.length - view.placed;
    more.hidden = left <= 0;
    all.hidden = left <= PAGE;  // it would place what "Show the next" places
    next.textContent = fill(messages.more, { count: Math.min(PAGE, left) });
    all.textContent = fill(messages.all, { count: view.listed.length });
    if (view.unknown.length) {
      say(view.unknown.map(function (u) { return fill(messages.unknown, u); }).join(" "));
    } else if (!view.listed.length) {
      say(messages.none);
    } else {
      var values = { shown: view.placed, matching: view.listed.length, total: rows.length };
      say(fill(left > 0 ? messages.partial : messages.shown, values));
    }
    var said = [shown.textContent];
    if (view.missing) said.push(view.missing);
    if (sort.key) {  // aria-sort on the header is not announced when it changes
      var column = table.querySelector('th[data-sort="' + sort.key + '"]').textContent.trim();
      said.push(fill(sort.dir === "desc" ? messages.sortedDesc : messages.sortedAsc, { column: column }));
    }
    // One sentence after another: a message without a stop of its own gets one.
    say(said.map(function (text, i) {
      return i < said.length - 1 && !/[.!?…:]$/.test(text) ? text + "." : text;
    }).join(" "));
  }

  // Places the view's rows up to `end`; returns the first row placed, if any.
  function place(end) {
    end = Math.min(end, view.listed.length);
    if (end <= view.placed) return null;
    var fragment = document.createDocumentFragment();
    view.listed.slice(view.placed, end).forEach(function (row) {
      fragment.appendChild(rowElement(row));
    });
    var first = fragment.firstChild;
    body.appendChild(fragment);
    view.placed = end;
    announce();
    return first;
  }

  // Rows the reader asks for: the first new row's link takes the focus, so that the keyboard
  // goes on from where the table grew.
  function placeAsked(end) {
    var first = place(end);
    view.asked = view.placed;
    if (first) first.querySelector("a").focus();
  }

  next.addEventListener("click", function () { placeAsked(view.placed + PAGE); });
  all.addEventListener("click", function () {
    // Thousands of rows take seconds to lay out: the reader is told first.
    var listed = view.listed;
    say(fill(messages.placing, { count: listed.length }));
    window.requestAnimationFrame(function () {
      window.setTimeout(function () {
        if (view.listed === listed) placeAsked(listed.length);
      }, 0);
    });
  });
  window.addEventListener("beforeprint", function () { place(view.listed.length); });

  // The reader's place, kept in the history entry: Back, or a return from a claim's page,
  // finds as many rows placed and the page where it was. The browser cannot do it, since the
  // rows come after the page.
  window.history.scrollRestoration = "manual";
  function keepPlace(leaving) {
    // Before the data comes, a place is kept only when the reader leaves the entry: kept on
    // the way, it would be taken for a return to this page. Nor is it for an address naming
    // a row, which the return shows (a place in the page's first rows is none in the view).
    if (view.address === null && (!leaving || /^#claim-/.test(window.location.hash))) return;
    var kept = { placed: view.asked, scrollY: window.scrollY, focus: null };
    var row = document.activeElement && document.activeElement.closest("tbody tr");
    var link = row ? Array.prototype.indexOf.call(row.querySelectorAll("a"), document.activeElement) : -1;
    if (link >= 0 && body.contains(row)) kept.focus = [row.id, link];  // the link followed
    window.history.replaceState(kept, "");
  }
  var scrolled = null;
  window.addEventListener("scroll", function () {
    window.clearTimeout(scrolled);
    scrolled = window.setTimeout(function () { keepPlace(false); }, 200);
  }, { passive: true });
  window.addEventListener("pagehide", function () { keepPlace(true); });

  // Back to a place kept: the rows and the page as the reader left them.
  function returnTo(kept) {
    view.asked = Math.max(view.asked, kept.placed);
    place(view.asked);
    target(named(window.location.hash));
    var row = kept.focus && document.getElementById(kept.focus[0]);
    var link = row && body.contains(row) && row.querySelectorAll("a")[kept.focus[1]];
    var free = !document.activeElement || document.activeElement === document.body;
    if (link && free) link.focus({ preventScroll: true });  // unless the reader moved it
    window.scrollTo(0, kept.scrollY);
  }

  // The placed row an address's #claim-… names (placing the view up to it), or null. A claim
  // named but not in the view is said, with the count.
  function named(hash) {
    var said = view.missing;
    view.missing = "";
    var id = "";
    try {
      id = decodeURIComponent(hash.slice(1));
    } catch (malformed) {}  // names nothing
    var index = view.listed.findIndex(function (row) { return "claim-" + row.id === id; });
    if (index < 0 && id.indexOf("claim-") === 0 && id.length > "claim-".length) {
      var claim = id.slice("claim-".length);
      var known = rows.some(function (row) { return row.id === claim; });
      view.missing = fill(known ? messages.notShown : messages.noClaim, { id: claim });
    }
    if (view.missing !== said) announce();
    if (index < 0) return null;
    place(Math.ceil((index + 1) / PAGE) * PAGE);
    view.asked = Math.max(view.asked, view.placed);
    return view.listed[index].tr;
  }

  // An address naming a row, newly followed: its row is marked, scrolled to and focused.
  // (The browser looked for it before the script had placed it.)
  function reveal() {
    var tr = named(window.location.hash);
    target(tr);
    if (tr) {
      tr.tabIndex = -1;
      tr.focus({ preventScroll: true });
      // At once, here and in table.css: a smooth jump down thousands of rows takes seconds,
      // and the browser's own, after this one, carried on past the row.
      tr.scrollIntoView({ behavior: "instant" });
    }
    keepPlace();
  }

  // The row the address names is marked by a class rather than by :target, which stays on a
  // row once the address moves on without a navigation (history.replaceState).
  var targeted = null;
  function target(tr) {
    if (targeted) targeted.classList.remove("targeted");
    targeted = tr;
    if (tr) tr.classList.add("targeted");
  }

  // The order is on its column's header (and its arrow).
  function showSort() {
    Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (th) {
      if (th.dataset.sort === sort.key) {
        th.setAttribute("aria-sort", sort.dir === "desc" ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  // Shows the view of `state` with its first rows.
  function render(state) {
    var unknown = unknownValues(state);
    var matching = unknown.length ? [] : rows.filter(function (row) { return matches(row, state, []); });
    // The counts per status are those of the other filters: what choosing a status would show.
    var counts = { due: 0 };
    Object.keys(statusOrder).forEach(function (status) { counts[status] = 0; });
    if (!unknown.length) {
      rows.forEach(function (row) {
        if (matches(row, state, ["status", "due"])) {
          counts[row.status] = (counts[row.status] || 0) + 1;
          if (row.due) counts.due += 1;
        }
      });
    }
    Object.keys(counts).forEach(function (status) { count(status, counts[status]); });
    showSort();
    view = {
      listed: ordered(matching), placed: 0, asked: PAGE, unknown: unknown, address: address(state),
      missing: ""
    };
    body.replaceChildren();
    table.classList.add("scripted");  // from now on the script marks the row the address names
    table.classList.remove("pending");
    target(null);
    place(PAGE);
    announce();  // for a view with no row, which places none
  }

  // Says whether the address changed.
  function changed(push, name) {
    if (failed) return false;  // a key or reset just before the failure: nothing to apply
    if (name !== "q") searching = false;
    if (view.address === null) {  // the data is not here yet: the choice is applied when it is
      touched[name] = true;
      showPending(readControls());
      return false;
    }
    var state = readControls();
    var moved = remember(state, push, false);
    showControls(state);
    render(state);
    keepPlace();
    return moved;
  }

  Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (th) {
    var button = element("button", null, { type: "button", class: "sort" });
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    button.addEventListener("click", function () {
      var key = th.dataset.sort;
      sort.dir = sort.key === key && sort.dir === "asc" ? "desc" : "asc";
      sort.key = key;
      showSort();  // at once, the data here or not
      changed(true, "sort");
    });
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("change", function (event) {
    if (event.target.name !== "q") changed(true, event.target.name);
  });
  // A search's first edit makes a step of its own for Back; its next keystrokes replace it.
  var typing = null;
  var searching = false;
  field("q").addEventListener("input", function () {
    if (view.address === null) touched.q = true;  // the data may come before the pause ends
    window.clearTimeout(typing);
    typing = window.setTimeout(function () {
      if (changed(!searching, "q")) searching = true;
    }, 150);
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () {
      sort.key = "";
      showSort();
      FILTERS.forEach(function (name) { touched[name] = true; });
      changed(true, "sort");
    }, 0);
  });
  // Back and Forward return to a place kept; a link within the page (#claim-…, #main) makes
  // a new entry, with no place kept yet.
  window.addEventListener("popstate", function (event) {
    window.clearTimeout(typing);  // a key pressed just before was for the view left
    var state = readAddress();
    if (view.address === null) {  // the data is not here yet, or failed to come
      // A link within the page (the skip link) is a step of its own, to the same view.
      if (!failed && address(state) !== shownAddress) {
        touched = {};  // the reader went to another view: the address's, not their choices
        showAsked(state);
      }
      return;
    }
    searching = false;
    if (address(state) !== view.address) {
      showControls(state);
      render(state);
    }
    if (event.state) returnTo(event.state);
    else reveal();
  });

  // The controls say the view the address asks for from the start, so that a shared address
  // says what it shows while the data comes. The page's own first rows are not that view:
  // they are hidden meanwhile (table.css), keeping their place, so that nothing moves.
  var shownAddress = null;
  var failed = false;
  function showAsked(state) {
    shownAddress = address(state);
    showControls(state);
    showSort();
    showPending(state);
  }
  // The first rows wait hidden while the controls ask for another view than theirs.
  function showPending(state) {
    var other = Boolean(state.sort) || FILTERS.some(function (name) { return state[name]; });
    table.classList.toggle("pending", other);
  }
  showAsked(readAddress());

  say(messages.loading);
  fetch(form.dataset.src).then(function (response) {
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }).then(function (data) {
    rows = decode(data);
    offerChoices();
    if (switchWhenLoaded()) return;  // no view to show, nor a step of history to add
    var state = readAddress();
    var addressed = state.q;
    var chosen = readControls();
    Object.keys(touched).forEach(function (name) {
      if (name === "sort") {
        state.sort = chosen.sort;
        state.dir = chosen.dir;
      } else {
        state[name] = chosen[name];
      }
    });
    var kept = window.history.state;  // a reload, or a return to this page
    // The view is the one the address asks for, unless the reader chose another meanwhile
    // (a choice undone, a search typed and erased, is none).
    var asked = address(state) === address(readAddress());
    // A view changed while the data came is a step of its own, and a search typed meanwhile
    // goes on in that step (not one typed and erased).
    var moved = remember(state, !asked, asked);
    searching = moved && state.q !== addressed;
    showControls(state);
    render(state);
    if (asked && kept) returnTo(kept);
    else if (asked) reveal();
    else keepPlace();
  }).catch(function () {
    failed = true;
    switchWhenLoaded();
    window.clearTimeout(typing);
    // Nothing can be filtered or sorted: the controls stay as the address or the reader set
    // them, disabled, and the page's own first rows come back, as the status line says.
    var sorts = table.querySelectorAll("th .sort");
    var focused = document.activeElement;
    var wasOnControl = form.contains(focused) || Array.prototype.indexOf.call(sorts, focused) >= 0;
    Array.prototype.forEach.call(form.elements, function (control) { control.disabled = true; });
    Array.prototype.forEach.call(sorts, function (button) { button.disabled = true; });
    sort.key = "";
    showSort();
    table.classList.remove("pending");
    var filtered = FILTERS.some(function (name) { return field(name).value; });
    say(filtered ? messages.failedView : messages.failed);
    // A disabled control loses the focus to the page's start: it goes to the line saying why.
    if (wasOnControl) {
      shown.tabIndex = -1;
      shown.focus();
    }
  });
})();
