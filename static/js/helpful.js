// "Was this helpful?": sends the answer without leaving the page and announces the result.
// Without this script the same form posts normally and the page reloads with a thank-you.
(function () {
  "use strict";

  const section = document.querySelector("[data-helpful]");
  if (!section || !window.fetch) return;
  const form = section.querySelector("[data-helpful-form]");
  const status = section.querySelector("[data-helpful-status]");
  const noteField = section.querySelector("[data-helpful-note]");
  const note = noteField.querySelector("textarea");
  const choices = form.querySelectorAll(".helpful__choices button");

  function pressedNo() {
    return form.querySelector('.helpful__choices button[value="no"][aria-pressed="true"]');
  }

  // The note only matters after a No: keep it out of the way until then.
  noteField.hidden = !pressedNo() && note.value === "";

  function showAnswer(helpful) {
    choices.forEach(function (button) {
      button.setAttribute("aria-pressed", String((button.value === "yes") === helpful));
    });
  }

  // The page is the same for every reader (and usually cached): a reader who voted before
  // asks for their own answer.
  if (/(^|;\s*)voted=1/.test(document.cookie)) {
    fetch(form.action, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (data) {
        if (typeof data.helpful !== "boolean") return;
        showAnswer(data.helpful);
        if (!data.helpful) noteField.hidden = false;
        status.textContent = "You answered " + (data.helpful ? "Yes" : "No") +
          ". Thank you! You can change your answer at any time.";
      })
      .catch(function () { /* the form still works; only the reminder is missing */ });
  }

  function announce(text, isError) {
    // Emptied first, so that the same message twice is still read out.
    status.textContent = "";
    status.classList.toggle("errorlist", isError);
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function setBusy(busy) {
    form.querySelectorAll("button").forEach(function (button) { button.disabled = busy; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const body = new FormData(form);
    if (event.submitter && event.submitter.name) {
      body.set(event.submitter.name, event.submitter.value);
    }
    setBusy(true);
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value,
      },
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok) {
            throw new Error(data.error || "Your answer could not be sent. Please reload the page and try again.");
          }
          return data;
        });
      })
      .then(function (data) {
        showAnswer(data.helpful);
        if (!data.helpful) {
          noteField.hidden = false;
          note.value = "";
        }
        announce(data.message, false);
      })
      .catch(function (error) {
        const offline = error instanceof TypeError;
        announce(offline ? "Your answer could not be sent. Check your connection and try again." : error.message, true);
      })
      .finally(function () { setBusy(false); });
  });
})();
