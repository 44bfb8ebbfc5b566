// Dateline's embed loader. Paste where the timeline should appear:
//
//   <script src="https://dateline.example/static/js/embed.js" data-timeline="ice-in-chicago"
//           data-type="raid,arrest" data-limit="10" data-theme="dark" async></script>
//
// It puts an iframe right after itself, pointing at this script's own origin, and sizes
// it to its content as the frame reports its height. data-timeline (or data-event for one
// event; neither means every event) picks what to show; data-type, data-place,
// data-actor, data-start, data-end, data-q, data-order, data-limit and data-theme are the
// filters, and data-view="map" shows them on a map instead of a list; data-height is the
// height before the first report (600 by default).
// data-story (with data-timeline) opens the timeline's story mode instead, at step 1 or
// at the step it names (data-story="3"); only data-theme applies to it.
(function () {
  "use strict";

  var FILTERS = ["type", "place", "actor", "start", "end", "q", "order", "view", "limit", "theme"];

  function scripts() {
    if (document.currentScript && document.currentScript.hasAttribute("data-dateline-embed")) {
      return [];
    }
    if (document.currentScript) return [document.currentScript];
    // Injected by other means: take every loader not yet handled.
    return Array.prototype.slice.call(
      document.querySelectorAll('script[src*="/js/embed.js"]:not([data-dateline-embed])')
    );
  }

  function embedUrl(script, origin) {
    var data = script.dataset;
    var path = "/embed/events/";
    if (data.timeline) path = "/embed/timelines/" + encodeURIComponent(data.timeline) + "/";
    else if (data.event) path = "/embed/events/" + encodeURIComponent(data.event) + "/";
    var params = new URLSearchParams();
    if (data.timeline && data.story !== undefined) {
      path += "story/";
      var step = parseInt(data.story, 10);
      if (step > 0) path += step + "/";
      if (data.theme) params.append("theme", data.theme);
    } else if (!data.event) {
      FILTERS.forEach(function (key) {
        var value = data[key];
        if (!value) return;
        if (key === "type") {
          value.split(/[\s,]+/).filter(Boolean).forEach(function (type) {
            params.append("type", type);
          });
        } else {
          params.append(key, value);
        }
      });
    } else if (data.theme) {
      params.append("theme", data.theme);
    }
    var query = params.toString();
    return origin + path + (query ? "?" + query : "");
  }

  function embed(script) {
    script.setAttribute("data-dateline-embed", "");
    var origin = new URL(script.src, document.baseURI).origin;
    var id = "dateline-" + Math.random().toString(36).slice(2, 12);
    var iframe = document.createElement("iframe");
    iframe.src = embedUrl(script, origin) + "#id=" + id;
    iframe.id = id;
    iframe.title = script.getAttribute("data-title") || "Dateline timeline";
    iframe.width = "100%";
    iframe.height = String(parseInt(script.getAttribute("data-height"), 10) || 600);
    iframe.setAttribute("loading", "lazy");
    iframe.setAttribute("frameborder", "0");
    iframe.className = "dateline-embed";
    script.parentNode.insertBefore(iframe, script.nextSibling);

    window.addEventListener("message", function (event) {
      // Only this frame, from our origin, in our format, about itself.
      if (event.source !== iframe.contentWindow || event.origin !== origin) return;
      var data = event.data;
      if (!data || data.type !== "dateline:height" || data.id !== id) return;
      var height = Math.round(Number(data.height));
      if (height > 0 && height < 100000) iframe.height = String(height);
    });
  }

  scripts().forEach(embed);
})();
