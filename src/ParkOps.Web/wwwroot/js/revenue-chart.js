// The revenue structure (RevenueStructurePage.razor): income per month stacked by class, and the service share (%) as a
// line against the park's target. The numbers come in data-revenue-chart (the same numbers are in the table under it).
(function () {
    'use strict';
    function draw(el) {
        // drawn already (a page patched by enhanced navigation loses the mark, so it is drawn again)
        if (typeof echarts === 'undefined' || echarts.getInstanceByDom(el)) return;
        var data;
        try { data = JSON.parse(el.getAttribute('data-revenue-chart') || '{}'); } catch (e) { return; }
        if (!data.months || data.months.length === 0) return;
        var series = data.series.map(function (s) { return { name: s.name, type: 'bar', stack: 'income', data: s.data }; });
        series.push({
            name: data.shareName, type: 'line', yAxisIndex: 1, data: data.share, connectNulls: false,
            markLine: { symbol: 'none', label: { formatter: data.targetName + ' {c}%' }, data: [{ yAxis: data.target }] }
        });
        var chart = echarts.init(el);
        chart.setOption({
            grid: { left: 80, right: 50, top: 40, bottom: 40 },
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            xAxis: { type: 'category', data: data.months },
            yAxis: [{ type: 'value', name: '元' }, { type: 'value', name: '%', min: 0, max: 100 }],
            series: series
        });
        window.addEventListener('resize', function () { if (!chart.isDisposed()) chart.resize(); });
    }
    function all() { document.querySelectorAll('[data-revenue-chart]').forEach(draw); }
    all();
    // again after each enhanced navigation or form post (blazor.web.js patches the page instead of loading it)
    if (window.Blazor) Blazor.addEventListener('enhancedload', all);
})();
