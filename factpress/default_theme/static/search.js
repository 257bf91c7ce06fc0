// Every page has it, within 50 KB: the search itself (search-ui.js) loads on first use.
(function () {
  var link = document.querySelector("a.search-link");
  if (!link || !window.HTMLDialogElement) return;
  var ui = null;
  function open(event) {
    event.preventDefault();
    ui = ui || import("/static/search-ui.js");
    ui.then(function (m) { return m.open(); }).catch(function () { ui = null; });
  }
  link.setAttribute("role", "button");
  link.setAttribute("aria-keyshortcuts", "/");
  link.onclick = open;
  link.onkeydown = function (e) { if (e.key === " ") open(e); };
  document.addEventListener("keydown", function (e) {
    var t = e.target;  // "/" opens it, unless typing in a field
    if (e.key === "/" && !(e.ctrlKey || e.metaKey || e.altKey || t.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || document.querySelector("dialog[open]"))) open(e);
  });
})();
