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
    if (window.Blazor) Blazor.addEventListener('enhancedload', mark);
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
    if (window.Blazor) Blazor.addEventListener('enhancedload', label);
})();

// A page that has a phone view of its own (the booking calendar opened without a view: today's day) names it in
// data-phone-view; a window narrower than 576 px goes there, replacing the history entry so Back skips the wide view.
(function () {
    function go() {
        var marker = document.querySelector('[data-phone-view]');
        if (!marker || !window.matchMedia('(max-width: 575.98px)').matches) return;
        if (window.Blazor) Blazor.navigateTo(marker.getAttribute('data-phone-view'), { replaceHistoryEntry: true });
        else window.location.replace(marker.getAttribute('data-phone-view'));
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go); else go();
    if (window.Blazor) Blazor.addEventListener('enhancedload', go);
})();

// Enhanced navigation and forms (blazor.web.js): a link or a form marked data-enhance fetches the next page and patches
// the document instead of reloading it. What the pages need from that:
(function () {
    if (!window.Blazor) return;
    var root = document.documentElement;

    // 1. <html data-navigating> while a page is being fetched: the browser tests wait for it to go (Navigation.cs)
    Blazor.addEventListener('enhancednavigationstart', function () { root.setAttribute('data-navigating', ''); });
    Blazor.addEventListener('enhancednavigationend', function () { root.removeAttribute('data-navigating'); });
    // set at once on the click too: blazor.web.js's own listener (registered first) has taken the link when it cancelled it
    document.addEventListener('click', function (e) {
        var a = e.defaultPrevented && e.target instanceof Element ? e.target.closest('a[href]') : null;
        if (a && !a.hasAttribute('data-print') && (a.getAttribute('href') || '').charAt(0) !== '#') root.setAttribute('data-navigating', '');
    });

    // 2. scripts the new page names (charts, progress) are inert when patched in: load each one the document has not
    //    run yet, in order. A page script draws on its own once loaded and again on every 'enhancedload' after that.
    var loaded = {};
    [].forEach.call(document.scripts, function (s) { if (s.src) loaded[s.src] = true; });
    Blazor.addEventListener('enhancedload', function () {
        [].forEach.call(document.querySelectorAll('body script[src]'), function (s) {
            if (loaded[s.src]) return;
            loaded[s.src] = true;
            var run = document.createElement('script');
            run.src = s.src;
            run.async = false; // in document order: the chart library before the chart
            document.head.appendChild(run);
        });
    });

    // 3. a posted form keeps the scroll position, so its answer (the error first, else the success message) is brought
    //    into view and focused: on a phone the message is often above or below the form just sent
    var posted = false;
    document.addEventListener('submit', function (e) {
        var form = e.target;
        // blazor.web.js handled it (its listener runs first and cancels the browser's own post)
        if (e.defaultPrevented && form instanceof HTMLFormElement && (form.getAttribute('method') || '').toLowerCase() === 'post') posted = true;
    });
    // 3a. after a link took the user to another page, focus its heading (a screen reader reads where they are), as a
    //     full load would start at the top of the page; not on the first load, where the skip link comes first
    var path = location.pathname;
    Blazor.addEventListener('enhancednavigationend', function () {
        var moved = location.pathname !== path;
        path = location.pathname;
        if (posted || !moved) return;
        var h1 = document.querySelector('main h1');
        if (!h1) return;
        if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1');
        h1.focus({ preventScroll: true });
    });
    Blazor.addEventListener('enhancednavigationend', function () {
        if (!posted) return;
        posted = false;
        var main = document.getElementById('main') || document.body;
        var answer = main.querySelector('.validation-errors, .alert-danger, .validation-message, .invalid-feedback:not(:empty)')
            || main.querySelector('.alert-success, .alert[role="status"], .alert[role="alert"]');
        if (!answer) return;
        answer.setAttribute('data-answer', '');
        if (!answer.hasAttribute('tabindex')) answer.setAttribute('tabindex', '-1');
        answer.scrollIntoView({ block: 'center' });
        answer.focus({ preventScroll: true });
    });

    // 4. the reconnect notice (App.razor): try again, reload, and reload at once when the server no longer knows the page
    document.addEventListener('click', function (e) {
        var t = e.target instanceof Element ? e.target : null;
        if (t && t.closest('[data-reconnect]')) { e.preventDefault(); if (Blazor.reconnect) Blazor.reconnect(); }
        else if (t && t.closest('[data-reload]')) { e.preventDefault(); location.reload(); }
    });
    var modal = document.getElementById('components-reconnect-modal');
    if (modal) modal.addEventListener('components-reconnect-state-changed', function (e) {
        if (e.detail && e.detail.state === 'rejected') location.reload();
    });
})();

