// Key-project dashboard: 完成率 by group against the 序时进度 line, and the monthly trend.
(function () {
  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) return;
  var d = JSON.parse(source.textContent);
  var pct = function (v) { return v == null ? "—" : v.toFixed(2) + d.labels.unit; };
  // SVG renderer, legends on their own line above the plot, labels kept inside (containLabel).
  var svg = { renderer: "svg" };
  var rollup = echarts.init(document.getElementById("rollup-chart"), null, svg);
  rollup.setOption({
    tooltip: { trigger: "axis", valueFormatter: pct },
    grid: { left: 10, right: 20, top: 30, bottom: 10, containLabel: true },
    xAxis: { type: "category", data: d.groups, axisLabel: { interval: 0, rotate: d.groups.length > 6 ? 30 : 0 } },
    // The axis always reaches the 序时进度 line: when every bar is below it, the line matters most.
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" },
             max: function (v) { return Math.ceil(Math.max(v.max, d.benchmark) / 10) * 10; } },
    series: [{
      name: d.labels.completion, type: "bar", data: d.completion,
      // The line's label above its right end, inside the plot: never cut at the chart's edge.
      markLine: { symbol: "none", data: [{ yAxis: d.benchmark, name: d.labels.benchmark }],
                  label: { position: "insideEndTop", formatter: d.labels.benchmark + " " + d.benchmark.toFixed(2) + "%" } }
    }]
  });
  var trend = echarts.init(document.getElementById("trend-chart"), null, svg);
  trend.setOption({
    tooltip: { trigger: "axis", valueFormatter: pct },
    legend: { data: [d.labels.completion, d.labels.benchmark], top: 0, type: "scroll" },
    grid: { left: 10, right: 20, top: 40, bottom: 10, containLabel: true },
    xAxis: { type: "category", data: d.months },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    series: [
      { name: d.labels.completion, type: "line", data: d.trend },
      { name: d.labels.benchmark, type: "line", data: d.trend_benchmark, lineStyle: { type: "dashed" } }
    ]
  });
  window.addEventListener("resize", function () { rollup.resize(); trend.resize(); });
})();
