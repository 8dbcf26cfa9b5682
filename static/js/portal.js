/* Small behaviours every page may use, attached from data-* attributes: the Content-Security-Policy
   allows no inline script (onclick=, <script>…</script>) and no style="" attribute.
   - data-left / data-width="42.5": place a timeline mark or size a progress bar, in percent;
   - data-autosubmit: a select that sends its form when changed (the dashboard's cycle picker);
   - data-confirm="…": a submit button that asks first, in a <dialog>, what the step will do; once
     the user says yes its form is sent with confirmed=1 (the server asks on a page of its own when
     that field is missing). A radio choice may carry data-confirm-choice="…": when it is the
     checked one its words are asked instead (a review form: accept or return);
   - data-select-all="name": a checkbox that ticks or clears every input[name=…];
   - .table-responsive that overflows: reachable by the keyboard (tabindex, a named region). */
(function () {
  "use strict";

  function place(root) {
    root.querySelectorAll("[data-left]").forEach(function (el) { el.style.left = el.dataset.left + "%"; });
    root.querySelectorAll("[data-width]").forEach(function (el) { el.style.width = el.dataset.width + "%"; });
  }
  place(document);

  // A table wider than the screen scrolls inside its box: let the keyboard reach and scroll it too.
  function scrollable(root) {
    root.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) {
          var caption = box.querySelector("caption") || box.closest("section") && box.closest("section").querySelector("h2");
          box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
        }
      }
    });
  }
  scrollable(document);

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("select[data-autosubmit]") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    } else if (target.matches("input[type=checkbox][data-select-all]")) {
      document.querySelectorAll("input[type=checkbox][name='" + target.dataset.selectAll + "']").forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });

  var dialog = null;

  function confirmDialog() {
    if (dialog) return dialog;
    var lang = document.documentElement.lang === "en";
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-text");
    dialog.innerHTML =
      '<form method="dialog"><p id="confirm-dialog-text" class="fs-5 pre-line mb-3"></p>' +
      '<div class="d-flex flex-wrap gap-2 justify-content-end">' +
      '<button class="btn btn-outline-secondary btn-lg" value="cancel">' + (lang ? "Cancel" : "ยกเลิก") + "</button>" +
      '<button class="btn btn-primary btn-lg" value="yes" data-confirm-yes>' + (lang ? "Confirm" : "ยืนยัน") + "</button>" +
      "</div></form>";
    document.body.appendChild(dialog);
    return dialog;
  }

  function confirmText(button) {
    var form = button.form;
    var chosen = form && form.querySelector("input[data-confirm-choice]:checked");
    if (chosen) return chosen.dataset.confirmChoice;
    if (form && form.querySelector("input[data-confirm-choice]")) return "";  // nothing chosen: the server explains
    return button.dataset.confirm;
  }

  function send(button) {
    var form = button.form;
    if (!form) return;
    var field = form.querySelector("input[name=confirmed]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "confirmed";
      form.appendChild(field);
    }
    field.value = "1";
    if (form.requestSubmit) form.requestSubmit(button); else form.submit();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (!button) return;
    var text = confirmText(button);
    if (!text) return;
    event.preventDefault();
    var box = confirmDialog();
    if (typeof box.showModal !== "function") {  // a browser without <dialog>
      if (window.confirm(text)) send(button);
      return;
    }
    box.querySelector("#confirm-dialog-text").textContent = text;
    box.returnValue = "";
    box.onclose = null;
    box.addEventListener("close", function answered() {
      box.removeEventListener("close", answered);
      if (box.returnValue === "yes") send(button);
      else button.focus();
    });
    box.showModal();
    box.querySelector("[data-confirm-yes]").focus();
  });
})();

/* After a form guarded by unsaved.js was sent: a page that says it was saved (a success message)
   removes that form's draft from this browser; a page sent back with errors keeps it. */
(function () {
  "use strict";
  var PENDING = "portal-draft:pending";
  var key;
  try { key = window.sessionStorage.getItem(PENDING); } catch (e) { return; }
  if (!key) return;
  window.sessionStorage.removeItem(PENDING);
  if (document.querySelector(".alert-success")) window.localStorage.removeItem(key);
})();

/* data-print: a button that prints the page; hidden until this script runs (without JavaScript the
   browser's own Print menu does the same). */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
