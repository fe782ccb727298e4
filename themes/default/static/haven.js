// haven default theme: quick exit and site search. No dependencies, no
// storage, no requests to other origins.
(function () {
  'use strict';
  var d = document, root = d.documentElement;

  // Quick exit, after GOV.UK Frontend's "Exit this page": the links work
  // without this script; with it, activation blanks the page at once and
  // leaves with location.replace, so Back does not return here. Shift
  // pressed three times on its own within 5 seconds does the same.
  var exits = d.querySelectorAll('a[data-quick-exit]');
  var status = d.querySelector('[data-qe-status]');
  if (exits.length) {
    var url = exits[0].href, count = 0, timer = 0, modified = false;
    var say = function (key) {
      if (status) status.textContent = key ? status.getAttribute('data-' + key) || '' : '';
    };
    var reset = function () { count = 0; clearTimeout(timer); timer = 0; };
    var leave = function () {
      reset();
      root.classList.add('qe-blank');
      say('leaving');
      d.title = '';
      location.replace(url);
    };
    for (var i = 0; i < exits.length; i++) {
      exits[i].addEventListener('click', function (e) { e.preventDefault(); leave(); });
    }
    d.addEventListener('keydown', function (e) {
      if (e.key === 'Shift') { if (!e.repeat) modified = false; return; }
      modified = true; // Shift used as a modifier, or another key: start over
      if (count) { reset(); say(''); }
    }, true);
    d.addEventListener('keyup', function (e) {
      if (e.key !== 'Shift' || modified) return;
      count++;
      if (count >= 3) { leave(); return; }
      say(count === 1 ? 'press2' : 'press1');
      if (count === 1) timer = setTimeout(function () { reset(); say('expired'); }, 5000);
    }, true);
    window.addEventListener('pageshow', function (e) {
      if (e.persisted) { reset(); root.classList.remove('qe-blank'); say(''); }
    });
  }

  // Search: the index is fetched from this site on first use. Without
  // this script the page lists every page instead; the form stays hidden,
  // and queries never go into the address bar or history.
  var form = d.querySelector('form[data-index]');
  if (!form || !window.fetch || !''.normalize) return;
  var input = form.querySelector('input'), out = d.getElementById('search-results'),
    st = d.getElementById('search-status'), pages = null, wait = 0;
  var fold = function (s) {
    return (s || '').toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  };
  var load = function () {
    if (pages) return Promise.resolve(pages);
    return fetch(form.getAttribute('data-index'), {credentials: 'omit'})
      .then(function (r) { return r.json(); })
      .then(function (j) {
        return (pages = j.pages.map(function (p) {
          return {p: p, t: fold(p.t), all: fold(p.t + ' ' + (p.d || '') + ' ' + (p.s || '')) + ' ' + (p.x || '')};
        }));
      });
  };
  var show = function (hits) {
    out.textContent = '';
    hits.slice(0, 50).forEach(function (h) {
      var li = d.createElement('li'), a = d.createElement('a');
      a.href = h.p.u;
      a.textContent = h.p.t;
      li.appendChild(a);
      if (h.p.d) { var p = d.createElement('p'); p.textContent = h.p.d; li.appendChild(p); }
      out.appendChild(li);
    });
    out.hidden = !hits.length;
    st.textContent = hits.length ? form.getAttribute('data-count').replace('{n}', hits.length) : form.getAttribute('data-none');
  };
  var run = function () {
    var q = fold(input.value);
    if (!q) { out.hidden = true; out.textContent = ''; st.textContent = ''; return; }
    var terms = q.split(' ');
    load().then(function (items) {
      var hits = [];
      items.forEach(function (it) {
        var score = 0;
        for (var i = 0; i < terms.length; i++) {
          if (it.all.indexOf(terms[i]) < 0) return;
          score += it.t.indexOf(terms[i]) >= 0 ? 10 : 1;
        }
        hits.push({p: it.p, s: score});
      });
      hits.sort(function (a, b) { return b.s - a.s; });
      show(hits);
    }, function () { show([]); });
  };
  form.hidden = false;
  form.addEventListener('submit', function (e) { e.preventDefault(); run(); });
  input.addEventListener('input', function () { clearTimeout(wait); wait = setTimeout(run, 200); });
})();
