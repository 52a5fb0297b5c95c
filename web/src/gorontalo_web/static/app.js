/* Gorontalo Satu: enhancements every page shares (the service worker, offline drafts). Pages work without it.

   Offline drafts: a <form data-offline-draft> is sent with fetch(). When the request cannot leave the
   phone (fetch rejects: no signal, the server unreachable), its fields, files included, are kept in
   IndexedDB under the form's hidden idempotency_key, and sent again on the `online` event, at the next
   page load and every 30 s while the page stays open, with the same Idempotency-Key, so a draft sent
   twice (two tabs, a lost answer) is filed once. */
(function () {
  'use strict';

  var WORDS = {
    id: {
      saved: 'Tidak ada sambungan. Laporan disimpan di HP ini dan akan dikirim otomatis saat tersambung kembali.',
      savedNoPhoto: 'Tidak ada sambungan. Laporan disimpan di HP ini TANPA foto (foto tidak dapat disimpan) dan akan dikirim otomatis saat tersambung kembali.',
      notSaved: 'Tidak ada sambungan, dan laporan tidak dapat disimpan di HP ini. Coba kirim lagi nanti.',
      sent: 'Laporan yang tersimpan sudah terkirim.',
      see: 'Lihat laporan',
      refused: 'Laporan yang tersimpan ditolak. Silakan isi formulir lagi.',
      pending: 'Laporan tersimpan di HP ini menunggu sambungan.'
    },
    en: {
      saved: 'No connection. The report is kept on this phone and will be sent automatically when the connection returns.',
      savedNoPhoto: 'No connection. The report is kept on this phone WITHOUT its photo (the photo could not be kept) and will be sent automatically when the connection returns.',
      notSaved: 'No connection, and the report could not be kept on this phone. Please send it again later.',
      sent: 'The saved report has been sent.',
      see: 'See the report',
      refused: 'The saved report was refused. Please fill in the form again.',
      pending: 'A report kept on this phone is waiting for a connection.'
    }
  };
  function word(key) {
    var lang = document.documentElement.lang === 'en' ? 'en' : 'id';
    return WORDS[lang][key];
  }

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () {});
  }

  // --- messages at the top of the page -----------------------------------------------------
  function notice(message, link, kind) {
    var main = document.getElementById('isi') || document.body;
    var box = document.getElementById('draft-status');
    if (!box) {
      box = document.createElement('div');
      box.id = 'draft-status';
      box.setAttribute('role', 'status');
      main.insertBefore(box, main.firstChild);
    }
    box.className = 'notice draft-status ' + (kind || '');
    box.textContent = message;
    if (link) {
      var a = document.createElement('a');
      a.href = link;
      a.textContent = ' ' + word('see');
      box.appendChild(a);
    }
  }

  // --- IndexedDB -------------------------------------------------------------------------------
  var DB = 'gs-drafts', STORE = 'drafts';
  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error('no IndexedDB')); return; }
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: 'key' }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function tx(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var result = work(t.objectStore(STORE));
        t.oncomplete = function () { db.close(); resolve(result && result.result); };
        t.onerror = t.onabort = function () { db.close(); reject(t.error); };
      });
    });
  }
  var putDraft = function (draft) { return tx('readwrite', function (s) { return s.put(draft); }); };
  var allDrafts = function () { return tx('readonly', function (s) { return s.getAll(); }); };
  var dropDraft = function (key) { return tx('readwrite', function (s) { return s.delete(key); }); };

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function entriesOf(form) {
    var entries = [];
    new FormData(form).forEach(function (value, name) { entries.push([name, value]); });
    return entries;
  }
  function keyOf(entries) {
    for (var i = 0; i < entries.length; i++) if (entries[i][0] === 'idempotency_key') return entries[i][1];
    return '';
  }
  function isEmptyFile(value) { return typeof File !== 'undefined' && value instanceof File && !value.name && !value.size; }

  // --- sending ---------------------------------------------------------------------------------
  function post(action, entries, key) {
    var body = new FormData();
    entries.forEach(function (e) {
      if (isEmptyFile(e[1])) return;
      if (e[1] instanceof Blob) body.append(e[0], e[1], e[1].name || 'foto');
      else body.append(e[0], e[1]);
    });
    return fetch(action, {
      method: 'POST', body: body, credentials: 'same-origin', redirect: 'follow',
      headers: { 'Idempotency-Key': key }
    });
  }

  // A page answered to a form: a redirect is followed (the report's page); a refusal (field errors)
  // replaces the page's content with the server's, as a plain post would show it.
  function show(response) {
    if (response.redirected) { window.location.assign(response.url); return Promise.resolve(); }
    return response.text().then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var main = doc.getElementById('isi');
      var here = document.getElementById('isi');
      if (!main || !here) { document.documentElement.innerHTML = doc.documentElement.innerHTML; return; }
      here.innerHTML = main.innerHTML;
      document.title = doc.title;
      var alert = here.querySelector('[role="alert"]');
      var focus = here.querySelector('[aria-invalid="true"]') || alert;
      if (focus) focus.focus();
      document.dispatchEvent(new CustomEvent('gs:content'));
    });
  }

  function keepDraft(form, entries, key) {
    var action = form.getAttribute('action') || window.location.pathname;
    var draft = { key: key, action: action, entries: entries, saved: Date.now() };
    var hadFile = entries.some(function (e) { return e[1] instanceof Blob && !isEmptyFile(e[1]); });
    return putDraft(draft).then(function () {
      return 'saved';
    }, function () {
      // Some browsers cannot keep a file in IndexedDB: keep the words, say the photo is not kept.
      var withoutFiles = entries.filter(function (e) { return !(e[1] instanceof Blob); });
      draft.entries = withoutFiles;
      return putDraft(draft).then(function () { return hadFile ? 'savedNoPhoto' : 'saved'; });
    }).then(function (message) {
      form.reset();
      var hidden = form.querySelector('input[name="idempotency_key"]');
      if (hidden) hidden.value = newKey();  // the next report is another one
      notice(word(message), null, 'draft-saved');
      document.getElementById('draft-status').scrollIntoView({ block: 'start' });  // the form's end is far below
    }, function () {
      notice(word('notSaved'), null, 'draft-failed');
      document.getElementById('draft-status').scrollIntoView({ block: 'start' });
    });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-offline-draft')) return;
    if (!window.fetch || !window.FormData) return;  // an old browser posts the form itself
    event.preventDefault();
    var entries = entriesOf(form);
    var key = keyOf(entries) || newKey();
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    post(form.getAttribute('action') || window.location.pathname, entries, key)
      .then(show, function () { return keepDraft(form, entries, key); })
      .then(function () { if (button) button.disabled = false; });
  });

  // A fresh CSRF token for a draft written in an earlier session: the form's page is asked again.
  function freshToken(action) {
    return fetch(action, { credentials: 'same-origin' }).then(function (response) {
      return response.text();
    }).then(function (html) {
      var input = new DOMParser().parseFromString(html, 'text/html').querySelector('input[name="csrf_token"]');
      return input ? input.value : null;
    });
  }

  var sending = false;
  function sendDrafts() {
    if (sending || !window.indexedDB) return Promise.resolve();
    sending = true;
    return allDrafts().then(function (drafts) {
      return (drafts || []).reduce(function (chain, draft) {
        return chain.then(function () { return sendOne(draft); });
      }, Promise.resolve());
    }).catch(function () {}).then(function () { sending = false; });
  }

  function sendOne(draft) {
    return freshToken(draft.action).then(function (token) {
      var entries = draft.entries.map(function (e) {
        return e[0] === 'csrf_token' && token ? ['csrf_token', token] : e;
      });
      return post(draft.action, entries, draft.key);
    }).then(function (response) {
      if (response.ok) {
        return dropDraft(draft.key).then(function () {
          notice(word('sent'), response.redirected ? response.url : null, 'draft-sent');
        });
      }
      // Busy, limited or failing: tried again later. Any other refusal will not change by waiting.
      if (response.status === 409 || response.status === 429 || response.status >= 500) return null;
      return dropDraft(draft.key).then(function () { notice(word('refused'), null, 'draft-failed'); });
    }, function () {
      notice(word('pending'), null, 'draft-saved');  // still no connection: kept for the next try
    });
  }

  window.addEventListener('online', sendDrafts);
  sendDrafts();
  setInterval(sendDrafts, 30000);
})();
