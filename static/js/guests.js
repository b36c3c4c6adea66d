// The guest pages: a personal link or a ready invitation text copied by its button. Without
// JavaScript (or without a clipboard) the buttons stay hidden and the text is selected by hand.
"use strict";

document.querySelectorAll(".copy-source").forEach((field) => {
  field.addEventListener("focus", () => field.select());
});

document.querySelectorAll("button[data-copy-from]").forEach((button) => {
  const field = document.getElementById(button.dataset.copyFrom);
  if (!field || !navigator.clipboard) {
    return;
  }
  const status = document.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(field.value).then(
      () => {
        button.classList.add("copied");
        if (status) { status.textContent = button.dataset.copied; }
      },
      () => {
        field.select();
        if (status) { status.textContent = button.dataset.copyFailed; }
      },
    );
  });
});
