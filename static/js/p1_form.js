/* Form P1: add and remove project cards and work-step rows in place, from Django's empty_form.
   Removing marks the row's DELETE box and hides it, so the server decides and nothing typed is lost. */
(function () {
  "use strict";
  var root = document.querySelector("[data-p1-editor]");
  if (!root) return;
  var projects = root.querySelector("[data-projects]");
  var projectTotal = root.querySelector("#id_projects-TOTAL_FORMS");
  var projectTemplate = document.getElementById("project-template");

  function renumber() {
    var n = 0;
    projects.querySelectorAll("[data-project]").forEach(function (card) {
      if (card.hidden) return;
      n += 1;
      var label = card.querySelector("[data-project-number]");
      if (label) label.textContent = String(n);
    });
  }

  function addStep(card) {
    var total = card.querySelector("input[name$='-steps-TOTAL_FORMS']");
    var index = parseInt(total.value, 10);
    var html = card.querySelector("template[data-step-template]").innerHTML.replace(/__step__/g, String(index));
    card.querySelector("[data-steps]").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    return card.querySelector("[data-steps]").lastElementChild;
  }

  function addProject() {
    var index = parseInt(projectTotal.value, 10);
    projects.insertAdjacentHTML("beforeend", projectTemplate.innerHTML.replace(/__prefix__/g, String(index)));
    projectTotal.value = String(index + 1);
    var card = projects.lastElementChild;
    addStep(card);
    renumber();
    return card;
  }

  function remove(row, selector) {
    var box = row.querySelector(selector + " input[type=checkbox]");
    if (box) box.checked = true;
    row.hidden = true;
    renumber();
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !root.contains(button)) return;
    if (button.hasAttribute("data-add-project")) {
      var card = addProject();
      var first = card.querySelector("input[type=text], textarea");
      if (first) first.focus();
    } else if (button.hasAttribute("data-add-step")) {
      var row = addStep(button.closest("[data-project]"));
      var input = row.querySelector("input[type=text]");
      if (input) input.focus();
    } else if (button.hasAttribute("data-remove-project")) {
      remove(button.closest("[data-project]"), "[data-project-delete]");
    } else if (button.hasAttribute("data-remove-step")) {
      remove(button.closest("[data-step]"), "[data-step-delete]");
    }
  });

  // A draft kept by unsaved.js may hold more projects or steps than the page: add them first, then
  // hide what the draft had removed.
  function wanted(values, name) {
    var entry = (values[name] || [])[0];
    return entry ? parseInt(entry[1], 10) || 0 : 0;
  }
  root.addEventListener("unsaved:before-restore", function (event) {
    var values = event.detail;
    while (parseInt(projectTotal.value, 10) < wanted(values, projectTotal.name)) addProject();
    projects.querySelectorAll("[data-project]").forEach(function (card) {
      var total = card.querySelector("input[name$='-steps-TOTAL_FORMS']");
      while (parseInt(total.value, 10) < wanted(values, total.name)) addStep(card);
    });
  });
  root.addEventListener("unsaved:after-restore", function () {
    root.querySelectorAll("[data-project-delete] input:checked").forEach(function (box) {
      box.closest("[data-project]").hidden = true;
    });
    root.querySelectorAll("[data-step-delete] input:checked").forEach(function (box) {
      box.closest("[data-step]").hidden = true;
    });
    renumber();
  });

  // A new form starts with one empty project, so the phone user sees where to type.
  if (parseInt(projectTotal.value, 10) === 0) addProject();
  renumber();
})();
