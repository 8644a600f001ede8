// Officer training pages: the session form shows only the fields its kind and mode need (all
// of them without JavaScript), and a print button on the 研習證明 page.
(function () {
  "use strict";
  function checked(form, name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : "";
  }
  function toggle(form) {
    var kind = checked(form, "kind");
    var mode = checked(form, "mode");
    var shown = {
      "when-course": kind !== "briefing",
      "when-briefing": kind !== "course",
      "when-onsite": mode !== "online",
      "when-online": mode !== "onsite"
    };
    Object.keys(shown).forEach(function (name) {
      form.querySelectorAll("." + name).forEach(function (el) { el.hidden = !shown[name]; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("session-form");
    if (form) {
      toggle(form);
      form.addEventListener("change", function (evt) {
        if (evt.target.name === "kind" || evt.target.name === "mode") { toggle(form); }
      });
    }
    document.querySelectorAll("[data-print][hidden]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
