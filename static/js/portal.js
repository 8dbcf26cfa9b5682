/* Small behaviours every page may use, attached from data-* attributes: the Content-Security-Policy
   allows no inline script (onclick=, <script>…</script>) and no style="" attribute.
   - data-left / data-width="42.5": place a timeline mark or size a progress bar, in percent;
   - data-autosubmit: a select that sends its form when changed (the dashboard's cycle picker);
   - data-confirm="…": a submit button that asks first (deleting a file);
   - data-select-all="name": a checkbox that ticks or clears every input[name=…]. */
(function () {
  "use strict";

  function place(root) {
    root.querySelectorAll("[data-left]").forEach(function (el) { el.style.left = el.dataset.left + "%"; });
    root.querySelectorAll("[data-width]").forEach(function (el) { el.style.width = el.dataset.width + "%"; });
  }
  place(document);

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

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
})();
