// haven editor: a toolbar and outline for the page text, and the edit
// form's text kept for recovery while you type. The page works without
// this script: the text is plain Markdown, and Preview keeps it too.
(function () {
  'use strict';
  // A link of the error summary moves the focus to its field (as
  // GOV.UK's error summary does). Pressed with Enter, the browser's own
  // jump would focus the field between the key's keydown and keypress,
  // and the keypress would then preview the form; so the jump waits
  // until the key is up.
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('.error-summary a[href^="#"], .warning-summary a[href^="#"]');
    var id = a && a.getAttribute('href').slice(1);
    var field = id && document.getElementById(id);
    if (!field || !field.focus || ev.detail !== 0) return;
    ev.preventDefault();
    a.addEventListener('keyup', function () {
      history.replaceState(null, '', '#' + id);
      field.scrollIntoView();
      field.focus();
    }, {once: true});
  });
  // The body toolbar and outline: made from the <template> the server
  // renders (so without script there is none), they change the text with
  // execCommand('insertText'), which keeps the browser's own undo (Ctrl+Z)
  // working for every change they make.
  var body = document.getElementById('body');
  var tpl = document.getElementById('body-tools');
  if (body && tpl && tpl.content) {
    body.parentNode.insertBefore(tpl.content.cloneNode(true), body);
    var type = function (text, selectFrom, selectTo) {
      body.focus();
      var start = body.selectionStart;
      if (!document.execCommand || !document.execCommand('insertText', false, text)) {
        body.setRangeText(text, start, body.selectionEnd, 'end');
        body.dispatchEvent(new Event('input', {bubbles: true}));
      }
      if (selectFrom !== undefined) body.setSelectionRange(start + selectFrom, start + selectTo);
    };
    var lineStart = function (i) { return body.value.lastIndexOf('\n', i - 1) + 1; };
    var lineEnd = function (i) { var e = body.value.indexOf('\n', i); return e < 0 ? body.value.length : e; };
    // prefix puts mark (a function of the line's number) before each
    // selected line, replacing a heading or list mark it had.
    var prefix = function (mark) {
      var a = lineStart(body.selectionStart), b = lineEnd(Math.max(body.selectionStart, body.selectionEnd - 1));
      var lines = body.value.slice(a, b).split('\n');
      var out = lines.map(function (l, i) { return mark(i) + l.replace(/^(#{1,6} |[-*+] |\d+[.)] )/, ''); }).join('\n');
      body.setSelectionRange(a, b);
      type(out);
    };
    var actions = {
      h2: function () { prefix(function () { return '## '; }); },
      h3: function () { prefix(function () { return '### '; }); },
      ul: function () { prefix(function () { return '- '; }); },
      ol: function () { prefix(function (i) { return (i + 1) + '. '; }); },
      bold: function () {
        var sel = body.value.slice(body.selectionStart, body.selectionEnd) || '…';
        type('**' + sel + '**', 2, 2 + sel.length);
      },
      link: function () { // [text](address) with the address selected, to type over
        var sel = body.value.slice(body.selectionStart, body.selectionEnd) || '…';
        type('[' + sel + '](https://)', sel.length + 3, sel.length + 11);
      },
      insert: function () { var s = document.getElementById('insert'); if (s && s.value) type(s.value); }
    };
    document.addEventListener('click', function (ev) {
      var b = ev.target.closest && ev.target.closest('.toolbar button[data-md]');
      if (b && actions[b.getAttribute('data-md')]) actions[b.getAttribute('data-md')]();
    });
    // The outline lists the body's ## and ### headings; choosing one puts
    // the cursor at its line and scrolls the text there.
    var list = document.querySelector('.outline ol'), none = document.querySelector('.outline [data-none]');
    var outline = function () {
      list.textContent = '';
      var re = /^(#{2,3}) +(.+)$/gm, m, n = 0;
      while ((m = re.exec(body.value))) {
        var li = document.createElement('li'), b = document.createElement('button');
        li.className = 'h' + m[1].length;
        b.type = 'button';
        b.textContent = m[2];
        b.setAttribute('data-at', String(m.index));
        li.appendChild(b);
        list.appendChild(li);
        n++;
      }
      none.hidden = n > 0;
    };
    list.addEventListener('click', function (ev) {
      var at = ev.target.getAttribute && ev.target.getAttribute('data-at');
      if (at === null) return;
      at = parseInt(at, 10);
      body.focus();
      body.setSelectionRange(at, lineEnd(at));
      var lh = parseFloat(getComputedStyle(body).lineHeight) || 20;
      body.scrollTop = Math.max(0, body.value.slice(0, at).split('\n').length - 2) * lh;
    });
    var pending = 0;
    body.addEventListener('input', function () { clearTimeout(pending); pending = setTimeout(outline, 300); });
    outline();
  }
  // The preview follows the text: a while after the last keystroke the
  // form is posted to the live URL, which answers with the draft page
  // alone, and the frame shows it. Buttons set the frame to a phone's or
  // a desktop's width.
  var frame = document.querySelector('.preview-frame iframe');
  var ptpl = document.getElementById('preview-tools');
  var liveForm = document.getElementById('form');
  if (frame && ptpl && ptpl.content && liveForm && window.fetch) {
    frame.parentNode.parentNode.insertBefore(ptpl.content.cloneNode(true), frame.parentNode);
    var said = document.getElementById('preview-live');
    document.addEventListener('click', function (ev) {
      var b = ev.target.closest && ev.target.closest('.preview-width button');
      if (!b) return;
      var w = b.getAttribute('data-width');
      frame.style.width = w ? w + 'px' : '';
      document.querySelectorAll('.preview-width button').forEach(function (o) { o.setAttribute('aria-pressed', String(o === b)); });
    });
    var wait = 0, asked = 0, shown = 0;
    var refresh = function () {
      var n = ++asked;
      var d = new URLSearchParams(new FormData(liveForm));
      d.set('action', 'live');
      fetch('/_haven/edit/live', {method: 'POST', body: d, credentials: 'same-origin'}).then(function (r) {
        return r.status === 200 ? r.text() : null;
      }).then(function (html) {
        if (html === null || n < shown) return; // an older answer after a newer one
        shown = n;
        frame.srcdoc = html;
        frame.setAttribute('data-live', String(n));
        if (said) said.textContent = said.getAttribute('data-updated') + ' ' + new Date().toLocaleTimeString();
      }, function () {});
    };
    liveForm.addEventListener('input', function () { clearTimeout(wait); wait = setTimeout(refresh, 400); });
  }
  var form = document.getElementById('form');
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var url = form.getAttribute('data-autosave-url');
  var every = parseInt(form.getAttribute('data-autosave'), 10) || 3000;
  var status = document.getElementById('autosave-status');
  var dirty = false, busy = false, kept = 0;
  function data() {
    var d = new URLSearchParams(new FormData(form));
    d.set('action', 'autosave');
    return d;
  }
  function done() {
    kept++;
    form.setAttribute('data-autosaved', String(kept));
    if (status) status.textContent = status.getAttribute('data-kept') + ' ' + new Date().toLocaleTimeString();
  }
  function save() {
    if (!dirty || busy) return;
    dirty = false;
    busy = true;
    fetch(url, {method: 'POST', body: data(), credentials: 'same-origin'}).then(function (r) {
      busy = false;
      if (r.status === 204) done(); else dirty = true;
    }, function () { busy = false; dirty = true; });
  }
  form.addEventListener('input', function () { dirty = true; });
  form.addEventListener('submit', function () { dirty = false; });
  setInterval(save, every);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden' && dirty && navigator.sendBeacon && navigator.sendBeacon(url, data())) dirty = false;
  });
})();
