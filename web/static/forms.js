// An enhancement only: the pages work without it. As a number is typed, the
// browser's own bounds check (min, max, step) is said beside the field at once.
document.querySelectorAll("input[type=number]").forEach(function (input) {
  var note = document.createElement("p");
  note.className = "refusal live";
  note.setAttribute("aria-live", "polite");
  input.insertAdjacentElement("afterend", note);
  input.addEventListener("input", function () {
    note.textContent = input.validity.valid ? "" : input.validationMessage;
  });
});
