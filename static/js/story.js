// Story mode: arrow keys, Home/End and swipes move through the steps.
//
// Every move is a click on one of the step's real links (data-story-previous, -next,
// -first, -last), so it does what the link does: an HTMX swap of the step region with
// the address pushed on the timeline page, a plain navigation in an embed or without
// htmx. A file, not an inline script, so the Content Security Policy stays strict.
(function () {
  "use strict";

  var KEYS = {
    ArrowLeft: "[data-story-previous]",
    ArrowRight: "[data-story-next]",
    Home: "[data-story-first]",
    End: "[data-story-last]"
  };
  var SWIPE = 50; // px sideways, and more sideways than up or down

  function region() {
    return document.querySelector("[data-story]");
  }

  function follow(selector) {
    var step = region();
    var link = step && step.querySelector(selector);
    if (!link || link.getAttribute("aria-current") === "step") return false;
    link.click();
    return true;
  }

  function typing(target) {
    return target && target.closest &&
      target.closest("input, textarea, select, [contenteditable]");
  }

  document.addEventListener("keydown", function (event) {
    var selector = KEYS[event.key];
    if (!selector || event.defaultPrevented) return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (typing(event.target)) return;
    if (follow(selector)) event.preventDefault();
  });

  // Swipes by touch or pen; a mouse drag is left alone, it selects text.
  var start = null;
  document.addEventListener("pointerdown", function (event) {
    var step = region();
    start = event.pointerType !== "mouse" && step && step.contains(event.target)
      ? { x: event.clientX, y: event.clientY, id: event.pointerId }
      : null;
  });
  document.addEventListener("pointercancel", function () { start = null; });
  document.addEventListener("pointerup", function (event) {
    if (!start || event.pointerId !== start.id) return;
    var dx = event.clientX - start.x;
    var dy = event.clientY - start.y;
    start = null;
    if (Math.abs(dx) < SWIPE || Math.abs(dx) < 2 * Math.abs(dy)) return;
    follow(dx < 0 ? "[data-story-next]" : "[data-story-previous]");
  });

  // After a swap, keep the reader's place: the same control if they used one, else the
  // step itself, and say which step this is.
  var cameFrom = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.closest || !elt.closest("[data-story]")) return;
    cameFrom = ["data-story-previous", "data-story-next"].filter(function (name) {
      return elt.hasAttribute(name) && elt === document.activeElement;
    })[0] || null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var step = region();
    if (!step || event.detail.elt !== step && !step.contains(event.detail.elt)) return;
    var control = cameFrom && step.querySelector("[" + cameFrom + "]");
    (control || step).focus({ preventScroll: false });
    cameFrom = null;
    var heading = step.querySelector("h2");
    var announce = document.getElementById("story-announce");
    if (heading && announce) announce.textContent = heading.textContent;
  });

  // The print view's button: shown only where this script runs.
  function reveal() {
    document.querySelectorAll("[data-story-print][hidden]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }
})();
