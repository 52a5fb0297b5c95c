/* The interactive map, only where the operator serves tiles of their own (MAP_TILES_URL): Leaflet
   (vendored, static/leaflet.js) over those tiles with the same public points. Without it, or without
   JavaScript, the plain SVG map drawn by the server stays. */
(function () {
  "use strict";
  var box = document.querySelector("[data-map-tiles]");
  if (!box || !window.L || !window.fetch) return;
  fetch(box.dataset.mapPoints, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (collection) {
      box.hidden = false;
      var map = L.map(box, { scrollWheelZoom: false }).setView([0.62, 122.45], 8);
      L.tileLayer(box.dataset.mapTiles, { maxZoom: 18 }).addTo(map);
      L.geoJSON(collection, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 6, color: "#fff", weight: 1.5, fillColor: "#b00020", fillOpacity: 0.85 });
        },
        onEachFeature: function (feature, layer) {
          var p = feature.properties || {};
          var link = document.createElement("a");
          link.href = "/lacak/" + encodeURIComponent(p.tracking_code || "");
          link.textContent = (p.tracking_code || "") + (p.title ? " · " + p.title : "");
          layer.bindPopup(link);
        }
      }).addTo(map);
      var plain = document.querySelector("svg.map");
      if (plain) plain.setAttribute("aria-hidden", "true"), plain.classList.add("map-replaced");
    })
    .catch(function () { box.hidden = true; });
})();
