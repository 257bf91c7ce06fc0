/* Citation cards: hovering, focusing or tapping a marker [n] shows the claim it cites, taken from
   the list of cited claims at the end of the same page. Without this script each marker is a
   plain link to that list, so nothing here is needed to read or check a page. */
(function () {
  "use strict";

  // Scrolls only the navigation line sideways (scrollIntoView could move the page too).
  var here = document.querySelector(".site-header nav [aria-current]");
  var line = here && here.closest("ul");
  if (line && line.scrollWidth > line.clientWidth) {
    var offset = here.getBoundingClientRect().left - line.getBoundingClientRect().left;
    var room = line.clientWidth - here.offsetWidth;
    if (offset < 0 || offset > room) line.scrollLeft += offset - Math.max(16, room / 2);
  }

  // The switch keeps the table's filters (but a citing page's address) and the place on the page.
  var other = document.querySelector("a.lang-switch");
  if (other) {
    var to = other.getAttribute("href");
    var follow = function () {
      var url = new URL(to, location.href);
      url.search = location.search;
      if (url.searchParams.get("page") !== "none") url.searchParams.delete("page");
      url.hash = location.hash;
      other.href = url.href;
    };
    ["click", "auxclick", "contextmenu", "focus", "mouseover"].forEach(function (e) {
      other.addEventListener(e, follow);
    });
  }

  var markers = document.querySelectorAll(".cite a[data-claim]");
  if (!markers.length || !document.querySelector(".cited-claims")) return;

  var card = document.createElement("div");
  card.className = "cite-card";
  card.id = "cite-card";
  card.setAttribute("role", "group");
  card.hidden = true;

  var current = null; // the marker whose card is open
  var mode = null; // how it was opened: "hover", "focus" or "pin" (a click or a tap)
  var hideTimer = 0;
  var returning = false; // focus is going back to a marker whose card was just dismissed
  var pressing = false; // a finger or button is down on a marker: its click opens the card
  var narrow = window.matchMedia("(max-width: 40em)");

  function item(marker) {
    return document.getElementById("claim-" + marker.getAttribute("data-claim"));
  }

  function fill(marker) {
    var li = item(marker);
    card.textContent = "";
    Array.prototype.forEach.call(li.children, function (child) {
      if (!child.classList.contains("claim-links")) card.appendChild(child.cloneNode(true));
    });
    var link = li.querySelector("a.to-source");
    if (link) {
      var p = document.createElement("p");
      p.className = "claim-links";
      p.appendChild(link.cloneNode(true));
      card.appendChild(p);
    }
    card.setAttribute("aria-label", marker.getAttribute("aria-label") || marker.textContent);
  }

  function place(marker) {
    card.style.left = "";
    card.style.top = "";
    if (narrow.matches) return; // a fixed sheet along the bottom, set by the stylesheet
    var box = marker.getBoundingClientRect();
    var width = card.offsetWidth;
    var room = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(box.left - 16, room - width - 8));
    // Below the marker, or above it when the window has no room below and enough above.
    var below = box.bottom + 6;
    var above = box.top - 6 - card.offsetHeight;
    var top = below + card.offsetHeight > window.innerHeight && above >= 0 ? above : below;
    card.style.left = left + window.scrollX + "px";
    card.style.top = top + window.scrollY + "px";
  }

  function open(marker, how) {
    clearTimeout(hideTimer);
    if (current !== marker) {
      if (current) close();
      if (!item(marker)) return;
      fill(marker);
      // Right after the marker, so that Tab moves from the marker into the card's link.
      marker.parentNode.insertAdjacentElement("afterend", card);
      card.hidden = false;
      current = marker;
      marker.setAttribute("aria-expanded", "true");
      place(marker);
    }
    if (mode !== "pin") mode = how;
  }

  function close() {
    clearTimeout(hideTimer);
    if (!current) return;
    current.setAttribute("aria-expanded", "false");
    card.hidden = true;
    current = null;
    mode = null;
  }

  function closeSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(close, 300);
  }

  function inside(node) {
    return !!node && (card.contains(node) || (current && current.contains(node)));
  }

  Array.prototype.forEach.call(markers, function (marker) {
    marker.setAttribute("aria-expanded", "false");
    marker.setAttribute("aria-controls", "cite-card");
    marker.addEventListener("pointerenter", function (event) {
      if (event.pointerType === "mouse") open(marker, "hover");
    });
    marker.addEventListener("pointerleave", function (event) {
      if (event.pointerType === "mouse" && mode === "hover") closeSoon();
    });
    // A tap focuses the marker before its click: opening then would put the card under
    // the finger, and the click would land on the card. So pointers open cards by click.
    marker.addEventListener("pointerdown", function () {
      pressing = true;
    });
    marker.addEventListener("focus", function () {
      if (!returning && !pressing) open(marker, "focus");
    });
    marker.addEventListener("click", function (event) {
      event.preventDefault();
      pressing = false;
      if (current === marker && mode === "pin") {
        close();
        return;
      }
      open(marker, "pin");
      mode = "pin";
    });
  });

  card.addEventListener("pointerenter", function () {
    clearTimeout(hideTimer);
  });
  card.addEventListener("pointerleave", function (event) {
    if (event.pointerType === "mouse" && mode === "hover") closeSoon();
  });
  document.addEventListener("focusout", function (event) {
    if (current && inside(event.target) && !inside(event.relatedTarget) && mode !== "hover") {
      close();
    }
  });
  document.addEventListener("click", function (event) {
    if (current && !inside(event.target)) close();
  });
  document.addEventListener("keydown", function (event) {
    pressing = false; // the next focus comes from the keyboard
    if (event.key !== "Escape" || !current) return;
    var marker = current;
    var focusWasInCard = card.contains(document.activeElement);
    close();
    if (focusWasInCard) {
      returning = true;
      marker.focus({ preventScroll: true });
      returning = false;
    }
  });
  window.addEventListener("resize", function () {
    if (current) place(current);
  });
})();
