/* Keeps what a resident reads on their phone: registers the site's service worker (sw.js) and
   asks it to save this page, what it loaded, and the pages it marks with data-hl-offline (a site
   page's featured guides), so they open again without a network. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !document.currentScript) return;
  var root = new URL("../", document.currentScript.src); // this file is <root>/assets/heartline.js
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        var urls = [location.href.split("#")[0]];
        performance.getEntriesByType("resource").forEach(function (entry) { urls.push(entry.name); });
        document.querySelectorAll("a[data-hl-offline]").forEach(function (a) { urls.push(a.href); });
        registration.active.postMessage({ type: "keep", urls: urls });
      })
      .catch(function () { /* no offline copy; the page itself works as before */ });
  });
})();
