// Bill-run progress: while the run form's post is in flight, poll the park's progress endpoint and fill the bar.
// The run itself is one transaction on the server; this only shows how far it has got. The form is posted by
// blazor.web.js (enhanced form): the answer patches the page, which ends the polling.
(function () {
    var timer = null;
    function stop() { if (timer !== null) { clearInterval(timer); timer = null; } }
    function bind() {
        var form = document.getElementById('billrun-form');
        var bar = document.getElementById('billrun-progress');
        if (!form || !bar || form.parkopsProgress) return;
        form.parkopsProgress = true;
        var fill = bar.querySelector('.progress-bar');
        function show(p) {
            var pct = Math.max(0, Math.min(100, p.percent || 0));
            bar.setAttribute('aria-valuenow', String(pct));
            fill.style.width = pct + '%';
            fill.textContent = pct + '% (' + (p.done || 0) + '/' + (p.total || 0) + ')';
        }
        function poll() {
            fetch(bar.getAttribute('data-url'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
                .then(function (r) { return r.ok ? r.json() : null; })
                .then(function (p) { if (p && timer !== null) show(p); })
                .catch(function () { });
        }
        form.addEventListener('submit', function () {
            bar.classList.remove('d-none');
            show({ percent: 0, done: 0, total: 0 });
            if (timer === null) timer = setInterval(poll, 400);
        });
    }
    bind();
    if (window.Blazor) {
        Blazor.addEventListener('enhancednavigationend', stop);
        Blazor.addEventListener('enhancedload', bind);
    }
})();
