// Draws every element with a data-echarts attribute: the attribute holds an ECharts option built on the server (plain
// JSON, no functions); the same numbers are always in a table next to the chart. No inline script: the CSP forbids it.
// Loaded by the layout on every page: it fetches /lib/echarts/echarts.min.js only when the page holds a chart, and it
// draws again after Blazor's enhanced navigation ('enhancedload'), disposing a chart drawn earlier on the same element.
(function () {
    'use strict';
    if (window.ParkOpsCharts) { window.ParkOpsCharts.drawAll(); return; }
    var loading = null;

    function draw(el) {
        var option;
        try { option = JSON.parse(el.getAttribute('data-echarts') || '{}'); } catch (e) { return; }
        var old = echarts.getInstanceByDom(el);
        if (old) old.dispose();
        echarts.init(el).setOption(option);
    }

    function withEcharts(then) {
        if (typeof echarts !== 'undefined') { then(); return; }
        if (!loading) {
            loading = new Promise(function (resolve, reject) {
                var existing = document.querySelector('script[src$="lib/echarts/echarts.min.js"]');
                var s = existing || document.createElement('script');
                s.addEventListener('load', function () { resolve(); });
                s.addEventListener('error', function () { loading = null; reject(); });
                if (!existing) { s.src = '/lib/echarts/echarts.min.js'; document.head.appendChild(s); }
            });
        }
        loading.then(then, function () { });
    }

    function drawAll() {
        var els = document.querySelectorAll('[data-echarts]');
        if (els.length === 0) return;
        withEcharts(function () { els.forEach(draw); });
    }

    window.ParkOpsCharts = { draw: draw, drawAll: drawAll };
    window.addEventListener('resize', function () {
        if (typeof echarts === 'undefined') return;
        document.querySelectorAll('[data-echarts]').forEach(function (el) { var c = echarts.getInstanceByDom(el); if (c) c.resize(); });
    });
    document.addEventListener('enhancedload', drawAll);
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll); else drawAll();
})();
