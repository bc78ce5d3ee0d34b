// Concierge admin console: follows a training run live. Text is always set with textContent.
(function () {
  "use strict";
  var progress = document.getElementById("model-progress");
  if (!progress || progress.getAttribute("data-live") !== "yes") { return; }
  var status = document.getElementById("model-status");
  var url = progress.getAttribute("data-url");
  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { setTimeout(poll, 2000); return; }
        progress.textContent = state.progress;
        status.textContent = state.status;
        if (state.status === "training" || state.status === "evaluating") { setTimeout(poll, 1000); }
        else { window.location.reload(); }       // the scores, the comparison and the activate form
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 1000);
})();
