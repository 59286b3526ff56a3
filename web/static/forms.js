// An enhancement only: the pages work without it. As a number is typed, the
// browser's own bounds check (min, max, step) is said beside the field at once,
// in the page's language (the texts come with the field, from the catalogs).
document.querySelectorAll("input[type=number]").forEach(function (input) {
  var note = document.createElement("p");
  note.className = "refusal live";
  note.setAttribute("aria-live", "polite");
  input.insertAdjacentElement("afterend", note);
  input.addEventListener("input", function () {
    var v = input.validity, d = input.dataset;
    note.textContent = v.badInput ? d.bad
      : v.rangeOverflow ? d.above
      : v.rangeUnderflow ? d.below
      : v.stepMismatch ? d.step
      : "";
  });
});
