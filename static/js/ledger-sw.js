// The fast envelope entry page's service worker (served at /su-kien/so-mung-sw.js). It keeps
// the last copy of the page (/su-kien/<id>/so-mung/nhap-nhanh) and of the files it loads, so
// that a phone can reopen the page offline; the envelopes typed meanwhile wait in the page's
// queue (localStorage). Network first: online, the page is always fresh. Every other request
// under /su-kien/ is left to the browser.
"use strict";

const CACHE = "quet-ledger-entry-v1";
const PAGE = /^\/su-kien\/\d+\/so-mung\/nhap-nhanh$/;
const FILES = /^\/static\/(css|js|fonts)\//;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  const page = PAGE.test(url.pathname);
  if (!page && !FILES.test(url.pathname)) {
    return;
  }
  // The page is kept under its path alone: "?ben=…" and the bare page are one copy.
  const key = page ? url.origin + url.pathname : request.url;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(key, copy));
        }
        return response;
      })
      .catch(() =>
        caches.match(key).then((kept) => kept || Response.error()),
      ),
  );
});
