// Small behaviours of the pages, kept out of the HTML so the Content-Security-Policy can
// forbid every inline script and handler.
"use strict";

// A one-time secret (a new API token, an invitation link) is selected when focused, ready to copy.
document.querySelectorAll("input.secret").forEach((input) => {
  input.addEventListener("focus", () => input.select());
});

// Forms marked data-confirm ask before they are sent (revoking a token or a role).
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
});
