/* e-plesiran's list of places: "Near me" asks the browser where the visitor is and
   reloads the list with ?lat=…&lon=…, which the server sorts by distance. Without
   JavaScript or geolocation the button stays hidden. */
(function () {
  "use strict";
  var button = document.querySelector("[data-near-me]");
  var status = document.querySelector("[data-near-status]");
  if (!button || !status || !("geolocation" in navigator)) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = status.dataset.locating;
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var url = new URL(window.location.href);
        url.searchParams.set("lat", position.coords.latitude.toFixed(5));
        url.searchParams.set("lon", position.coords.longitude.toFixed(5));
        url.searchParams.delete("page");
        window.location.assign(url.toString());
      },
      function () {
        status.textContent = status.dataset.unavailable;
        button.disabled = false;
      },
      { timeout: 15000, maximumAge: 300000 }
    );
  });
})();
