// 創新加值導航: show the R&D and co-creation questions only when their need is ticked, focus the
// error list after a refused submit, and a print button (shown only when this script runs).
(function () {
  "use strict";
  function toggleSections(form) {
    var sections = form.querySelectorAll("[data-when-need]");
    for (var i = 0; i < sections.length; i++) {
      var code = sections[i].getAttribute("data-when-need");
      var box = form.querySelector("input[name='need'][value='" + code + "']");
      sections[i].hidden = !(box && box.checked);
    }
  }
  document.addEventListener("change", function (evt) {
    var form = evt.target.closest ? evt.target.closest("#navigator-form") : null;
    if (form && evt.target.name === "need") { toggleSections(form); }
  });
  document.addEventListener("click", function (evt) {
    if (evt.target.closest && evt.target.closest("[data-print]")) { window.print(); }
  });
  function init(root) {
    var buttons = root.querySelectorAll ? root.querySelectorAll("[data-print]") : [];
    for (var i = 0; i < buttons.length; i++) { buttons[i].hidden = false; }
    var form = document.getElementById("navigator-form");
    if (form) { toggleSections(form); }
    var summary = root.querySelector ? root.querySelector("#navigator-errors") : null;
    if (summary) { summary.focus(); }
  }
  if (window.htmx) {
    window.htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  }
})();
