/* The timer of the session panel (participation/includes/session.html) counts down
   between two polls from the seconds the server gave; the server's clock stays the
   truth: each new panel brings its own count. Without JavaScript the page shows
   the time left when it was loaded. */
(function () {
  "use strict";
  function tick() {
    document.querySelectorAll("[data-timer-running]").forEach(function (timer) {
      if (timer.essorStart === undefined) {
        timer.essorStart = Date.now();
        timer.essorLeft = parseInt(timer.dataset.timerLeft, 10) || 0;
      }
      var left = Math.max(0, Math.ceil(timer.essorLeft - (Date.now() - timer.essorStart) / 1000));
      var text = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (timer.textContent !== text) { timer.textContent = text; }
    });
  }
  setInterval(tick, 1000);
})();
