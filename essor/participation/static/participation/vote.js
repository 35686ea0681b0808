/* A sequence number on every dot button's request (services.put_dots): the
   server ignores a request whose number is not above the last one it applied on
   that idea, so a "+" retried late (after a network loss) cannot undo a newer
   "+" or "−", and a replayed request writes nothing. Milliseconds since 1970
   times 1000 plus a counter: growing across reloads of the page. Without
   JavaScript no number is sent and the absolute value of the button decides. */
(function () {
  "use strict";
  var counter = 0;
  document.addEventListener("htmx:configRequest", function (event) {
    var trigger = event.detail.triggeringEvent;
    var button = trigger && trigger.submitter;
    if (button && button.name === "vote") {
      counter = (counter + 1) % 1000;
      event.detail.parameters.seq = String(Date.now() * 1000 + counter);
    }
  });
})();
