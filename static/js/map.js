// Dateline's map view: draws [data-map] elements (templates/timeline/_map.html) with
// Leaflet and Leaflet.markercluster, which it loads only when a map is on the page.
//
// The element names our GeoJSON export for the page's filters (data-map) and whether it
// holds one feature per event (data-mode="events") or per place ("places", for more
// events than one download holds). No tiles are set by default: the map draws over the
// basemap we ship (US states over the world's land); data-tiles names a tile server.
// A marker opens the event's card (data-card-url) in #map-card, as the list shows it;
// in an embed (data-embed) it opens a popup whose link leaves the frame.
// Loaded as a file, with no inline script or style, so the strict CSP holds.
(function () {
  "use strict";

  var loading = null;

  function script(src) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement("script");
      element.src = src;
      element.onload = resolve;
      element.onerror = function () { reject(new Error("Could not load " + src)); };
      document.head.appendChild(element);
    });
  }

  function stylesheet(href) {
    if (document.querySelector('link[rel="stylesheet"][href="' + href + '"]')) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function libraries(element) {
    if (!loading) {
      stylesheet(element.dataset.leafletCss);
      stylesheet(element.dataset.clusterCss);
      loading = window.L && window.L.markerClusterGroup
        ? Promise.resolve()
        : script(element.dataset.leaflet).then(function () {
            return script(element.dataset.cluster);
          });
    }
    return loading;
  }

  function json(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + " answered " + response.status);
      return response.json();
    });
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text) element.textContent = text;
    return element;
  }

  var CONTIGUOUS_US = [[24.4, -125], [49.4, -66.9]];

  function draw(element) {
    if (element.dataset.drawn) return;
    element.dataset.drawn = "true";
    var frame = element.closest(".map-frame");
    if (frame) frame.hidden = false;
    var L = window.L;
    var tiles = element.dataset.tiles;
    var map = L.map(element, { minZoom: 2, maxZoom: tiles ? 18 : 12, zoomSnap: 0.5 });
    element.datelineMap = map;
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    map.fitBounds(CONTIGUOUS_US);

    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 18,
        attribution: escapeHtml(element.dataset.attribution || ""),
      }).addTo(map);
    } else {
      // Its own pane, below the markers' (static/css/map.css sets its z-index).
      map.createPane("basemap");
      json(element.dataset.basemap).then(function (data) {
        L.geoJSON(data, {
          pane: "basemap",
          interactive: false,
          attribution: "US states: U.S. Census Bureau, via us-atlas; land: Natural Earth",
          style: function (feature) {
            return { className: "basemap-" + feature.properties.layer, weight: 1 };
          },
        }).addTo(map);
        element.dataset.basemapDrawn = "true";
      });
    }

    var places = element.dataset.mode === "places";
    var clusters = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      // Markers at one spot (the same place, the same day) spread out when selected.
      spiderfyOnMaxZoom: true,
      iconCreateFunction: function (cluster) {
        var total = 0;
        cluster.getAllChildMarkers().forEach(function (marker) {
          total += marker.options.count || 1;
        });
        var size = total < 10 ? 32 : total < 1000 ? 40 : 48;
        return L.divIcon({
          className: "map-cluster",
          iconSize: L.point(size, size),
          html: "<span>" + figure(element, total) + "</span>" +
            '<span class="visually-hidden"> ' + text(element, "cluster") + "</span>",
        });
      },
    });

    json(element.dataset.map).then(function (data) {
      var markers = data.features.map(function (feature) {
        var p = feature.properties;
        var at = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
        var marker;
        if (places) {
          marker = L.marker(at, {
            count: p.count,
            title: p.place + ": " + text(element, "count", p.count),
            icon: L.divIcon({
              className: "map-place",
              iconSize: L.point(36, 36),
              html: "<span>" + figure(element, Number(p.count)) + "</span>",
            }),
          });
          marker.on("click", function () { showPlace(element, p); });
        } else {
          marker = L.marker(at, {
            count: 1,
            title: p.title + " (" + p.display_date + ", " + p.place + ")",
            icon: L.divIcon({ className: "map-marker type-" + p.type, iconSize: L.point(18, 18) }),
          });
          if (element.hasAttribute("data-embed")) {
            marker.bindPopup(function () { return popup(p); });
          } else {
            marker.on("click", function () { showCard(element, p); });
          }
        }
        return marker;
      });
      clusters.addLayers(markers);
      map.addLayer(clusters);
      if (markers.length) {
        map.fitBounds(clusters.getBounds(), { padding: [40, 40], maxZoom: 10 });
      }
      element.dataset.markers = String(markers.length);
    }).catch(function (error) {
      var note = document.getElementById("map-note");
      if (note) note.textContent = text(element, "error");
      element.dataset.markers = "error";
      throw error;
    });
  }

  // The interface words come from the page, in its language (data-text-* on the map,
  // written by _map.html); "{n}" stands for a count, and a "-one" variant is for 1.
  var ENGLISH = {
    cluster: "events here; select to zoom in", // after the count the marker shows
    count: "{n} events",
    "count-one": "{n} event",
    here: "{n} events here.",
    "here-one": "{n} event here.",
    show: "Show them in the list",
    error: "The map could not load its events; the places below list them.",
  };

  function text(element, name, n) {
    var key = n === 1 && ENGLISH[name + "-one"] ? name + "-one" : name;
    var words = element.getAttribute("data-text-" + key) || ENGLISH[key];
    return n === undefined ? words : words.replace("{n}", figure(element, n));
  }

  function figure(element, n) {
    // 70,000 in English, 70.000 in Spanish, like the page's own counts (|thousands).
    var separator = element.getAttribute("data-thousands") || ",";
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  }

  function inLanguage(element, url) {
    // The GeoJSON export is English and links to English pages; keep the page's language.
    var prefix = element.getAttribute("data-language-prefix") || "";
    var address = new URL(url, window.location.href);
    if (prefix && address.origin === window.location.origin &&
        address.pathname.indexOf(prefix + "/") !== 0) {
      address.pathname = prefix + address.pathname;
    }
    return address.href;
  }

  function showCard(element, properties) {
    var url = element.dataset.cardUrl.replace("__slug__", encodeURIComponent(properties.slug));
    var panel = document.getElementById("map-card");
    if (!panel || !window.htmx) {
      window.location.href = inLanguage(element, properties.url);
      return;
    }
    window.htmx.ajax("GET", url, { target: panel, swap: "innerHTML" }).then(function () {
      var title = panel.querySelector("h3 a");
      if (title) title.focus({ preventScroll: true });
    });
  }

  function showPlace(element, properties) {
    var panel = document.getElementById("map-card");
    if (!panel) return;
    panel.replaceChildren();
    var box = make("div", "map-place-card");
    box.appendChild(make("h3", "", properties.place));
    box.appendChild(make("p", "", text(element, "here", Number(properties.count))));
    var link = make("a", "", text(element, "show"));
    var path = new URL(inLanguage(element, properties.url), window.location.href);
    link.href = path.pathname + path.search;
    link.setAttribute("hx-get", link.href);
    link.setAttribute("hx-target", "#results");
    link.setAttribute("hx-push-url", "true");
    box.appendChild(make("p")).appendChild(link);
    panel.appendChild(box);
    if (window.htmx) window.htmx.process(box);
    link.focus({ preventScroll: true });
  }

  function popup(properties) {
    var box = make("div", "map-popup");
    var heading = make("p", "map-popup-title");
    var link = make("a", "", properties.title);
    link.href = properties.url;
    link.target = "_top";
    heading.appendChild(link);
    box.appendChild(heading);
    box.appendChild(make("p", "", properties.display_date + " · " + properties.place));
    return box;
  }

  function start(root) {
    if (!root.querySelectorAll) return;
    var found = root.matches && root.matches("[data-map]") ? [root] : [];
    found = found.concat(Array.prototype.slice.call(root.querySelectorAll("[data-map]")));
    found.forEach(function (element) {
      libraries(element).then(function () { draw(element); });
    });
  }

  // A map swapped out by htmx lets go of its listeners.
  document.addEventListener("htmx:beforeCleanupElement", function (event) {
    var map = event.target && event.target.datelineMap;
    if (map) {
      map.remove();
      event.target.datelineMap = null;
    }
  });
  document.addEventListener("htmx:load", function (event) { start(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(document); });
  } else {
    start(document);
  }
})();
