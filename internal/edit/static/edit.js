// haven editor: keeps the edit form's text for recovery while you type.
// The page works without this script: Preview keeps the text too.
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
