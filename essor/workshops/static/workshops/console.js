// The console follows the session: when its state changes elsewhere (another
// facilitator, the projector's keys), the page is loaded again; the timer counts down.
(function () {
  "use strict";
  const console_ = document.querySelector(".console[data-state-url]");
  if (!console_) return;
  const version = console_.dataset.version;
  const clock = console_.querySelector("[data-timer]");
  let left = clock ? Number(clock.dataset.left) : 0;
  const running = clock && clock.dataset.running === "1";
  setInterval(function () {
    if (running && left > 0) {
      left -= 1;
      clock.textContent = left;
    }
  }, 1000);
  setInterval(function () {
    fetch(console_.dataset.stateUrl + "?v=" + encodeURIComponent(version), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (response.status !== 200) return null;
        return response.json();
      })
      .then(function (state) {
        if (state && state.version !== version) {
          document.getElementById("console-status").hidden = false;
          window.location.reload();
        }
      })
      .catch(function () {});
  }, 3000);
})();
