// The reviewer table: filter by status, source and page, and sort by review date.
// Without this script every row shows, in source order; the controls stay hidden.
// The table comes in pages (each page stays light); the first filter or sort fetches the other
// pages of the table from this same site and gathers all their rows here.
(function () {
  "use strict";
  var form = document.querySelector("form.claim-filters");
  var table = document.querySelector("table.claims-table");
  if (!form || !table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var original = rows.slice();
  var sortButton = form.elements.namedItem("sort");
  var dateHeader = table.querySelector("th[aria-sort]");

  function matches(row) {
    var status = form.elements.namedItem("status").value;
    var source = form.elements.namedItem("source").value;
    var page = form.elements.namedItem("page").value;
    if (status === "due" ? !row.hasAttribute("data-due") : status && row.dataset.status !== status) return false;
    if (source && row.dataset.source !== source) return false;
    if (page && row.dataset.pages.split(" ").indexOf(page) === -1) return false;
    return true;
  }

  var others = (table.dataset.tablePages || "").split(" ").filter(function (url, index) {
    return url && index + 1 !== Number(table.dataset.tablePage);
  });
  var gathered = null;

  function gather() {
    if (gathered) return gathered;
    var parser = new DOMParser();
    gathered = Promise.all(others.map(function (url) {
      return fetch(url).then(function (response) { return response.text(); });
    })).then(function (pages) {
      pages.forEach(function (html) {
        var other = parser.parseFromString(html, "text/html").querySelector("table.claims-table");
        Array.prototype.forEach.call(other ? other.tBodies[0].rows : [], function (row) {
          body.appendChild(document.importNode(row, true));
        });
      });
      rows = Array.prototype.slice.call(body.rows);
      original = rows.slice();
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
    form.elements.namedItem("shown").value = shown + " / " + rows.length;
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

  form.addEventListener("change", function () { gather().then(apply); });
  sortButton.addEventListener("click", function () { gather().then(sort); });
  form.hidden = false;
  apply();
})();
