// Fast envelope entry (sổ mừng): each envelope is queued on the phone (localStorage) with a
// client_id made when it is typed, then sent to the sync endpoint; the server writes each
// client_id once, so a batch sent twice (a lost answer, two tabs) never doubles an entry.
// The queue survives a closed tab and a reload offline (the service worker keeps the page).
// Without JavaScript the form posts one envelope at a time.
"use strict";

(() => {
  const form = document.getElementById("quick-entry");
  if (!form || !window.localStorage || !window.fetch) {
    return;
  }
  const words = form.dataset;
  const eventId = words.event;
  const queueKey = `quet-ledger-queue-${eventId}`;
  const sessionKey = `quet-ledger-session-${eventId}`;
  const sideKey = `quet-ledger-side-${eventId}`;
  const csrf = document.querySelector("meta[name=csrf-token]");
  const panel = document.querySelector(".quick-session");
  const list = panel.querySelector(".session-list");
  const note = panel.querySelector("[data-note]");
  const side = form.querySelector("#f-side");
  const name = form.querySelector("#f-giver-name");
  const quantity = form.querySelector("#f-quantity");
  const description = form.querySelector("#f-description");
  const message = form.querySelector("#f-message");
  const english = document.documentElement.lang === "en";
  const number = new Intl.NumberFormat(english ? "en-US" : "vi-VN", { maximumFractionDigits: 2 });
  let sending = false;
  // What an entry sends: the phone's own marks (saved, errors, entry_id) stay on the phone.
  const SENT = ["client_id", "side_id", "giver_kind", "giver_name", "unit", "quantity",
    "currency", "description", "message", "received_at"];

  const load = (key) => {
    try {
      return JSON.parse(localStorage.getItem(key) || "[]");
    } catch (error) {
      return [];
    }
  };
  const store = (key, value) => localStorage.setItem(key, JSON.stringify(value));
  const newId = () => {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  const unit = () => form.querySelector("input[name=unit]:checked").value;

  // The gift as a person reads it: "500.000 đ", "1,5 chỉ vàng", "100 USD", "Bộ ấm chén".
  const giftText = (item) => {
    if (item.unit === "in_kind") {
      return item.description;
    }
    const amount = number.format(Number(String(item.quantity).replace(",", ".")) || 0);
    if (item.unit === "dong") {
      return english ? `${amount} VND` : `${amount} đ`;
    }
    if (item.unit === "foreign") {
      return `${amount} ${item.currency}`;
    }
    return `${amount} ${words["unitGold_chi"]}`;
  };

  const render = () => {
    const session = load(sessionKey);
    const queue = load(queueKey);
    panel.hidden = session.length === 0;
    list.replaceChildren();
    const sums = {};
    session.forEach((item) => {
      const li = document.createElement("li");
      li.dataset.clientId = item.client_id;
      const queued = queue.find((q) => q.client_id === item.client_id);
      let state = "saved";
      if (queued) {
        state = queued.errors ? "refused" : "waiting";
      } else if (!item.saved) {
        state = "waiting";
      }
      li.className = `envelope envelope-${state}`;
      const who = document.createElement("span");
      who.className = "envelope-name";
      who.textContent = item.giver_name || words.wordUnnamed;
      const gift = document.createElement("span");
      gift.className = "envelope-gift";
      gift.textContent = giftText(item);
      const status = document.createElement("span");
      status.className = "envelope-status";
      status.textContent = { saved: words.wordSaved, waiting: words.wordWaiting, refused: words.wordRefused }[state];
      li.append(who, " ", gift, " ", status);
      if (state === "refused") {
        const why = document.createElement("p");
        why.className = "error";
        why.textContent = Object.values(queued.errors).flat().join(" ");
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link-button";
        remove.textContent = words.wordRemove;
        remove.addEventListener("click", () => forget(item.client_id));
        li.append(why, remove);
      }
      list.prepend(li);
      if (state !== "refused") {
        const key = item.unit === "foreign" ? `foreign:${item.currency}` : item.unit;
        if (item.unit === "in_kind") {
          sums[key] = (sums[key] || 0) + 1;
        } else {
          sums[key] = (sums[key] || 0) + (Number(String(item.quantity).replace(",", ".")) || 0);
        }
      }
    });
    panel.querySelector("[data-count]").textContent = String(session.length);
    panel.querySelector("[data-pending]").textContent = String(
      queue.filter((item) => !item.errors).length,
    );
    panel.querySelector("[data-total]").textContent = Object.entries(sums)
      .map(([key, sum]) => {
        if (key === "in_kind") {
          return `${sum} ${words["unitIn_kind"]}`;
        }
        const [unitCode, currency] = key.split(":");
        return giftText({ unit: unitCode, quantity: sum, currency });
      })
      .join(" · ");
  };

  const forget = (clientId) => {
    store(queueKey, load(queueKey).filter((item) => item.client_id !== clientId));
    store(sessionKey, load(sessionKey).filter((item) => item.client_id !== clientId));
    render();
  };

  // Send the waiting entries; keep each one until the server has answered for it.
  const flush = async () => {
    const pending = load(queueKey).filter((item) => !item.errors);
    if (sending || pending.length === 0) {
      return;
    }
    sending = true;
    note.hidden = true;
    try {
      const response = await fetch(form.dataset.syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": csrf ? csrf.content : "",
        },
        body: JSON.stringify({
          entries: pending.slice(0, 200).map((item) => {
            const entry = {};
            SENT.forEach((key) => {
              if (item[key] !== undefined) {
                entry[key] = item[key];
              }
            });
            return entry;
          }),
        }),
      });
      if (!response.ok) {
        if ([400, 401, 403].includes(response.status)) {
          note.textContent = words.wordSessionLost;
          note.hidden = false;
        }
        return;
      }
      const answer = await response.json();
      const byId = new Map(answer.results.map((result) => [result.client_id, result]));
      const queue = load(queueKey).filter((item) => {
        const result = byId.get(item.client_id);
        if (!result) {
          return true;
        }
        if (result.status === "refused") {
          item.errors = result.errors;
          return true;
        }
        return false;
      });
      store(queueKey, queue);
      const session = load(sessionKey);
      session.forEach((item) => {
        const result = byId.get(item.client_id);
        if (result && result.status !== "refused") {
          item.saved = true;
          item.entry_id = result.entry_id;
        }
      });
      store(sessionKey, session);
    } catch (error) {
      // Offline or the answer was lost: the entries stay queued and are sent again later.
    } finally {
      sending = false;
      render();
    }
  };

  const showUnit = () => {
    form.classList.add("js-ready");
    form.classList.toggle("unit-in-kind", unit() === "in_kind");
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const item = {
      client_id: newId(),
      side_id: Number(side.value),
      giver_kind: name.value.trim() ? "person" : "unnamed",
      giver_name: name.value.trim(),
      unit: unit(),
      quantity: quantity.value.trim().replace(/\./g, "").replace(/\s/g, ""),
      description: description.value.trim(),
      message: message.value.trim(),
      received_at: new Date().toISOString(),
    };
    if (item.unit === "foreign") {
      item.currency = "USD";
    }
    if (item.unit !== "dong") {
      item.quantity = quantity.value.trim().replace(",", ".");
    }
    if (item.unit === "in_kind" && !item.quantity) {
      delete item.quantity;
    }
    store(queueKey, [...load(queueKey), item]);
    store(sessionKey, [...load(sessionKey), item]);
    localStorage.setItem(sideKey, side.value);
    form.reset();
    side.value = localStorage.getItem(sideKey);
    form.querySelector(`input[name=unit][value="${item.unit}"]`).checked = true;
    showUnit();
    render();
    name.focus();
    flush();
  });

  form.querySelectorAll("input[name=unit]").forEach((radio) => {
    radio.addEventListener("change", showUnit);
  });
  const quick = form.querySelector(".quick-amounts");
  quick.hidden = false;
  quick.querySelectorAll("button[data-amount]").forEach((button) => {
    button.addEventListener("click", () => {
      quantity.value = button.dataset.amount;
      quantity.focus();
    });
  });
  quick.querySelector("button[data-append]").addEventListener("click", () => {
    quantity.value = `${quantity.value.trim()}${quick.querySelector("button[data-append]").dataset.append}`;
    quantity.focus();
  });
  panel.querySelector("[data-new-session]").addEventListener("click", () => {
    // The finished envelopes leave the list; those still waiting stay (nothing is lost).
    const waiting = new Set(load(queueKey).map((item) => item.client_id));
    store(sessionKey, load(sessionKey).filter((item) => waiting.has(item.client_id)));
    render();
  });

  const rememberedSide = localStorage.getItem(sideKey);
  if (rememberedSide && side.querySelector(`option[value="${rememberedSide}"]`) && !new URLSearchParams(location.search).get("ben")) {
    side.value = rememberedSide;
  }
  showUnit();
  render();
  window.addEventListener("online", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      flush();
    }
  });
  setInterval(flush, 30000);
  flush();

  if ("serviceWorker" in navigator && form.dataset.worker) {
    navigator.serviceWorker.register(form.dataset.worker, { scope: "/su-kien/" }).catch(() => {});
  }
})();
