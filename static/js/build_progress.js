/* A document build's progress page: follow the worker until the build is done or has failed.
   The page (reports/build_detail.html) renders the state at load; this only keeps it current. */
(function () {
  "use strict";
  var box = document.getElementById("build");
  if (!box) return;
  var bar = document.getElementById("build-bar");

  function stopAnimation() { bar.classList.remove("progress-bar-striped", "progress-bar-animated"); }

  function show(s) {
    bar.style.width = s.progress + "%";
    bar.textContent = s.progress + "%";
    bar.parentElement.setAttribute("aria-valuenow", s.progress);
    document.getElementById("build-status").textContent = s.status_label;
    document.getElementById("build-stage").textContent = s.stage;
    box.dataset.status = s.status;
    if (s.status === "done") {
      stopAnimation();
      bar.classList.add("bg-success");
      document.getElementById("build-download").href = s.download_url;
      document.getElementById("build-done").hidden = false;
    } else if (s.status === "failed") {
      stopAnimation();
      bar.classList.add("bg-danger");
      var error = document.getElementById("build-error");
      error.textContent = s.error;
      error.hidden = false;
      var retry = document.getElementById("build-retry");
      if (retry) retry.hidden = false;
    }
    return s.is_active;
  }

  function poll() {
    fetch(box.dataset.statusUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok && response.status < 500) return false;  // signed out or no longer allowed: stop
        if (!response.ok) return true;
        return response.json().then(show);
      })
      .catch(function () { return true; })  // a dropped connection: try again
      .then(function (again) { if (again) setTimeout(poll, 1000); });
  }

  if (box.dataset.status === "queued" || box.dataset.status === "running") setTimeout(poll, 500);
})();
