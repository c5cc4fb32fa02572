// Follows a background job: updates the progress bar and reloads the page when it ends.
(function () {
  "use strict";
  var box = document.querySelector(".job-progress[data-progress-url]");
  if (!box || box.dataset.finished === "true") return;
  var bar = box.querySelector("progress");
  var status = box.querySelector(".job-status");
  // The stage comes translated for the reader; the separator follows the page's language.
  var separator = box.dataset.stageSeparator || ": ";
  var delay = 1000;

  function poll() {
    fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (job) {
        bar.value = job.progress;
        bar.textContent = job.progress + " %";
        status.textContent = job.stage && job.status === "running" ? job.status_label + separator + job.stage : job.status_label;
        if (job.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 10000);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
