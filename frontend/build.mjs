// Copy the map view's libraries from node_modules into static/vendor/map/, where
// Django's staticfiles (and WhiteNoise in production) serve them, and write the basemap:
// US state outlines (us-atlas) over the world's land (world-atlas), converted from
// TopoJSON to GeoJSON here so the browser needs no converter. Run by `make map`.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "static", "vendor", "map");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "images"), { recursive: true });

const copies = {
  "leaflet/dist/leaflet.js": "leaflet.js",
  // The scripts name their source maps; production's hashed static files need them present.
  "leaflet/dist/leaflet.js.map": "leaflet.js.map",
  "leaflet/dist/leaflet.css": "leaflet.css",
  "leaflet/LICENSE": "LICENSE-leaflet.txt",
  "leaflet.markercluster/dist/leaflet.markercluster.js": "leaflet.markercluster.js",
  "leaflet.markercluster/dist/leaflet.markercluster.js.map": "leaflet.markercluster.js.map",
  "leaflet.markercluster/dist/MarkerCluster.css": "MarkerCluster.css",
  "leaflet.markercluster/MIT-LICENCE.txt": "LICENSE-markercluster.txt",
  "us-atlas/LICENSE": "LICENSE-us-atlas.txt",
  "world-atlas/LICENSE": "LICENSE-world-atlas.txt",
};
for (const [from, to] of Object.entries(copies)) copyFileSync(join(modules, from), join(out, to));
// leaflet.css points at images/; without them the layer control would lose its icons.
for (const name of readdirSync(join(modules, "leaflet/dist/images"))) {
  copyFileSync(join(modules, "leaflet/dist/images", name), join(out, "images", name));
}

// Coordinates to 0.001° (about 100 m): plenty for outlines, a third of the bytes.
const round = (value) => Math.round(value * 1000) / 1000;
function rounded(coordinates) {
  return typeof coordinates[0] === "number"
    ? coordinates.map(round)
    : coordinates.map(rounded);
}
function features(path, object, layer) {
  const topology = JSON.parse(readFileSync(join(modules, path), "utf8"));
  const collection = feature(topology, topology.objects[object]);
  const list = collection.type === "FeatureCollection" ? collection.features : [collection];
  return list.map((item) => ({
    type: "Feature",
    properties: { layer, name: (item.properties && item.properties.name) || "" },
    geometry: { type: item.geometry.type, coordinates: rounded(item.geometry.coordinates) },
  }));
}
const basemap = {
  type: "FeatureCollection",
  features: [
    ...features("world-atlas/land-110m.json", "land", "land"),
    ...features("us-atlas/states-10m.json", "states", "state"),
  ],
};
writeFileSync(join(out, "basemap.geojson"), JSON.stringify(basemap));
writeFileSync(
  join(out, "README.txt"),
  "Made by frontend/build.mjs (make map) from frontend/package-lock.json. Do not edit; not committed.\n"
);
console.log(`static/vendor/map: Leaflet, Leaflet.markercluster, basemap.geojson (${basemap.features.length} shapes)`);
