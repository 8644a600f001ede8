// Officer console: the filter form leaves out empty fields, so the URL it pushes stays short
// enough to read and bookmark (?q=綠能&urgency=高 rather than a dozen empty parameters).
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (evt) {
    var form = evt.detail.elt.closest && evt.detail.elt.closest("form.filters");
    if (!form || evt.detail.verb !== "get") { return; }
    var params = evt.detail.parameters;
    var empty = [];
    for (var pair of params.entries ? params.entries() : Object.entries(params)) {
      if (pair[1] === "") { empty.push(pair[0]); }
    }
    empty.forEach(function (name) {
      if (params.delete) { params.delete(name); } else { delete params[name]; }
    });
  });
})();

// A table whose wrapper scrolls sideways must be reachable by keyboard (axe:
// scrollable-region-focusable). The console's own wrappers say so in their markup; this gives
// the same to the blocks other rooms place on console pages, once they do scroll.
(function () {
  "use strict";
  function reachable() {
    document.querySelectorAll(".table-wrap:not([tabindex])").forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth) { return; }
      var caption = wrap.querySelector("caption");
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "表格");
    });
  }
  document.addEventListener("DOMContentLoaded", reachable);
  window.addEventListener("resize", reachable);
  document.addEventListener("htmx:afterSettle", reachable);
})();
