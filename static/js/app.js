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

// The make-a-code page. After "Tạo mã" the result is below the form on a phone: bring it into
// view and give it the focus, so that a screen reader reads it. A form that came back with
// errors puts the focus on the first field in error instead.
const made = document.querySelector("[data-focus-on-load]");
if (made) {
  made.scrollIntoView({ block: "start" });
  made.focus({ preventScroll: true });
} else {
  const invalid = document.querySelector("form[data-focus-first-error] [aria-invalid='true']");
  if (invalid) {
    invalid.focus();
  }
}

// A bank picked among the candidates of an ambiguous name fills the bank field.
document.querySelectorAll("#bank-candidates input[type=radio]").forEach((radio) => {
  radio.addEventListener("change", () => {
    const field = document.getElementById("f-bank");
    if (field && radio.checked) {
      field.value = radio.dataset.name;
    }
  });
});

// A link ready to copy (the quick link): selected when focused, copied by its button.
document.querySelectorAll("input.copyable").forEach((input) => {
  input.addEventListener("focus", () => input.select());
});
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const input = document.getElementById(button.dataset.copy);
  const status = document.getElementById("copy-status");
  if (!input || !navigator.clipboard) {
    return;  // without the clipboard API the link stays selectable by hand
  }
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(input.value).then(
      () => { if (status) { status.textContent = button.dataset.copied; } },
      () => {
        input.select();
        if (status) { status.textContent = button.dataset.copyFailed; }
      },
    );
  });
});

// The phone's share sheet (Web Share API) where the browser has one; hidden elsewhere.
document.querySelectorAll("button[data-share-url]").forEach((button) => {
  const data = { title: button.dataset.shareTitle, url: button.dataset.shareUrl };
  if (!navigator.share || (navigator.canShare && !navigator.canShare(data))) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.share(data).catch(() => {});  // the person closed the sheet: nothing to do
  });
});

// A saved bank account picked from the list fills the make form at once (without the script,
// its button asks the server for the filled form).
const savedPicker = document.getElementById("f-saved");
if (savedPicker) {
  savedPicker.form.querySelectorAll("[data-hidden-with-script]").forEach((el) => {
    el.hidden = true;
  });
  savedPicker.addEventListener("change", () => {
    const option = savedPicker.selectedOptions[0];
    if (!option || !option.value) {
      return;
    }
    const fill = { "f-bank": "bank", "f-account": "account", "f-account_name": "name", "f-account_label": "label" };
    Object.entries(fill).forEach(([id, key]) => {
      const field = document.getElementById(id);
      if (field) {
        field.value = option.dataset[key];
      }
    });
    document.getElementById("f-amount")?.focus();
  });
}
