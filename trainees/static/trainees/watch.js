/* Verified watch time: opens a playback session on the first play and reports
   heartbeats (every few seconds, and on pause, seek, rate change, end and page hide).
   The server decides what counts; this only tells it what the player did.
   Heartbeats go one at a time, in order, with the login's CSRF token; while the
   network is down they wait in a queue (with their sequence numbers and how long
   ago they were recorded) and go out when it is back. When the server asks an
   attention check, the player pauses and waits for a tap (and a photo, where the
   course checks identity). */
(function () {
  "use strict";
  var video = document.querySelector("video[data-play-url]");
  if (!video) return;
  var playUrl = video.getAttribute("data-play-url");
  var heartbeatUrl = video.getAttribute("data-heartbeat-url");
  var status = document.getElementById("watch-progress");
  var stoppedNote = document.getElementById("watch-stopped");
  var prompt = document.getElementById("attention-check");
  var rateChoice = document.getElementById("playback-rate");
  var key = null;
  var starting = false;
  var stopped = false;
  var sequence = 0;
  var state = ""; // the server's signed state, from the newest answer
  var stateSequence = -1;
  var maxRate = parseFloat(video.getAttribute("data-max-rate") || "1");
  var everyMs = 5000;
  var timer = null;
  var lastKnown = video.currentTime; // the position before a seek begins
  var queue = []; // heartbeats not yet answered: {beat, at}
  var sending = false;
  var retry = null;
  var MAX_AGE_MS = 600000;
  var asking = null; // the attention check on screen
  var camera = null;
  // Another tab of this site taking over the stream: send what was played first.
  var channel = window.BroadcastChannel ? new BroadcastChannel("jiangxin-playback") : null;

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
    queue = [];
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

  function post(url, body, json) {
    var headers = { "X-CSRFToken": csrfToken() };
    if (json) headers["Content-Type"] = "application/json";
    return fetch(url, {
      method: "POST",
      body: body,
      headers: headers,
      credentials: "same-origin",
      keepalive: json,
    });
  }

  function send(position) {
    if (!key || stopped) return;
    queue.push({
      beat: {
        session: key,
        seq: sequence++,
        position: position === undefined ? video.currentTime : position,
        playing: !video.paused && !video.ended,
        rate: video.playbackRate,
      },
      at: Date.now(),
    });
    flush();
  }

  // One heartbeat in flight at a time, oldest first, each with the newest state.
  function flush() {
    if (sending || !queue.length || stopped) return;
    sending = true;
    var item = queue[0];
    var body = JSON.parse(JSON.stringify(item.beat));
    body.state = state;
    var age = Date.now() - item.at;
    if (age > 1000) body.age = Math.min(age, MAX_AGE_MS);
    post(heartbeatUrl, JSON.stringify(body), true).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        queue.shift();
        sending = false;
        answered(response, data, item.beat.seq);
        flush();
      });
    }, function () {
      // No network: keep the queue and try again soon, or when the browser is back.
      sending = false;
      window.clearTimeout(retry);
      retry = window.setTimeout(flush, 2000);
    });
  }

  function answered(response, data, sent) {
    if (response.ok) {
      if (sent > stateSequence) {
        state = data.state;
        stateSequence = sent;
      }
      show(data);
      if (data.check) ask(data.check);
      return;
    }
    if (data.stop) return stop(data.error);
    failed();
  }

  function start() {
    if (key || starting || stopped) return;
    starting = true;
    if (channel) channel.postMessage("taking-over");
    // Where the player is now: what it plays until the session opens counts too.
    var where = JSON.stringify({
      position: video.currentTime,
      playing: !video.paused,
      rate: video.playbackRate,
    });
    post(playUrl, where, true).then(function (response) {
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
        if (data.check) ask(data.check);
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

  // --- Attention checks -------------------------------------------------------------

  function openCamera() {
    var preview = document.getElementById("attention-camera");
    if (!navigator.mediaDevices || !preview) return;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" } })
      .then(function (stream) {
        camera = stream;
        preview.srcObject = stream;
        preview.hidden = false;
        preview.play();
      })
      .catch(function () {
        document.getElementById("attention-error").textContent =
          prompt.getAttribute("data-no-camera");
      });
  }

  function closeCamera() {
    if (camera) camera.getTracks().forEach(function (track) { track.stop(); });
    camera = null;
    var preview = document.getElementById("attention-camera");
    if (preview) preview.hidden = true;
  }

  function snapshot(done) {
    var preview = document.getElementById("attention-camera");
    if (!camera || !preview.videoWidth) return done(null);
    var canvas = document.createElement("canvas");
    canvas.width = preview.videoWidth;
    canvas.height = preview.videoHeight;
    canvas.getContext("2d").drawImage(preview, 0, 0);
    canvas.toBlob(done, "image/jpeg", 0.8);
  }

  function ask(check) {
    if (!prompt || (asking && asking.id === check.id)) return;
    asking = check;
    video.pause();
    prompt.hidden = false;
    document.getElementById("attention-error").textContent = "";
    if (check.identity) openCamera();
    var button = document.getElementById("attention-answer");
    if (button) button.focus();
  }

  function answer() {
    if (!asking) return;
    var check = asking;
    snapshot(function (photo) {
      var form = new FormData();
      if (photo) form.append("capture", photo, "capture.jpg");
      post(check.answer_url, form, false).then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) {
            document.getElementById("attention-error").textContent = data.error;
            return;
          }
          if (data.state) {
            state = data.state;
            stateSequence = sequence - 1;
          }
          asking = null;
          closeCamera();
          prompt.hidden = true;
          video.play();
        });
      }).catch(failed);
    });
  }

  if (prompt) {
    document.getElementById("attention-answer").addEventListener("click", answer);
  }

  // --- Playback rate: only the rates the course allows -------------------------------

  if (rateChoice) {
    rateChoice.addEventListener("change", function () {
      video.playbackRate = parseFloat(rateChoice.value);
    });
  }

  video.addEventListener("play", function () {
    if (asking) {
      video.pause();
      return;
    }
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
  window.addEventListener("online", flush);
  if (channel) {
    channel.onmessage = function (event) {
      if (event.data === "taking-over" && key) send();
    };
  }
})();
