/* Presentation mode (/present): keyboard, clicker and mouse navigation between the
 * slides that the server rendered once. No server round trip per slide; the slide
 * number follows in the address (?slide=N) so a deck can be opened at a slide.
 * Moving the mouse shows the controls in their bar below the slides for a while. */
(function () {
  "use strict";

  var KEYS = {
    ArrowRight: "next", PageDown: "next", " ": "next", Spacebar: "next",
    ArrowLeft: "previous", PageUp: "previous",
    Home: "first", End: "last",
    f: "fullscreen", F: "fullscreen",
    Escape: "exit"
  };
  var HIDE_CONTROLS_AFTER = 2500; // ms without mouse movement
  var current = { deck: null, index: 0, kiosk: null, hide: null };

  function slides() {
    return current.deck ? current.deck.querySelectorAll(".slide") : [];
  }

  function withSlide(search, number) {
    var parts = search.replace(/^\?/, "").split("&").filter(function (part) {
      return part && part.split("=")[0] !== "slide";
    });
    parts.push("slide=" + number);
    return "?" + parts.join("&");
  }

  function show(index) {
    var all = slides();
    if (!all.length) { return; }
    index = Math.max(0, Math.min(all.length - 1, index));
    current.index = index;
    for (var i = 0; i < all.length; i += 1) {
      all[i].classList.toggle("active", i === index);
      all[i].setAttribute("aria-hidden", i === index ? "false" : "true");
    }
    var counter = current.deck.querySelector(".deck-counter");
    if (counter) { counter.textContent = (index + 1) + " / " + all.length; }
    var progress = current.deck.querySelector(".deck-progress");
    if (progress) { progress.setAttribute("aria-valuenow", String(index + 1)); }
    var bar = current.deck.querySelector(".deck-progress-bar");
    if (bar) { bar.style.width = (100 * (index + 1) / all.length) + "%"; }
    window.history.replaceState(window.history.state, "",
      window.location.pathname + withSlide(window.location.search, index + 1) +
      window.location.hash);
  }

  function leave() {
    var target = current.deck.getAttribute("data-exit") || "/";
    stop();
    window.history.pushState({}, "", target);
    window.dispatchEvent(new PopStateEvent("popstate", { state: {} }));
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (current.deck.requestFullscreen) {
      current.deck.requestFullscreen().catch(function () { /* refused: stay */ });
    }
  }

  var ACTIONS = {
    next: function () { show(current.index + 1); },
    previous: function () { show(current.index - 1); },
    first: function () { show(0); },
    last: function () { show(slides().length - 1); },
    fullscreen: toggleFullscreen,
    exit: function () {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { leave(); }
    }
  };

  function active() {
    return current.deck && document.body.contains(current.deck);
  }

  document.addEventListener("keydown", function (event) {
    if (!active() || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var action = KEYS[event.key];
    if (!action) { return; }
    event.preventDefault();
    ACTIONS[action]();
  });

  document.addEventListener("click", function (event) {
    if (!active()) { return; }
    var button = event.target.closest("[data-action]");
    if (button && current.deck.contains(button)) {
      ACTIONS[button.getAttribute("data-action")]();
    }
  });

  document.addEventListener("mousemove", function () {
    if (!active()) { return; }
    current.deck.classList.add("show-controls");
    window.clearTimeout(current.hide);
    current.hide = window.setTimeout(function () {
      if (current.deck) { current.deck.classList.remove("show-controls"); }
    }, HIDE_CONTROLS_AFTER);
  });

  function stop() {
    window.clearInterval(current.kiosk);
    window.clearTimeout(current.hide);
    current.kiosk = null;
  }

  function start(deck) {
    stop();
    current.deck = deck;
    if (!deck) { return; }
    show(parseInt(deck.getAttribute("data-start"), 10) - 1 || 0);
    var seconds = parseInt(deck.getAttribute("data-kiosk"), 10) || 0;
    if (seconds > 0) {
      current.kiosk = window.setInterval(function () {
        show((current.index + 1) % slides().length);
      }, seconds * 1000);
    }
    deck.focus({ preventScroll: true });
  }

  new MutationObserver(function () {
    var deck = document.querySelector(".deck:not(.deck-empty)");
    if (deck !== current.deck) { start(deck); }
  }).observe(document.documentElement, { childList: true, subtree: true });
}());
