// 淨零健檢: focus the error list after a refused submit, drop the "fill one energy" message once
// one is filled, and a print button (shown only when this script runs).
(function () {
  "use strict";
  function hasEnergy(section) {
    var inputs = section.querySelectorAll("input[inputmode='decimal']");
    for (var i = 0; i < inputs.length; i++) {
      var value = inputs[i].value.replace(/[,\s]/g, "");
      if (value !== "" && Number(value) !== 0) { return true; }
    }
    return false;
  }
  document.addEventListener("input", function (evt) {
    var section = evt.target.closest ? evt.target.closest("#energy-section") : null;
    var message = document.getElementById("energy-error");
    if (section && message && hasEnergy(section)) { message.hidden = true; }
  });
  document.addEventListener("click", function (evt) {
    if (evt.target.closest && evt.target.closest("[data-print]")) { window.print(); }
  });
  function init(root) {
    var buttons = root.querySelectorAll ? root.querySelectorAll("[data-print]") : [];
    for (var i = 0; i < buttons.length; i++) { buttons[i].hidden = false; }
    var summary = root.querySelector ? root.querySelector("#netzero-errors") : null;
    if (summary) { summary.focus(); }
  }
  if (window.htmx) {
    window.htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  }
})();
