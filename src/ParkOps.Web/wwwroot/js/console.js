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

