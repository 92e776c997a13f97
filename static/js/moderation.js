// The moderation queue, quicker: each decision is sent in the background, the comment leaves
// the page and the next one is selected; single keys act on the selected comment. Without
// this script every button is an ordinary form POST that reloads the queue.
(function () {
  "use strict";
  var status = document.querySelector("[data-queue-status]");

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-queue-item]"));
  }

  function select(item) {
    if (item) {
      item.focus();
      item.scrollIntoView({ block: "nearest" });
    }
  }

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("[data-queue-item]") : null;
  }

  function decide(form, submitter) {
    var item = form.closest("[data-queue-item]");
    var data = new FormData(form);
    data.append(submitter.name, submitter.value);
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          status.textContent = answer.message;
          form.removeAttribute("aria-busy");
          if (response.ok || response.status === 404 || response.status === 409) {
            // Decided, here or elsewhere: the comment is no longer waiting.
            var all = items();
            var next = all[all.indexOf(item) + 1] || all[all.indexOf(item) - 1];
            item.remove();
            if (next) {
              select(next);
            } else {
              status.focus();
            }
          }
        });
      })
      .catch(function () {
        form.removeAttribute("aria-busy");
        status.textContent = "The decision could not be sent. Please try again.";
      });
  }

  document.querySelectorAll("[data-queue-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!event.submitter) {
        return; // an old browser: let the form post as without this script
      }
      event.preventDefault();
      decide(form, event.submitter);
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || target.closest("textarea, input, select")) {
      return;
    }
    var item = current();
    var all = items();
    if (event.key === "j" || event.key === "k") {
      var step = event.key === "j" ? 1 : -1;
      select(item ? all[all.indexOf(item) + step] : all[0]);
      event.preventDefault();
      return;
    }
    if (!item) {
      return;
    }
    var button = item.querySelector('[data-key="' + event.key + '"]');
    if (!button) {
      return;
    }
    event.preventDefault();
    if (button.tagName === "DETAILS") {
      button.open = true;
      var field = button.querySelector("textarea, input:not([disabled]), select");
      if (field) {
        field.focus();
      }
    } else {
      button.form.requestSubmit(button);
    }
  });

  if (status) {
    status.tabIndex = -1;
  }
})();
