/* Drag a contribution onto another theme of the synthesis wall.
 * Written for Essor (AGPL, see LICENSE). The drop only submits the same
 * "Move to" form that keyboard and no-script users have on each line, so
 * the server applies one rule; on success the card is moved in the page. */
(function () {
  "use strict";
  var dragged = null;

  function status(message) {
    var region = document.getElementById("wall-status");
    if (region) { region.textContent = message; }
  }

  function moveCard(card, list) {
    var form = card.querySelector("form.move-form");
    var select = form.querySelector("select");
    select.value = list.dataset.drop;
    var body = new FormData(form);
    return fetch(form.action, {
      method: "POST",
      body: body,
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status !== 204) {
        return response.text().then(function (text) { throw new Error(text); });
      }
      list.appendChild(card);
      document.querySelectorAll("section.theme").forEach(function (section) {
        var count = section.querySelector("h2 .count");
        if (count) { count.textContent = "(" + section.querySelectorAll("li.line").length + ")"; }
      });
      status(card.querySelector(".line-text").textContent.trim().slice(0, 60) + " → " +
             list.closest("section").querySelector("h2").textContent.replace(/\s+/g, " ").trim());
    }).catch(function (error) {
      status(error.message || "Erreur");
      window.location.reload();
    });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("li.line[draggable='true']");
    if (!card) { return; }
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.contribution);
  });
  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("dragging"); }
    dragged = null;
    document.querySelectorAll(".drop-target").forEach(function (el) { el.classList.remove("drop-target"); });
  });
  document.addEventListener("dragover", function (event) {
    var section = dragged && event.target.closest && event.target.closest("section.theme");
    if (!section) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    var list = section.querySelector("ol.lines");
    document.querySelectorAll(".drop-target").forEach(function (el) {
      if (el !== list) { el.classList.remove("drop-target"); }
    });
    list.classList.add("drop-target");
  });
  document.addEventListener("drop", function (event) {
    var section = dragged && event.target.closest && event.target.closest("section.theme");
    if (!section) { return; }
    event.preventDefault();
    var list = section.querySelector("ol.lines");
    var card = dragged;
    list.classList.remove("drop-target");
    if (card.parentElement !== list) { moveCard(card, list); }
  });
})();
