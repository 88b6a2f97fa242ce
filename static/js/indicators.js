// Indicator pages: a figure over the years and through the months (level bars, growth line),
// and a peer comparison.
(function () {
  var source = document.getElementById("indicator-data");
  if (!source || !window.echarts) return;
  var d = JSON.parse(source.textContent);
  var charts = [];
  function dual(id, categories, levels, growth) {
    var el = document.getElementById(id);
    if (!el) return;
    // SVG renderer; the legend on its own line above the plot, labels kept inside (containLabel).
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [d.labels.level + "（" + d.unit + "）", d.labels.growth], top: 0, type: "scroll" },
      grid: { left: 10, right: 10, top: 40, bottom: 10, containLabel: true },
      xAxis: { type: "category", data: categories },
      yAxis: [{ type: "value" }, { type: "value", axisLabel: { formatter: "{value}%" } }],
      series: [
        { name: d.labels.level + "（" + d.unit + "）", type: "bar", data: levels },
        { name: d.labels.growth, type: "line", yAxisIndex: 1, data: growth, connectNulls: true }
      ]
    });
    charts.push(chart);
  }
  if (d.years) {
    dual("year-chart", d.years, d.year_levels, d.year_growth);
    dual("month-chart", d.months, d.month_levels, d.month_growth);
  }
  var peer = document.getElementById("peer-chart");
  if (peer && d.units) {
    var chart = echarts.init(peer, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 10, right: 40, top: 20, bottom: 40, containLabel: true },
      xAxis: { type: "value", name: d.measure, nameLocation: "middle", nameGap: 24 },
      yAxis: { type: "category", data: d.units.slice().reverse() },
      series: [{ type: "bar", data: d.values.slice().reverse(), label: { show: true, position: "right" } }]
    });
    charts.push(chart);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
