// Dateline's timeline: the little htmx cannot do by attributes alone.
// Loaded as a file (no inline script), so the Content Security Policy stays strict.
(function () {
  "use strict";

  // Empty filters stay out of the address, so shared links read cleanly.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt.closest || !event.detail.elt.closest("#filters")) return;
    var data = event.detail.formData;
    Array.from(data.keys()).forEach(function (key) {
      var values = data.getAll(key).filter(function (value) { return value !== ""; });
      data.delete(key);
      values.forEach(function (value) { data.append(key, value); });
    });
  });

  // A card's title expands it in place; selecting it again folds it.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var link = event.detail.elt;
    if (!link.hasAttribute || !link.hasAttribute("data-expand")) return;
    if (link.getAttribute("aria-expanded") === "true") {
      event.preventDefault();
      var region = document.getElementById(link.getAttribute("aria-controls"));
      if (region) region.innerHTML = "";
      link.setAttribute("aria-expanded", "false");
    }
  });

  // After "load more" by click, focus goes to the first new card, not back to the top.
  var lastBeforeMore = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    lastBeforeMore = target && target.id === "load-more" ? target.previousElementSibling : null;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var config = event.detail.requestConfig || {};
    var link = config.elt;
    if (link && link.hasAttribute && link.hasAttribute("data-expand")) {
      link.setAttribute("aria-expanded", "true");
      return;
    }
    var clicked = config.triggeringEvent && config.triggeringEvent.type === "click";
    if (lastBeforeMore && clicked) {
      var next = lastBeforeMore.nextElementSibling;
      while (next && !next.classList.contains("card")) next = next.nextElementSibling;
      var title = next && next.querySelector("h3 a");
      if (title) title.focus();
    }
    lastBeforeMore = null;
  });
})();

// Share panel: copy buttons, shown only where this script runs and the clipboard exists.
(function () {
  "use strict";

  function reveal(root) {
    if (!navigator.clipboard || !root.querySelectorAll) return;
    root.querySelectorAll("[data-copy][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    var label = button.textContent;
    navigator.clipboard.writeText(field.value).then(
      function () { button.textContent = "Copied"; },
      function () { field.select(); button.textContent = "Select and copy"; }
    ).then(function () {
      window.setTimeout(function () { button.textContent = label; }, 2000);
    });
  });

  document.addEventListener("htmx:load", function (event) { reveal(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  } else {
    reveal(document);
  }
})();
