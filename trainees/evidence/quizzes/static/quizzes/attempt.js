// The quiz page: a countdown to the server's deadline (the server decides; this only
// shows it) and saving each answer as it is chosen, so a lost signal loses little.
(function () {
    "use strict";
    var form = document.getElementById("quiz-form");
    if (!form) { return; }
    var status = form.querySelector(".status");

    var clock = document.querySelector("[data-deadline]");
    if (clock) {
        var deadline = new Date(clock.getAttribute("data-deadline")).getTime();
        var out = clock.querySelector(".countdown");
        var tick = function () {
            var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
            var minutes = Math.floor(left / 60);
            var seconds = left % 60;
            out.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
            if (left > 0) { setTimeout(tick, 1000); }
        };
        tick();
    }

    form.addEventListener("change", function () {
        var data = new FormData(form);
        data.set("action", "save");
        status.textContent = form.getAttribute("data-saving");
        // Not form.action: the form's buttons are named "action", which shadows it.
        fetch(form.getAttribute("action") || window.location.href, {
            method: "POST",
            body: data,
            headers: { "X-Requested-With": "fetch" },
            credentials: "same-origin"
        }).then(function (response) {
            return response.json().then(function (body) {
                status.textContent = response.ok ? form.getAttribute("data-saved") : body.error;
                if (body.closed) {
                    window.location.reload();
                }
            });
        }).catch(function () { status.textContent = ""; });
    });
})();
