// Comments: "Reply" moves the one comment form under the comment instead of reloading the page.
// Without JavaScript the same link reloads the page with ?reply_to=<id>, which does the same.
(function () {
  "use strict";

  var box = document.getElementById("comment-form");
  if (!box) {
    return;
  }
  var home = box.parentNode;
  var homeNext = box.nextSibling;
  var parentField = box.querySelector("[data-parent-field]");
  var notice = box.querySelector("[data-replying]");
  var noticeName = box.querySelector("[data-replying-name]");
  var textarea = box.querySelector("textarea");

  // A form sent back with errors: put the reader on the first field to fix, so that a screen
  // reader reads its label and its error (the field's aria-describedby) at once.
  // After "load": the browser's jump to #comment-form would otherwise take the focus back.
  var invalid = box.querySelector("[aria-invalid=true]");
  if (invalid) {
    window.addEventListener("load", function () {
      invalid.focus();
    });
  }

  function replyTo(link) {
    var comment = link.closest(".comment");
    parentField.value = link.getAttribute("data-reply-to");
    noticeName.textContent = link.getAttribute("data-reply-name");
    notice.hidden = false;
    comment.after(box);
    textarea.focus();
  }

  function cancel() {
    parentField.value = "";
    notice.hidden = true;
    home.insertBefore(box, homeNext);
    textarea.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-reply-to]");
    if (link) {
      event.preventDefault();
      replyTo(link);
    } else if (event.target.closest("[data-cancel-reply]")) {
      event.preventDefault();
      cancel();
    }
  });
})();
