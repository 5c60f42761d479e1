/* Printing: each printed page carries the title and the print date at its top and
 * the source at its foot. Chromium draws them in the page's margins (the @page
 * margin boxes of dashboard.css), which can read them only from properties of the
 * root element: copy them there from the print header and footer elements, which
 * the dashboard fills in the page's language. Browsers without margin boxes print
 * the elements themselves. */
(function () {
  "use strict";
  var COPIES = [["print-header", "--print-header"], ["print-footer", "--print-footer"]];

  function cssString(text) {
    return JSON.stringify(text.replace(/\s+/g, " ").trim());
  }

  function copy() {
    var root = document.documentElement;
    COPIES.forEach(function (pair) {
      var element = document.getElementById(pair[0]);
      var value = cssString(element ? element.textContent : "");
      if (root.style.getPropertyValue(pair[1]) !== value) {
        root.style.setProperty(pair[1], value);
      }
    });
  }

  if (typeof window.CSSMarginRule !== "undefined") {
    document.documentElement.classList.add("print-margin-boxes");
  }
  new MutationObserver(copy).observe(document.documentElement,
    { childList: true, subtree: true, characterData: true });
  window.addEventListener("beforeprint", copy);

  // A folded part (<details>) prints unfolded: paper cannot be clicked open.
  // Those opened for printing fold again afterwards.
  var unfolded = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (part) {
      part.open = true;
      unfolded.push(part);
    });
  });
  window.addEventListener("afterprint", function () {
    unfolded.forEach(function (part) { part.open = false; });
    unfolded = [];
  });
}());
