// The gift events' public pages: the service worker (offline reading), copy buttons, and a
// kind word instead of a failed post when there is no network.
(function () {
  "use strict";
  var sw = document.body.getAttribute("data-sw");
  if (sw && "serviceWorker" in navigator) {
    // The page and its QR images go into the worker's cache now, so that the first visit
    // (before the worker controlled the page) is readable offline too.
    navigator.serviceWorker.register(sw, { scope: sw.replace(/[^/]*$/, "") })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () {
        var urls = [location.pathname];
        document.querySelectorAll("img.qr-img").forEach(function (img) {
          urls.push(img.getAttribute("src"));
        });
        return caches.open("quet-public-v1").then(function (cache) { return cache.addAll(urls); });
      })
      .then(function () { document.body.setAttribute("data-offline-ready", "1"); })
      .catch(function () {});
  }
  document.querySelectorAll("button.copy").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy"));
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        button.textContent = button.getAttribute("data-done");
      });
    });
  });
  document.querySelectorAll("form.reply").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var note = form.querySelector(".offline");
      if (navigator.onLine === false) {
        event.preventDefault();
        note.hidden = false;
      } else {
        note.hidden = true;
      }
    });
  });
})();
