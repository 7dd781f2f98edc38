// Installs the city's service worker (offline page, cached look) where browsers support it.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      // Without a service worker the site works as usual, only not offline.
    });
  });
}
