// The ripple of an order drop (risk alert page): the firm that fell on the left, its suppliers in the middle, their
// suppliers on the right, each edge labelled with the supplier's exposure. The page renders the figures as data
// attributes (the Content-Security-Policy allows no inline script) and the same numbers in a table beside it.
(function () {
    function draw(el) {
        var nodes = JSON.parse(el.dataset.nodes || '[]');
        var label = el.dataset.exposureLabel || '';
        var pct = function (v) { return (Math.round(v * 10000) / 100) + '%'; };
        var data = [{ id: 'c', name: el.dataset.center, x: 0, y: 0, symbolSize: 46, itemStyle: { color: '#b02a37' }, label: { position: 'bottom' } }];
        var links = [];
        [1, 2].forEach(function (degree) {
            var ring = nodes.filter(function (n) { return n.degree === degree; });
            ring.forEach(function (n, i) {
                var y = (i - (ring.length - 1) / 2) * 120;
                data.push({ id: 'n' + n.id, name: n.name, x: degree * 320, y: y, symbolSize: 16 + Math.round(n.exposure * 40),
                    itemStyle: { color: degree === 1 ? '#c77700' : '#6f42c1' }, label: { position: 'bottom' } });
                var source = degree === 1 ? 'c' : 'n' + n.via;
                links.push({ source: 'n' + n.id, target: source, label: { show: true, formatter: label + ' ' + pct(n.exposure) } });
            });
        });
        var chart = echarts.init(el);
        chart.setOption({
            animation: false,
            series: [{ type: 'graph', layout: 'none', roam: true, data: data, links: links, edgeSymbol: ['none', 'arrow'],
                label: { show: true, fontSize: 12, width: 140, overflow: 'break' }, lineStyle: { width: 2, color: '#6c757d' }, edgeLabel: { fontSize: 11 } }],
        });
        el.dataset.drawn = String(nodes.length);
    }
    // drawn through echarts-auto.js (ECharts fetched when the page holds this chart; drawn again after enhanced updates)
    window.ParkOpsCharts.register('[data-ripple]', draw);
})();
