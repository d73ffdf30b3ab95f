/* Bar charts from json_script data: <script id="X-data"> and <div id="X-chart">. */
(function () {
  "use strict";
  function draw(dataEl) {
    var id = dataEl.id.replace(/-data$/, "");
    var el = document.getElementById(id + "-chart");
    if (!el || !window.echarts) { return; }
    var data = JSON.parse(dataEl.textContent);
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      textStyle: { fontFamily: "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif" },
      grid: { left: 60, right: 20, top: 20, bottom: 30 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value" },
      series: [{ name: data.series_name, type: "bar", data: data.values, itemStyle: { color: "#1f5fa8" },
                 label: { show: true, position: "top" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
    var table = el.nextElementSibling;
    if (table && table.classList.contains("chart-table")) { table.hidden = true; }
  }
  document.querySelectorAll("script[id$='-data']").forEach(draw);
})();
