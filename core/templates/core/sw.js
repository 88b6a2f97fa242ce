{% autoescape off %}// 区治's service worker: the site's own static files, kept for a weak or no signal (docs/phones.md).
// Pages and API answers are never kept: they carry personal data and stay Cache-Control: no-store.
"use strict";
const VERSION = {{ version }};
const ASSETS = {{ assets }};
const STATIC = {{ static_prefix }};
const OFFLINE = {{ offline }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== VERSION).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(STATIC)) {
    // From the cache at once, refreshed in the background; from the network the first time.
    event.respondWith(caches.open(VERSION).then((cache) => cache.match(request, { ignoreSearch: true }).then((hit) => {
      const fresh = fetch(request).then((response) => {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
      if (hit) {
        event.waitUntil(fresh.catch(() => undefined));
        return hit;
      }
      return fresh;
    })));
    return;
  }
  if (request.mode === "navigate") {
    // A page needs the network; with none, the offline page says what is kept on the phone.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE, { ignoreSearch: true })));
  }
});
{% endautoescape %}
