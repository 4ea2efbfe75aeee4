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
