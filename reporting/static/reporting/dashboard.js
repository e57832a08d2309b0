// Draws the region dashboard's charts with ECharts: a ranked bar chart by region
// and a monthly line per figure. The tables beside them hold the same numbers.
(function () {
    "use strict";

    function barOption(chart) {
        // Largest first, top to bottom: ECharts draws a category axis upwards.
        return {
            animation: false,
            grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
            tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
            xAxis: { type: "value", minInterval: 1 },
            yAxis: {
                type: "category",
                inverse: true,
                data: chart.regions,
                axisLabel: { width: 96, overflow: "truncate" },
            },
            series: [{
                type: "bar",
                name: chart.label,
                data: chart.values,
                label: { show: true, position: "right" },
            }],
        };
    }

    function lineOption(chart) {
        return {
            animation: false,
            grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
            tooltip: { trigger: "axis" },
            xAxis: { type: "category", data: chart.months, boundaryGap: false },
            yAxis: { type: "value", minInterval: 1 },
            series: [{ type: "line", name: chart.label, data: chart.monthly }],
        };
    }

    function draw() {
        var source = document.getElementById("rd-charts");
        if (!source || !window.echarts) {
            return;
        }
        var charts = {};
        JSON.parse(source.textContent).forEach(function (chart) {
            charts[chart.key] = chart;
        });
        var drawn = [];
        document.querySelectorAll(".rd-chart").forEach(function (element) {
            var chart = charts[element.dataset.key];
            if (!chart) {
                return;
            }
            var bar = element.dataset.chart === "bar";
            element.style.height = (bar ? Math.max(160, 28 * chart.regions.length + 40) : 240) + "px";
            var instance = window.echarts.init(element, null, { renderer: "canvas" });
            instance.setOption(bar ? barOption(chart) : lineOption(chart));
            drawn.push(instance);
        });
        window.addEventListener("resize", function () {
            drawn.forEach(function (instance) { instance.resize(); });
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", draw);
    } else {
        draw();
    }
})();
