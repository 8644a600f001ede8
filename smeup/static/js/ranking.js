// Course ranking widget (forms.md §3). The rank_N selects stay the submitted fields: this script
// hides them, shows option tiles (tap = next rank) and a ranked list (drag, move up/down, remove),
// and writes every change back into the selects. Any [data-ranking] block is enhanced, so the
// public form and an agent's phone entry share it.
(function () {
  "use strict";

  function enhance(root) {
    if (root.hasAttribute("data-ranking-ready")) { return; }
    var widget = root.querySelector("[data-rank-widget]");
    var template = root.querySelector("template[data-rank-item]");
    var selects = Array.prototype.slice.call(root.querySelectorAll("[data-rank-selects] select"));
    if (!widget || !template || selects.length === 0) { return; }
    root.setAttribute("data-ranking-ready", "");

    var tiles = Array.prototype.slice.call(root.querySelectorAll("[data-rank-tile]"));
    var list = root.querySelector("[data-rank-list]");
    var counter = root.querySelector("[data-counter]");
    var empty = root.querySelector("[data-empty]");
    var dragHint = root.querySelector("[data-drag-hint]");
    var status = root.querySelector("[data-status]");
    var max = selects.length;
    var labels = {};
    tiles.forEach(function (tile) {
      labels[tile.dataset.code] = tile.querySelector(".rank-tile-label").textContent;
    });

    // What the selects hold, tidied: known codes, each once, without gaps.
    var order = [];
    selects.forEach(function (select) {
      var code = select.value;
      if (code && labels[code] !== undefined && order.indexOf(code) === -1) { order.push(code); }
    });

    function write() {
      selects.forEach(function (select, i) { select.value = order[i] || ""; });
    }

    // `quiet` is read out but not shown: the counter beside the message already shows it.
    function say(text, warning, quiet) {
      status.classList.toggle("is-warning", Boolean(warning));
      // Clear first so the same sentence twice is still announced.
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = text;
        if (quiet) {
          var tail = document.createElement("span");
          tail.className = "visually-hidden";
          tail.textContent = quiet;
          status.appendChild(tail);
        }
      }, 50);
    }

    function progress() {
      return "，已排序 " + order.length + " / " + max;
    }

    function rankText(code) {
      return labels[code] + " 現為第 " + (order.indexOf(code) + 1) + " 順位";
    }

    function render() {
      var full = order.length >= max;
      tiles.forEach(function (tile) {
        var rank = order.indexOf(tile.dataset.code) + 1;
        tile.setAttribute("aria-pressed", rank > 0 ? "true" : "false");
        tile.querySelector("[data-badge]").textContent = rank > 0 ? "第 " + rank + " 順位" : "";
        if (full && rank === 0) {
          tile.setAttribute("aria-disabled", "true");
        } else {
          tile.removeAttribute("aria-disabled");
        }
      });
      list.textContent = "";
      order.forEach(function (code, i) {
        var item = template.content.firstElementChild.cloneNode(true);
        item.dataset.code = code;
        item.querySelector("[data-number]").textContent = String(i + 1);
        item.querySelector("[data-label]").textContent = labels[code];
        item.querySelectorAll(".rank-action").forEach(function (button) {
          var verb = button.textContent.replace(/[▲▼✕]/g, "").trim();
          button.setAttribute("aria-label", verb + " " + labels[code]);
        });
        item.querySelector('[data-move="-1"]').setAttribute("aria-disabled", String(i === 0));
        item.querySelector('[data-move="1"]').setAttribute("aria-disabled", String(i === order.length - 1));
        list.appendChild(item);
      });
      counter.textContent = "已排序 " + order.length + " / " + max;
      counter.classList.toggle("is-full", full);
      empty.hidden = order.length > 0;
      dragHint.hidden = order.length < 2;
    }

    function change() {
      write();
      render();
    }

    function focusIn(code, selector) {
      var item = list.querySelector('[data-code="' + code + '"]');
      var target = item && item.querySelector(selector);
      if (target) { target.focus(); }
    }

    function add(code) {
      if (order.length >= max) {
        say("最多只能排序 " + max + " 項課程，目前已排滿。如要改選「" + labels[code] +
          "」，請先移除一項已排序的課程。", true);
        return;
      }
      order.push(code);
      change();
      say(rankText(code), false, progress());
    }

    function remove(code, fromList) {
      var index = order.indexOf(code);
      order.splice(index, 1);
      change();
      say("已移除 " + labels[code], false, progress());
      if (!fromList) { return; }
      var next = order[index] || order[index - 1];
      if (next) {
        focusIn(next, "[data-remove]");
      } else {
        root.querySelector('[data-rank-tile][data-code="' + code + '"]').focus();
      }
    }

    function move(code, step) {
      var from = order.indexOf(code);
      var to = from + step;
      if (to < 0 || to >= order.length) {
        say(to < 0 ? labels[code] + " 已是第 1 順位" : labels[code] + " 已是最後一個順位");
        return;
      }
      order.splice(from, 1);
      order.splice(to, 0, code);
      change();
      say(rankText(code));
      focusIn(code, '[data-move="' + step + '"]');
    }

    root.addEventListener("click", function (evt) {
      var tile = evt.target.closest("[data-rank-tile]");
      if (tile) {
        var code = tile.dataset.code;
        if (order.indexOf(code) === -1) { add(code); } else { remove(code, false); }
        return;
      }
      var item = evt.target.closest(".rank-item");
      var button = evt.target.closest("button");
      if (!item || !button) { return; }
      if (button.hasAttribute("data-remove")) {
        remove(item.dataset.code, true);
      } else if (button.hasAttribute("data-move")) {
        move(item.dataset.code, Number(button.getAttribute("data-move")));
      }
    });

    if (window.Sortable) {
      window.Sortable.create(list, {
        handle: ".rank-handle",
        draggable: ".rank-item",
        animation: 150,
        // A held touch starts a drag, a quick swipe still scrolls; the mouse drags at once.
        delay: 150,
        delayOnTouchOnly: true,
        // Sortable's own pointer handling, the same for touch and mouse (not HTML5 drag and drop).
        forceFallback: true,
        fallbackTolerance: 4,
        ghostClass: "rank-ghost",
        chosenClass: "rank-picked",
        dragClass: "rank-dragging",
        onEnd: function (evt) {
          if (evt.oldIndex === evt.newIndex) { return; }
          var code = evt.item.dataset.code;
          order = Array.prototype.map.call(list.children, function (li) { return li.dataset.code; });
          change();
          say(rankText(code));
        }
      });
    }

    // Errors the server found on a select now point at the widget that replaced it.
    var form = root.closest("form");
    if (form) {
      form.querySelectorAll("[data-error-summary] a").forEach(function (link) {
        if (/^#rank_\d+$/.test(link.getAttribute("href"))) { link.setAttribute("href", "#ranking"); }
      });
    }
    var selectErrors = root.querySelectorAll("[data-rank-selects] .field-error");
    root.querySelector("[data-rank-selects]").hidden = true;
    widget.hidden = false;
    render();
    if (selectErrors.length) {
      say(Array.prototype.map.call(selectErrors, function (p) { return p.textContent; }).join("；"), true);
    }
  }

  function init(scope) {
    if (scope.matches && scope.matches("[data-ranking]")) { enhance(scope); }
    if (scope.querySelectorAll) { scope.querySelectorAll("[data-ranking]").forEach(enhance); }
    var summary = scope.querySelector ? scope.querySelector("[data-error-summary]") : null;
    if (summary) { summary.focus(); }
  }

  if (window.htmx) {
    window.htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  }
})();
