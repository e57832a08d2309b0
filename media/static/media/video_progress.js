/* The processing of a video, live on its page: polls the small JSON of
   videos:progress and moves the bar; when the video is ready or has failed, the
   page reloads to show the preview or the reason. */
(function () {
  "use strict";
  var box = document.querySelector("[data-video-progress]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-progress-label]");

  function poll() {
    fetch(box.dataset.videoProgress, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (state) {
        bar.value = state.progress;
        label.textContent = state.label;
        if (!state.working) {
          window.location.reload();
          return;
        }
        setTimeout(poll, 2000);
      })
      .catch(function () {
        setTimeout(poll, 5000); // offline for a while: keep asking, more slowly
      });
  }
  setTimeout(poll, 1000);
})();
