/* Heartline's service worker: the pages a resident has opened, and the guides and contact card
   their site page features, open again without a network.

   - Pages come from the network when it answers within WAIT_MS, so they stay current; otherwise
     from the copy saved on the phone, which then says so at the top, in the page's language: the
     date it was saved, a warning when that is more than SETTINGS.days days ago, and the emergency
     numbers to call whatever the page says.
   - Styles, scripts and contact cards come from the saved copy when there is one.
   - Each build has its own cache, `heartline-<build id>` (a hash of everything kept, written in
     by the build). A deploy that changes anything changes this file, so a phone that comes online
     installs the new worker. It fetches again everything the previous one kept; what it cannot
     fetch (the network failed) is carried over as it was, with its date; what the new build no
     longer has is dropped. Then the old caches are deleted. */
"use strict";
const SETTINGS = {};  // written by the build (scripts/site/offline.py)
const PREFIX = "heartline-";
const CACHE = PREFIX + (SETTINGS.build || "dev");
const WAIT_MS = 4000;
const DAY_MS = 24 * 60 * 60 * 1000;
const SAVED_AT = "X-Heartline-Saved"; // when a copy was saved, on each copy kept

self.addEventListener("install", (event) => {
  event.waitUntil(renew().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(carryOver().then(() => oldCaches())
    .then((names) => Promise.all(names.map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

const sameOrigin = (url) => new URL(url, self.location.href).origin === self.location.origin;
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const oldCaches = () => caches.keys()
  .then((names) => names.filter((name) => name.startsWith(PREFIX) && name !== CACHE));
const keepable = (response) => response.ok && (response.type === "basic" || response.type === "default");
// This worker's cache; null once a newer worker has replaced it (and deleted the cache), so that
// this one, still finishing its work, does not make it again. The active worker always has one.
function ownCache() {
  const active = self.serviceWorker ? self.serviceWorker.state === "activated"
    : !self.registration.installing && !self.registration.waiting;
  return caches.has(CACHE).then((has) => (has || active ? caches.open(CACHE) : null));
}

// A copy to keep: the response with the moment it was saved.
// A copy marked with when the server sent it (its Date header): a copy taken from the browser's
// own cache may be older than today, and must never be shown as fresher than it is.
function stamped(response) {
  const headers = new Headers(response.headers);
  const sent = new Date(response.headers.get("Date") || NaN);
  const now = new Date();
  headers.set(SAVED_AT, (Number.isNaN(sent.getTime()) || sent > now ? now : sent).toISOString());
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

// Fetched again, bypassing the browser's own cache, so the copy is this build's.
function refetch(url) {
  return fetch(url, { cache: "no-cache", credentials: "same-origin" });
}

// The copy the page just loaded, from the browser's own cache when it is there (the network
// otherwise): asking the server again cost a first visit a round trip and a 304 for each file.
function loaded(url) {
  return fetch(url, { cache: "force-cache", credentials: "same-origin" });
}

// Everything the previous build's worker kept, saved again from this build.
async function renew() {
  const cache = await caches.open(CACHE);
  for (const name of await oldCaches()) {
    const old = await caches.open(name);
    await Promise.all((await old.keys()).map(async (request) => {
      if (await cache.match(request)) return;
      let response;
      try {
        response = await refetch(request.url);
      } catch (error) { // no network: keep the old copy, with the date it was saved
        const copy = await old.match(request);
        if (copy) await cache.put(request, copy);
        return;
      }
      if (keepable(response)) await cache.put(request, stamped(response));
      await old.delete(request); // answered: renewed, or gone from the site
    }));
  }
}

// What the previous worker saved while this one was installing.
async function carryOver() {
  const cache = await caches.open(CACHE);
  for (const name of await oldCaches()) {
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      if (!(await cache.match(request))) await cache.put(request, await old.match(request));
    }
  }
}

// The network's answer; a good one is also saved, and the event waits for that.
function fetchAndSave(event, cache) {
  const network = fetch(event.request);
  event.waitUntil(network.then((response) => keepable(response)
    ? cache.put(event.request, stamped(response.clone())) : undefined).catch(() => undefined));
  return network;
}

function localDate(date) {
  const two = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

// A saved page, with the notice that it is one at its top.
async function withNotice(saved) {
  if (!(saved.headers.get("Content-Type") || "").includes("text/html") || !SETTINGS.notices) return saved;
  const html = await saved.text();
  const lang = ((/<html[^>]*\slang="([^"]*)"/i.exec(html) || [])[1] || "").toLowerCase();
  const words = SETTINGS.notices[lang] || SETTINGS.notices[lang.split("-")[0]]
    || SETTINGS.notices[SETTINGS.language];
  const when = new Date(saved.headers.get(SAVED_AT) || saved.headers.get("Date") || NaN);
  const known = !Number.isNaN(when.getTime());
  const stale = !known || Date.now() - when.getTime() > SETTINGS.days * DAY_MS;
  const notice = (stale ? words.stale : words.fresh).split("{date}").join(known ? localDate(when) : "?");
  const body = html.includes(SETTINGS.mark) ? html.replace(SETTINGS.mark, notice)
    : html.replace(/<body[^>]*>/i, (tag) => tag + notice);
  const headers = new Headers(saved.headers);
  headers.delete("Content-Length");
  return new Response(body, { status: saved.status, statusText: saved.statusText, headers });
}

function offlinePage() {
  return new Response(SETTINGS.offlinePage || "", { status: 503, headers: {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": SETTINGS.offlinePolicy || "default-src 'none'" } });
}

async function page(event) {
  const cache = await ownCache();
  if (!cache) return fetch(event.request);
  const network = fetchAndSave(event, cache);
  try {
    const answer = await Promise.race([network, delay(WAIT_MS).then(() => null)]);
    if (answer) return answer;
  } catch (error) {
    // No network: the saved copy below.
  }
  const saved = await cache.match(event.request, { ignoreSearch: true });
  if (saved) return withNotice(saved);
  try {
    return await network;
  } catch (error) {
    return offlinePage();
  }
}

async function asset(event) {
  const cache = await ownCache();
  if (!cache) return fetch(event.request);
  const saved = await cache.match(event.request);
  return saved || fetchAndSave(event, cache);
}

// Leaflet PDFs are for printing, and the combined ones are tens of megabytes: never kept on a
// phone, and left to the browser to download as usual.
const notKept = (url) => new URL(url, self.location.href).pathname.endsWith(".pdf");

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !sameOrigin(request.url) || notKept(request.url)) return;
  event.respondWith(request.mode === "navigate" ? page(event) : asset(event));
});

// A page asks to keep itself, what it loaded and the pages it features (assets/heartline.js). It
// asks once the worker is in charge, so what it loads from then on is saved as it loads; what it
// names but the worker has not saved was loaded before (a first visit), or is a featured page.
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.type === "keep" && Array.isArray(event.data.urls))
    ? event.data.urls.filter((u) => typeof u === "string" && sameOrigin(u) && !notKept(u)) : [];
  event.waitUntil(ownCache().then((cache) => cache && Promise.all(urls.map((url) =>
    cache.match(url, { ignoreSearch: true })
      .then((hit) => hit || loaded(url).then((response) =>
        keepable(response) ? cache.put(url, stamped(response)) : undefined))
      .catch(() => undefined)))));
});
