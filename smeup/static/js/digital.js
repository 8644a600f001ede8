// Entry screen: while a counsellor types, the hint beside a value shows the change in % from
// last month (the server shows the same after saving). Event delegation: rows swapped in by
// htmx need no set-up.
(function () {
  "use strict";

  function readCount(text) {
    var clean = text.replace(/[０-９]/g, function (d) {
      return String.fromCharCode(d.charCodeAt(0) - 0xfee0);
    }).replace(/[,\s]/g, "");
    return /^\d+$/.test(clean) ? parseInt(clean, 10) : null;
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".month-row input[inputmode='numeric']")) return;
    var hint = document.getElementById(input.id.replace(/^m-/, "hint-"));
    if (!hint || hint.dataset.previous === "") return;
    var previous = parseInt(hint.dataset.previous, 10);
    var current = readCount(input.value);
    var text = "上月 " + previous.toLocaleString("en-US");
    hint.textContent = text;
    if (current === null || previous === 0) return;
    var change = (current - previous) / previous * 100;
    var span = document.createElement("span");
    span.className = "change " + (change > 0 ? "up" : change < 0 ? "down" : "flat");
    span.textContent = (change >= 0 ? "+" : "") + change.toFixed(1) + "%";
    hint.append("，", span);
  });
})();
