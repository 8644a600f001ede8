// SBTR: copy the draft's resume link, select it on tap, a print button on the receipt, and a
// letter of intent over 10 MB refused before it is sent. Everything here is a comfort: the page
// works without it, and the server checks the file again.
(function () {
  "use strict";
  var MAX_LOI = 10 * 1024 * 1024;
  function refuseLoi(input, text) {
    var box = document.getElementById("field-loi_file");
    var error = document.getElementById("loi_file-error");
    if (!error) {
      error = document.createElement("p");
      error.className = "field-error";
      error.id = "loi_file-error";
      box.appendChild(error);
    }
    error.textContent = text;
    box.classList.add("has-error");
    input.setAttribute("aria-invalid", "true");
    var described = (input.getAttribute("aria-describedby") || "").split(" ");
    if (described.indexOf("loi_file-error") < 0) { described.push("loi_file-error"); }
    input.setAttribute("aria-describedby", described.join(" ").trim());
    input.value = "";  // so the whole form is not sent with it either
  }
  document.addEventListener("htmx:confirm", function (evt) {
    var box = evt.detail.elt;
    if (!box || box.id !== "field-loi_file") { return; }
    var input = document.getElementById("loi_file");
    var file = input && input.files && input.files[0];
    if (file && file.size > MAX_LOI) {
      evt.preventDefault();
      var size = (file.size / (1024 * 1024)).toFixed(1);
      refuseLoi(input, "合作意向書檔案為 " + size + " MB，超過 10 MB 上限，請壓縮或降低掃描解析度後再上傳");
    }
  });
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest ? evt.target.closest("[data-copy]") : null;
    if (button) {
      var input = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById(button.getAttribute("data-copy") + "-status");
      if (!input) { return; }
      input.select();
      var done = function () { if (status) { status.textContent = "已複製續填連結"; } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () {
          if (status) { status.textContent = "無法自動複製，請長按連結後選擇「複製」"; }
        });
      } else if (document.execCommand && document.execCommand("copy")) {
        done();
      }
      return;
    }
    if (evt.target.closest && evt.target.closest("[data-print]")) { window.print(); }
  });
  document.addEventListener("focusin", function (evt) {
    if (evt.target.hasAttribute && evt.target.hasAttribute("data-select-all")) { evt.target.select(); }
  });
  function init(root) {
    var hidden = root.querySelectorAll ? root.querySelectorAll("[data-copy][hidden], [data-print][hidden]") : [];
    for (var i = 0; i < hidden.length; i++) { hidden[i].hidden = false; }
  }
  if (window.htmx) {
    window.htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  }
})();
