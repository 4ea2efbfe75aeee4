// Draws every element with a data-echarts attribute: the attribute holds an ECharts option built on the server (plain
// JSON, no functions); the same numbers are always in a table next to the chart. No inline script: the CSP forbids it.
// Loaded by the layout on every page: it fetches /lib/echarts/echarts.min.js only when the page holds a chart, and it
// draws again after Blazor's enhanced navigation ('enhancedload'), disposing a chart drawn earlier on the same element.
// Charts whose option is built in the browser (fund-chart.js, revenue-chart.js, risk-ripple.js, also loaded by the
// layout: a page patched by enhanced navigation runs no <script> of its own) register a selector and a draw function.
(function () {
    'use strict';
    if (window.ParkOpsCharts) { window.ParkOpsCharts.drawAll(); return; }
    var loading = null;

    function draw(el) {
        var option;
        try { option = JSON.parse(el.getAttribute('data-echarts') || '{}'); } catch (e) { return; }
        var chart = echarts.init(el);
        chart.setOption(option);
        // a data item with an href (a stage of the chain map) opens what it stands for on click
        chart.on('click', function (p) { if (p && p.data && typeof p.data.href === 'string' && p.data.href.charAt(0) === '#') { location.hash = p.data.href.substring(1); } });
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

    var custom = [{ selector: '[data-echarts]', draw: draw }];

    function drawAll() {
        var found = custom.map(function (c) { return { c: c, els: document.querySelectorAll(c.selector) }; })
            .filter(function (x) { return x.els.length > 0; });
        if (found.length === 0) return;
        withEcharts(function () {
            found.forEach(function (x) {
                x.els.forEach(function (el) {
                    // a chart drawn on this element before an enhanced update lost its canvas: draw it again
                    var old = echarts.getInstanceByDom(el);
                    if (old) old.dispose();
                    x.c.draw(el);
                });
            });
        });
    }

    /** A chart drawn by its own function: called (with ECharts loaded) for each element matching the selector. */
    function register(selector, drawOne) {
        custom.push({ selector: selector, draw: drawOne });
        drawAll();
    }

    window.ParkOpsCharts = { draw: draw, drawAll: drawAll, register: register };
    window.addEventListener('resize', function () {
        if (typeof echarts === 'undefined') return;
        custom.forEach(function (x) {
            document.querySelectorAll(x.selector).forEach(function (el) { var c = echarts.getInstanceByDom(el); if (c) c.resize(); });
        });
    });
    document.addEventListener('enhancedload', drawAll);
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll); else drawAll();
})();
