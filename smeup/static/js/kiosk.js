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
