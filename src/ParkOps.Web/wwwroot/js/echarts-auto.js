// Draws every element with a data-echarts attribute: the attribute holds an ECharts option built on the server (plain
// JSON, no functions); the same numbers are always in a table next to the chart. No inline script: the CSP forbids it.
(function () {
    'use strict';
    function draw(el) {
        if (typeof echarts === 'undefined') return;
        var option;
        try { option = JSON.parse(el.getAttribute('data-echarts') || '{}'); } catch (e) { return; }
        var chart = echarts.init(el);
        chart.setOption(option);
        window.addEventListener('resize', function () { chart.resize(); });
    }
    document.querySelectorAll('[data-echarts]').forEach(draw);
})();
