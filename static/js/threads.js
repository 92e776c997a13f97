// "What workers are talking about": fetch the latest threads after the page has loaded.
// Without JavaScript the box keeps its link to /discussions/.
(function () {
  "use strict";

  function fill(box) {
    var url = box.getAttribute("data-threads-src");
    fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        // The fragment comes from our own server, rendered and escaped by Django.
        box.innerHTML = html;
      })
      .catch(function () {
        box.textContent = "The latest threads couldn't be loaded just now.";
      });
  }

  document.querySelectorAll("[data-threads-src]").forEach(fill);
})();
