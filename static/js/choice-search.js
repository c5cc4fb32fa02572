// A long list of checkboxes with a search box: typing narrows the list to the names that
// contain what was typed (ignoring case and accents); ticked choices always stay listed.
// A field named in data-exclude-from (a service's owner) takes its chosen value out of the
// list. Without this script the full list is shown and works the same.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function wire(group) {
    var box = group.querySelector(".choice-search-box");
    var search = box.querySelector("input[type=search]");
    var count = box.querySelector(".choice-search-count");
    var none = group.querySelector(".choice-search-none");
    var items = Array.prototype.slice.call(group.querySelectorAll(".choice-search-list li"));
    var names = items.map(function (item) { return fold(item.textContent); });
    var form = group.closest("form");
    var excludeName = group.dataset.excludeFrom;
    var excluder = excludeName && form ? form.querySelector('[name="' + excludeName + '"]') : null;

    function excluded() {
      return excluder && excluder.value ? String(excluder.value) : null;
    }

    function update() {
      var query = fold(search.value.trim());
      var out = excluded();
      var shown = 0, total = 0, chosen = 0;
      items.forEach(function (item, index) {
        var checkbox = item.querySelector("input");
        var isOut = out !== null && item.dataset.value === out;
        if (isOut) {
          // Never both owner and partner: the owner's box is unticked and left out.
          checkbox.checked = false;
          item.hidden = true;
          return;
        }
        total += 1;
        if (checkbox.checked) chosen += 1;
        var visible = checkbox.checked || query === "" || names[index].indexOf(query) !== -1;
        item.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = group.dataset.countPattern
        .replace("{shown}", shown).replace("{total}", total).replace("{chosen}", chosen);
      var nothing = query !== "" && shown === chosen;
      none.hidden = !nothing;
      none.textContent = nothing ? group.dataset.nonePattern.replace("{query}", search.value.trim()) : "";
    }

    box.hidden = false;
    search.addEventListener("input", update);
    // Enter in the search box narrows the list; it must not send the form.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    group.addEventListener("change", update);
    if (excluder) {
      ["change", "input", "gcdsChange", "gcdsSelect"].forEach(function (name) {
        excluder.addEventListener(name, function () { window.setTimeout(update, 0); });
      });
    }
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("fieldset.choice-search"), function (group) {
      if (!group.dataset.wired) {
        group.dataset.wired = "true";
        wire(group);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