// Drag to select on a booking calendar (table[data-drag-select]: a resource's week or day, the park's day overview):
// press on a free slot, move down over the free slots after it in the same column, release — the booking form opens with that whole stretch (start of the first,
// end of the last). Only an unbroken run of free slots can be chosen; a plain click keeps the slot's own link, and the
// form's fields remain the way to choose by keyboard or on a touch screen.
(function () {
    var from = null, last = null, suppress = false;
    function slotOf(e) {
        var a = e.target instanceof Element ? e.target.closest('a[data-slot]') : null;
        return a && a.closest('table[data-drag-select]') ? a : null;
    }
    // a slot names its column and its time: "yyyy-MM-ddTHH:mm" on one resource's calendar (a column per day),
    // "resource@HH:mm" on the day overview (a column per resource); a stretch stays in one column
    function dayOf(a) { var s = a.getAttribute('data-slot'), i = s.indexOf('@'); return i >= 0 ? s.slice(0, i) : s.slice(0, 10); }
    function timeOf(a) { var s = a.getAttribute('data-slot'), i = s.indexOf('@'); return i >= 0 ? s.slice(i + 1) : s.slice(11); }
    function run(table, a, b) {
        // the free slots of a's day from a to b in time order, or null when one in between is not free
        var day = dayOf(a), all = [].filter.call(table.querySelectorAll('a[data-slot]'), function (x) { return dayOf(x) === day; })
            .sort(function (x, y) { return timeOf(x) < timeOf(y) ? -1 : 1; });
        var i = all.indexOf(a), j = all.indexOf(b);
        if (i < 0 || j < i) return null;
        for (var k = i; k < j; k++) if (all[k].getAttribute('data-step-end') !== timeOf(all[k + 1])) return null;
        return all.slice(i, j + 1);
    }
    function paint(table, cells) {
        table.querySelectorAll('.slot-selecting').forEach(function (x) { x.classList.remove('slot-selecting'); });
        (cells || []).forEach(function (x) { x.parentElement.classList.add('slot-selecting'); });
    }
    document.addEventListener('pointerdown', function (e) {
        if (e.pointerType === 'touch' || e.button !== 0) return;
        var a = slotOf(e);
        if (!a) return;
        from = last = a;
        e.preventDefault(); // no text selection or link drag while choosing
        paint(a.closest('table'), [a]);
    });
    document.addEventListener('pointerover', function (e) {
        if (!from) return;
        var a = slotOf(e);
        if (!a || dayOf(a) !== dayOf(from)) return;
        var cells = run(from.closest('table'), from, a);
        if (!cells) return;
        last = a;
        paint(from.closest('table'), cells);
    });
    document.addEventListener('pointerup', function () {
        if (!from) return;
        var a = from, b = last;
        from = last = null;
        paint(a.closest('table'), null);
        if (a === b) return; // a click: the slot's own link
        suppress = true;
        var url = new URL(a.href, window.location.href);
        url.searchParams.set('end', b.getAttribute('data-step-end'));
        var target = url.pathname + url.search + url.hash;
        if (window.Blazor) Blazor.navigateTo(target); else window.location.href = target;
    });
    // the click that ends a drag is not the first slot's link
    document.addEventListener('click', function (e) { if (suppress) { suppress = false; if (slotOf(e)) e.preventDefault(); } }, true);
})();
