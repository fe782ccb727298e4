// haven preview: live reload and build-error overlay. Served by `haven
// serve` at /_haven/live.js; never part of a published site.
(function () {
  'use strict';
  if (!window.EventSource) return;
  var overlay = null;
  function css(el, s) { for (var k in s) el.style[k] = s[k]; return el; }
  function el(tag, text, s) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    return s ? css(e, s) : e;
  }
  function clear() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(data) {
    clear();
    var errs = data.errors || [data];
    overlay = el('div', null, {position: 'fixed', inset: '0', zIndex: '2147483647', overflow: 'auto',
      background: 'rgba(20,20,20,.94)', color: '#fff', padding: '1.5rem', font: '14px/1.5 ui-monospace,monospace'});
    overlay.setAttribute('role', 'alert');
    overlay.appendChild(el('h2', 'haven: build failed', {font: 'bold 18px system-ui,sans-serif', margin: '0 0 1rem', color: '#ffb3b3'}));
    errs.forEach(function (d) {
      var where = (d.file || '') + (d.line ? ':' + d.line + (d.column ? ':' + d.column : '') : '');
      overlay.appendChild(el('p', where, {margin: '1rem 0 0', color: '#9cdcfe', fontWeight: 'bold'}));
      overlay.appendChild(el('p', d.message || '', {margin: '0 0 .5rem', whiteSpace: 'pre-wrap'}));
      if (d.source && d.source.length) {
        var pre = el('pre', null, {background: '#000', padding: '.5rem', margin: '0', overflow: 'auto'});
        d.source.forEach(function (l) {
          var row = el('div', String(l.line).padStart(5) + ' | ' + l.text);
          if (l.line === d.line) css(row, {background: '#5a1d1d'});
          pre.appendChild(row);
        });
        overlay.appendChild(pre);
      }
    });
    var close = el('button', 'Close', {marginTop: '1rem'});
    close.type = 'button';
    close.addEventListener('click', clear);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }
  var es = new EventSource('/_haven/events');
  es.onmessage = function (e) {
    var d = null;
    if (e.data !== 'reload') { try { d = JSON.parse(e.data); } catch (_) { d = null; } }
    if (d && (d.errors || d.message)) show(d);
    else location.reload();
  };
})();
