// Behaviour every page shares, kept out of the markup: the Content-Security-Policy allows no
// inline script or event handler, so the templates mark elements with data attributes instead.
//   data-autosubmit       on a form field: submit its form when the value changes
//   data-confirm="…"      on a form: ask before submitting, and stay if the user says no
//   data-history-back     on a link: go back one page instead of following the link
//   data-check-all="name" on a checkbox: tick or clear every checkbox named `name`
(function () {
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.form && field.hasAttribute("data-autosubmit")) field.form.requestSubmit();
    var group = field.getAttribute && field.getAttribute("data-check-all");
    if (group) {
      document.querySelectorAll('input[type=checkbox][name="' + CSS.escape(group) + '"]').forEach(function (box) {
        box.checked = field.checked;
      });
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-history-back]");
    if (!link) return;
    event.preventDefault();
    window.history.back();
  });
})();

// A date is read as one word: "2026-01-01" is never broken at its hyphens. Every date written in a
// page's text is wrapped in <span class="qz-date"> (white-space: nowrap), on load and after each
// htmx swap, so templates need not mark each date themselves.
(function () {
  var DATE = /\d{4}-\d{1,2}-\d{1,2}/g;
  var SKIP = { SCRIPT: 1, STYLE: 1, TEXTAREA: 1, OPTION: 1, TITLE: 1 };
  function mark(root) {
    if (!root || !root.ownerDocument && root !== document) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentNode;
        if (!parent || SKIP[parent.nodeName] || parent.closest(".qz-date, svg, [contenteditable]")) {
          return NodeFilter.FILTER_REJECT;
        }
        DATE.lastIndex = 0;
        return DATE.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var found = [];
    while (walker.nextNode()) found.push(walker.currentNode);
    found.forEach(function (node) {
      var text = node.nodeValue, last = 0, out = document.createDocumentFragment(), m;
      DATE.lastIndex = 0;
      while ((m = DATE.exec(text))) {
        if (m.index > last) out.appendChild(document.createTextNode(text.slice(last, m.index)));
        var span = document.createElement("span");
        span.className = "qz-date";
        span.textContent = m[0];
        out.appendChild(span);
        last = m.index + m[0].length;
      }
      if (last < text.length) out.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(out, node);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { mark(document.body); });
  } else {
    mark(document.body);
  }
  document.addEventListener("htmx:afterSwap", function (event) { mark(event.detail.target); });
})();
