// The projector in presentation mode: follows the live state (polled every second),
// counts the timer down between polls, and — for a facilitator — drives the session
// with the keyboard (each key posts an action; the server's state is the truth).
(function () {
  "use strict";
  const main = document.querySelector("main.slides");
  if (!main) return;
  const stateUrl = main.dataset.stateUrl;
  const actionUrl = main.dataset.actionUrl;
  let version = main.dataset.version;
  let state = null;
  const timerBox = document.querySelector(".timer[data-timer]");
  const timerText = document.querySelector("[data-timer-text]");
  const message = document.querySelector("[data-message]");
  let timerLeft = Number(timerBox ? timerBox.dataset.left : 0);
  let timerRunning = timerBox ? timerBox.dataset.running === "1" : false;

  function format(seconds) {
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m + ":" + String(s).padStart(2, "0");
  }

  function drawTimer() {
    if (!timerBox) return;
    timerText.textContent = format(Math.max(0, timerLeft));
    timerBox.classList.toggle("timer-running", timerRunning);
    timerBox.classList.toggle("timer-done", timerLeft <= 0);
  }

  function apply(next) {
    state = next;
    version = next.version;
    document.body.dataset.stage = next.stage;
    document.querySelectorAll("[data-slide]").forEach(function (slide) {
      slide.hidden = slide.dataset.slide !== next.stage;
    });
    const text = document.querySelector("[data-question-text]");
    if (text && next.question) text.textContent = next.question.text;
    const place = document.querySelector("[data-question-place]");
    if (place && next.question_count) {
      place.textContent = place.textContent.replace(/\d+(\D+)\d+/, next.question_index + "$1" + next.question_count);
    }
    if (timerBox) {
      timerBox.hidden = !next.timer.duration;
      timerLeft = next.timer.left;
      timerRunning = next.timer.running;
      drawTimer();
    }
  }

  function poll() {
    fetch(stateUrl + "?v=" + encodeURIComponent(version), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (response.status === 200) return response.json().then(apply);
      })
      .catch(function () { /* the network comes back: the next poll catches up */ });
  }

  // ``absolute``: an action that sets the state whatever it was (a stage), sent without
  // the version; the others (next, toggles) depend on the state shown and are refused,
  // with a message, when it changed meanwhile.
  function act(action, value, absolute) {
    if (!actionUrl) return;
    const body = new FormData();
    body.append("action", action);
    if (value) body.append("value", value);
    if (!absolute) body.append("version", version);
    body.append("csrfmiddlewaretoken", main.dataset.csrf);
    fetch(actionUrl, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        message.textContent = data.error || "";
        apply(data.state);
      })
      .catch(function () { /* offline: the key can be pressed again */ });
  }

  const KEYS = {
    ArrowRight: function () { act("next"); },
    ArrowLeft: function () { act("previous"); },
    o: function () { act(state && state.participation_open ? "contributions_close" : "contributions_open"); },
    v: function () { act(state && state.vote_status === "open" ? "vote_close" : "vote_open"); },
    r: function () { act(state && state.results_revealed ? "results_hide" : "results_show"); },
    t: function () { act(timerRunning ? "timer_pause" : "timer_start"); },
    c: function () { act("stage", "closing", true); },
    f: function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch(function () {});
    },
    "?": function () {
      const help = document.querySelector("[data-keys-help]");
      if (help) help.hidden = !help.hidden;
    },
  };
  KEYS.h = KEYS["?"];

  if (actionUrl) {
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const handler = KEYS[key];
      if (handler) {
        event.preventDefault();
        handler();
      }
    });
  }

  fetch(stateUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(apply)
    .catch(function () {});
  drawTimer();
  setInterval(function () {
    if (timerRunning && timerLeft > 0) {
      timerLeft -= 1;
      drawTimer();
    }
  }, 1000);
  setInterval(poll, 1000);
})();
