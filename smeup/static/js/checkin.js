// The door's check-in screen (training.md, Check-in). Progressive enhancement over plain forms:
// - scanning: the camera, BarcodeDetector where it exists, else jsQR (vendored, loaded on first
//   use) on canvas frames; a code read is sent like a typed one;
// - offline: the page carries the session's roster (name, company, phone's last 4, ticket code;
//   nothing more) in a JSON island. With the network down, search and codes are answered from
//   it, and check-ins go into a queue in localStorage holding only {key, registration id,
//   arrival time}: no name, nothing personal. The roster lives in the page only and is gone
//   when the screen is left. The queue is sent on load, when the browser is back online, every
//   30 s while it is not empty, and on 立即送出; an entry leaves it when the server acknowledges
//   its key (the server records a check-in once, at the arrival time, however often it is sent).
(function () {
  "use strict";
  var door = document.querySelector("[data-door]");
  if (!door) { return; }
  var sessionId = door.getAttribute("data-door");
  var QUEUE = "smeup-door-queue";
  var WAIT = 30000, REQUEST_WAIT = 8000;
  var island = document.getElementById("door-roster");
  var roster = [];
  try { roster = JSON.parse(island.textContent); } catch (err) { roster = []; }
  var result = function () { return document.getElementById("checkin-result"); };

  function csrf() {
    try { return JSON.parse(document.body.getAttribute("data-hx-headers"))["X-CSRFToken"]; }
    catch (err) { return ""; }
  }
  function say(text, kind) {
    var box = result();
    box.className = "door-result door-result-" + kind;
    box.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    box.appendChild(p);
  }
  function readCode(text) {
    return String(text || "").toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 8);
  }

  // --- the queue: ids and times only -------------------------------------------------------
  function queue() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (err) { return []; }
  }
  function save(entries) {
    if (entries.length) { localStorage.setItem(QUEUE, JSON.stringify(entries)); }
    else { localStorage.removeItem(QUEUE); }
  }
  // Every session's queued check-ins are sent from any door screen (each to its own session).
  function mine() { return queue().filter(function (e) { return typeof e.url === "string"; }); }
  function showQueue(note) {
    var box = document.getElementById("door-queue");
    var n = mine().length, offline = !navigator.onLine;
    box.hidden = n === 0 && !note && !offline;
    box.querySelector("[data-door-queue-text]").textContent = note ||
      ((offline ? "目前離線：搜尋與簽到使用本頁的報名名單。" : "") +
       (n ? "本機有 " + n + " 筆離線簽到待送出，連上網路後會自動送出（記錄的是實際到場時間）。" : ""));
    box.querySelector("[data-door-send]").hidden = n === 0;
  }
  function bumpCount() {
    var strong = document.querySelector("[data-door-checked]");
    if (strong) { strong.textContent = String(parseInt(strong.textContent, 10) + 1); }
  }
  // Taipei time, as the server shows it, whatever the tablet's own time zone.
  var clock = new Intl.DateTimeFormat("zh-TW", { timeZone: "Asia/Taipei", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  function hhmm(date) { return clock.format(date); }
  function checkInOffline(person) {
    if (person.in) { say(person.name + " 已簽到 " + person.in + "，先前已完成簽到", "already"); return; }
    if (person.status !== "registered") {
      say(person.name + (person.status === "waitlisted" ? " 候補中" : " 報名已取消") +
        "，尚未入座：離線時無法入座，請連上網路後再簽到。", "not_seated");
      return;
    }
    var now = new Date();
    var entries = queue();
    entries.push({ key: (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2)),
      session: sessionId, url: door.getAttribute("data-door-offline"), id: person.id, at: now.getTime() });
    try { save(entries); } catch (err) {
      say("無法存在本機：" + person.name + " 的簽到沒有記錄，請用紙本簽到。", "unknown");
      return;
    }
    person.in = hhmm(now);
    bumpCount();
    say(person.name + " 已簽到 " + person.in + "（離線，連線後送出）", "new");
    markHit(person);
    showQueue();
  }
  function markHit(person) {
    var row = document.getElementById("hit-" + person.id);
    if (!row) { return; }
    var act = row.querySelector(".hit-act");
    act.textContent = "";
    var p = document.createElement("p");
    p.className = "hit-done";
    p.textContent = "已簽到 " + person.in;
    act.appendChild(p);
  }

  // --- answering from the roster while offline --------------------------------------------
  function find(text) {
    var q = String(text || "").trim(), digits = q.replace(/[-\s]/g, ""), code = readCode(q);
    if (!q) { return []; }
    return roster.filter(function (p) {
      if (/^\d{4}$/.test(digits) && p.last4 === digits) { return true; }
      if (code.length === 8 && p.code === code) { return true; }
      return !/^\d+$/.test(digits) && (p.name.indexOf(q) >= 0 || p.company.indexOf(q) >= 0);
    }).slice(0, 20);
  }
  function text(tag, cls, value) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    el.textContent = value;
    return el;
  }
  function showHits(q) {
    var hits = document.getElementById("checkin-hits");
    hits.textContent = "";
    if (!q.trim()) { return; }
    var found = find(q);
    hits.appendChild(text("p", "hits-count", found.length ? "找到 " + found.length + " 位（離線名單）" :
      "查無「" + q + "」的報名（離線名單：可用姓名、公司、手機末四碼或報名序號）。"));
    var list = text("ul", "hit-list", "");
    found.forEach(function (p) {
      var li = text("li", "hit", ""), who = text("div", "hit-who", ""), act = text("div", "hit-act", "");
      li.id = "hit-" + p.id;
      var name = text("span", "hit-name", p.name);
      name.id = "hit-" + p.id + "-name";
      who.appendChild(name);
      who.appendChild(text("span", "hit-company", p.company));
      who.appendChild(text("span", "hit-phone", "手機末四碼 " + (p.last4 || "—")));
      if (p.status !== "registered") {
        who.appendChild(text("span", "badge hit-state", p.status === "waitlisted" ? "候補" : "已取消報名"));
      }
      if (p.in) { act.appendChild(text("p", "hit-done", "已簽到 " + p.in)); }
      else if (p.status === "registered") {
        var button = text("button", "primary door-button", "簽到");
        button.type = "button";
        button.setAttribute("aria-describedby", name.id);
        button.addEventListener("click", function () { checkInOffline(p); });
        act.appendChild(button);
      } else { act.appendChild(text("p", "hit-note", "離線時無法入座")); }
      li.appendChild(who);
      li.appendChild(act);
      list.appendChild(li);
    });
    hits.appendChild(list);
  }
  function byId(id) {
    for (var i = 0; i < roster.length; i++) { if (roster[i].id === id) { return roster[i]; } }
    return null;
  }
  function answerOffline(elt) {
    if (elt.id === "q") { showHits(elt.value); return; }
    if (elt.hasAttribute("data-door-code")) {
      var code = readCode(elt.querySelector("[name=code]").value);
      var person = null;
      roster.forEach(function (p) { if (p.code === code) { person = p; } });
      if (person) { checkInOffline(person); } else { say("查無此報名：" + code, "unknown"); }
      elt.querySelector("[name=code]").value = "";
      return;
    }
    var id = parseInt(elt.getAttribute("data-door-checkin"), 10);
    var found = byId(id);
    if (found) { checkInOffline(found); }
  }
  function doorElement(evt) {
    var elt = evt.detail && evt.detail.elt;
    return elt && door.contains(elt) && (elt.id === "q" || elt.hasAttribute("data-door-code") ||
      elt.hasAttribute("data-door-checkin")) ? elt : null;
  }
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var elt = doorElement(evt);
    if (elt && !navigator.onLine) { evt.preventDefault(); answerOffline(elt); }
  });
  document.addEventListener("htmx:configRequest", function (evt) {
    if (doorElement(evt)) { evt.detail.timeout = REQUEST_WAIT; }
  });
  function failed(evt) { var elt = doorElement(evt); if (elt) { answerOffline(elt); } }
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);
  // A person checked in online: the roster knows it too, so an offline scan later says so.
  document.addEventListener("htmx:afterSwap", function () {
    Array.prototype.forEach.call(door.querySelectorAll(".hit"), function (li) {
      var done = li.querySelector(".hit-done"), person = byId(parseInt(li.id.slice(4), 10));
      if (done && person && !person.in) { person.in = done.textContent.replace("已簽到 ", ""); }
    });
  });
  // The code field empties after each code (the next person's is typed fresh).
  document.addEventListener("htmx:afterRequest", function (evt) {
    var elt = evt.detail && evt.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-door-code") && evt.detail.successful) {
      elt.querySelector("[name=code]").value = "";
    }
  });

  // --- the sender -----------------------------------------------------------------------------
  var sending = false, timer = null;
  function send() {
    clearTimeout(timer);
    timer = null;
    var entries = mine();
    if (sending || !entries.length) { showQueue(); return; }
    if (!navigator.onLine) { later(); return; }
    sending = true;
    var chain = Promise.resolve(), stop = false;
    entries.forEach(function (entry) {
      chain = chain.then(function () {
        if (stop) { return; }
        var control = new AbortController();
        var abort = setTimeout(function () { control.abort(); }, REQUEST_WAIT);
        return fetch(entry.url, {
          method: "POST", credentials: "same-origin", cache: "no-store", signal: control.signal,
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "application/json" },
          body: JSON.stringify({ key: entry.key, registration_id: entry.id, arrived_at: entry.at, sent_at: Date.now() })
        }).then(function (r) {
          clearTimeout(abort);
          var json = (r.headers.get("Content-Type") || "").indexOf("json") >= 0;
          if (!json) { stop = true; showQueue("離線簽到尚未送出：請重新登入後回到這個畫面，會自動送出。"); return; }
          return r.json().then(function (reply) {
            if (reply.ack !== entry.key) { throw new Error("kept"); }
            save(queue().filter(function (e) { return e.key !== entry.key; }));
            if (reply.kind === "unknown" || reply.kind === "not_seated") { say("離線簽到未記錄：" + reply.words, "not_seated"); }
          });
        });
      });
    });
    chain.catch(function () { /* kept: tried again later */ }).then(function () {
      sending = false;
      showQueue(stop ? document.querySelector("[data-door-queue-text]").textContent : "");
      if (mine().length) { later(); }
    });
  }
  function later() { if (timer === null) { timer = setTimeout(send, WAIT); } }
  window.addEventListener("online", function () { showQueue(); setTimeout(send, 500); });
  window.addEventListener("offline", function () { showQueue(); });
  // Offline, a plain form would open the browser's error page and lose this screen.
  door.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (navigator.onLine || form.hasAttribute("data-hx-post")) { return; }
    evt.preventDefault();
    var q = form.querySelector("#q");
    if (q) { showHits(q.value); } else { say("現場報名需要網路連線：請先連上網路，或先以紙本登記。", "unknown"); }
  });
  door.addEventListener("click", function (evt) {
    if (evt.target.closest("[data-door-send]")) { send(); }
  });

  // --- the camera -----------------------------------------------------------------------------
  var scanButton = door.querySelector("[data-door-scan]");
  var camera = door.querySelector("[data-door-camera]");
  var video = camera.querySelector("video");
  var codeForm = door.querySelector("[data-door-code]");
  var stream = null, detector = null, canvas = null, lastCode = "", lastAt = 0;
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) { scanButton.hidden = false; }
  function loadJsQR() {
    if (window.jsQR) { return Promise.resolve(); }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = door.getAttribute("data-door-jsqr");
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  function decoder() {
    if ("BarcodeDetector" in window) {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return Promise.resolve();
    }
    return loadJsQR();
  }
  function read() {
    if (!stream) { return Promise.resolve(""); }
    if (detector) {
      return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : ""; });
    }
    var w = video.videoWidth, h = video.videoHeight;
    if (!w || !h || !window.jsQR) { return Promise.resolve(""); }
    canvas = canvas || document.createElement("canvas");
    canvas.width = w; canvas.height = h;
    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(video, 0, 0, w, h);
    var found = window.jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: "dontInvert" });
    return Promise.resolve(found ? found.data : "");
  }
  function tick() {
    if (!stream) { return; }
    read().then(function (value) {
      var code = readCode(value);
      var now = Date.now();
      if (code.length === 8 && (code !== lastCode || now - lastAt > 4000)) {
        lastCode = code; lastAt = now;
        codeForm.querySelector("[name=code]").value = code;
        codeForm.querySelector("[name=via]").value = "scan";
        codeForm.requestSubmit();
        codeForm.querySelector("[name=via]").value = "typed";
      }
    }).catch(function () {}).then(function () { if (stream) { setTimeout(tick, 250); } });
  }
  function stopCamera() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    camera.hidden = true;
    scanButton.hidden = false;
  }
  scanButton.addEventListener("click", function () {
    decoder().then(function () {
      return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    }).then(function (s) {
      stream = s;
      video.srcObject = s;
      camera.hidden = false;
      scanButton.hidden = true;
      return video.play();
    }).then(tick).catch(function () {
      stopCamera();
      say("無法開啟相機（可能未允許使用相機）。請改輸入報名序號或搜尋姓名。", "unknown");
    });
  });
  camera.querySelector("[data-door-scan-stop]").addEventListener("click", stopCamera);
  window.addEventListener("pagehide", stopCamera);

  showQueue();
  send();
})();
