/* Surveys: show a conditional question only when its triggering answer is chosen.
   Without JavaScript every question stays visible with its "answer only if" hint,
   and the server ignores unmet conditions. */
(function () {
  "use strict";

  function updateConditions(form) {
    var hiddenFields = {};
    form.querySelectorAll(".survey-question").forEach(function (block) {
      var field = block.getAttribute("data-condition-field");
      var visible = true;
      if (field) {
        visible = !hiddenFields[field] && Array.prototype.some.call(
          form.querySelectorAll('input[name="' + field + '"]'),
          function (input) {
            return input.checked && input.value === block.getAttribute("data-condition-value");
          }
        );
      }
      block.hidden = !visible;
      if (!visible) {
        hiddenFields["q" + block.id.replace("question-", "")] = true;
      }
    });
  }

  function setUpConditions() {
    var form = document.querySelector("form.survey-form");
    if (!form || !form.querySelector("[data-condition-field]")) {
      return;
    }
    form.addEventListener("change", function () { updateConditions(form); });
    updateConditions(form);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpConditions();
  });
})();
