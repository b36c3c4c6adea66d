// The filter over a long list of units (a province's communes): the list narrows as one types,
// diacritics-blind as the server's filter is (the form still works without JavaScript).
"use strict";

(() => {
  const input = document.getElementById("f-filter");
  const list = document.getElementById("children-list");
  const status = document.getElementById("filter-status");
  if (!input || !list) {
    return;
  }
  // The same folding as the server's: no tone or vowel marks, đ → d, lowercase, single spaces.
  const fold = (text) =>
    text
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/đ/gi, "d")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  const items = Array.from(list.querySelectorAll("li")).map((item) => ({
    item,
    key: fold(item.querySelector(".unit-name").textContent),
  }));

  const apply = () => {
    const wanted = fold(input.value);
    let shown = 0;
    let last = null;
    for (const { item, key } of items) {
      const match = key.includes(wanted);
      item.hidden = !match;
      item.classList.remove("last-shown");
      if (match) {
        shown += 1;
        last = item;
      }
    }
    if (last) {
      last.classList.add("last-shown"); // the visible end of the list has no rule under it
    }
    list.hidden = shown === 0;
    if (status) {
      status.textContent = wanted
        ? status.dataset.template
            .replace("{shown}", String(shown))
            .replace("{total}", String(items.length))
        : "";
    }
  };
  input.addEventListener("input", apply);
  input.form.addEventListener("submit", (event) => {
    // Filtered already; stay on the page (and keep the full list for the next word).
    event.preventDefault();
    apply();
  });
})();
