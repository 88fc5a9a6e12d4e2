// The actor picker, enhanced (templates/actors/_picker.html works without this file).
// Choosing one of the suggestions adds its row at once (ticked, with a role and a position
// when the picker has roles) instead of waiting for the form to be saved; Enter in the
// "Add an actor" field adds rather than submitting the whole form. In a filter
// (data-picker-submit), choosing a suggestion applies the filter at once.
(function () {
  "use strict";
  var SLUG = /\[([a-z0-9-]+)\]\s*$/;

  function suggestion(input) {
    var list = input.list;
    if (!list) { return null; }
    var value = input.value.trim();
    for (var i = 0; i < list.options.length; i += 1) {
      if (list.options[i].value === value) { return value; }
    }
    return null;
  }

  function visuallyHidden(text) {
    var span = document.createElement("span");
    span.className = "visually-hidden";
    span.textContent = text;
    return span;
  }

  function addRow(picker, input, value) {
    var name = picker.getAttribute("data-picker");
    var slug = SLUG.exec(value)[1];
    var rows = picker.querySelector(".picker-rows");
    var existing = rows.querySelector('input[type="hidden"][value="' + slug + '"]');
    if (existing) {
      var keep = existing.parentNode.querySelector('input[type="checkbox"]');
      if (keep) { keep.checked = true; }
      input.value = "";
      return;
    }
    var index = Number(picker.getAttribute("data-next-row")) || 0;
    var label = value.replace(SLUG, "").trim();
    var item = document.createElement("li");
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = name + "-" + index + "-actor";
    hidden.value = slug;
    item.appendChild(hidden);
    var keepLabel = document.createElement("label");
    keepLabel.className = "inline";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = name + "-" + index + "-keep";
    box.value = "1";
    box.checked = true;
    keepLabel.appendChild(box);
    keepLabel.appendChild(document.createTextNode(" " + label));
    item.appendChild(keepLabel);
    var roleChoice = picker.querySelector("[data-picker-role]");
    if (roleChoice) {
      var roleLabel = document.createElement("label");
      roleLabel.className = "inline";
      roleLabel.appendChild(visuallyHidden(label));
      var role = roleChoice.cloneNode(true);
      role.removeAttribute("data-picker-role");
      role.name = name + "-" + index + "-role";
      role.value = roleChoice.value;
      roleLabel.appendChild(role);
      item.appendChild(roleLabel);
      var positionLabel = document.createElement("label");
      positionLabel.className = "inline";
      positionLabel.appendChild(visuallyHidden(label));
      var position = document.createElement("input");
      position.type = "number";
      position.className = "position";
      position.min = "1";
      position.max = "200";
      position.name = name + "-" + index + "-position";
      position.value = String(rows.children.length + 1);
      positionLabel.appendChild(position);
      item.appendChild(positionLabel);
    }
    rows.appendChild(item);
    picker.setAttribute("data-next-row", String(index + 1));
    var empty = picker.querySelector(".picker-empty");
    if (empty) { empty.hidden = true; }
    input.value = "";
  }

  function choose(picker, input) {
    var value = suggestion(input);
    if (!value || !SLUG.test(value)) { return false; }
    if (picker.hasAttribute("data-picker-submit") && input.form) {
      if (input.form.requestSubmit) { input.form.requestSubmit(); } else { input.form.submit(); }
      return true;
    }
    addRow(picker, input, value);
    return true;
  }

  var pickers = document.querySelectorAll("[data-picker]");
  Array.prototype.forEach.call(pickers, function (picker) {
    var input = picker.querySelector("[data-picker-new]");
    if (!input) { return; }
    input.addEventListener("change", function () { choose(picker, input); });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || picker.hasAttribute("data-picker-submit")) { return; }
      // Enter adds the suggestion; it never submits the whole form from here.
      event.preventDefault();
      choose(picker, input);
    });
  });
}());
