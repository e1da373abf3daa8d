/**
 * The one page script (served as /assets/app.js; the CSP allows no inline script): it sends
 * the session's CSRF token with every htmx request, sorts the rows of short one-page tables
 * (class "sortable"; paged lists sort on the server), and draws the charts whose data sits in a canvas's data-chart attribute. It keeps
 * nothing in browser storage.
 */
export const APP_JS = `
(function () {
  "use strict";
  function csrf() { var meta = document.querySelector('meta[name="csrf-token"]'); return meta ? meta.content : ""; }
  document.addEventListener("htmx:config:request", function (event) {
    var ctx = event.detail && event.detail.ctx;
    if (ctx && ctx.request && ctx.request.headers) ctx.request.headers["X-CSRF-Token"] = csrf();
  });

  function sortValue(cell) {
    if (!cell) return "";
    var raw = cell.getAttribute("data-sort");
    if (raw === null) raw = cell.textContent.trim();
    return raw;
  }
  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortValue(a.cells[index]), y = sortValue(b.cells[index]);
      var nx = Number(x), ny = Number(y);
      var result = x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
      return ascending ? result : -result;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function makeSortable(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table.sortable thead th"), function (header) {
      // A header without words (a column of buttons) is not a sort key.
      // A header that links to the list sorted on the server (Worklist, Claims) sorts the whole list, not this page.
      if (header.querySelector("button.sort") || header.querySelector("a.sort-link") || header.textContent.trim() === "") return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = header.textContent;
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () {
        var table = header.closest("table");
        sortBy(table, Array.prototype.indexOf.call(header.parentNode.cells, header), header);
      });
    });
  }

  var PALETTE = ["#1f5fa8", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#2c4d75"];
  function drawCharts(root) {
    if (typeof window.Chart !== "function") return;
    Array.prototype.forEach.call(root.querySelectorAll("canvas[data-chart]"), function (canvas) {
      if (canvas.getAttribute("data-drawn")) return;
      var spec;
      try { spec = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
      canvas.setAttribute("data-drawn", "1");
      var datasets = spec.datasets.map(function (set, i) {
        var colour = PALETTE[i % PALETTE.length];
        return { label: set.label, data: set.data, backgroundColor: spec.type === "line" ? colour : set.data.map(function (_, j) { return spec.datasets.length > 1 ? colour : PALETTE[j % PALETTE.length]; }), borderColor: colour, fill: false, tension: 0.2 };
      });
      new window.Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: datasets },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: datasets.length > 1 } },
          scales: { y: { beginAtZero: true, stacked: !!spec.stacked }, x: { stacked: !!spec.stacked } } }
      });
    });
  }
  function init(root) { makeSortable(root); drawCharts(root); }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:after:settle", function (event) { init(event.target && event.target.querySelectorAll ? event.target : document); });
})();
`;
