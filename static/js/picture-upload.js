// Picture fields: says at once, on the field, that a file is larger than the site accepts.
// Without this script the form still refuses it, with a message beside the field, but only
// after the whole file has been sent.
(function () {
  "use strict";

  function megabytes(bytes) {
    return (bytes / 1024 / 1024).toFixed(1) + " MB";
  }

  document.addEventListener("change", function (event) {
    const input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
    const limit = Number(input.dataset.maxBytes);
    const tooBig = Array.from(input.files).find(function (file) {
      return file.size > limit;
    });
    input.setCustomValidity(
      tooBig
        ? "This file is " + megabytes(tooBig.size) + "; pictures may be at most " +
            megabytes(limit) + "."
        : ""
    );
    input.reportValidity();
  });

  // The admin's forms skip the browser's own checks (novalidate), so this one stops them.
  document.addEventListener("submit", function (event) {
    const refused = event.target.querySelector("input[type=file][data-max-bytes]:invalid");
    if (!refused) return;
    event.preventDefault();
    refused.reportValidity();
    refused.focus();
  });
})();
