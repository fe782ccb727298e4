// haven preview: live reload. Served by `haven serve` at /_haven/live.js;
// never part of a published site. A failed build needs nothing here: the
// reload fetches the page, and the preview answers with its error overlay.
(function () {
  'use strict';
  if (!window.EventSource) return;
  var es = new EventSource('/_haven/events');
  es.onmessage = function (e) {
    if (e.data === 'reload') location.reload();
  };
})();
