/* Presentation mode: polls the live state (only what changed: the new ideas, and
   among the cards shown, those edited by their author and, when the number of
   cards differs from the server's, the ids still kept), counts the timer
   down from the server's remaining seconds, and sends the facilitator's keys as
   console actions (CSRF), so that the state is always the server's. */
(function () {
  "use strict";
  var root = document.getElementById("presentation");
  if (!root) { return; }
  var stateUrl = root.dataset.stateUrl;
  var actionUrl = root.dataset.actionUrl;
  var state = JSON.parse(document.getElementById("live-state").textContent);
  var version = state.version;
  var lastId = 0;
  var at = state.at || "";  // the server's time of the last answer: ideas edited since come back
  var timerLeft = 0, timerRunning = false, timerAt = Date.now();
  var cards = document.getElementById("idea-cards");

  function byId(id) { return document.getElementById(id); }

  function showStage(stage) {
    root.querySelectorAll(".stage").forEach(function (section) {
      section.hidden = section.dataset.stage !== stage;
    });
  }

  function addCard(idea) {
    var li = document.createElement("li");
    li.className = "idea-card";
    li.id = "card-" + idea.id;
    li.textContent = idea.text;
    cards.appendChild(li);
  }

  /* Removes the cards whose idea is no longer kept; false when a kept idea has no card. */
  function keep(ids) {
    var kept = {};
    ids.forEach(function (id) { kept["card-" + id] = true; });
    Array.prototype.slice.call(cards.children).forEach(function (card) {
      if (!kept[card.id]) { card.remove(); } else { delete kept[card.id]; }
    });
    return Object.keys(kept).length === 0;
  }

  function renderResults(rows) {
    var table = byId("results-chart");
    var body = table.querySelector("tbody");
    body.textContent = "";
    (rows || []).forEach(function (row) {
      var tr = document.createElement("tr");
      var idea = document.createElement("th");
      idea.scope = "row";
      idea.className = "chart-label";
      idea.textContent = row.text;
      var points = document.createElement("td");
      points.className = "chart-value";
      var bar = document.createElement("span");
      bar.className = "chart-bar";
      bar.setAttribute("aria-hidden", "true");
      bar.style.width = Math.max(row.share, 1) + "%";
      var number = document.createElement("span");
      number.className = "chart-number";
      number.textContent = row.points;
      points.appendChild(bar);
      points.appendChild(number);
      var voters = document.createElement("td");
      voters.className = "visually-hidden";
      voters.textContent = row.voters;
      tr.appendChild(idea); tr.appendChild(points); tr.appendChild(voters);
      body.appendChild(tr);
    });
    table.hidden = !rows;
    byId("results-hidden").hidden = !!rows;
  }

  function apply(data) {
    state = data;
    showStage(data.stage);
    byId("question-title").textContent = data.question ? data.question.text : "";
    if (data.full) { cards.textContent = ""; lastId = 0; }
    (data.hidden || []).forEach(function (id) {
      var card = byId("card-" + id);
      if (card) { card.remove(); }
    });
    var reread = data.kept && !keep(data.kept);
    (data.edited || []).forEach(function (idea) {
      var card = byId("card-" + idea.id);
      if (card && card.textContent !== idea.text) { card.textContent = idea.text; }
    });
    (data.ideas || []).forEach(function (idea) {
      if (!byId("card-" + idea.id)) { addCard(idea); }
      lastId = Math.max(lastId, idea.id);
    });
    if (reread) { version = ""; lastId = 0; }  // an idea came back or moved here: read them all
    byId("idea-count").textContent = data.idea_count;
    byId("contrib-closed").hidden = data.participation_open;
    byId("voter-count").textContent = data.voters;
    renderResults(data.results);
    byId("closing-text").textContent = data.next_steps;
    timerLeft = data.timer.left; timerRunning = data.timer.running; timerAt = Date.now();
    byId("show-timer").hidden = !(data.timer.seconds || data.timer.running);
    tick();
  }

  function tick() {
    var left = timerLeft;
    if (timerRunning) { left = Math.max(0, Math.ceil(timerLeft - (Date.now() - timerAt) / 1000)); }
    var text = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    var value = byId("show-timer-value");
    if (value.textContent !== text) { value.textContent = text; }
    byId("show-timer").classList.toggle("timer-done", timerRunning && left === 0);
  }

  function poll() {
    var question = state.question ? state.question.id : 0;
    var url = stateUrl + "?v=" + encodeURIComponent(version) + "&since=" + lastId +
      "&n=" + cards.children.length + "&at=" + at;
    fetch(url, {credentials: "same-origin"})
      .then(function (response) {
        if (response.status !== 200) { return null; }
        return response.json();
      })
      .then(function (data) {
        if (!data) { return; }
        version = data.version;
        at = data.at;
        if ((data.question ? data.question.id : 0) !== question && !data.full) {
          version = ""; lastId = 0; cards.textContent = "";  // another question: its ideas
          poll();
          return;
        }
        apply(data);
      })
      .catch(function () { /* the network comes back: the next poll catches up */ });
  }

  function say(text) {
    var box = byId("show-message");
    if (box) { box.textContent = text; }
  }

  function send(fields) {
    var body = new FormData(byId("drive"));
    body.append("expected", state.control);
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return fetch(actionUrl, {method: "POST", body: body, credentials: "same-origin",
                             headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        say(data.message);
        state.control = data.control;
        version = ""; // poll now for the fresh state with its ideas
        if (data.question && (!state.question || data.question.id !== state.question.id)) {
          lastId = 0; cards.textContent = "";
        }
        poll();
      })
      .catch(function () { say(root.dataset.offline || ""); });
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen().catch(function () {}); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var help = byId("show-help");
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === "f") { toggleFullscreen(); event.preventDefault(); return; }
    if (!actionUrl) { return; }
    if (key === "?" || key === "h") {
      if (help.open) { help.close(); } else { help.showModal(); }
      event.preventDefault();
      return;
    }
    if (help.open) { return; }
    var fields = null;
    if (key === "ArrowRight") { fields = {action: "next"}; }
    else if (key === "ArrowLeft") { fields = {action: "previous"}; }
    else if (key === "o") { fields = {action: "contributions", value: state.participation_open ? "0" : "1"}; }
    else if (key === "v") { fields = {action: "vote", value: state.vote_status === "open" ? "0" : "1"}; }
    else if (key === "r") { fields = {action: "results", value: state.results_revealed ? "0" : "1"}; }
    else if (key === "t") { fields = {action: "timer", op: state.timer.running ? "pause" : "start"}; }
    if (fields) { event.preventDefault(); send(fields); }
  });

  apply(state);
  setInterval(poll, 1500);
  setInterval(tick, 250);
}());
