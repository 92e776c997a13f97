// Keeps a sending issue's progress bar current on its admin page. Without this script the
// page shows the progress as of loading, and a reload brings it up to date.
(function () {
  "use strict";
  var REFRESH_MS = 3000;

  function watch(box) {
    if (box.dataset.status !== "sending") {
      return;
    }
    window.setTimeout(function () {
      fetch(box.dataset.progressUrl, { credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (!html) {
            return;
          }
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("[data-progress-url]");
          if (fresh) {
            box.replaceWith(fresh);
            watch(fresh);
          }
        })
        .catch(function () {
          watch(box);
        });
    }, REFRESH_MS);
  }

  document.querySelectorAll("[data-progress-url]").forEach(watch);
})();
