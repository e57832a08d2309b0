/* Verified watch time: opens a playback session on the first play and reports
   heartbeats (every few seconds, and on pause, seek, rate change, end and page hide).
   The server decides what counts; this only tells it what the player did. */
(function () {
  "use strict";
  var video = document.querySelector("video[data-play-url]");
  if (!video) return;
  var playUrl = video.getAttribute("data-play-url");
  var heartbeatUrl = video.getAttribute("data-heartbeat-url");
  var status = document.getElementById("watch-progress");
  var stoppedNote = document.getElementById("watch-stopped");
  var key = null;
  var starting = false;
  var stopped = false;
  var sequence = 0;
  var state = ""; // the server's signed state, from the newest answer
  var stateSequence = -1;
  var maxRate = 2;
  var everyMs = 5000;
  var timer = null;
  var lastKnown = video.currentTime; // the position before a seek begins

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Progress towards completing the lesson, as the pages show it: the covered
  // share over the share required, never 100 % until the lesson is complete.
  var requiredShare = 0.9;

  function show(data) {
    if (!status) return;
    var percent = Math.floor(Math.min(data.share / requiredShare, 0.99) * 100);
    var text = data.completed
      ? status.getAttribute("data-completed")
      : status.getAttribute("data-template").replace("{percent}", percent);
    status.textContent = text.replace(
      "{minutes}", Math.floor(data.course_verified_seconds / 60)
    );
  }

  function stop(message) {
    stopped = true;
    key = null;
    window.clearInterval(timer);
    video.pause();
    if (stoppedNote) {
      stoppedNote.textContent = message;
      stoppedNote.hidden = false;
    }
  }

  function failed() {
    if (status) status.textContent = status.getAttribute("data-failed");
  }

  function send(position) {
    if (!key || stopped) return;
    var sent = sequence++;
    var body = JSON.stringify({
      session: key,
      state: state,
      seq: sent,
      position: position === undefined ? video.currentTime : position,
      playing: !video.paused && !video.ended,
      rate: video.playbackRate,
    });
    if (document.visibilityState === "hidden" && navigator.sendBeacon) {
      navigator.sendBeacon(heartbeatUrl, new Blob([body], { type: "application/json" }));
      return;
    }
    fetch(heartbeatUrl, {
      method: "POST",
      body: body,
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      keepalive: true,
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok) {
          if (sent > stateSequence) {
            state = data.state;
            stateSequence = sent;
          }
          return show(data);
        }
        if (data.stop) return stop(data.error);
        failed();
      });
    }).catch(failed);
  }

  function start() {
    if (key || starting || stopped) return;
    starting = true;
    fetch(playUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) {
        starting = false;
        if (!response.ok) return stop(data.error);
        key = data.session;
        // The player loads the video now, its keys bound to this session.
        video.dispatchEvent(new CustomEvent("jiangxin:session", { detail: key }));
        state = data.state;
        maxRate = data.max_rate;
        requiredShare = data.required_share || requiredShare;
        everyMs = data.heartbeat_seconds * 1000;
        show(data);
        send();
        timer = window.setInterval(function () {
          if (!video.paused) send();
        }, everyMs);
      });
    }).catch(function () {
      starting = false;
      failed();
    });
  }

  video.addEventListener("play", function () {
    if (key) send(); else start();
  });
  video.addEventListener("pause", function () { send(); });
  video.addEventListener("ended", function () { send(); });
  video.addEventListener("timeupdate", function () {
    if (!video.seeking) lastKnown = video.currentTime;
  });
  // What was played up to the seek counts; the jump itself earns nothing.
  video.addEventListener("seeking", function () { send(lastKnown); });
  video.addEventListener("seeked", function () {
    lastKnown = video.currentTime;
    send();
  });
  video.addEventListener("ratechange", function () {
    if (video.playbackRate > maxRate) video.playbackRate = maxRate;
    else send();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") send();
  });
})();
