// Two exports that need the browser's help: "as on screen" in a chart card's
// export menu, and the camera in a chart's toolbar. Both ask the server for the
// card's PNG — titled, with the source line, like every item of the menu — at
// the size the chart has on screen, by writing a request into the card's
// export-request store (callbacks/exports.py answers it). Without this, the
// camera would save plotly's own picture: no title, no source.
(function () {
  'use strict';

  function cardKey(card) {
    return card && card.id && card.id.indexOf('card-') === 0
      ? card.id.slice('card-'.length)
      : null;
  }

  function requestExport(card) {
    const key = cardKey(card);
    const graph = card.querySelector('.js-plotly-plot');
    if (!key || !graph || !window.dash_clientside || !window.dash_clientside.set_props) {
      return false;
    }
    const box = graph.getBoundingClientRect();
    window.dash_clientside.set_props(
      {type: 'export-request', chart: key},
      {data: {
        format: 'png',
        width: Math.round(box.width),
        height: Math.round(box.height),
        at: Date.now()  // a new value each time: the same request twice is two
      }}
    );
    return true;
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

  // Capture phase: the request goes out before plotly's own handler would run,
  // and the camera's click stops here.
  document.addEventListener('click', function (event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) {
      return;
    }
    const onScreen = target.closest('.export-on-screen');
    if (onScreen) {
      requestExport(onScreen.closest('.chart-card'));
      return;  // the menu closes as after any other item
    }
    const button = target.closest('.modebar-btn');
    if (button && isCamera(button)) {
      const card = button.closest('.chart-card');
      if (card && requestExport(card)) {
        event.preventDefault();
        event.stopPropagation();
      }
    }
  }, true);
})();
