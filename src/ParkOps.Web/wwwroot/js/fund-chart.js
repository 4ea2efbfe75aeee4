// The reserve fund's balance over time (FundOverview.razor): the numbers come in the element's data-fund-chart
// attribute (the same numbers are in the table under the chart). No inline script: the page's CSP forbids it.
(function () {
    'use strict';
    function draw(el) {
        var data;
        try { data = JSON.parse(el.getAttribute('data-fund-chart') || '{}'); } catch (e) { return; }
        if (!data.dates || data.dates.length === 0) return;
        var chart = echarts.init(el);
        chart.setOption({
            grid: { left: 70, right: 16, top: 16, bottom: 40 },
            tooltip: { trigger: 'axis' },
            xAxis: { type: 'category', data: data.dates },
            yAxis: { type: 'value', name: '元' },
            series: [{ name: data.name, type: 'line', step: 'end', data: data.balances, areaStyle: { opacity: 0.15 } }]
        });
    }
    // drawn through echarts-auto.js (ECharts fetched when the page holds this chart; drawn again after enhanced updates)
    window.ParkOpsCharts.register('[data-fund-chart]', draw);
})();
