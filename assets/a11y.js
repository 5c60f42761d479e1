/* Accessibility repairs for third-party components, applied as they appear:
 * - dcc.Dropdown (Dash 4) puts keyboard focus on an input marked aria-hidden, so a
 *   screen reader announces nothing: give that input the combobox's role and name.
 * - dbc.Offcanvas renders a dialog without an accessible name: name it by its title.
 * - dbc.Tabs points each tab's aria-controls at a panel id that does not exist:
 *   link every tab to its panel, and each panel back to its tab.
 * - The page re-renders when the detail panel opens or closes, so the button that
 *   opened it is a new element by then: give focus back to its successor.
 * - The document's language follows the page's (zh-CN or en), for screen readers
 *   and for the choice of fonts. */
(function () {
  "use strict";

  function repairDropdown(input) {
    var button = input.parentElement &&
      input.parentElement.querySelector("button.dash-dropdown");
    if (!button) { return; }
    input.removeAttribute("aria-hidden");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-haspopup", "listbox");
    input.setAttribute("aria-labelledby",
      button.getAttribute("aria-labelledby") || button.id);
    input.setAttribute("aria-expanded", button.getAttribute("aria-expanded") || "false");
    if (!button.dataset.a11yWatched) {
      button.dataset.a11yWatched = "1";
      new MutationObserver(function () {
        input.setAttribute("aria-expanded",
          button.getAttribute("aria-expanded") || "false");
      }).observe(button, { attributes: true, attributeFilter: ["aria-expanded"] });
    }
  }

  function nameDialog(dialog) {
    var title = dialog.querySelector(".offcanvas-title");
    if (!title) { return; }
    if (!title.id) { title.id = dialog.id + "-title"; }
    dialog.setAttribute("aria-labelledby", title.id);
  }

  function linkTabs(list) {
    var content = list.nextElementSibling;
    if (!content || !content.classList.contains("tab-content")) { return; }
    var tabs = list.querySelectorAll("[role=tab]");
    var panes = content.querySelectorAll(":scope > .tab-pane");
    tabs.forEach(function (tab, index) {
      var pane = panes[index];
      if (!pane) { return; }
      var base = (list.id || "tabs") + "-" + index;
      if (!tab.id) { tab.id = base + "-tab"; }
      if (!pane.id || pane.id.indexOf("null") >= 0) { pane.id = base + "-panel"; }
      tab.setAttribute("aria-controls", pane.id);
      pane.setAttribute("role", "tabpanel");
      pane.setAttribute("aria-labelledby", tab.id);
    });
  }

  // A piece of the report that opens a fact is a span with role=button (so its
  // text wraps like the text around it): Enter and Space press it, as a button.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target.matches &&
        target.matches(".fact-mark[role=button]")) {
      event.preventDefault();
      target.click();
    }
  });

  var opener = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".fact-button, .fact-link, .fact-mark");
    if (button && button.id && !button.closest(".detail-panel")) { opener = button.id; }
  }, true);

  // Keep giving focus back for a moment: the page may re-render (and replace the
  // button again) after the panel has closed. Never take focus from elsewhere.
  function returnFocus() {
    if (!opener) { return; }
    var wanted = opener;
    var tries = 0;
    var timer = window.setInterval(function () {
      var element = document.getElementById(wanted);
      var active = document.activeElement;
      var lost = !active || active === document.body;
      if (element && lost && !document.querySelector(".detail-panel.show")) {
        element.focus();
      }
      tries += 1;
      if (tries > 60) { window.clearInterval(timer); }
    }, 50);
  }

  var panelWasOpen = false;
  function watchPanel() {
    var open = document.querySelector(".detail-panel.show") !== null;
    if (panelWasOpen && !open) { returnFocus(); }
    panelWasOpen = open;
  }

  function followLanguage() {
    var page = document.querySelector("#page > [lang]");
    var lang = page && page.getAttribute("lang");
    if (lang && document.documentElement.lang !== lang) {
      document.documentElement.lang = lang;
    }
  }

  // The tab's title follows the page and its language: "page · dashboard".
  function followTitle() {
    var brand = document.getElementById("nav-brand");
    var heading = document.querySelector("#page h1");
    var parts = [heading, brand]
      .map(function (node) { return node ? node.textContent.trim() : ""; })
      .filter(function (text, index, all) {
        return text && all.indexOf(text) === index;
      });
    // A report's overview is headed with the report's title, which the brand
    // already names ("政府工作报告 · 统计看板"): the tab says it once.
    if (parts.length === 2 && parts[1].indexOf(parts[0]) === 0) {
      parts = [parts[1]];
    }
    var title = parts.join(" · ");
    if (title && document.title !== title) { document.title = title; }
  }

  function repair() {
    followLanguage();
    followTitle();
    watchPanel();
    document.querySelectorAll("[role=tablist]").forEach(linkTabs);
    document.querySelectorAll(".dash-dropdown-focus-target[aria-hidden]")
      .forEach(repairDropdown);
    document.querySelectorAll(".offcanvas[role=dialog]:not([aria-labelledby])")
      .forEach(nameDialog);
  }

  var scheduled = false;
  new MutationObserver(function () {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; repair(); });
  }).observe(document.documentElement,
    { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
}());
