// The report's own script: filters and sorting. Allowed by the Content-Security-Policy by its
// hash; nothing from a checked page is ever script. Without it the report is complete.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("page-list");
  if (!form || !list) return;
  form.hidden = false;
  var pages = Array.prototype.slice.call(list.querySelectorAll(":scope > .page"));
  var shown = document.getElementById("shown");

  function apply() {
    var severities = {};
    form.querySelectorAll("input[name=severity]").forEach(function (box) {
      severities[box.value] = box.checked;
    });
    var rule = form.elements.rule.value;
    var category = form.elements.category.value;
    var path = form.elements.path.value.trim().toLowerCase();
    var narrowed = rule || category || !severities.error || !severities.warning ||
      !severities.info;
    var visible = 0;
    pages.forEach(function (page) {
      var hits = 0;
      page.querySelectorAll(".finding").forEach(function (finding) {
        var keep = severities[finding.dataset.severity] &&
          (!rule || finding.dataset.rule === rule) &&
          (!category || finding.dataset.category === category);
        finding.hidden = !keep;
        if (keep) hits += 1;
      });
      var more = page.querySelector("details.more");
      if (more && narrowed && hits) more.open = true;  // a match may sit behind "more"
      var keepPage = hits > 0 && (!path || page.dataset.path.toLowerCase().indexOf(path) >= 0);
      page.hidden = !keepPage;
      if (keepPage) visible += 1;
    });
    shown.textContent = visible + " of " + pages.length + " pages with findings shown";
  }

  function number(page, key) { return Number(page.dataset[key]); }

  function sort() {
    var order = form.elements.sort.value;
    var compare = {
      score: function (a, b) { return number(a, "score") - number(b, "score"); },
      findings: function (a, b) { return number(b, "findings") - number(a, "findings"); },
      errors: function (a, b) {
        return number(b, "errors") - number(a, "errors") ||
          number(b, "warnings") - number(a, "warnings");
      },
      path: function (a, b) { return a.dataset.path < b.dataset.path ? -1 : 1; }
    }[order];
    pages.slice().sort(function (a, b) {
      return compare(a, b) || (a.dataset.path < b.dataset.path ? -1 : 1);
    }).forEach(function (page) { list.appendChild(page); });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", apply);
  form.addEventListener("change", function (event) {
    if (event.target.name === "sort") sort();
    apply();
  });
  form.addEventListener("reset", function () { setTimeout(function () { sort(); apply(); }, 0); });
  document.querySelectorAll("[data-filter]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      form.elements[link.dataset.filter].value = link.dataset.value;
      apply();
      document.getElementById("pages").scrollIntoView();
    });
  });
  // A link can carry a filter: report.html#filter?rule=vague-claim&severity=error,warning
  if (location.hash.indexOf("#filter?") === 0) {
    var wanted = new URLSearchParams(location.hash.slice(8));
    ["rule", "category", "path"].forEach(function (name) {
      if (wanted.has(name)) form.elements[name].value = wanted.get(name);
    });
    if (wanted.has("severity")) {
      var levels = wanted.get("severity").split(",");
      form.querySelectorAll("input[name=severity]").forEach(function (box) {
        box.checked = levels.indexOf(box.value) >= 0;
      });
    }
  }
  apply();
})();
