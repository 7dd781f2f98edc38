/* e-plesiran console: the map picker. The latitude and longitude inputs stay the source
   of truth (and work without scripts); the map shows them, and a click or a dragged
   marker fills them. The city's boundary is drawn, and a point outside it is pointed out
   at once (the server refuses it on saving either way). */
(function () {
  "use strict";

  function pointInRing(lat, lon, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var x1 = ring[i][0], y1 = ring[i][1], x2 = ring[j][0], y2 = ring[j][1];
      if ((y1 > lat) !== (y2 > lat) && lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1)) {
        inside = !inside;
      }
    }
    return inside;
  }

  function insideBoundary(lat, lon, boundary) {
    if (!boundary || !boundary.coordinates) { return true; }
    if (boundary.type === "MultiPolygon") {
      return boundary.coordinates.some(function (polygon) { return pointInRing(lat, lon, polygon[0]); });
    }
    return pointInRing(lat, lon, boundary.coordinates[0]);
  }

  function readNumber(input) {
    var value = parseFloat(String(input.value).replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function setup(picker, config) {
    var latInput = document.getElementById(picker.dataset.latitude);
    var lonInput = document.getElementById(picker.dataset.longitude);
    var status = picker.querySelector(".map-picker-status");
    if (!latInput || !lonInput || !window.L) { return; }
    picker.hidden = false;

    var map = L.map(picker.querySelector(".map-picker-map"));
    if (config.tiles) {
      L.tileLayer(config.tiles, { maxZoom: 19, attribution: config.attribution }).addTo(map);
    }
    var outline = null;
    if (config.boundary) {
      outline = L.geoJSON(config.boundary, {
        interactive: false,
        style: { color: "#a4161a", weight: 2, fill: true, fillOpacity: 0.04 }
      }).addTo(map);
    }
    var marker = null;

    function check(lat, lon) {
      status.textContent = insideBoundary(lat, lon, config.boundary) ? "" : picker.dataset.outside;
    }

    function fill(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
      check(latlng.lat, latlng.lng);
    }

    function place(lat, lon) {
      if (marker) {
        marker.setLatLng([lat, lon]);
      } else {
        marker = L.marker([lat, lon], { draggable: true, keyboard: true, alt: picker.dataset.marker }).addTo(map);
        marker.on("dragend", function () { fill(marker.getLatLng()); });
      }
    }

    var lat = readNumber(latInput), lon = readNumber(lonInput);
    if (lat !== null && lon !== null) {
      place(lat, lon);
      map.setView([lat, lon], Math.max(config.zoom || 13, 15));
      check(lat, lon);
    } else if (outline) {
      map.fitBounds(outline.getBounds());
    } else if (config.center) {
      map.setView(config.center, config.zoom || 13);
    } else {
      map.setView([-2.5, 118], 5);  // Indonesia
    }

    map.on("click", function (event) {
      place(event.latlng.lat, event.latlng.lng);
      fill(event.latlng);
    });

    function follow() {
      var lat = readNumber(latInput), lon = readNumber(lonInput);
      if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) { return; }
      place(lat, lon);
      map.panTo([lat, lon]);
      check(lat, lon);
    }
    latInput.addEventListener("input", follow);
    lonInput.addEventListener("input", follow);
  }

  function start() {
    var configElement = document.getElementById("map-picker-config");
    if (!configElement) { return; }
    var config = JSON.parse(configElement.textContent);
    document.querySelectorAll("[data-map-picker]").forEach(function (picker) {
      setup(picker, config);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
