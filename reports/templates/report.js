// Progressive niceties of the HTML report; the page is complete and usable without this script.
(function () {
  "use strict";
  // Print every collapsed <details> open (Chromium also does it in CSS), and close them again afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) {
      d.open = false;
    });
    opened = [];
  });
  // Show the requirements of one status group only.
  var bar = document.getElementById("filter");
  if (!bar) {
    return;
  }
  bar.hidden = false;
  bar.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-show]");
    if (!button) {
      return;
    }
    document.body.setAttribute("data-show", button.getAttribute("data-show"));
    bar.querySelectorAll("button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b === button));
    });
  });
})();
