// Millrace console: the actions (POST with the bearer token kept for this tab) and small conveniences.
(function () {
  'use strict';
  function token() { return sessionStorage.getItem('millrace-token') || ''; }
  function show(text, bad) {
    var m = document.getElementById('msg');
    if (!m) { return; }
    m.textContent = text;
    m.className = bad ? 'msg err' : 'msg';
    m.style.display = 'block';
  }
  function post(url, body) {
    var headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (token()) { headers.Authorization = 'Bearer ' + token(); }
    return fetch(url, { method: 'POST', headers: headers, body: new URLSearchParams(body || {}) })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, json: j }; }); })
      .then(function (r) {
        show(r.ok ? r.json.result : r.json.error, !r.ok);
        if (r.ok) { setTimeout(function () { location.reload(); }, 1500); }
      })
      .catch(function (e) { show('Cannot reach the server: ' + e, true); });
  }
  document.addEventListener('click', function (e) {
    var b = e.target.closest('[data-action]');
    if (!b) { return; }
    e.preventDefault();
    var body = {};
    var form = b.closest('form');
    if (form) { new FormData(form).forEach(function (v, k) { body[k] = v; }); }
    post(b.getAttribute('data-action'), body);
  });
  var t = document.getElementById('token');
  if (t) {
    t.value = token();
    t.addEventListener('change', function () { sessionStorage.setItem('millrace-token', t.value); });
  }
})();
