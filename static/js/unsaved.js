/* Unsaved changes are protected on long forms (form[data-unsaved="<form>-<object>-u<user>"]):
   - leaving with unsaved input asks first: the browser's own prompt (beforeunload) for a reload or a
     closed tab, a confirm() for a link or another form of the page (the menu, logout);
   - what is typed is kept as a draft in this browser (localStorage, keyed by form and object) and
     offered back ("กู้คืนข้อความที่ยังไม่ได้บันทึก") when the page is opened again after a lost
     connection or a reload; portal.js removes the draft once the server says it was saved.
   Texts come from <template id="unsaved-banner"> (translated in the template); no inline script. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-unsaved]");
  var banner = document.getElementById("unsaved-banner");
  if (!form || !banner) return;
  var PREFIX = "portal-draft:";
  var key = PREFIX + form.dataset.unsaved;
  var leaveMessage = banner.dataset.leaveMessage;
  var leaving = false;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" &&
        el.type !== "submit" && el.type !== "button" && !el.disabled;
    });
  }

  // Every field's state as [name, value, checked?]: radios and checkboxes by their checked state.
  function read() {
    return fields().map(function (el) {
      if (el.type === "checkbox" || el.type === "radio") return [el.name, el.value, el.checked];
      if (el.type === "select-multiple") {
        return [el.name, Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; }).join("\n")];
      }
      return [el.name, el.value];
    });
  }

  function serialise(state) { return JSON.stringify(state); }

  function load() {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function store() {
    try {
      window.localStorage.setItem(key, JSON.stringify({ saved: new Date().toISOString(), fields: read() }));
    } catch (e) { /* storage full or blocked: the leave prompt still protects the input */ }
  }

  function apply(state) {
    var byName = {};
    state.forEach(function (entry) { (byName[entry[0]] = byName[entry[0]] || []).push(entry); });
    // A form that grows rows (the P1 editor) makes room for the draft's rows first.
    form.dispatchEvent(new CustomEvent("unsaved:before-restore", { detail: byName }));
    var seen = {};
    fields().forEach(function (el) {
      var entries = byName[el.name];
      if (!entries) return;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = entries.some(function (e) { return e[1] === el.value && e[2]; });
        return;
      }
      var index = seen[el.name] || 0;
      seen[el.name] = index + 1;
      var entry = entries[index];
      if (!entry) return;
      if (el.type === "select-multiple") {
        var chosen = entry[1].split("\n");
        Array.prototype.forEach.call(el.options, function (o) { o.selected = chosen.indexOf(o.value) !== -1; });
      } else {
        el.value = entry[1];
      }
    });
    form.dispatchEvent(new CustomEvent("unsaved:after-restore"));
  }

  var initial = serialise(read());
  // A page sent back with errors shows input the server has not saved: it counts as unsaved.
  var startsDirty = Boolean(document.querySelector(".alert-danger, .is-invalid"));
  function isDirty() { return startsDirty || serialise(read()) !== initial; }

  var timer = null;
  function changed() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { if (isDirty()) store(); }, 300);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  var draft = load();
  if (draft && draft.fields && serialise(draft.fields) !== initial) {
    var offer = banner.content.firstElementChild.cloneNode(true);
    var when = offer.querySelector("[data-unsaved-when]");
    if (when && draft.saved) {
      when.textContent = new Date(draft.saved).toLocaleString("th-TH-u-ca-buddhist", {
        dateStyle: "medium", timeStyle: "short"
      });
    }
    offer.querySelector("[data-unsaved-restore]").addEventListener("click", function () {
      apply(draft.fields);
      offer.remove();
      store();
      var first = form.querySelector("input:not([type=hidden]), textarea, select");
      if (first) first.focus();
    });
    offer.querySelector("[data-unsaved-discard]").addEventListener("click", function () {
      window.localStorage.removeItem(key);
      offer.remove();
    });
    form.parentNode.insertBefore(offer, form);
  } else if (draft && !startsDirty) {
    window.localStorage.removeItem(key);  // the page already shows what the draft holds
  }

  form.addEventListener("submit", function () {
    leaving = true;
    store();  // kept until the server confirms the save: a lost connection loses nothing
    try { window.sessionStorage.setItem(PREFIX + "pending", key); } catch (e) { /* private mode */ }
  });

  window.addEventListener("beforeunload", function (event) {
    if (leaving || !isDirty()) return;
    store();
    event.preventDefault();
    event.returnValue = "";
  });

  function confirmLeaving(event) {
    if (leaving || !isDirty()) return;
    if (window.confirm(leaveMessage)) {
      store();
      leaving = true;
    } else {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) === "#") return;
    confirmLeaving(event);
  }, true);

  document.addEventListener("submit", function (event) {
    var other = event.target;
    // A <dialog>'s own form (the confirmation portal.js opens) closes the dialog; it leaves nothing.
    if (other === form || other.getAttribute("method") === "dialog" || other.target === "_blank") return;
    confirmLeaving(event);
  }, true);
})();
