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
