/* Runs on every page (overrides/main.html), after the theme's script and before the page has
   finished loading.

   1. The theme fetches sitemap.xml next to each alternate-language link once the page has loaded;
      those links point at a page here (not a language root), so that answers 404 twice per visit.
      The links stay in the HTML for search engines and are taken out of the document now, before
      the theme looks for them.
   2. Keeps what a resident reads on their phone: registers the site's service worker (sw.js),
      asks the browser to look for a newer one (a new build) whenever a page the worker answered
      is opened online, and asks the worker to save this page, what it loaded, and the pages it
      marks with data-hl-offline (a site page's featured guides and contact card), so they open again
      without a network. When a newer worker is on its way, the request waits for it to take
      over: Chromium (156) can leave a new worker waiting for as long as the page stays open when
      the worker it replaces is handling such a request at that moment. */
(function () {
  "use strict";
  document.querySelectorAll('link[rel="alternate"][hreflang]').forEach(function (l) { l.remove(); });

  if (!("serviceWorker" in navigator) || !document.currentScript) return;
  var root = new URL("../", document.currentScript.src); // this file is <root>/assets/heartline.js

  function keep(registration) {
    var urls = [location.href.split("#")[0]];
    performance.getEntriesByType("resource").forEach(function (entry) { urls.push(entry.name); });
    document.querySelectorAll("a[data-hl-offline]").forEach(function (a) { urls.push(a.href); });
    if (registration.active) registration.active.postMessage({ type: "keep", urls: urls });
  }

  window.addEventListener("load", function () {
    var workers = navigator.serviceWorker;
    // A page no worker answered for (a first visit) has just had the worker fetched by register():
    // asking again would only cost a round trip for a 304.
    var answered = Boolean(workers.controller);
    workers.register(new URL("sw.js", root).href, { scope: root.href })
      .then(function () { return workers.ready; })
      .then(function (registration) {
        var checked = navigator.onLine && answered ? registration.update() : Promise.resolve();
        return checked.catch(function () { /* offline after all */ }).then(function () {
          if (registration.installing || registration.waiting) {
            workers.addEventListener("controllerchange", function () { keep(registration); }, { once: true });
          } else {
            keep(registration);
          }
        });
      })
      .catch(function () { /* no offline copy; the page itself works as before */ });
  });
})();
