/* Runs on every page (overrides/main.html), after the theme's script and before the page has
   finished loading.

   1. The theme fetches sitemap.xml next to each alternate-language link once the page has loaded;
      those links point at a page here (not a language root), so that answers 404 twice per visit.
      The links stay in the HTML for search engines and are taken out of the document now, before
      the theme looks for them.
   2. Keeps what a resident reads on their phone: registers the site's service worker (sw.js),
      asks the browser to look for a newer one (a new build) whenever the page is opened online,
      and asks the worker to save this page, what it loaded, and the pages it marks with
      data-hl-offline (a site page's featured guides and contact card), so they open again
      without a network. */
(function () {
  "use strict";
  document.querySelectorAll('link[rel="alternate"][hreflang]').forEach(function (l) { l.remove(); });

  if (!("serviceWorker" in navigator) || !document.currentScript) return;
  var root = new URL("../", document.currentScript.src); // this file is <root>/assets/heartline.js
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
      .then(function (registration) {
        if (navigator.onLine) registration.update().catch(function () { /* offline after all */ });
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        var urls = [location.href.split("#")[0]];
        performance.getEntriesByType("resource").forEach(function (entry) { urls.push(entry.name); });
        document.querySelectorAll("a[data-hl-offline]").forEach(function (a) { urls.push(a.href); });
        registration.active.postMessage({ type: "keep", urls: urls });
      })
      .catch(function () { /* no offline copy; the page itself works as before */ });
  });
})();
