/* Remember the colour scheme: a choice made with the navigation bar's switch is
 * kept in this browser, and an address without ?mode= opens in the remembered one.
 * Runs before the dashboard reads the address. */
(function () {
  "use strict";
  var KEY = "campaign-dashboard-mode";

  function modeOf(search) {
    var match = /[?&]mode=(light|dark)(&|$)/.exec(search);
    return match ? match[1] : null;
  }

  try {
    var asked = modeOf(window.location.search);
    var remembered = window.localStorage.getItem(KEY);
    if (asked) {
      window.localStorage.setItem(KEY, asked);
    } else if (remembered === "dark") {
      var search = window.location.search ? window.location.search + "&mode=dark"
        : "?mode=dark";
      window.history.replaceState(window.history.state, "",
        window.location.pathname + search + window.location.hash);
    }
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a.mode-link");
      if (link) {
        window.localStorage.setItem(KEY, modeOf(link.search) || "light");
      }
    }, true);
  } catch (error) {
    /* storage disabled: the scheme still follows the address */
  }

  // The scheme is set on the app's root; panels and menus open outside it, at the
  // end of <body>: mirror the scheme onto <html> so they follow too.
  function mirror() {
    var root = document.getElementById("app-root");
    var mode = root && root.getAttribute("data-bs-theme");
    if (mode && document.documentElement.getAttribute("data-bs-theme") !== mode) {
      document.documentElement.setAttribute("data-bs-theme", mode);
    }
  }
  new MutationObserver(mirror).observe(document.documentElement,
    { attributes: true, subtree: true, attributeFilter: ["data-bs-theme"] });
}());
