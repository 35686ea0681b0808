/* A "Copy" button next to a read-only field holding a link: the button
   (data-copy = the field's id) stays hidden without JavaScript or clipboard
   access, and the field can still be selected and copied by hand. */
(function () {
  "use strict";

  function setUpCopy() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var input = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById(button.getAttribute("data-copy") + "-status");
      if (!input || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(input.value).then(function () {
          if (status) {
            status.textContent = button.getAttribute("data-copied");
          }
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", setUpCopy);
})();
