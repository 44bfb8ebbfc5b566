// Inside a Dateline embed: tell the page around the frame how tall the content is.
//
// Three hosts listen, each in its own format:
// - our loader (static/js/embed.js): {type: "dateline:height", height, id}, id from "#id=…";
// - WordPress (wp-embed.js): {message: "height", value, secret}, secret from "#?secret=…";
// - Pym.js parents: "pymxPYMx<childId>xPYMxheightxPYMx<px>", childId from the query string.
// A plain iframe without any of them scrolls inside its fixed height; nothing here is needed.
//
// The frame may run in a sandbox without allow-same-origin (WordPress does that), an
// opaque origin where storage and cookies throw: nothing here touches either.
(function () {
  "use strict";

  if (window.parent === window) return;

  function hashParams() {
    // "#id=abc", "#?secret=abc", or both joined by & or another #.
    var params = {};
    window.location.hash.replace(/^#\??/, "").split(/[&#?]/).forEach(function (part) {
      var at = part.indexOf("=");
      if (at > 0) {
        try {
          params[decodeURIComponent(part.slice(0, at))] = decodeURIComponent(part.slice(at + 1));
        } catch (error) {
          // A malformed escape in someone else's fragment: ignore that part.
        }
      }
    });
    return params;
  }

  var fragment = hashParams();
  var id = fragment.id || null;
  var secret = /^[a-zA-Z0-9]+$/.test(fragment.secret || "") ? fragment.secret : null;
  var pymId = new URLSearchParams(window.location.search).get("childId");
  // A sandboxed frame without allow-same-origin has the opaque origin "null".
  var sandboxed = window.origin === "null";

  var content = document.getElementById("embed") || document.body;
  var last = 0;

  function post(message) {
    try {
      // The height is no secret, and the parent's origin is unknown to us: "*".
      window.parent.postMessage(message, "*");
    } catch (error) {
      // A parent that went away mid-resize: nothing to tell.
    }
  }

  function send(force) {
    var style = window.getComputedStyle(document.body);
    var height = Math.ceil(
      content.getBoundingClientRect().height +
        parseFloat(style.marginTop) + parseFloat(style.marginBottom)
    );
    if (!height || (height === last && !force)) return;
    last = height;
    post({ type: "dateline:height", height: height, id: id });
    if (secret) post({ message: "height", value: height, secret: secret });
    if (pymId !== null) post("pymxPYMx" + pymId + "xPYMxheightxPYMx" + height);
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      send(false);
    });
  }

  if (typeof ResizeObserver === "function") {
    new ResizeObserver(schedule).observe(content);
  } else {
    window.addEventListener("resize", schedule);
  }
  window.addEventListener("load", function () { send(true); });
  send(true);

  // WordPress says "ready" once its listener is in place; a Pym parent sends its width.
  // Either way, say the height again, in case the first message came too early.
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) return;
    var data = event.data;
    var ready = data && data.message === "ready" && secret && data.secret === secret;
    var pym = typeof data === "string" && pymId !== null &&
      data.indexOf("pymxPYMx" + pymId + "xPYMxwidthxPYMx") === 0;
    if (ready || pym) send(true);
  });

  // Links open in the top window. A sandbox forbids that: in WordPress, ask the host to
  // navigate (its "link" message); in another sandbox, a new tab is the best left to try.
  if (sandboxed) {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      if (secret) {
        event.preventDefault();
        post({ message: "link", value: link.href, secret: secret });
      } else {
        link.target = "_blank";
        link.rel = "noopener";
      }
    });
  }
})();
