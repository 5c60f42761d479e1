// A chart card's files, asked for one at a time. Every image of a card — each item
// of its export menu, "as on screen", and the camera in the chart's toolbar — is
// asked for by writing a request into the card's export-request store
// (callbacks/exports.py answers it with the titled PNG, SVG or PDF; without this
// the camera would save plotly's own picture: no title, no source).
//
// One at a time: Dash cancels the answer of a callback that is asked again
// before it answers, so a second export (or CSV) clicked while the first runs
// would lose the first download. A click made meanwhile waits its turn; the
// card says "Exporting…" and how many more wait. The server marks each answer
// with a new token in every card's export-answer element: when it changes, the
// next request goes out.
//
// "As on screen" sends the size the chart has when shown. A chart behind its
// card's Table tab measures 0×0, so the size it had when last seen is kept, and
// failing that the card's width and the figure's height are sent.
(function () {
  'use strict';

  const queue = [];  // requests waiting their turn: {card, send}
  let current = null;  // the request being answered: {card, before, timer}
  let releasing = false;  // a held CSV click, now let through
  const seen = new WeakMap();  // graph → {width, height, pane}: last size shown

  function cardKey(card) {
    return card && card.id && card.id.indexOf('card-') === 0
      ? card.id.slice('card-'.length)
      : null;
  }

  function canAsk(card) {
    return Boolean(
      cardKey(card) && window.dash_clientside && window.dash_clientside.set_props
    );
  }

  function paneWidth(card) {
    const pane = card.querySelector('.tab-content');
    return pane ? pane.clientWidth : 0;
  }

  // Note the chart's size while it is shown (before its card's Table tab hides it).
  function remember(card) {
    const graph = card && card.querySelector('.js-plotly-plot');
    if (!graph) {
      return;
    }
    const box = graph.getBoundingClientRect();
    if (box.width >= 1 && box.height >= 1) {
      seen.set(graph, {
        width: Math.round(box.width),
        height: Math.round(box.height),
        pane: paneWidth(card)
      });
    }
  }

  // The chart's size on screen; for a hidden chart, the size it has when shown.
  function chartSize(card) {
    remember(card);
    const graph = card.querySelector('.js-plotly-plot');
    const last = graph && seen.get(graph);
    const pane = paneWidth(card);
    if (last && (!pane || pane === last.pane)) {
      return {width: last.width, height: last.height};
    }
    const layout = (graph && graph.layout) || {};
    const full = (graph && graph._fullLayout) || {};
    return {
      width: Math.round(pane || full.width || 0),
      height: Math.round((last && last.height) || layout.height || full.height || 0)
    };
  }

  function ask(card, spec) {
    if (!canAsk(card)) {
      return false;
    }
    const data = {format: spec.format, preset: spec.preset, at: Date.now()};
    if (spec.preset === 'screen') {
      const size = chartSize(card);
      data.width = size.width;
      data.height = size.height;
    }
    window.dash_clientside.set_props(
      {type: 'export-request', chart: cardKey(card)}, {data: data}
    );
    return true;
  }

  function answerMark(card) {
    const mark = card.querySelector('.export-answer');
    return mark ? mark.textContent : '';
  }

  // What each card says: its export running, and how many of its own wait.
  function showState() {
    document.querySelectorAll('.export-box').forEach(function (box) {
      const card = box.closest('.chart-card');
      const note = box.querySelector('.export-busy');
      if (!note) {
        return;
      }
      const waiting = queue.filter(function (job) { return job.card === card; }).length;
      const parts = [];
      if (current && current.card === card) {
        parts.push(box.dataset.busy || '');
      }
      if (waiting) {
        parts.push((box.dataset.queued || '').replace('{count}', String(waiting)));
      }
      const text = parts.join(' ');
      if (note.textContent !== text) {
        note.textContent = text;
      }
      note.hidden = !text;
      box.setAttribute('aria-busy', text ? 'true' : 'false');
    });
  }

  function start(job) {
    const box = job.card.querySelector('.export-box');
    const seconds = Number((box && box.dataset.wait) || 600);
    current = {card: job.card, before: answerMark(job.card)};
    // Should no answer come (the connection failed), stop waiting for it.
    current.timer = window.setTimeout(finish, seconds * 1000);
    showState();
    if (!job.send()) {
      finish();
    }
  }

  function finish() {
    if (current) {
      window.clearTimeout(current.timer);
    }
    current = null;
    const next = queue.shift();
    if (next) {
      start(next);
    } else {
      showState();
    }
  }

  function enqueue(card, send) {
    const job = {card: card, send: send};
    if (current) {
      queue.push(job);
      showState();
    } else {
      start(job);
    }
  }

  // The answer has come when the card's mark changes. A card that left the page
  // (another page, new filters) takes its requests with it: nothing more is sent.
  new MutationObserver(function () {
    if (!current) {
      return;
    }
    if (!document.contains(current.card)) {
      window.clearTimeout(current.timer);
      current = null;
      queue.length = 0;
      showState();
      return;
    }
    if (answerMark(current.card) !== current.before) {
      finish();
    }
  }).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true
  });

  // An item of the export menu: its format and preset.
  function menuChoice(item) {
    if (item.classList.contains('export-on-screen')) {
      return {format: 'png', preset: 'screen'};
    }
    try {
      const id = JSON.parse(item.id || 'null');
      if (id && id.type === 'export' && id.format && id.preset) {
        return {format: id.format, preset: id.preset};
      }
    } catch (error) {
      // not an export item
    }
    return null;
  }

  // Plotly's toolbar keeps the names of its buttons beside their elements.
  function isCamera(button) {
    const graph = button.closest('.js-plotly-plot');
    const bar = graph && graph._fullLayout && graph._fullLayout._modeBar;
    if (!bar || !bar.buttonElements) {
      return false;
    }
    const at = bar.buttonElements.indexOf(button);
    return at >= 0 && bar.buttonsNames[at] === 'toImage';
  }

  // Capture phase: seen before plotly's and Dash's own handlers.
  document.addEventListener('click', function (event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target || releasing) {
      return;
    }
    const card = target.closest('.chart-card');
    if (!card) {
      return;
    }
    const item = target.closest('.export-menu .dropdown-item');
    if (item) {
      const choice = menuChoice(item);
      if (choice) {
        enqueue(card, function () { return ask(card, choice); });
      }
      return;  // the menu closes as after any other item
    }
    const csv = target.closest('.csv-button');
    if (csv) {
      if (current) {  // hold the click until its turn
        event.preventDefault();
        event.stopPropagation();
        enqueue(card, function () {
          releasing = true;
          try {
            csv.click();
          } finally {
            releasing = false;
          }
          return true;
        });
      } else {  // the click itself is the request
        enqueue(card, function () { return true; });
      }
      return;
    }
    const button = target.closest('.modebar-btn');
    if (button && isCamera(button) && canAsk(card)) {
      event.preventDefault();
      event.stopPropagation();
      enqueue(card, function () {
        return ask(card, {format: 'png', preset: 'screen'});
      });
      return;
    }
    if (target.closest('[role=tab], .nav-link')) {
      remember(card);  // the Table tab is about to hide the chart
    }
  }, true);
})();
