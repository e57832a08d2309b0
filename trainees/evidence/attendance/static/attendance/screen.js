// Swap in a fresh code (and the roster) each time the code's window changes.
(function () {
    var box = document.getElementById("check-in-code");
    if (!box || !window.fetch) return;
    function schedule(seconds) {
        setTimeout(refresh, (Math.max(1, seconds) + 1) * 1000);
    }
    function refresh() {
        fetch(box.dataset.codeUrl, { credentials: "same-origin" })
            .then(function (response) {
                if (!response.ok) throw new Error(response.status);
                return response.json();
            })
            .then(function (data) {
                document.getElementById("qr").innerHTML = data.svg;
                document.getElementById("code-link").href = data.url;
                document.getElementById("roster").innerHTML = data.roster;
                schedule(data.seconds_left);
            })
            .catch(function () { schedule(5); });
    }
    schedule(parseInt(box.dataset.secondsLeft, 10) || 30);
})();
