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
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [d.labels.level + "（" + d.unit + "）", d.labels.growth] },
      grid: { left: 60, right: 50, top: 30, bottom: 30 },
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
    var chart = echarts.init(peer);
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 90, right: 30, top: 20, bottom: 30 },
      xAxis: { type: "value", name: d.measure },
      yAxis: { type: "category", data: d.units.slice().reverse() },
      series: [{ type: "bar", data: d.values.slice().reverse(), label: { show: true, position: "right" } }]
    });
    charts.push(chart);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
