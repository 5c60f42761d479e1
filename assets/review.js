/* The review page (/review): keys press the page's buttons, words selected in
   the report's text become the offsets of a fact to add, and the fact chosen is
   marked and shown in the text. */
(function () {
    "use strict";
    var KEYS = {
        a: "review-accept",
        r: "review-reject",
        j: "review-next",
        k: "review-previous",
        u: "review-undo-button"
    };

    function onReview() {
        return window.location.pathname === "/review" &&
            document.getElementById("review-work") !== null &&
            !document.getElementById("review-work").hidden;
    }

    function typing(target) {
        if (!target || !target.closest) { return false; }
        // The members' table is edited by typing into its cells.
        return target.closest("input, textarea, select, [contenteditable], #review-members") !== null;
    }

    document.addEventListener("keydown", function (event) {
        if (!onReview() || event.ctrlKey || event.metaKey || event.altKey ||
            typing(event.target)) { return; }
        var key = event.key.toLowerCase();
        if (key === "e") {
            var field = document.getElementById("review-field-label_zh");
            if (field) { event.preventDefault(); field.focus(); field.select(); }
            return;
        }
        var id = KEYS[key];
        var button = id && document.getElementById(id);
        if (button && !button.disabled) {
            event.preventDefault();
            button.click();
        }
    });

    function offsetOf(node, offset) {
        var element = node.nodeType === 3 ? node.parentElement : node;
        var piece = element && element.closest ? element.closest("[data-start]") : null;
        if (!piece) { return null; }
        return parseInt(piece.getAttribute("data-start"), 10) +
            (node.nodeType === 3 ? offset : 0);
    }

    document.addEventListener("mouseup", function () {
        var text = document.getElementById("review-text");
        var selection = window.getSelection();
        if (!text || !selection || selection.rangeCount === 0 || !window.dash_clientside) {
            return;
        }
        var range = selection.getRangeAt(0);
        if (range.collapsed || !text.contains(range.startContainer) ||
            !text.contains(range.endContainer)) { return; }
        var start = offsetOf(range.startContainer, range.startOffset);
        var end = offsetOf(range.endContainer, range.endOffset);
        if (start === null || end === null || end <= start) { return; }
        var words = selection.toString();
        window.dash_clientside.set_props("review-selection", {data: {start: start, end: end}});
        window.dash_clientside.set_props("review-selection-shown", {children: words});
    });

    document.addEventListener("click", function (event) {
        var mark = event.target.closest && event.target.closest("#review-text mark[data-facts]");
        if (!mark || !window.dash_clientside || !window.getSelection().isCollapsed) { return; }
        var first = mark.getAttribute("data-facts").split(" ")[0];
        window.dash_clientside.set_props("review-selected", {data: first});
    });

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.review = {
        /* Mark the excerpt of the fact chosen, and bring it into view. */
        show: function (selected) {
            var text = document.getElementById("review-text");
            if (!text) { return window.dash_clientside.no_update; }
            text.querySelectorAll("mark.review-current").forEach(function (mark) {
                mark.classList.remove("review-current");
            });
            if (!selected) { return window.dash_clientside.no_update; }
            var marks = Array.prototype.filter.call(
                text.querySelectorAll("mark[data-facts]"),
                function (mark) {
                    return mark.getAttribute("data-facts").split(" ").indexOf(selected) >= 0;
                });
            marks.forEach(function (mark) { mark.classList.add("review-current"); });
            if (marks.length) {
                var box = marks[0].getBoundingClientRect();
                var shown = text.getBoundingClientRect();
                if (box.top < shown.top || box.bottom > shown.bottom) {
                    text.scrollTop += box.top - shown.top - shown.height / 3;
                }
            }
            return window.dash_clientside.no_update;
        }
    };
}());
