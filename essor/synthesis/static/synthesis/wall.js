/* Move the contributions of the synthesis wall (a dialog, or drag and drop)
 * and merge its themes (a dialog). Written for Essor (AGPL, see LICENSE).
 * Each line has a "Move" link to its own move page, and each theme a "Merge"
 * link to its own merge page, which work without this script. Here the links
 * open the page's one move dialog or one merge dialog instead (the list of
 * places is in the page once, not once per line or per theme), and a line
 * can be dragged onto another theme. A move posts the same form to the
 * line's URL, so the server applies one rule; on success the card is moved
 * in the page and focus goes back to its link. A merge posts to the theme's
 * URL as its page would: the server renumbers the themes and sends the wall
 * again (or asks first when plan actions take the theme up). */
(function () {
  "use strict";
  var dialog = document.getElementById("move-dialog");
  if (!dialog) { return; }
  var form = dialog.querySelector("form");
  var select = form.querySelector("select");
  var label = form.querySelector("label[data-template]");
  var card = null;  // the line being moved
  var dragged = null;

  function status(message) {
    var region = document.getElementById("wall-status");
    if (region) { region.textContent = message; }
  }

  function lineText(line) {
    return line.querySelector("p").textContent.trim();  // a line: <p>text</p><p>meta</p><a>
  }

  function moveLink(line) {
    return line.querySelector(":scope > a");
  }

  function linkFollowedHere(event, selector) {
    // The link clicked, unless it is opened elsewhere (a new tab or window): its page then.
    var link = event.target.closest && event.target.closest(selector);
    return link && !(event.ctrlKey || event.metaKey || event.shiftKey) ? link : null;
  }

  function listFor(target) {
    return document.querySelector("ol.lines[data-drop='" + target + "']");
  }

  function moveCard(line, list, target) {
    var body = new FormData(form);
    body.set("target", target);
    return fetch(moveLink(line).href, {
      method: "POST",
      body: body,
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status !== 204) {
        return response.text().then(function (text) { throw new Error(text); });
      }
      list.appendChild(line);
      document.querySelectorAll("section.theme").forEach(function (section) {
        var count = section.querySelector("h2 .count");
        if (count) { count.textContent = "(" + section.querySelectorAll("li.line").length + ")"; }
      });
      status(lineText(line).slice(0, 60) + " → " +
             list.closest("section").querySelector("h2").textContent.replace(/\s+/g, " ").trim());
    }).catch(function (error) {
      status(error.message || "Erreur");
      window.location.reload();
    });
  }

  // Drag and drop is an addition to the links: the lines become draggable here.
  document.querySelectorAll(".wall li.line").forEach(function (line) { line.draggable = true; });

  document.addEventListener("click", function (event) {
    var link = linkFollowedHere(event, "li.line > a");
    if (!link) { return; }
    event.preventDefault();
    card = link.closest("li.line");
    var number = card.id.replace("contribution-", "");
    label.textContent = label.dataset.template.replace("{number}", number);
    document.getElementById("move-line").textContent = lineText(card);
    select.value = card.closest("ol.lines").dataset.drop;
    dialog.showModal();
    select.focus();
  });

  form.addEventListener("submit", function (event) {
    if (!card) { event.preventDefault(); dialog.close(); return; }
    var line = card;
    var list = listFor(select.value);
    // A place with no box on the page: a plain post, the server moves the line and
    // sends the wall again.
    if (!list) { form.action = moveLink(line).href; return; }
    event.preventDefault();
    if (line.parentElement === list) { dialog.close(); return; }
    moveCard(line, list, select.value).then(function () { dialog.close(); });
  });
  dialog.querySelector("[data-close]").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("close", function () {
    // Back to the moved line (or the one whose move was cancelled), not the top of the page.
    if (card) { moveLink(card).focus(); }
    card = null;
  });

  // Merge a theme: the dialog lists the places of the move dialog but aside and the theme.
  var merge = document.getElementById("merge-dialog");
  var mergeForm = merge && merge.querySelector("form");
  var mergeList = merge && mergeForm.querySelector("select");
  var merging = null;  // the "Merge" link of the theme being merged

  function themeName(section) {
    // "D. Title", as the merge page writes it: the heading holds the letter, the title
    // (its only text node) and the count.
    var heading = section.querySelector("h2");
    var title = Array.prototype.filter.call(heading.childNodes, function (node) {
      return node.nodeType === Node.TEXT_NODE;
    }).map(function (node) { return node.textContent; }).join("").trim();
    return heading.querySelector(".letter").textContent.trim() + ". " + title;
  }

  function fill(element, name) {
    element.textContent = element.dataset.template.split("{theme}").join(name);
  }

  if (merge) {
    document.addEventListener("click", function (event) {
      var link = linkFollowedHere(event, "a[data-merge]");
      if (!link) { return; }
      event.preventDefault();
      merging = link;
      var section = link.closest("section.theme");
      var name = themeName(section);
      fill(document.getElementById("merge-title"), name);
      fill(document.getElementById("merge-help"), name);
      mergeList.replaceChildren();
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.value !== "aside" && option.value !== section.dataset.theme) {
          mergeList.appendChild(new Option(option.text, option.value));
        }
      });
      mergeForm.action = link.href;
      merge.showModal();
      mergeList.focus();
    });
    merge.querySelector("[data-close]").addEventListener("click", function () { merge.close(); });
    merge.addEventListener("close", function () {
      // Back to the theme whose merge was cancelled (Escape or "Cancel").
      if (merging) { merging.focus(); }
      merging = null;
    });
  }

  document.addEventListener("dragstart", function (event) {
    var line = event.target.closest && event.target.closest("li.line[draggable='true']");
    if (!line) { return; }
    dragged = line;
    line.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", line.id);
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
    var line = dragged;
    list.classList.remove("drop-target");
    if (line.parentElement !== list) { moveCard(line, list, list.dataset.drop); }
  });
})();
