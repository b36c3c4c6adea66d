// A print job's page: asks for the job's progress every second and shows it (the count, the
// <progress> bar, the state), then the download link or what went wrong. Without JavaScript
// the page refreshes itself every 3 s instead (a <meta refresh> inside <noscript>).
"use strict";

(() => {
  const card = document.getElementById("print-job");
  if (!card || !card.dataset.progressUrl) {
    return;
  }
  const bar = document.getElementById("print-progress");
  const label = document.getElementById("print-label");
  const count = document.getElementById("print-count");
  const template = document.getElementById("print-count-template").dataset.template;
  const errorBox = document.getElementById("print-error");
  const errorText = document.getElementById("print-error-text");
  const download = document.getElementById("print-download");
  const link = document.getElementById("print-file");
  const wait = document.getElementById("print-wait");

  const show = (state) => {
    bar.max = Math.max(state.total, 1);
    bar.value = state.done;
    label.textContent = state.status_label;
    label.classList.toggle("ok", state.status === "done");
    label.classList.toggle("bad", state.status === "failed");
    count.textContent = template
      .replace("{done}", String(state.done))
      .replace("{total}", String(state.total));
    if (state.file_url) {
      link.href = state.file_url;
      download.hidden = false;
    }
    if (state.status === "failed") {
      errorText.textContent = state.error;
      errorBox.hidden = false;
      if (card.dataset.status !== "failed") {
        window.location.reload(); // the page then offers to run the job again
      }
    }
    if (wait && (state.status === "done" || state.status === "failed")) {
      wait.hidden = true;
    }
  };

  const poll = async () => {
    try {
      const answer = await fetch(card.dataset.progressUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (answer.ok) {
        const state = await answer.json();
        show(state);
        if (state.status === "done" || state.status === "failed") {
          return;
        }
      }
    } catch (error) {
      // The network failed for a moment: ask again.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
})();
