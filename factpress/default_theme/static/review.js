// The reviewer table: filter by status, source and page, and sort by review date.
// Without this script every row shows, in source order; the controls stay hidden.
// The table comes in pages, each light: the first filter or sort fetches the other pages and
// gathers their rows here; the choices of source and page are then those of all the rows.
(function () {
  "use strict";
  var form = document.querySelector("form.claim-filters");
  var table = document.querySelector("table.claims-table");
  if (!form || !table) return;
  var list = function (items) { return Array.prototype.slice.call(items); };
  var field = function (name) { return form.elements.namedItem(name); };
  var body = table.tBodies[0];
  var rows = list(body.rows);
  var original = rows.slice();
  var sortButton = field("sort");
  var dateHeader = table.querySelector("th[aria-sort]");
  var lang = document.documentElement.lang;
  var current = Number(table.dataset.tablePage);
  var count = Number(table.dataset.tableCount);

  // The rule of claims_page_url in factpress/urls.py.
  function tablePageUrl(number) {
    return "/" + lang + "/claims/" + (number > 1 ? "page/" + number + "/" : "");
  }

  function matches(row) {
    var status = field("status").value;
    var source = field("source").value;
    var page = field("page").value;
    if (status === "due" ? !row.hasAttribute("data-due") : status && row.dataset.status !== status) return false;
    if (source && row.dataset.source !== source) return false;
    if (page && row.dataset.pages.split(" ").indexOf(page) === -1) return false;
    return true;
  }

  // Every source and citing page of the rows, by title, after "All" and before "Not cited".
  // The columns: claim, source sentence, source, status, reviewed, cited on.
  function offerChoices() {
    var titles = { source: {}, page: {} };
    rows.forEach(function (row) {
      titles.source[row.dataset.source] = row.cells[2].querySelector("a").textContent;
      list(row.cells[5].querySelectorAll("a")).forEach(function (link) {
        titles.page[link.getAttribute("href")] = link.textContent;
      });
    });
    ["source", "page"].forEach(function (name) {
      var select = field(name);
      var chosen = select.value;
      var named = titles[name];
      list(select.querySelectorAll("[data-named]")).forEach(function (old) { old.remove(); });
      Object.keys(named).sort(function (a, b) {
        return named[a].localeCompare(named[b], lang);
      }).forEach(function (value) {
        var option = new Option(named[value], value);
        option.setAttribute("data-named", "");
        select.insertBefore(option, select.querySelector("[value=none]"));
      });
      select.value = chosen;
    });
  }

  var gathered = null;

  function gather() {
    if (gathered) return gathered;
    var others = [];
    for (var n = 1; n <= count; n += 1) if (n !== current) others.push(n);
    gathered = Promise.all(others.map(function (number) {
      return fetch(tablePageUrl(number)).then(function (response) {
        if (!response.ok) throw new Error(response.url);
        return response.text();
      });
    })).then(function (pages) {
      var parser = new DOMParser();
      var first = original[0];
      pages.forEach(function (html, index) {
        var other = parser.parseFromString(html, "text/html").querySelector("table.claims-table");
        // The rows of the pages before this one go above its own: all in the table's order.
        list(other ? other.tBodies[0].rows : []).forEach(function (row) {
          body.insertBefore(document.importNode(row, true), others[index] < current ? first : null);
        });
      });
      rows = list(body.rows);
      original = rows.slice();
      offerChoices();
      var nav = document.querySelector("nav.table-pages");
      if (nav) nav.hidden = true;
    }, function () { gathered = null; });
    return gathered;
  }

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = matches(row);
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    field("shown").value = shown + " / " + rows.length;
  }

  function sort() {
    var newest = sortButton.getAttribute("aria-pressed") !== "true";
    sortButton.setAttribute("aria-pressed", String(newest));
    dateHeader.setAttribute("aria-sort", newest ? "descending" : "none");
    var ordered = newest
      ? rows.slice().sort(function (a, b) {
          return b.dataset.reviewed.localeCompare(a.dataset.reviewed);
        })
      : original;
    ordered.forEach(function (row) { body.appendChild(row); });
  }

  // A reviewer who goes to the choice of source or page needs the choices of every page.
  field("source").addEventListener("focus", gather);
  field("page").addEventListener("focus", gather);
  form.addEventListener("change", function () { gather().then(apply); });
  sortButton.addEventListener("click", function () { gather().then(sort); });
  offerChoices();
  form.hidden = false;
  apply();
})();
