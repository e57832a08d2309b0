/* Jiangxin's service worker. It stores the offline page and static files, and
   nothing else: pages always come from the network (offline: the offline page),
   so no personal page, video, playlist or key ever stays on the phone. */
"use strict";
var CONFIG = {{ config|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CONFIG.cache).then(function (cache) {
      // Without cookies: the shell is the same for everyone.
      return cache.addAll(CONFIG.shell.map(function (url) {
        return new Request(url, { credentials: "omit" });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("jiangxin-") === 0 && name !== CONFIG.cache;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      if (self.registration.navigationPreload) {
        return self.registration.navigationPreload.enable();
      }
    }).then(function () { return self.clients.claim(); })
  );
});

function fromCacheFirst(request) {
  return caches.open(CONFIG.cache).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok && response.type === "basic") cache.put(request, response.clone());
        return response;
      });
    });
  });
}

function fromNetworkFirst(request) {
  return caches.open(CONFIG.cache).then(function (cache) {
    return fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") cache.put(request, response.clone());
      return response;
    }).catch(function () {
      return cache.match(request).then(function (hit) { return hit || Response.error(); });
    });
  });
}

function page(event) {
  return Promise.resolve(event.preloadResponse).then(function (preloaded) {
    return preloaded || fetch(event.request);
  }).catch(function () {
    return caches.open(CONFIG.cache).then(function (cache) {
      return cache.match(CONFIG.offline);
    }).then(function (offline) { return offline || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf(CONFIG.static) === 0) {
    // Hashed names (production) never change content; during development the
    // network comes first so that edits show.
    event.respondWith(CONFIG.hashed ? fromCacheFirst(request) : fromNetworkFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  }
  // Anything else (playlists, segments, keys, heartbeats, the API, forms) is left
  // to the browser: never stored here.
});
