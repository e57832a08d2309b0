// Send the phone's position with the check-in when the trainee allows it.
(function () {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(
        function (position) {
            document.getElementById("latitude").value = position.coords.latitude.toFixed(6);
            document.getElementById("longitude").value = position.coords.longitude.toFixed(6);
        },
        function () {},
        { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
    );
})();
