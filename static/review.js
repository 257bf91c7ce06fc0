// The reviewer table: filter by status, source and page, and sort by review date.
// Without this script every row shows, in source order; the controls stay hidden.
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

  form.addEventListener("change", apply);
  sortButton.addEventListener("click", sort);
  form.hidden = false;
  apply();
})();
