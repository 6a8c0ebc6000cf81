/* Heartline's service worker: the pages a resident has opened, and the guides their site page
   features, open again without a network. Pages come from the network when it answers within
   a few seconds (so they stay current), otherwise from the saved copy; styles and scripts come
   from the saved copy at once and are refreshed in the background. */
"use strict";
const CACHE = "heartline-v1";
const WAIT_MS = 4000;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("heartline-") && k !== CACHE)
      .map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

const sameOrigin = (url) => new URL(url, self.location.href).origin === self.location.origin;
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function fromNetwork(request, cache) {
  return fetch(request).then((response) => {
    if (response.ok && response.type === "basic") cache.put(request, response.clone());
    return response;
  });
}

function offlinePage() {
  const html = `<!doctype html><html lang="zh"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>离线 · Offline</title>
<body style="font:1.1rem/1.6 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem">
<h1>没有网络</h1><p>这个页面还没有保存在手机上。有网络时再打开一次，下次就能离线阅读。</p>
<p>紧急情况：医疗急救 <a href="tel:120">120</a>，报警 <a href="tel:110">110</a>，心理援助热线 <a href="tel:12356">12356</a>。</p>
<h2 lang="en">No network</h2><p lang="en">This page is not saved on your phone yet. Open it once while online to read it offline later.</p>
<p lang="en">Emergency: ambulance <a href="tel:120">120</a>, police <a href="tel:110">110</a>, psychological assistance <a href="tel:12356">12356</a> (in Chinese).</p>
</body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function page(event) {
  const cache = await caches.open(CACHE);
  const network = fromNetwork(event.request, cache);
  event.waitUntil(network.catch(() => undefined));
  try {
    const answer = await Promise.race([network, delay(WAIT_MS).then(() => null)]);
    if (answer) return answer;
  } catch (error) {
    // No network: the saved copy below.
  }
  const saved = await cache.match(event.request, { ignoreSearch: true });
  if (saved) return saved;
  try {
    return await network;
  } catch (error) {
    return offlinePage();
  }
}

async function asset(event) {
  const cache = await caches.open(CACHE);
  const saved = await cache.match(event.request);
  const network = fromNetwork(event.request, cache);
  if (saved) {
    event.waitUntil(network.catch(() => undefined));
    return saved;
  }
  return network;
}

// Leaflet PDFs are for printing, and the combined ones are tens of megabytes: never kept on a
// phone, and left to the browser to download as usual.
const notKept = (url) => new URL(url, self.location.href).pathname.endsWith(".pdf");

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !sameOrigin(request.url) || notKept(request.url)) return;
  event.respondWith(request.mode === "navigate" ? page(event) : asset(event));
});

// A page asks to keep itself, what it loaded and the pages it features (assets/heartline.js).
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.type === "keep" && Array.isArray(event.data.urls))
    ? event.data.urls.filter((u) => typeof u === "string" && sameOrigin(u) && !notKept(u)) : [];
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((url) =>
    cache.match(url, { ignoreSearch: true })
      .then((hit) => hit || cache.add(url))
      .catch(() => undefined)))));
});
