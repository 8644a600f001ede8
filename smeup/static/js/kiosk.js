// Kiosk mode: after a quiet spell, clear what was typed and go back to the start screen.
// location.replace keeps the visitor's page out of history; a page the browser brings back
// from its back/forward cache is fetched again (the server then answers with the start screen).
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-kiosk-idle"), 10);
  var home = body.getAttribute("data-kiosk-home");
  if (!home) { return; }
  var timer = null;

  function clearFields() {
    var fields = document.querySelectorAll("input, textarea, select");
    Array.prototype.forEach.call(fields, function (el) {
      var type = (el.type || "").toLowerCase();
      if (type === "hidden" || type === "submit" || type === "button") { return; }
      if (type === "checkbox" || type === "radio") { el.checked = false; }
      else if (el.tagName === "SELECT") { el.selectedIndex = -1; }
      else { el.value = ""; }
    });
  }

  function goHome() {
    clearFields();
    try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* blocked */ }
    window.location.replace(home);
  }

  function restart() {
    window.clearTimeout(timer);
    timer = window.setTimeout(goHome, seconds * 1000);
  }

  // Offline, a start-screen tile whose form needs the network (SBTR's uploads, say) is greyed
  // and says 需要網路連線 instead of leading to an error page. Offline is the browser's word
  // (navigator.onLine, `offline`) or the server's health check not answering: Wi-Fi joined
  // but no way out, when the start screen itself came from the service worker.
  var needy = document.querySelectorAll("[data-needs-network]");
  var offlineNotice = document.querySelector("[data-offline-notice]");
  var HEALTH_WAIT = 8000, HEALTH_RETRY = 30000;
  var retry = null;

  function showNetwork(offline) {
    if (offlineNotice) { offlineNotice.hidden = !offline; }
    Array.prototype.forEach.call(needy, function (tile) {
      tile.classList.toggle("is-offline", offline);
      if (offline) { tile.setAttribute("aria-disabled", "true"); }
      else { tile.removeAttribute("aria-disabled"); }
      var note = tile.querySelector("[data-offline-note]");
      if (note) { note.hidden = !offline; }
    });
  }

  function checkNetwork() {
    window.clearTimeout(retry);
    var health = body.getAttribute("data-outbox-health");
    if (!navigator.onLine) { showNetwork(true); return; }
    if (!health || !window.fetch || !window.AbortController) { showNetwork(false); return; }
    var control = new AbortController();
    var stop = window.setTimeout(function () { control.abort(); }, HEALTH_WAIT);
    fetch(health, { cache: "no-store", credentials: "same-origin", signal: control.signal })
      .then(function (r) { return r.json(); })
      .then(function (answer) { return Boolean(answer && answer.status === "ok"); },
        function () { return false; })
      .then(function (reached) {
        window.clearTimeout(stop);
        showNetwork(!reached || !navigator.onLine);
        if (!reached) { retry = window.setTimeout(checkNetwork, HEALTH_RETRY); }
      });
  }

  if (needy.length || offlineNotice) {
    showNetwork(!navigator.onLine);
    window.addEventListener("offline", function () {
      window.clearTimeout(retry);
      showNetwork(true);
    });
    // `online` can come a moment before requests get through (Wi-Fi rejoining): wait a second.
    window.addEventListener("online", function () { retry = window.setTimeout(checkNetwork, 1000); });
    document.addEventListener("click", function (evt) {
      var tile = evt.target.closest && evt.target.closest("[data-needs-network].is-offline");
      if (tile) { evt.preventDefault(); }
    });
    checkNetwork();
  }

  // A page brought back whole from the back/forward cache is fetched again instead.
  window.addEventListener("pageshow", function (evt) {
    if (evt.persisted) { window.location.reload(); }
  });

  if (!(seconds > 0) || window.location.pathname === new URL(home, window.location.href).pathname) {
    return;  // the start screen itself has nothing to clear
  }
  ["pointerdown", "keydown", "input", "touchstart"].forEach(function (name) {
    document.addEventListener(name, restart, { capture: true, passive: true });
  });
  restart();
})();
