/* A destination's page: a small map with its marker. The page already links to a map
   app; this only draws the map when Leaflet has loaded. On phones the map does not take
   the page's scrolling (one-finger drag stays a scroll; zoom with the buttons). */
(function () {
  "use strict";
  var element = document.getElementById("place-map");
  var configElement = document.getElementById("plesiran-map-config");
  if (!element || !configElement || !window.L) return;
  var config = JSON.parse(configElement.textContent);
  var here = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
  var icon = (element.dataset.icon || "map-pin").replace(/[^a-z0-9-]/g, "");
  element.hidden = false;
  var map = L.map(element, {
    maxZoom: 19,
    scrollWheelZoom: false,
    dragging: !L.Browser.mobile,
    tap: false,
  }).setView(here, 16);
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  }
  L.marker(here, {
    keyboard: false,
    title: element.dataset.name,
    icon: L.divIcon({
      className: "map-pin map-pin-destination",
      html: '<span class="map-pin-shape"><svg class="icon" aria-hidden="true" focusable="false"><use href="' +
        config.sprite + "#" + icon + '"></use></svg></span>',
      iconSize: [34, 34],
      iconAnchor: [17, 34],
    }),
  }).addTo(map);
})();
