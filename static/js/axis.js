// The time axis (timeline/axis.py): keys, dragging across periods, and pinching.
// Without this file every period and every zoom button is a plain link.
(function () {
  "use strict";

  var KEYS = { "+": "zoom-in", "=": "zoom-in", "-": "zoom-out", "_": "zoom-out",
    PageUp: "earlier", PageDown: "later", "0": "whole" };
  var refocus = null; // which period to focus once the axis is swapped in again

  function bins(frame) { return Array.prototype.slice.call(frame.querySelectorAll("a.bin")); }

  function go(frame, url) {
    if (!window.htmx) { window.location.href = url; return; }
    var link = document.createElement("a");
    link.href = url;
    link.hidden = true;
    link.setAttribute("hx-get", url);
    link.setAttribute("hx-target", "#results");
    link.setAttribute("hx-push-url", "true");
    frame.appendChild(link);
    window.htmx.process(link);
    link.click();
  }

  // One period is in the tab order; the arrow keys move between them.
  function rove(frame, index) {
    var all = bins(frame);
    if (!all.length) return null;
    index = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (bin, i) { bin.setAttribute("tabindex", i === index ? "0" : "-1"); });
    return all[index];
  }

  function setUp(root) {
    var frames = root.querySelectorAll ? root.querySelectorAll("[data-axis]") : [];
    Array.prototype.forEach.call(frames, function (frame) {
      if (frame.dataset.ready) return;
      frame.dataset.ready = "1";
      var all = bins(frame);
      var first = all.findIndex(function (bin) { return !/: 0 events/.test(bin.getAttribute("aria-label")); });
      var current = rove(frame, refocus !== null ? refocus : Math.max(0, first));
      if (refocus !== null && current) current.focus();
      refocus = null;
      frame.addEventListener("keydown", function (event) { onKey(frame, event); });
      brushing(frame);
    });
  }

  function control(frame, name) {
    var figure = frame.closest(".axis");
    return figure && figure.querySelector('[data-axis-control="' + name + '"]');
  }

  function onKey(frame, event) {
    var all = bins(frame);
    var index = all.indexOf(document.activeElement);
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var move = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -1, ArrowDown: 1 }[event.key];
    if (move !== undefined && index >= 0) {
      event.preventDefault();
      var next = rove(frame, index + move);
      if (next) next.focus();
      return;
    }
    if ((event.key === "Home" || event.key === "End") && index >= 0) {
      event.preventDefault();
      rove(frame, event.key === "Home" ? 0 : all.length - 1).focus();
      return;
    }
    if (event.key === " " && index >= 0) { event.preventDefault(); all[index].click(); return; }
    var name = KEYS[event.key];
    var button = name && control(frame, name);
    if (button) {
      event.preventDefault();
      refocus = index >= 0 ? Math.floor(all.length / 2) : 0;
      button.click();
    }
  }

  // Drag across periods to list them together; pinch with two fingers to zoom.
  function brushing(frame) {
    var chart = frame.querySelector(".axis-chart");
    var brush = frame.querySelector(".axis-brush .brush");
    if (!chart || !brush) return;
    var pointers = new Map();
    var from = null, dragged = false, pinch = null;

    function fraction(event) {
      var box = chart.getBoundingClientRect();
      return Math.max(0, Math.min(0.9999, (event.clientX - box.left) / box.width));
    }
    function spread() {
      var points = Array.from(pointers.values());
      return Math.abs(points[0].clientX - points[1].clientX) + Math.abs(points[0].clientY - points[1].clientY);
    }

    chart.addEventListener("pointerdown", function (event) {
      pointers.set(event.pointerId, event);
      if (pointers.size === 2) { pinch = { start: spread(), now: spread() }; from = null; brush.setAttribute("width", "0"); return; }
      if (event.button !== 0) return;
      from = fraction(event);
      dragged = false;
    });
    chart.addEventListener("pointermove", function (event) {
      if (!pointers.has(event.pointerId)) return;
      pointers.set(event.pointerId, event);
      if (pinch && pointers.size === 2) { pinch.now = spread(); return; }
      if (from === null) return;
      var to = fraction(event);
      if (!dragged && Math.abs(to - from) * chart.getBoundingClientRect().width < 8) return;
      if (!dragged) { dragged = true; chart.setPointerCapture(event.pointerId); }
      var count = bins(frame).length;
      var a = Math.floor(Math.min(from, to) * count), b = Math.floor(Math.max(from, to) * count);
      brush.setAttribute("x", (a / count * 100) + "%");
      brush.setAttribute("width", ((b - a + 1) / count * 100) + "%");
    });
    function end(event) {
      pointers.delete(event.pointerId);
      if (pinch) {
        if (pointers.size === 0) {
          var ratio = pinch.now / (pinch.start || 1);
          pinch = null;
          var name = ratio > 1.25 ? "zoom-in" : ratio < 0.8 ? "zoom-out" : null;
          var button = name && control(frame, name);
          if (button) button.click();
        }
        return;
      }
      if (from === null || !dragged) { from = null; return; }
      var all = bins(frame);
      var to = fraction(event);
      var a = all[Math.floor(Math.min(from, to) * all.length)];
      var b = all[Math.floor(Math.max(from, to) * all.length)];
      from = null;
      if (!a || !b) return;
      var url = a.getAttribute("href").replace(/end=[0-9-]+/, "end=" + b.dataset.end);
      go(frame, url);
    }
    chart.addEventListener("pointerup", end);
    chart.addEventListener("pointercancel", function (event) {
      pointers.delete(event.pointerId); from = null; pinch = null; brush.setAttribute("width", "0");
    });
    // A drag ends over a period; its click must not list that period alone.
    chart.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); event.stopPropagation(); dragged = false; }
    }, true);
  }

  document.addEventListener("htmx:load", function (event) { setUp(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  } else {
    setUp(document);
  }
})();
