// Small behaviour shared by console pages. The Content-Security-Policy allows scripts only from the site's own files
// (no inline <script>, no onclick="…" attributes), so pages mark elements with data attributes and this file acts on them.
(function () {
    // <button data-print>: prints the page (the QR sticker page)
    document.addEventListener('click', function (e) {
        var target = e.target instanceof Element ? e.target.closest('[data-print]') : null;
        if (target) {
            e.preventDefault();
            window.print();
        }
    });
})();

// A table wider than its frame scrolls inside it (.table-responsive, phones above all): such a frame must take keyboard
// focus, or a keyboard user cannot scroll it (WCAG 2.1.1; axe "scrollable-region-focusable"). Frames that fit stay out of
// the tab order.
(function () {
    function mark() {
        document.querySelectorAll('.table-responsive').forEach(function (frame) {
            var scrolls = frame.scrollWidth > frame.clientWidth + 1;
            // a frame the page made focusable itself (with its role and label) is left alone
            if (scrolls && !frame.hasAttribute('tabindex')) { frame.setAttribute('tabindex', '0'); frame.dataset.scrollFocus = ''; }
            else if (!scrolls && frame.dataset.scrollFocus !== undefined) { frame.removeAttribute('tabindex'); delete frame.dataset.scrollFocus; }
        });
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mark); else mark();
    window.addEventListener('resize', mark);
})();


// table.cards (lists that become cards on a phone, see app.css): every cell without a data-label gets its column's
// heading as one, so a page needs only the class. Cells spanning several columns (an empty list's note) get none.
(function () {
    function label() {
        document.querySelectorAll('table.cards').forEach(function (table) {
            var heads = table.tHead && table.tHead.rows.length ? [].map.call(table.tHead.rows[0].cells, function (th) {
                return { text: th.textContent.replace(/[▲▼]/g, '').replace(/\s+/g, ' ').trim(), span: th.colSpan };
            }) : [];
            var columns = [];
            heads.forEach(function (h) { for (var i = 0; i < h.span; i++) columns.push(h.text); });
            [].forEach.call(table.tBodies, function (body) {
                [].forEach.call(body.rows, function (row) {
                    var col = 0;
                    [].forEach.call(row.cells, function (cell) {
                        if (cell.colSpan === 1 && !cell.hasAttribute('data-label') && columns[col]) cell.setAttribute('data-label', columns[col]);
                        col += cell.colSpan;
                    });
                });
            });
        });
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', label); else label();
})();

// A page that has a phone view of its own (the booking calendar opened without a view: today's day) names it in
// data-phone-view; a window narrower than 576 px goes there, replacing the history entry so Back skips the wide view.
(function () {
    function go() {
        var marker = document.querySelector('[data-phone-view]');
        if (marker && window.matchMedia('(max-width: 575.98px)').matches) window.location.replace(marker.getAttribute('data-phone-view'));
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go); else go();
})();
