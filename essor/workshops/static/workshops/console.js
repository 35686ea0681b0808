/* Facilitator console: follows the live state (phones, voters, timer) and, when
   another facilitator changes the session, says so and reloads unless one is typing. */
(function () {
  "use strict";
  var root = document.getElementById("console");
  if (!root) { return; }
  var version = "";
  var timer = document.getElementById("console-timer");
  var left = Number(timer.dataset.left), running = timer.dataset.running === "1", at = Date.now();

  setInterval(function () {
    if (!running) { return; }
    var now = Math.max(0, Math.ceil(left - (Date.now() - at) / 1000));
    if (timer.textContent !== String(now)) { timer.textContent = now; }
  }, 500);

  function typing() {
    var active = document.activeElement;
    return active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT" || active.tagName === "SELECT");
  }

  function poll() {
    fetch(root.dataset.stateUrl + "?since=" + (1 << 30) + "&v=" + encodeURIComponent(version), {credentials: "same-origin"})
      .then(function (response) { return response.status === 200 ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        version = data.version;
        document.getElementById("console-phones").textContent = data.phones;
        document.getElementById("console-voters").textContent = data.voters + " / " + data.participants;
        if (data.control !== root.dataset.control) {
          document.getElementById("console-stale").hidden = false;
          if (!typing()) { window.location.reload(); }
        }
      })
      .catch(function () {});
  }
  poll();
  setInterval(poll, 2000);
}());
