// Selection helper for the quote on the recommendation edit page (progressive
// enhancement: without it, the editor pastes the passage and the server finds it).
// Selecting text in the document's text fills the quote field and its exact offsets.
(function () {
  "use strict";
  var source = document.querySelector("[data-quote-source]");
  var quote = document.getElementById("quote");
  var start = document.getElementById("quote_start");
  var end = document.getElementById("quote_end");
  if (!source || !quote || !start || !end) { return; }
  var hint = document.querySelector(".selection-hint");
  if (hint) { hint.hidden = false; }

  function offsetIn(node, offset) {
    // Characters of the text before (node, offset): the element holds one text node.
    var range = document.createRange();
    range.setStart(source, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  source.addEventListener("mouseup", pick);
  source.addEventListener("keyup", pick);
  function pick() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) { return; }
    var from = offsetIn(range.startContainer, range.startOffset);
    var to = offsetIn(range.endContainer, range.endOffset);
    var text = source.textContent;
    // Leading and trailing blanks are not part of a quote.
    while (from < to && /\s/.test(text.charAt(from))) { from += 1; }
    while (to > from && /\s/.test(text.charAt(to - 1))) { to -= 1; }
    if (to <= from) { return; }
    quote.value = text.slice(from, to);
    start.value = String(from);
    end.value = String(to);
  }
  // Typing in the quote field by hand: let the server find the passage instead.
  quote.addEventListener("input", function () { start.value = ""; end.value = ""; });
}());
