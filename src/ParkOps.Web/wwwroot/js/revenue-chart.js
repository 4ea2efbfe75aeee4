// The revenue structure (RevenueStructurePage.razor): income per month stacked by class, and the service share (%) as a
// line against the park's target. The numbers come in data-revenue-chart (the same numbers are in the table under it).
(function () {
    'use strict';
    function draw(el) {
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
    }
    // drawn through echarts-auto.js (ECharts fetched when the page holds this chart; drawn again after enhanced updates)
    window.ParkOpsCharts.register('[data-revenue-chart]', draw);
})();
