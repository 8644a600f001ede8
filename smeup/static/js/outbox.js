// Kiosk outbox (offline.md). When 送出 fails for the network, the answers are encrypted for the
// server (AES-GCM per entry, the AES key wrapped with the server's RSA-OAEP key: this tablet can
// write entries but not read them back) and kept in IndexedDB. One sender at a time (Web Locks)
// delivers them: on load, when the browser is back online, on a backing-off timer and on the
// staff button. An entry is deleted only when the server acknowledges its key.
(function () {
  "use strict";
  var body = document.body;
  var publicKey = body.getAttribute("data-outbox-key");
  if (!publicKey || !window.crypto || !crypto.subtle || !window.indexedDB) { return; }
  var urls = {
    send: body.getAttribute("data-outbox-send"),
    token: body.getAttribute("data-outbox-token"),
    health: body.getAttribute("data-outbox-health"),
    worker: body.getAttribute("data-outbox-worker")
  };
  var DB_NAME = "smeup-outbox", STORE = "entries";
  var MIN_WAIT = 30000, MAX_WAIT = 300000, REQUEST_WAIT = 20000, ONLINE_SETTLE = 1000, BUSY_RETRY = 2000;
  var wait = MIN_WAIT, timer = null, due = 0;
  var SAVED = "已存在本機，連線恢復後會自動送出。";
  var NOT_SAVED = "無法存在本機：這份資料沒有保留。請確認網路後再按一次「送出」，或洽現場工作人員。";
  var INCOMPLETE = "目前網路中斷。請先填好標示（必填）的欄位，再按一次「送出」，資料會先存在這台平板上。";
  var utf8 = new TextEncoder();

  // --- IndexedDB: one object store, keyed by the submission key -----------------------------
  function withStore(mode, work) {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open(DB_NAME, 1);
      open.onupgradeneeded = function () { open.result.createObjectStore(STORE, { keyPath: "key" }); };
      open.onerror = function () { reject(open.error); };
      open.onsuccess = function () {
        var db = open.result, result;
        try {
          var tx = db.transaction(STORE, mode, { durability: "strict" });
          var request = work(tx.objectStore(STORE));
          if (request) { request.onsuccess = function () { result = request.result; }; }
          tx.oncomplete = function () { db.close(); resolve(result); };  // written, not just queued
          tx.onerror = tx.onabort = function () { db.close(); reject(tx.error || new Error("abort")); };
        } catch (err) { db.close(); reject(err); }
      };
    });
  }
  function allEntries() { return withStore("readonly", function (s) { return s.getAll(); }); }
  function keep(entry) { return withStore("readwrite", function (s) { return s.put(entry); }); }
  function drop(key) { return withStore("readwrite", function (s) { return s.delete(key); }); }

  // --- sealing: only the server's private key opens an entry -------------------------------
  function b64(buffer) {
    var bytes = new Uint8Array(buffer), text = "";
    for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
    return btoa(text);
  }
  function unb64(text) {
    var raw = atob(text), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }
  function seal(key, answers) {
    var iv = crypto.getRandomValues(new Uint8Array(12));
    return Promise.all([
      crypto.subtle.importKey("spki", unb64(publicKey), { name: "RSA-OAEP", hash: "SHA-256" }, false, ["wrapKey"]),
      crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"])
    ]).then(function (keys) {
      return Promise.all([
        crypto.subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: utf8.encode(key) },
          keys[1], utf8.encode(JSON.stringify(answers))),
        crypto.subtle.wrapKey("raw", keys[1], keys[0], { name: "RSA-OAEP" })
      ]);
    }).then(function (parts) {
      return { key: key, iv: b64(iv), data: b64(parts[0]), wrapped: b64(parts[1]), state: "pending" };
    });
  }

  // --- the forms: a fresh key per render; on a network failure, into the outbox ------------
  function freshKey(form) {
    var field = form.querySelector("input[name='submission_key']");
    if (field && crypto.randomUUID) { field.value = crypto.randomUUID(); }
  }
  function cleanForm(form) {
    Array.prototype.forEach.call(form.querySelectorAll("input, textarea, select"), function (el) {
      var type = (el.type || "").toLowerCase();
      if (type === "hidden" || type === "submit" || type === "button") { return; }
      if (type === "checkbox" || type === "radio") { el.checked = false; }
      else if (el.tagName === "SELECT") { el.selectedIndex = 0; }
      else { el.value = ""; }
      el.removeAttribute("aria-invalid");
    });
    Array.prototype.forEach.call(form.querySelectorAll(".field-error, .alert, .error-summary"),
      function (el) { el.remove(); });
    form.dispatchEvent(new CustomEvent("smeup:cleared", { bubbles: true }));
    freshKey(form);
  }
  function notice(form, text, ok) {
    var box = document.getElementById("outbox-notice");
    if (!box) {
      box = document.createElement("div");
      box.id = "outbox-notice";
      box.tabIndex = -1;
      form.parentNode.insertBefore(box, form);
    }
    box.className = "alert " + (ok ? "alert-success" : "alert-error") + " outbox-notice";
    box.setAttribute("role", ok ? "status" : "alert");
    box.textContent = "";
    var head = document.createElement("p");
    head.className = "outbox-notice-title";
    head.textContent = text;
    box.appendChild(head);
    if (ok) {
      var more = document.createElement("p");
      more.textContent = "您填寫的資料已加密保存在這台平板上，送達後承辦人員會與您聯絡並提供結果。下一位來賓可以直接填寫。";
      var home = document.createElement("a");
      home.className = "button";
      home.href = body.getAttribute("data-kiosk-home");
      home.textContent = "回開始畫面";
      box.appendChild(more);
      box.appendChild(home);
      // The next visitor's first keystroke removes the last one's notice.
      form.addEventListener("input", function () { box.remove(); }, { once: true });
    }
    box.scrollIntoView({ block: "start" });
    box.focus();
  }
  function answersOf(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      // The CSRF token is never kept: the sender asks for a fresh one.
      if (name !== "csrf_token" && name !== "submission_key" && typeof value === "string") {
        fields.push([name, value]);
      }
    });
    return {
      path: form.getAttribute("action"),
      fields: fields,
      captured: Date.now(),
      event: body.getAttribute("data-outbox-event")
    };
  }
  function keepOffline(form) {
    // Offline nobody can check the answers: at least every required field must be filled,
    // or the visitor would be told "saved" for an entry the server later cannot take.
    if (!form.checkValidity()) {
      notice(form, INCOMPLETE, false);
      form.reportValidity();
      return Promise.resolve();
    }
    var key = form.querySelector("input[name='submission_key']").value;
    var answers = answersOf(form);
    return seal(key, answers).then(keep).then(function () {
      cleanForm(form);
      notice(form, SAVED, true);
      showStatus();
      later(MIN_WAIT);
    }, function () {
      notice(form, NOT_SAVED, false);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-outbox]"), freshKey);
  // Only the form's own 送出 goes to the outbox. A field's inline check that fails for the
  // network is dropped: the visitor is still filling in, and the form is checked when sent.
  function onNetworkFailure(evt) {
    var elt = evt.detail && evt.detail.elt;
    if (elt && elt.matches && elt.matches("form[data-outbox]")) { keepOffline(elt); }
  }
  document.addEventListener("htmx:sendError", onNetworkFailure);
  document.addEventListener("htmx:timeout", onNetworkFailure);
  document.addEventListener("htmx:configRequest", function (evt) {
    if (evt.detail.elt && evt.detail.elt.matches && evt.detail.elt.matches("form[data-outbox]")) {
      evt.detail.timeout = REQUEST_WAIT;
    }
  });

  // --- the sender ---------------------------------------------------------------------------
  function timed(url, options) {
    var control = new AbortController();
    var stop = setTimeout(function () { control.abort(); }, REQUEST_WAIT);
    options = Object.assign({ credentials: "same-origin", cache: "no-store", signal: control.signal }, options);
    return fetch(url, options).finally(function () { clearTimeout(stop); });
  }
  // A captive portal answers 200 with its own page: only our health answer counts.
  function probe() {
    return timed(urls.health).then(function (r) { return r.json(); }).then(function (health) {
      if (!health || health.status !== "ok") { throw new Error("not our server"); }
    });
  }
  function freshToken() {
    return timed(urls.token).then(function (r) { return r.json(); }).then(function (reply) {
      if (!reply || typeof reply.csrf !== "string") { throw new Error("no token"); }
      return reply.csrf;
    });
  }
  function deliver(entry, count, state, retried) {
    var payload = { key: entry.key, iv: entry.iv, wrapped: entry.wrapped, data: entry.data };
    return timed(urls.send, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": state.csrf },
      body: JSON.stringify({ entry: payload, sent_at: Date.now(), pending: count })
    }).then(function (r) {
      if (r.status === 400 && !retried) {  // a stale token: a new one, one retry
        return freshToken().then(function (csrf) { state.csrf = csrf; return deliver(entry, count, state, true); });
      }
      return r.json().catch(function () { return {}; }).then(function (reply) {
        if (reply.ack === entry.key) { return drop(entry.key); }
        if (r.status === 409 && reply.error === "conflict") { entry.state = "conflict"; return keep(entry); }
        throw new Error("kept for later: " + r.status);
      });
    });
  }
  function sendQueue() {
    return allEntries().then(function (entries) {
      var waiting = entries.filter(function (e) { return e.state !== "conflict"; });
      if (!waiting.length) { return true; }
      return probe().then(freshToken).then(function (csrf) {
        var state = { csrf: csrf }, count = entries.length;
        return waiting.reduce(function (chain, entry) {
          return chain.then(function () { return deliver(entry, count, state, false); })
            .then(function () { count -= 1; });
        }, Promise.resolve());
      }).then(function () { return true; });
    });
  }
  // Asked to send while a send is already running (`online` during a hanging probe, say): that
  // one's end sends again at once instead of waiting out the back-off.
  var again = false;
  function sendNow() {
    clearTimeout(timer);
    timer = null;
    var busy = false;
    var run = navigator.locks
      ? navigator.locks.request("smeup-outbox-sender", { ifAvailable: true }, function (lock) {
          if (!lock) { busy = true; return null; }  // a send is running (this tab or another)
          again = false;
          return sendQueue();
        })
      : sendQueue();
    return Promise.resolve(run).then(function (done) {
      if (busy) { again = true; later(BUSY_RETRY); }  // another tab's send may fail: look again
      else if (done) { wait = MIN_WAIT; }
      return showStatus();
    }, function () {
      return showStatus().then(function (waiting) {
        if (!waiting) { return; }
        if (again) { again = false; later(ONLINE_SETTLE); return; }
        later(wait); wait = Math.min(wait * 2, MAX_WAIT);
      });
    });
  }
  // The next attempt, in `ms`, unless one is planned sooner: a failing send's back-off must not
  // push back the quick retry the network's return (or a busy sender) just planned. Timed on
  // the monotonic clock: the tablet's own clock may jump when it rejoins the network.
  function later(ms) {
    var at = performance.now() + ms;
    if (timer !== null && due <= at) { return; }
    clearTimeout(timer);
    due = at;
    timer = setTimeout(sendNow, ms);
  }

  // --- what staff see: the count, conflicts, 立即送出; leaving kiosk mode warns --------------
  function showStatus() {
    return allEntries().then(function (entries) {
      var conflicts = entries.filter(function (e) { return e.state === "conflict"; }).length;
      var box = document.getElementById("outbox-status");
      if (box) {
        box.hidden = entries.length === 0;
        var waiting = entries.length - conflicts;
        box.querySelector("[data-outbox-count]").textContent = (waiting
          ? "本機尚有 " + waiting + " 筆離線資料待送出，連上網路後會自動送出，也可以按「立即送出」。" : "") +
          (conflicts ? (waiting ? "另有 " : "本機有 ") + conflicts + " 筆與已送出的資料編號相同但內容不同，已保留在本機、不會自動送出，請洽承辦人員。" : "");
        box.querySelector("[data-outbox-send-now]").hidden = waiting === 0;
      }
      var warning = document.getElementById("outbox-exit-warning");
      if (warning) {
        warning.hidden = entries.length === 0;
        document.getElementById("outbox_pending").value = String(entries.length);
        warning.querySelector("[data-outbox-count]").textContent = String(entries.length);
      }
      return entries.length - conflicts;
    }, function () { return 0; });
  }
  document.addEventListener("click", function (evt) {
    if (evt.target.closest && evt.target.closest("[data-outbox-send-now]")) { wait = MIN_WAIT; sendNow(); }
  });
  // `online` can come a moment before requests get through (Wi-Fi rejoining): wait a second.
  window.addEventListener("online", function () { wait = MIN_WAIT; later(ONLINE_SETTLE); });

  // --- the service worker keeps the kiosk pages and static files for offline use -----------
  if ("serviceWorker" in navigator && urls.worker) {
    navigator.serviceWorker.register(urls.worker, { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // The start screen keeps itself and the pages its offline tiles open (a tile that
      // needs the network keeps nothing: js/kiosk.js says so on it while offline).
      var tiles = document.querySelectorAll("a.kiosk-tile");
      var pages = [];
      Array.prototype.forEach.call(document.querySelectorAll("[data-offline-keep]"), function (a) {
        a.getAttribute("data-offline-keep").split(" ").forEach(function (path) {
          if (path) { pages.push(new URL(path, window.location.href).href); }
        });
      });
      if (tiles.length) { pages.push(window.location.href.split("#")[0]); }
      if (registration.active && pages.length) { registration.active.postMessage({ keep: pages }); }
    }).catch(function () { /* no worker: the pages just do not open offline */ });
  }
  if (navigator.storage && navigator.storage.persist) { navigator.storage.persist().catch(function () {}); }
  showStatus();  // at once: a slow network must not hide the count from staff
  sendNow();
})();
