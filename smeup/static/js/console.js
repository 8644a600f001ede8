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
