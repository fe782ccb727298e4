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
      image: function () { // ![description](address) with the description selected, to type over
        var sel = body.value.slice(body.selectionStart, body.selectionEnd) || '…';
        type('![' + sel + '](…)', 2, 2 + sel.length);
      },
      decorative: function () { // an image meant to have no description, the address selected
        type('![](…)' + (tpl.getAttribute('data-decorative') || ''), 4, 5);
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
  // The screen follows the text: a while after the last keystroke the
  // form is posted to the live URL, which answers with the screen the
  // Preview button would show. From it come the frame's page, the error
  // and warning summaries (without role=alert: a polite live region says
  // the counts when they change, not the list at every keystroke), the
  // messages at the fields, the drift and the legal panel. The fields
  // themselves, and so the focus and the caret, stay as they are.
  // Buttons set the frame to a phone's or a desktop's width.
  var swap = function (doc, sel, after) {
    var old = document.querySelector(sel), nu = doc.querySelector(sel);
    if (old && old.contains(document.activeElement)) return; // not from under the keyboard
    if (nu) nu = document.importNode(nu, true);
    if (old && nu) old.replaceWith(nu);
    else if (old) old.remove();
    else if (nu && document.querySelector(after)) document.querySelector(after).after(nu);
  };
  var messages = function (doc, form) {
    form.querySelectorAll('[aria-describedby][id]').forEach(function (el) {
      var nu = doc.getElementById(el.id);
      if (!nu) return;
      ['aria-describedby', 'aria-invalid'].forEach(function (a) {
        if (nu.hasAttribute(a)) el.setAttribute(a, nu.getAttribute(a)); else el.removeAttribute(a);
      });
      var om = document.getElementById(el.id + '-msg'), nm = doc.getElementById(el.id + '-msg');
      var help = document.getElementById(el.id + '-help'), nhelp = doc.getElementById(el.id + '-help');
      if (om && nm) om.replaceChildren.apply(om, Array.from(document.importNode(nm, true).childNodes));
      else if (om) om.remove();
      else if (nm && help) help.after(document.importNode(nm, true));
      var of = (help || el).closest('.field'), nf = (nhelp || nu).closest('.field');
      if (of && nf) of.classList.toggle('has-msg', nf.classList.contains('has-msg'));
    });
  };
  var update = function (doc, form) {
    doc.querySelectorAll('#summaries [role=alert]').forEach(function (a) { a.removeAttribute('role'); });
    swap(doc, '#summaries', '#live-count');
    messages(doc, form);
    swap(doc, '#drift', '.preview');
    swap(doc, '#legal', '#drift');
    if (doc.title) document.title = doc.title;
    var count = document.getElementById('live-count'), nc = doc.getElementById('live-count');
    if (count && nc && nc.getAttribute('data-say') !== count.getAttribute('data-say')) {
      count.setAttribute('data-say', nc.getAttribute('data-say'));
      count.textContent = nc.getAttribute('data-say');
    }
  };
  var frame = document.querySelector('.preview-frame iframe');
  var ptpl = document.getElementById('preview-tools');
  var liveForm = document.getElementById('form');
  if (liveForm && window.fetch && window.DOMParser) {
    if (frame && ptpl && ptpl.content) frame.parentNode.parentNode.insertBefore(ptpl.content.cloneNode(true), frame.parentNode);
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
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var nf = doc.querySelector('.preview-frame iframe');
        if (nf && frame) frame.srcdoc = nf.getAttribute('srcdoc');
        update(doc, liveForm);
        liveForm.setAttribute('data-live', String(n));
        if (frame) frame.setAttribute('data-live', String(n));
        if (said) said.textContent = said.getAttribute('data-updated') + ' ' + new Date().toLocaleTimeString();
      }, function () {});
    };
    liveForm.addEventListener('input', function () { clearTimeout(wait); wait = setTimeout(refresh, 400); });
  }
  // A copy of the form in this browser's localStorage, which outlives a
  // closed tab, a crash and the server's own copy (sessionStorage would
  // die with the tab). It is written a moment after each change, dropped
  // after a successful save or a discard, and offered back when the page
  // opens with other text; Restore posts it as it was, with the version
  // it was typed on, so the server shows the merge view if the file has
  // changed since.
  var lform = document.getElementById('form'), ltpl = document.getElementById('local-recovery');
  var lkey = lform && lform.getAttribute('data-local-key'), ls = null;
  try { ls = window.localStorage; } catch (e) {}
  if (lkey && ls && window.URLSearchParams && ltpl && ltpl.content) {
    var fields = function () {
      var d = new URLSearchParams(new FormData(lform));
      ['action', 'image', 'csrf'].forEach(function (n) { d.delete(n); });
      return d.toString();
    };
    var loaded = fields(), lwait = 0;
    var read = function () { try { return JSON.parse(ls.getItem(lkey)); } catch (e) { return null; } };
    var keep = function (saving) {
      clearTimeout(lwait);
      var d = fields();
      if (d === loaded && !lform.hasAttribute('data-unsaved')) { ls.removeItem(lkey); return; }
      try {
        ls.setItem(lkey, JSON.stringify({fields: d, hash: lform.elements.hash.value, at: Date.now(), saving: !!saving}));
        lform.setAttribute('data-local', 'kept');
      } catch (e) {} // storage full or refused: the server's copy remains
    };
    lform.addEventListener('input', function () { clearTimeout(lwait); lwait = setTimeout(keep, 300); });
    document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden' && lwait) keep(); });
    document.addEventListener('submit', function (ev) {
      var f = ev.target, a = ev.submitter && ev.submitter.value;
      if (f === lform) keep(a === 'save');
      else if (f.elements.action && f.elements.action.value === 'discard') ls.removeItem(lkey);
    });
    var got = read();
    if (lform.hasAttribute('data-unsaved')) keep(); // this screen is the newest unsaved text
    else if (got && (got.saving && lform.hasAttribute('data-saved') || got.fields === loaded && got.hash === lform.elements.hash.value)) ls.removeItem(lkey);
    else if (got && got.fields) offer(got);
  }
  function offer(got) {
    var server = document.getElementById('server-recovery');
    if (server && parseInt(server.getAttribute('data-at'), 10) >= got.at) return; // the server's copy is as new
    if (server) server.remove();
    var box = ltpl.content.firstElementChild.cloneNode(true), h = box.querySelector('h2');
    var p2 = function (n) { return (n < 10 ? '0' : '') + n; }, t = new Date(got.at);
    h.textContent = h.textContent.replace('{at}', t.getFullYear() + '-' + p2(t.getMonth() + 1) + '-' + p2(t.getDate()) + ' ' +
      p2(t.getHours()) + ':' + p2(t.getMinutes()) + ':' + p2(t.getSeconds()));
    box.querySelector('[data-older]').hidden = got.hash === lform.elements.hash.value;
    box.querySelector('[data-restore]').addEventListener('click', function () {
      var f = document.createElement('form'), d = new URLSearchParams(got.fields);
      f.method = 'post';
      f.action = lform.getAttribute('action');
      f.hidden = true;
      d.set('action', 'restore');
      if (lform.elements.csrf) d.set('csrf', lform.elements.csrf.value);
      d.forEach(function (v, k) {
        var i = document.createElement('input');
        i.type = 'hidden';
        i.name = k;
        i.value = v;
        f.appendChild(i);
      });
      document.body.appendChild(f);
      f.submit();
    });
    lform.parentNode.insertBefore(box, lform);
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
