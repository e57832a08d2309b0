/* Registers the service worker (lms/roof/webapp.py) once the page has loaded, so
   that it never competes with the page itself for a slow link. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  var url = script.getAttribute("data-service-worker");
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {});
  });
})();
