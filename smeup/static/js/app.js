// App-wide behaviour: show a zh-Hant message when an htmx request fails.
(function () {
  "use strict";
  function toast(text) {
    var box = document.getElementById("htmx-error");
    if (!box) { return; }
    box.textContent = text;
    box.hidden = false;
    window.setTimeout(function () { box.hidden = true; }, 6000);
  }
  document.addEventListener("htmx:responseError", function (evt) {
    var status = evt.detail.xhr ? evt.detail.xhr.status : 0;
    if (status === 429) {
      toast("送出太頻繁，請稍候一分鐘再試。");
    } else if (status === 413) {
      toast("檔案或資料太大（檔案最大 10 MB），請縮小後再試。");
    } else if (status === 400) {
      toast("頁面已逾時，請重新整理後再試。");
    } else if (status === 503) {
      toast("系統暫時無法使用，請稍後再試。");
    } else {
      toast("發生錯誤，請稍後再試。（" + status + "）");
    }
  });
  // An inline field check must never undo what the person typed after it was sent:
  // if the field changed since, drop this answer (the newer change brings its own).
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var target = evt.detail.target;
    var config = evt.detail.requestConfig;
    if (!target || !config || !config.formData || !target.classList.contains("field")) { return; }
    var sent = config.formData;
    var controls = target.querySelectorAll("input, select, textarea");
    var changed = Array.prototype.some.call(controls, function (el) {
      if (!el.name || el.disabled || el.type === "file") { return false; }
      if (el.type === "checkbox" || el.type === "radio") {
        return el.checked !== (sent.getAll(el.name).indexOf(el.value) >= 0);
      }
      return sent.get(el.name) !== el.value;
    });
    if (changed) { evt.detail.shouldSwap = false; }
  });
  document.addEventListener("htmx:sendError", function (evt) {
    var elt = evt.detail && evt.detail.elt;
    if (elt && elt.closest && elt.closest("[data-outbox]")) { return; }  // js/outbox.js keeps it
    toast("網路連線中斷，資料尚未送出，請確認連線後再試。");
  });
})();
