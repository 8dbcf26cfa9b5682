/* Attendance on a phone: large present/absent/leave toggles (plain radio buttons, so the form also
   works without JavaScript), "all present" in one tap, a search box, the reason box only for an
   absence or a leave, and a running count. Loaded as a file: the Content-Security-Policy allows no
   inline script. */
(function () {
  "use strict";
  var form = document.querySelector("[data-attendance]");
  if (!form) return;
  var rows = Array.prototype.slice.call(form.querySelectorAll("[data-att-row]"));
  var counter = form.querySelector("[data-attendance-count]");
  var template = document.getElementById("attendance-count-template");
  var search = form.querySelector("[data-attendance-search]");
  var none = form.querySelector("[data-attendance-none]");
  var NEEDS_REASON = { absent: true, leave: true };

  function statusOf(row) {
    var checked = row.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "";
  }

  function count() {
    var totals = { present: 0, absent: 0, leave: 0, unrecorded: 0, total: rows.length };
    rows.forEach(function (row) {
      var status = row.dataset.status;
      if (Object.prototype.hasOwnProperty.call(totals, status)) totals[status] += 1;
      else totals.unrecorded += 1;
    });
    counter.textContent = template.innerHTML.replace(/\{(\w+)\}/g, function (_, key) { return totals[key]; });
  }

  function sync(row) {
    row.dataset.status = statusOf(row);
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio") return;
    var row = input.closest("[data-att-row]");
    sync(row);
    count();
    if (NEEDS_REASON[input.value]) {
      var reason = row.querySelector(".att-reason input");
      if (reason && !reason.value) reason.focus();
    }
  });

  form.querySelector("[data-all-present]").addEventListener("click", function (event) {
    event.preventDefault();  // without JavaScript the button asks the server to do the same
    rows.forEach(function (row) {
      var present = row.querySelector("input[type=radio][value=present]");
      present.checked = true;
      sync(row);
    });
    count();
    form.dispatchEvent(new Event("input", { bubbles: true }));  // a change the unsaved-changes guard sees
  });

  function normalise(text) {
    return text.toLowerCase().replace(/\s+/g, "");
  }

  search.hidden = false;
  search.addEventListener("input", function () {
    var query = normalise(search.value);
    var shown = 0;
    rows.forEach(function (row) {
      var match = !query || normalise(row.dataset.name).indexOf(query) !== -1;
      row.hidden = !match;
      if (match) shown += 1;
    });
    none.hidden = shown > 0;
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();  // Enter searches; it does not save the form
  });

  document.documentElement.classList.add("js-attendance");
  rows.forEach(sync);
  count();
})();
