(function () {
  "use strict";
  var unit = document.getElementById("filter-unit");
  var project = document.getElementById("filter-project");
  var status = document.getElementById("filter-status");
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll(".filterable"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("tbody.group"));
  function apply() {
    var u = unit.value, p = project.value, s = status.value;
    var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0, total = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!u || d.unit.split("、").indexOf(u) >= 0 || d.unit === u) &&
        (!p || !d.project || d.project === p) &&
        (!s || !row.classList.contains("indicator") || d.status === s) &&
        words.every(function (w) { return d.search.indexOf(w) >= 0; });
      if (p && !d.project && row.classList.contains("indicator")) { ok = false; }
      row.classList.toggle("hidden", !ok);
      if (row.classList.contains("indicator")) { total += 1; if (ok) { count += 1; } }
    });
    groups.forEach(function (g) {
      g.classList.toggle("hidden", !g.querySelector(".indicator:not(.hidden)"));
    });
    shown.textContent = "显示 " + count + " / " + total + " 项指标";
  }
  [unit, project, status].forEach(function (el) { el.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
