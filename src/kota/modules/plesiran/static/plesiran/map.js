/* e-plesiran's map of everything: the city's published places and facilities (from the
   module's GeoJSON feed), clustered, filtered by category and kind, with "near me" (the
   ten nearest places, by straight-line distance) and a route link in every popup.
   Settings and translated words come from the JSON in #plesiran-map-config. Without
   Leaflet the page keeps its message and link to the list. No framework, no build. */
(function () {
  "use strict";
  var configElement = document.getElementById("plesiran-map-config");
  var element = document.getElementById("plesiran-map");
  if (!configElement || !element || !window.L || !L.markerClusterGroup) return;
  var config = JSON.parse(configElement.textContent);
  var text = config.text;
  var language = document.documentElement.lang || "id";
  var status = document.querySelector("[data-map-status]");
  var filters = document.querySelector("[data-map-filters]");
  var nearButton = document.querySelector("[data-near-me]");
  var nearestSection = document.querySelector("[data-nearest-section]");
  var nearestList = document.querySelector("[data-nearest]");

  document.querySelector("[data-map-nojs]").hidden = true;
  document.querySelector("[data-map-tools]").hidden = false;
  element.hidden = false;

  // maxZoom on the map itself: clustering needs it, and without tiles nothing else sets it.
  var map = L.map(element, { maxZoom: 19 });
  if (config.center) {
    map.setView(config.center, config.zoom);
  } else {
    map.setView([-2.5, 118], 5); // Indonesia, until the places are in
  }
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  }
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  map.addLayer(cluster);

  var entries = []; // {feature, latlng, marker}
  var here = null;
  var youMarker = null;

  function say(message) {
    status.textContent = message || "";
  }

  function pin(iconName, type) {
    var icon = String(iconName || "map-pin").replace(/[^a-z0-9-]/g, "");
    return L.divIcon({
      className: "map-pin map-pin-" + type,
      html: '<span class="map-pin-shape"><svg class="icon" aria-hidden="true" focusable="false"><use href="' +
        config.sprite + "#" + icon + '"></use></svg></span>',
      iconSize: [34, 34],
      iconAnchor: [17, 34],
      popupAnchor: [0, -30],
    });
  }

  function describe(properties) {
    var group = properties.type === "destination"
      ? config.categories[properties.category]
      : config.kinds[properties.kind];
    return group || { name: "", icon: "map-pin" };
  }

  function placeUrl(slug) {
    return config.destinationUrl.replace("{slug}", encodeURIComponent(slug));
  }

  function directionsUrl(latlng) {
    return "https://www.google.com/maps/dir/?api=1&destination=" +
      latlng.lat.toFixed(6) + "," + latlng.lng.toFixed(6);
  }

  function link(href, label, external) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = label;
    if (external) {
      a.rel = "noopener";
      a.target = "_blank";
    }
    return a;
  }

  function popup(entry) {
    var properties = entry.feature.properties;
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("strong");
    title.className = "map-popup-name";
    title.textContent = properties.name;
    var kind = document.createElement("span");
    kind.className = "map-popup-kind";
    kind.textContent = describe(properties).name;
    var links = document.createElement("span");
    links.className = "map-popup-links";
    if (properties.type === "destination") {
      links.appendChild(link(placeUrl(properties.slug), text.details, false));
    }
    links.appendChild(link(directionsUrl(entry.latlng), text.directions, true));
    box.append(title, kind, links);
    return box;
  }

  function shown() {
    var data = new FormData(filters);
    return { category: new Set(data.getAll("category")), kind: new Set(data.getAll("kind")) };
  }

  function isShown(entry, choice) {
    var properties = entry.feature.properties;
    return properties.type === "destination"
      ? choice.category.has(properties.category)
      : choice.kind.has(properties.kind);
  }

  function refresh() {
    var choice = shown();
    cluster.clearLayers();
    cluster.addLayers(entries.filter(function (e) { return isShown(e, choice); })
      .map(function (e) { return e.marker; }));
    if (here) listNearest();
  }

  function formatDistance(km) {
    if (km < 1) return Math.max(10, Math.round(km * 100) * 10) + " m";
    return new Intl.NumberFormat(language, {
      minimumFractionDigits: 1, maximumFractionDigits: 1,
    }).format(km) + " km";
  }

  function distanceKm(a, b) {
    var rad = Math.PI / 180;
    var h = Math.pow(Math.sin((b.lat - a.lat) * rad / 2), 2) +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) *
      Math.pow(Math.sin((b.lng - a.lng) * rad / 2), 2);
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function listNearest() {
    var choice = shown();
    var rows = entries
      .filter(function (e) {
        return e.feature.properties.type === "destination" && isShown(e, choice);
      })
      .map(function (e) { return { entry: e, km: distanceKm(here, e.latlng) }; })
      .sort(function (a, b) { return a.km - b.km; })
      .slice(0, 10);
    nearestList.replaceChildren.apply(nearestList, rows.map(function (row) {
      var item = document.createElement("li");
      var distance = document.createElement("span");
      distance.className = "nearest-distance";
      distance.textContent = formatDistance(row.km);
      var name = row.entry.feature.properties.name;
      item.append(link(placeUrl(row.entry.feature.properties.slug), name, false), " ", distance);
      return item;
    }));
    nearestSection.hidden = rows.length === 0;
  }

  filters.addEventListener("change", refresh);

  nearButton.addEventListener("click", function () {
    if (!("geolocation" in navigator)) {
      say(text.unavailable);
      return;
    }
    say(text.locating);
    nearButton.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        nearButton.disabled = false;
        say("");
        here = L.latLng(position.coords.latitude, position.coords.longitude);
        if (youMarker) {
          youMarker.setLatLng(here);
        } else {
          youMarker = L.circleMarker(here, {
            radius: 9, weight: 3, color: "#ffffff", fillColor: "#1a73e8", fillOpacity: 1,
          }).bindTooltip(text.you).addTo(map);
        }
        map.setView(here, Math.max(map.getZoom(), 14));
        listNearest();
      },
      function () {
        nearButton.disabled = false;
        say(text.unavailable);
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });

  fetch(config.features, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (collection) {
      collection.features.forEach(function (feature) {
        var coordinates = feature.geometry.coordinates;
        var entry = { feature: feature, latlng: L.latLng(coordinates[1], coordinates[0]) };
        entry.marker = L.marker(entry.latlng, {
          title: feature.properties.name,
          icon: pin(describe(feature.properties).icon, feature.properties.type),
        }).bindPopup(function () { return popup(entry); });
        entries.push(entry);
      });
      if (!entries.length) {
        say(text.none);
        return;
      }
      refresh();
      if (!config.center) map.fitBounds(cluster.getBounds(), { padding: [24, 24] });
    })
    .catch(function () {
      say(text.failed);
    });
})();
