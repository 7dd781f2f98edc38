/* My trip: the map (numbered stops joined in visiting order), "start from my location"
   and "copy link". The page works without it: the list, the directions link and the
   share link are plain HTML. */
(function () {
  "use strict";

  function drawMap() {
    var element = document.getElementById("trip-map");
    var data = document.getElementById("trip-data");
    if (!element || !data || !window.L) { return; }
    var trip = JSON.parse(data.textContent);
    var map = L.map(element, { scrollWheelZoom: false });
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, {
        maxZoom: 19, attribution: element.dataset.attribution
      }).addTo(map);
    }
    var colour = getComputedStyle(document.documentElement)
      .getPropertyValue("--kota-primary").trim() || "#3388ff";
    var line = [];
    if (trip.start) {
      L.circleMarker(trip.start, { radius: 8, weight: 3, color: colour }).addTo(map);
      line.push(trip.start);
    }
    trip.stops.forEach(function (stop, index) {
      var position = [stop.lat, stop.lon];
      var marker = L.marker(position, {
        title: (index + 1) + ". " + stop.name,
        icon: L.divIcon({
          className: "trip-marker", html: String(index + 1),
          iconSize: [32, 32], iconAnchor: [16, 16]
        })
      }).addTo(map);
      var link = document.createElement("a");
      link.href = stop.url;
      link.textContent = stop.name;
      marker.bindPopup(link);
      line.push(position);
    });
    if (line.length > 1) {
      L.polyline(line, { weight: 4, opacity: 0.8, color: colour }).addTo(map);
      map.fitBounds(L.latLngBounds(line), { padding: [32, 32] });
    } else {
      map.setView(line[0], 15);
    }
  }

  function locate() {
    var button = document.getElementById("trip-locate");
    var status = document.getElementById("trip-locate-status");
    if (!button || !navigator.geolocation) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        var here = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
        var url = new URL(window.location.href);
        url.searchParams.set("dari", here);
        window.location.assign(url.toString());
      }, function () {
        button.disabled = false;
        status.textContent = button.dataset.failed;
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
    });
  }

  function copyLink() {
    var button = document.getElementById("trip-copy");
    var link = document.getElementById("trip-share-link");
    var status = document.getElementById("trip-copy-status");
    if (!button || !link || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(link.href).then(function () {
        status.textContent = button.dataset.copied;
      });
    });
  }

  function start() { drawMap(); locate(); copyLink(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
