// smeup kiosk service worker {{ version }}: GET only. Kiosk pages the server marks with
// X-Smeup-Offline are fetched from the network first and kept for when it is down; static
// files (named with their content hash) come from the cache. POSTs are never touched, so a
// form is sent by the page itself or, offline, put in the page's outbox (js/outbox.js). A page
// it did not keep gets the kept offline page (zh-Hant, from the app), never the browser's error.
"use strict";
var CACHE = "smeup-kiosk-{{ version }}";
var ASSETS = {{ assets | tojson }};
var OFFLINE_PAGE = {{ offline_page | tojson }};
var NETWORK_WAIT_MS = 6000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(ASSETS.concat([OFFLINE_PAGE]));
  }).then(function () { return self.skipWaiting(); }));
});

// Old caches go; the outbox lives in IndexedDB, which no worker version touches.
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("smeup-kiosk-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// The start screen asks to keep its forms, so they open offline even if nobody opened them yet;
// the offline page is fetched again with them (this event's name in its header).
self.addEventListener("message", function (event) {
  var urls = event.data && event.data.keep;
  if (!Array.isArray(urls)) { return; }
  // One after another: each answer sets the session cookie, so parallel fetches could race.
  event.waitUntil(urls.concat([OFFLINE_PAGE]).reduce(function (chain, url) {
    return chain.then(function () {
      return fetch(url, { credentials: "same-origin" }).then(keepPage).catch(function () {});
    });
  }, Promise.resolve()));
});

function keepPage(response) {
  if (response.ok && response.headers.get("X-Smeup-Offline") === "keep") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(response.url, copy); });
  }
  return response;
}

// A navigation the network cannot answer: the kept offline page (the error stands without it).
function orOfflinePage(pending) {
  return pending.catch(function (error) {
    return caches.match(OFFLINE_PAGE, { cacheName: CACHE, ignoreVary: true }).then(function (page) {
      if (page) { return page; }
      throw error;
    });
  });
}

function networkFirst(request) {
  var timer;
  var late = new Promise(function (resolve, reject) {
    timer = setTimeout(function () { reject(new Error("timeout")); }, NETWORK_WAIT_MS);
  });
  var network = fetch(request).then(keepPage);
  return Promise.race([network, late]).then(function (response) {
    clearTimeout(timer);
    return response;
  }).catch(function () {
    clearTimeout(timer);
    return caches.match(request.url, { cacheName: CACHE, ignoreVary: true }).then(function (hit) {
      return hit || orOfflinePage(network);
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request, { cacheName: CACHE }).then(function (hit) {
      return hit || fetch(request);
    }));
  } else if (request.mode === "navigate") {
    // Pages with a query (a search, a filter) are never kept, but get the offline page too.
    event.respondWith(url.search ? orOfflinePage(fetch(request)) : networkFirst(request));
  }
});
