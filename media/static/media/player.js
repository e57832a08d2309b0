/* The lesson player: native HLS where the browser has it (Chromium, Safari, Android,
   in-app browsers), the vendored hls.js elsewhere; resumes where the trainee stopped.
   With preload="none" nothing of the video (not even hls.js) loads before the first
   play; it starts on the lowest rendition and climbs (the master playlist lists it
   first). Playing never relies on autoplay: a play button starts it.
   A lesson whose watch time is verified loads its video only once the playback
   session is open (the "jiangxin:session" event, after the first play), so that the
   keys of an encrypted video are delivered to, and counted for, that session. */
(function () {
  "use strict";
  var video = document.querySelector("video[data-hls]");
  if (!video) return;
  var source = video.getAttribute("data-hls");
  var positionKey = "jiangxin:position:" + video.getAttribute("data-lesson");
  // Where the server keeps the trainee's position (verified lessons), it decides.
  var serverKeepsPosition = video.hasAttribute("data-play-url");
  var resumeAt = parseFloat(video.getAttribute("data-resume") || "0") ||
    (serverKeepsPosition ? 0 : parseFloat(window.localStorage.getItem(positionKey) || "0"));

  function resume() {
    if (resumeAt > 0 && isFinite(video.duration) && resumeAt < video.duration - 3) {
      video.currentTime = resumeAt;
    }
  }

  function unsupported() {
    var note = document.getElementById("player-unsupported");
    if (note) note.hidden = false;
  }

  function attachHlsJs() {
    var script = document.createElement("script");
    script.src = video.getAttribute("data-hlsjs");
    script.onload = function () {
      if (!window.Hls || !window.Hls.isSupported()) return unsupported();
      // hls.js sorts levels by bit rate: 0 is the lowest video rendition.
      var hls = new window.Hls({ capLevelToPlayerSize: true, startLevel: 0 });
      hls.on(window.Hls.Events.MANIFEST_PARSED, function () {
        if (wanted) video.play().catch(function () {});
      });
      hls.loadSource(source);
      hls.attachMedia(video);
    };
    script.onerror = unsupported;
    document.head.appendChild(script);
  }

  video.addEventListener("loadedmetadata", resume, { once: true });
  var lastSaved = 0;
  video.addEventListener("timeupdate", function () {
    if (Math.abs(video.currentTime - lastSaved) >= 5) {
      lastSaved = video.currentTime;
      window.localStorage.setItem(positionKey, String(lastSaved));
    }
  });

  var wanted = false; // the trainee asked to play before hls.js was there
  var button = video.parentNode.querySelector("[data-play-button]");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () { video.play(); });
    video.addEventListener("play", function () { button.hidden = true; });
  }

  function load() {
    // Loading a source resets the rate to the default: keep the one chosen.
    video.defaultPlaybackRate = video.playbackRate;
    if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = source;
    } else {
      attachHlsJs();
    }
  }

  if (serverKeepsPosition) {
    video.addEventListener("jiangxin:session", function (event) {
      source += (source.indexOf("?") < 0 ? "?" : "&") +
        "session=" + encodeURIComponent(event.detail);
      wanted = !video.paused;
      load();
      // The trainee's play came before the source; with preload="none" the
      // element waits for another play() before it fetches anything.
      if (wanted && video.src) video.play().catch(function () {});
    }, { once: true });
  } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
    video.src = source;
  } else if (video.getAttribute("preload") === "none") {
    video.addEventListener("play", function () {
      wanted = true;
      video.defaultPlaybackRate = video.playbackRate;
      attachHlsJs();
    }, { once: true });
  } else {
    attachHlsJs();
  }
})();
